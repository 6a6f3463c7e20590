// InviteClient in headless Chromium (a window, and a module Web Worker) against a scripted HTTP
// server on 127.0.0.1: success paths, 429 with Retry-After, 503 then 200, a server that never
// answers, abort mid-request, malformed JSON, a truncated body, connection refused and a lost
// accept answer. The server also serves pkg/, so the page talks to it same-origin.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { scriptedServer, json } from "../support/scripted-server.mjs";

const pkg = fileURLToPath(new URL("../../pkg/", import.meta.url));
const SECRET = "ct_browser_5ecret_never_shown";
let fixture, base, browser, page, hits, state, on, item;

/** The page and pkg/, from the same origin as the scripted API. */
function serve(req, res) {
  if (req.url === "/") { res.writeHead(200, { "Content-Type": "text/html" }); res.end("<!doctype html><title>client tests</title>"); return true; }
  if (!req.url.startsWith("/pkg/")) return false;
  const file = join(pkg, req.url.slice(5).split("?")[0]);
  const types = { ".mjs": "text/javascript", ".js": "text/javascript", ".wasm": "application/wasm" };
  readFile(file).then(
    (body) => { res.writeHead(200, { "Content-Type": types[extname(file)] ?? "application/octet-stream" }); res.end(body); },
    () => { res.writeHead(404); res.end(); },
  );
  return true;
}

before(async () => {
  fixture = await scriptedServer({ serve });
  ({ base, hits, state, on, item } = fixture);
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"] });
  page = await browser.newPage();
  await page.goto(base + "/");
  await page.evaluate(async () => {
    const ik = await import("/pkg/index.mjs");
    await ik.default();
    globalThis.ik = ik;
  });
});
after(async () => { await browser?.close(); fixture?.close(); });
beforeEach(() => fixture.reset());

/** Runs `body` (a function of the client) in the page; returns its value or the error's fields. */
function inPage(body, options = {}) {
  return page.evaluate(async ([src, secret, opts]) => {
    try {
      const c = new globalThis.ik.InviteClient({ provider: "cloudtruth", baseUrl: location.origin, auth: { apiKey: secret }, timeoutMs: 5000, ...opts });
      return { ok: await new Function("c", "ik", `return (${src})(c, ik)`)(c, globalThis.ik) };
    } catch (e) {
      const shown = `${e.message} ${e.detail} ${e.stack} ${JSON.stringify(e)}`;
      return { error: { isInviteError: e instanceof globalThis.ik.InviteError, isError: e instanceof Error, code: e.code, message: e.message, leaked: shown.includes(secret) } };
    }
  }, [body.toString(), SECRET, options]);
}

const fails = (r, code) => {
  assert.ok(r.error, `expected ${code}, got ${JSON.stringify(r.ok)}`);
  assert.deepEqual([r.error.isInviteError, r.error.isError, r.error.code, r.error.leaked], [true, true, code, false], r.error.message);
};

test("success paths in a window: create, list, listAll, get, accept, revoke", async () => {
  on("POST /api/v1/invitations/", (req, res, b) => json(res, 201, { ...item(), email: JSON.parse(b).email }));
  on("GET /api/v1/invitations/?page_size=1", (req, res) => json(res, 200, { count: 2, next: `${base}/api/v1/invitations/?page=2&page_size=1`, previous: null, results: [item()] }));
  on("GET /api/v1/invitations/?page=2&page_size=1", (req, res) => json(res, 200, { count: 2, next: null, previous: "x", results: [{ ...item(), id: "i2" }] }));
  on("GET /api/v1/invitations/i1/", (req, res) => json(res, 200, item()));
  on("POST /api/v1/invitations/i1/accept/", (req, res) => json(res, 200, item("accepted")));
  on("DELETE /api/v1/invitations/i1/", (req, res) => { res.writeHead(204); res.end(); });
  const r = await inPage(async (c) => {
    const created = await c.create({ emails: ["jane@example.com", "nope"], role: "VIEWER" });
    const ids = [];
    for await (const inv of c.listAll({ pageSize: 1 })) ids.push(inv.id);
    const got = await c.get("i1");
    const accepted = await c.accept("i1");
    await c.revoke("i1");
    return { created: created.created.map((i) => i.email), failed: created.failed.map((f) => f.error.code), ids, org: got.organization.id, status: accepted.status };
  }, { allowSecretsInBrowser: true });
  assert.deepEqual(r.ok, { created: ["jane@example.com"], failed: ["invalid_email"], ids: ["i1", "i2"], org: "o1", status: "accepted" });
  assert.ok(hits.every((h) => h.auth === `Api-Key ${SECRET}`));
});

test("admin credentials in a window need allowSecretsInBrowser", async () => {
  fails(await inPage(async (c) => c), "secret_in_browser");
  const r = await page.evaluate(() => new globalThis.ik.InviteClient({ provider: "cloudtruth", baseUrl: location.origin, auth: { bearer: "user-jwt" } }).provider);
  assert.equal(r, "cloudtruth", "a user's bearer token is fine in a page");
});

test("429 with Retry-After is waited out; 503 then 200", async () => {
  on("GET /api/v1/invitations/i1/", (req, res) => json(res, 429, { detail: "slow" }, { "Retry-After": "1" }), (req, res) => json(res, 503, {}), (req, res) => json(res, 200, item()));
  const r = await inPage(async (c) => (await c.get("i1")).id, { allowSecretsInBrowser: true });
  assert.equal(r.ok, "i1");
  assert.equal(hits.length, 3);
  assert.ok(hits[1].at - hits[0].at >= 950, `waited ${hits[1].at - hits[0].at} ms`);
});

test("a server that never answers gives timeout; abort mid-request gives aborted", async () => {
  on("GET /api/v1/invitations/i1/", () => {});
  fails(await inPage(async (c) => c.get("i1"), { allowSecretsInBrowser: true, timeoutMs: 400 }), "timeout");
  const r = await inPage(async (c) => {
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(), 100);
    return c.get("i1", { signal: ctl.signal });
  }, { allowSecretsInBrowser: true });
  fails(r, "aborted");
});

test("malformed JSON, a truncated body and connection refused", async () => {
  on("GET /api/v1/invitations/i1/", (req, res) => { res.writeHead(200, { "Content-Type": "application/json" }); res.end("{\"id\": "); });
  fails(await inPage(async (c) => c.get("i1"), { allowSecretsInBrowser: true }), "malformed_response");
  on("GET /api/v1/invitations/i1/", (req, res) => { res.writeHead(200, { "Content-Type": "application/json", "Content-Length": "400" }); res.write("{\"id\":"); setTimeout(() => res.destroy(), 20); });
  fails(await inPage(async (c) => c.get("i1"), { allowSecretsInBrowser: true, retries: 0 }), "network");
  const refused = await page.evaluate(async () => {
    const c = new globalThis.ik.InviteClient({ provider: "cloudtruth", baseUrl: "http://127.0.0.1:9", auth: { bearer: "t" }, retries: 0 });
    return c.get("i1").then(() => null, (e) => e.code);
  });
  assert.equal(refused, "network");
});

test("a lost accept answer is confirmed by reading back, never sent twice", async () => {
  on("POST /api/v1/invitations/i1/accept/", (req, res) => { state.accepted++; state.status = "accepted"; res.destroy(); });
  on("GET /api/v1/invitations/i1/", (req, res) => json(res, 200, item()));
  const r = await inPage(async (c) => (await c.accept("i1")).status, { allowSecretsInBrowser: true });
  assert.equal(r.ok, "accepted");
  assert.equal(state.accepted, 1);
});

test("the same client in a module Web Worker", async () => {
  on("GET /api/v1/invitations/i1/", (req, res) => json(res, 503, {}), (req, res) => json(res, 200, item()));
  const r = await page.evaluate(async () => {
    const src = `import init, { InviteClient, InviteError } from "${location.origin}/pkg/index.mjs";
      await init();
      const c = new InviteClient({ provider: "cloudtruth", baseUrl: "${location.origin}", auth: { apiKey: "k" } });
      const inv = await c.get("i1");
      const err = await c.get("missing").catch((e) => e);
      postMessage({ scope: typeof WorkerGlobalScope !== "undefined", id: inv.id, code: err.code, isInviteError: err instanceof InviteError });`;
    const worker = new Worker(URL.createObjectURL(new Blob([src], { type: "text/javascript" })), { type: "module" });
    return new Promise((ok, fail) => { worker.onmessage = (e) => ok(e.data); worker.onerror = (e) => fail(new Error(e.message)); });
  });
  assert.deepEqual(r, { scope: true, id: "i1", code: "not_found", isInviteError: true });
});
