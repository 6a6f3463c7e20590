// InviteClient over real fetch against a scripted HTTP server on 127.0.0.1: success paths,
// 429 with Retry-After, 503 then 200, a server that never answers, abort mid-request,
// malformed JSON, a truncated body, connection refused, and an accept whose answer is lost.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import * as ik from "invitekit";
import { scriptedServer, json } from "../support/scripted-server.mjs";

const SECRET = "ct_live_5ecret_Do_Not_Leak_42";
const fixture = await scriptedServer();
const { base, hits, state, on, item, reset } = fixture;
after(() => fixture.close());

const client = (extra = {}) => new ik.InviteClient({ provider: "cloudtruth", baseUrl: base, auth: { apiKey: SECRET }, timeoutMs: 5000, ...extra });
const errors = [];
async function failure(promise, code) {
  const err = await promise.then(() => assert.fail(`expected ${code}`), (e) => e);
  errors.push(err);
  assert.ok(err instanceof ik.InviteError, `not an InviteError: ${err}`);
  assert.equal(err.code, code, `${err.code}: ${err.message} (${err.detail})`);
  return err;
}

test("success paths: create, list, get, update, accept, resend, revoke", async () => {
  reset();
  on("POST /api/v1/invitations/", (req, res, body) => json(res, 201, { ...item(), email: JSON.parse(body).email }));
  // invitekit's "pending" is CloudTruth's pending and sent: not sent as state=, applied to each page.
  on("GET /api/v1/invitations/?page_size=10", (req, res) => json(res, 200, { count: 3, next: `${base}/api/v1/invitations/?page=2&page_size=10`, previous: null, results: [item()] }));
  on("GET /api/v1/invitations/?page=2&page_size=10", (req, res) => json(res, 200, { count: 3, next: null, previous: "x", results: [{ ...item("sent"), id: "i2" }, { ...item("bounced"), id: "i3" }] }));
  on("GET /api/v1/invitations/i1/", (req, res) => json(res, 200, item()));
  on("PATCH /api/v1/invitations/i1/", (req, res, body) => json(res, 200, { ...item(), ...JSON.parse(body) }));
  on("POST /api/v1/invitations/i1/accept/", (req, res) => json(res, 200, item("accepted")));
  on("POST /api/v1/invitations/i1/resend/", (req, res) => json(res, 200, item("pending")));
  on("DELETE /api/v1/invitations/i1/", (req, res) => { res.writeHead(204); res.end(); });
  const c = client();
  const { created, failed } = await c.create({ emails: ["jane@example.com", "not-an-email"], role: "VIEWER" });
  errors.push(...failed.map((f) => f.error));
  assert.equal(created.length, 1);
  assert.equal(created[0].email, "jane@example.com");
  assert.deepEqual(failed.map((f) => [f.email, f.error.code, f.error instanceof ik.InviteError]), [["not-an-email", "invalid_email", true]]);
  const page = await c.list({ status: "pending", pageSize: 10 });
  assert.equal(page.next, "2");
  const all = [];
  for await (const inv of c.listAll({ status: "pending", pageSize: 10 })) all.push(inv.id);
  assert.deepEqual(all, ["i1", "i2"]);
  assert.equal((await c.get("i1")).organization.id, "o1");
  assert.equal((await c.update("i1", { role: "ADMIN" })).roles[0], "ADMIN");
  assert.equal((await c.accept("i1")).status, "accepted");
  assert.equal((await c.resend({ id: "i1" })).status, "pending");
  assert.equal(await c.revoke("i1"), undefined);
  assert.ok(hits.every((h) => h.auth === `Api-Key ${SECRET}`));
  await failure(c.reject("i1"), "unsupported");
});

test("429 with Retry-After is waited out, then succeeds", async () => {
  reset();
  on("GET /api/v1/invitations/i1/", (req, res) => json(res, 429, { detail: "Throttled" }, { "Retry-After": "1" }), (req, res) => json(res, 200, item()));
  const t = Date.now();
  await client().get("i1");
  assert.equal(hits.length, 2);
  assert.ok(hits[1].at - hits[0].at >= 950, `waited ${hits[1].at - hits[0].at} ms`);
  assert.ok(Date.now() - t < 3000);
});

test("503 then 200", async () => {
  reset();
  on("GET /api/v1/invitations/i1/", (req, res) => json(res, 503, { detail: "down" }), (req, res) => json(res, 200, item()));
  assert.equal((await client().get("i1")).id, "i1");
  assert.equal(hits.length, 2);
});

test("a server that never answers gives timeout within timeoutMs", async () => {
  reset();
  on("GET /api/v1/invitations/i1/", () => {}, () => {}, () => {});
  const t = Date.now();
  const err = await failure(client({ timeoutMs: 400 }).get("i1"), "timeout");
  assert.ok(Date.now() - t < 1500, `took ${Date.now() - t} ms`);
  assert.match(err.message, /did not answer in time \(400 ms per attempt, 400 ms in all\)/);
});

test("abort mid-request gives aborted at once", async () => {
  reset();
  on("GET /api/v1/invitations/i1/", () => {});
  const controller = new AbortController();
  const t = Date.now();
  setTimeout(() => controller.abort(), 100);
  await failure(client().get("i1", { signal: controller.signal }), "aborted");
  assert.ok(Date.now() - t < 1000);
  // An already-aborted signal (with a string reason, which must not crash anything) sends nothing.
  const done = new AbortController();
  done.abort("user navigated away");
  hits.length = 0;
  await failure(client().get("i1", { signal: done.signal }), "aborted");
  assert.equal(hits.length, 0);
  assert.equal((await (on("GET /api/v1/invitations/i1/", (req, res) => json(res, 200, item())), client().get("i1"))).id, "i1");
});

test("malformed JSON and truncated bodies", async () => {
  reset();
  on("GET /api/v1/invitations/i1/", (req, res) => { res.writeHead(200, { "Content-Type": "application/json" }); res.end("{\"id\": \"i1\", "); });
  await failure(client().get("i1"), "malformed_response");
  on("GET /api/v1/invitations/i1/",
    (req, res) => { res.writeHead(200, { "Content-Type": "application/json", "Content-Length": "500" }); res.write("{\"id\":"); setTimeout(() => res.destroy(), 20); },
    (req, res) => { res.writeHead(200, { "Content-Type": "application/json", "Content-Length": "500" }); res.write("{\"id\":"); setTimeout(() => res.destroy(), 20); },
    (req, res) => { res.writeHead(200, { "Content-Type": "application/json", "Content-Length": "500" }); res.write("{\"id\":"); setTimeout(() => res.destroy(), 20); });
  await failure(client().get("i1"), "network");
});

test("connection refused", async () => {
  const dead = new ik.InviteClient({ provider: "cloudtruth", baseUrl: "http://127.0.0.1:9", auth: { apiKey: SECRET }, retries: 0 });
  const err = await failure(dead.get("i1"), "network");
  assert.equal(err.provider, "cloudtruth");
});

test("a lost accept answer is confirmed by reading back, and never sent twice", async () => {
  reset();
  on("POST /api/v1/invitations/i1/accept/", (req, res) => { state.accepted++; state.status = "accepted"; res.destroy(); });
  on("GET /api/v1/invitations/i1/", (req, res) => json(res, 200, item()));
  const inv = await client().accept("i1");
  assert.equal(inv.status, "accepted");
  assert.equal(state.accepted, 1);
  assert.deepEqual(hits.map((h) => h.key), ["POST /api/v1/invitations/i1/accept/", "GET /api/v1/invitations/i1/"]);
});

test("an Invitation as the reference: its id is used, a malformed one is refused naming the member", async () => {
  reset();
  on("GET /api/v1/invitations/i1/", (req, res) => json(res, 200, item()));
  on("POST /api/v1/invitations/i1/accept/", (req, res) => json(res, 200, item("accepted")));
  const c = client();
  const inv = await c.get("i1");
  // Members the call does not use may be anything; the ones it uses are checked.
  assert.equal((await c.accept({ ...inv, email: 42, roles: "x", expiresAt: {} })).status, "accepted");
  assert.equal(hits.at(-1).key, "POST /api/v1/invitations/i1/accept/");
  for (const [bad, says] of [
    [{ ...inv, id: 7 }, "id must be a string or null"],
    [{ ...inv, code: ["c"] }, "code must be a string or null"],
    [{ ...inv, organization: "o1" }, "organization must be { id, name }"],
    [{ ...inv, organization: { id: 1 } }, "organization.id must be a string or null"],
    [{ ...inv, provider: "acme" }, "provider must be one of"],
    [{ ...inv, raw: { big: 10n } }, "raw is not JSON"],
    [{ ...inv, raw: () => 1 }, "raw is not JSON"],
    [{ ...inv, raw: "x".repeat(4 * 1024 * 1024) }, "raw is larger than the largest response body read"],
    [{ ...inv, raw: "\u00e9".repeat(3 * 1024 * 1024) }, "raw is larger than the largest response body read"],
    [{ ...inv, get id() { throw new Error("getter"); } }, "id cannot be read"],
  ]) {
    const err = await failure(Promise.resolve().then(() => c.get(bad)), "invalid_input");
    assert.match(err.message, new RegExp(`^the Invitation is not valid: ${says.replace(/[{}]/g, "\\$&")}`));
  }
});

test("no error produced above contains the secret", () => {
  assert.ok(errors.length >= 8, `only ${errors.length} errors collected`);
  for (const e of errors) {
    const shown = `${e.message} ${e.detail} ${e.stack} ${JSON.stringify(e)}`;
    assert.ok(!shown.includes(SECRET), `secret in: ${shown}`);
  }
});

test("response headers cross as name/value lines; a look-alike header holding a line break is dropped, not misread", async () => {
  const answer = (headers) => async () => ({
    status: 429,
    headers: { get: () => null, forEach: (cb) => { for (const [n, v] of headers) cb(v, n); } },
    text: async () => JSON.stringify({ detail: "slow down" }),
  });
  const c = (headers) => new ik.InviteClient({ provider: "cloudtruth", baseUrl: base, auth: { apiKey: SECRET }, retries: 0, fetch: answer(headers) });
  let err = await failure(c([["content-type", "application/json"], ["retry-after", "7"]]).get("i1"), "rate_limited");
  assert.equal(err.retryAfterMs, 7000);
  // "7\nretry-after" would shift every later name and value by one if it crossed as it is.
  err = await failure(c([["x-odd", "7\nretry-after"], ["retry-after", "3"], ["x-after", "z"]]).get("i1"), "rate_limited");
  assert.equal(err.retryAfterMs, 3000);
});

test("credentials of a scheme the provider does not take are refused by the constructor", () => {
  const make = (provider, auth) => () => new ik.InviteClient({ provider, baseUrl: base, auth });
  for (const [provider, auth] of [["cloudtruth", { apiToken: SECRET }], ["toggl", { apiKey: SECRET }], ["jaqpot", { apiKey: SECRET }], ["logto", { basic: { username: "a", password: SECRET } }]]) {
    assert.throws(make(provider, auth), (e) => e instanceof ik.InviteError && e.code === "invalid_input" && e.field === "auth" && !e.message.includes(SECRET), provider);
  }
  make("cloudtruth", { bearer: SECRET })();
  make("logto", { clientCredentials: { clientId: "c", clientSecret: SECRET, resource: "r" } })();
});
