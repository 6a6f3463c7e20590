// The invite-link worker as deployed from the README, under workerd (miniflare): accept and
// reject need the identity proxy's signed-in header (unless INSECURE_ALLOW_ANONYMOUS says
// otherwise), Decline is offered only where the provider can reject, form posts get HTML for
// every refusal, misconfiguration is a 500 whose log names the variable (never its value), and
// the link templates come from LINK_TEMPLATES.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { startWorker } from "./harness.mjs";
import { startServer } from "../../www/server.mjs";
import { CREDENTIALS, SANDBOX_PATHS } from "../../www/people.mjs";

const CSRF_SECRET = "deploy-safety-csrf-secret-71";
const WELCOME = "https://app.example.com/welcome";
let server, site, providers;
const running = [];

before(async () => {
  let url;
  ({ server, url } = await startServer({ port: 0 }));
  site = url.replace(/\/$/, "");
  providers = Object.fromEntries(Object.entries(SANDBOX_PATHS).map(([p, path]) => [p, { baseUrl: site + path, auth: p === "logto" ? { clientCredentials: CREDENTIALS.logto.clientCredentials } : CREDENTIALS[p].admin }]));
}, { timeout: 60_000 });
after(async () => { for (const w of running) await w.mf.dispose(); server?.closeAllConnections?.(); server?.close(); });
beforeEach(async () => { await fetch(site + "/sandbox/_reset", { method: "POST" }); });

/** A worker with the test's standard configuration, changed by `vars` (undefined removes one). */
async function worker(vars = {}) {
  const logs = [];
  const bindings = {
    INVITEKIT_PROVIDERS: JSON.stringify(providers), CSRF_SECRET, ALLOWED_REDIRECTS: JSON.stringify([WELCOME]),
    FORWARD_USER_AUTH: "true", SIGNED_IN_HEADER: "x-signed-in-email", USER_ID_HEADER: "x-user-id", ...vars,
  };
  for (const [k, v] of Object.entries(bindings)) if (v === undefined) delete bindings[k];
  const w = await startWorker("www/edge/worker.mjs", bindings, { onLog: (text) => logs.push(text) });
  running.push(w);
  return { url: w.url, logs };
}

const writes = async () => (await (await fetch(site + "/sandbox/_log")).json()).filter((l) => l.method !== "GET" && l.path !== "/oidc/token");
const linkOf = async (provider, st, email = "alice@example.com") => (await (await fetch(site + "/sandbox/_links")).json()).find((l) => l.provider === provider && l.state === st && l.email === email).url;
const userAuth = (provider, email = "alice@example.com") => (provider === "toggl" ? { authorization: `Basic ${btoa(`${email}:sandbox`)}` } : provider === "logto" ? {} : { authorization: `Bearer ${CREDENTIALS[provider].userBearer(email)}` });
const post = (w, verb, fields, headers = {}) => fetch(`${w.url}invite/${verb}`, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded", ...headers }, body: new URLSearchParams(fields) });
async function preview(w, provider, st, headers = {}) {
  const l = await linkOf(provider, st);
  const all = { accept: "application/json", "x-signed-in-email": "alice@example.com", ...userAuth(provider), ...headers };
  for (const [k, v] of Object.entries(all)) if (v === undefined) delete all[k];
  const res = await fetch(`${w.url}invite?link=${encodeURIComponent(l)}`, { headers: all });
  return { l, body: await res.json(), res };
}
const isHtml = (res) => (res.headers.get("content-type") ?? "").startsWith("text/html");

test("accept and reject without the signed-in header are refused (403), as HTML to a form post", async () => {
  const w = await worker();
  for (const [provider, verb] of [["cloudtruth", "accept"], ["jaqpot", "reject"], ["logto", "accept"]]) {
    const { l, body } = await preview(w, provider, "pending");
    // A user id alone says nothing about who is asking.
    const res = await post(w, verb, { link: l, csrf: body.csrf }, { ...userAuth(provider), "x-user-id": "usr_alice" });
    assert.equal(res.status, 403, `${provider} ${verb}`);
    assert.ok(isHtml(res), `${provider} ${verb}: ${res.headers.get("content-type")}`);
    assert.match(await res.text(), /Sign in to answer this invitation/);
    const asJson = await post(w, verb, { link: l, csrf: body.csrf }, { ...userAuth(provider), accept: "application/json" });
    assert.equal(asJson.status, 403);
    assert.equal((await asJson.json()).error, "forbidden");
  }
  assert.deepEqual(await writes(), []);
});

test("INSECURE_ALLOW_ANONYMOUS=true turns the check off, and the user-id header is still ignored without the signed-in one", async () => {
  const w = await worker({ INSECURE_ALLOW_ANONYMOUS: "true" });
  const { l, body } = await preview(w, "cloudtruth", "pending", { "x-signed-in-email": undefined });
  const res = await post(w, "accept", { link: l, csrf: body.csrf }, userAuth("cloudtruth"));
  assert.equal(res.status, 303, await res.clone().text());
  assert.equal((await writes()).length, 1);
  // Logto's accept names the user: without the signed-in header the user-id header is not read,
  // so nothing is accepted on that header's say-so.
  const logto = await preview(w, "logto", "pending");
  const refused = await post(w, "accept", { link: logto.l, csrf: logto.body.csrf }, { "x-user-id": "usr_alice", accept: "application/json" });
  assert.notEqual(refused.status, 303);
  assert.equal((await writes()).length, 1, "no Logto write");
});

test("Decline is offered only where the provider can reject", async () => {
  const w = await worker();
  for (const provider of ["toggl", "jaqpot", "gencove", "cloudtruth", "logto"]) {
    const l = await linkOf(provider, "pending");
    const headers = { "x-signed-in-email": "alice@example.com", ...userAuth(provider) };
    const html = await (await fetch(`${w.url}invite?link=${encodeURIComponent(l)}`, { headers })).text();
    const canReject = provider === "toggl" || provider === "jaqpot";
    assert.equal(html.includes('action="/invite/reject"'), canReject, provider);
    assert.ok(html.includes('action="/invite/accept"'), provider);
    const { body } = await preview(w, provider, "pending");
    assert.equal(body.canReject, canReject, provider);
  }
});

test("every refusal of a form post is an HTML page; JSON only when asked for", async () => {
  const w = await worker();
  const { l, body } = await preview(w, "cloudtruth", "pending");
  const who = { "x-signed-in-email": "alice@example.com", ...userAuth("cloudtruth") };
  const cases = [
    ["cross-origin Origin", { link: l, csrf: body.csrf }, { origin: "https://evil.example" }, 403],
    ["missing CSRF token", { link: l }, {}, 403],
    ["redirect not allowed", { link: l, csrf: body.csrf, redirect: "https://evil.example/" }, {}, 400],
    ["bad link", { link: "https://example.com/nothing", csrf: body.csrf }, {}, 400],
    ["no reject at CloudTruth", { link: l, csrf: body.csrf }, {}, 405, "reject"],
  ];
  for (const [what, fields, headers, status, verb = "accept"] of cases) {
    const res = await post(w, verb, fields, { ...who, ...headers });
    assert.equal(res.status, status, what);
    assert.ok(isHtml(res), `${what}: ${res.headers.get("content-type")}`);
    assert.match(await res.text(), /^<!doctype html>/, what);
    const asJson = await post(w, verb, fields, { ...who, ...headers, accept: "application/json" });
    assert.equal(asJson.status, status, what);
    assert.match(asJson.headers.get("content-type") ?? "", /^application\/json/, what);
  }
  assert.deepEqual(await writes(), []);
});

test("misconfiguration: a 500 page on the first request, the variable named in the log, never its value", async () => {
  const leaked = "cloudtruth-admin-key";
  const cases = [
    ["CSRF_SECRET", { CSRF_SECRET: undefined }],
    ["CSRF_SECRET", { CSRF_SECRET: "tiny-csrf" }],
    ["INVITEKIT_PROVIDERS", { INVITEKIT_PROVIDERS: "{not json" }],
    ["INVITEKIT_PROVIDERS", { INVITEKIT_PROVIDERS: undefined }],
    ["INVITEKIT_PROVIDERS", { INVITEKIT_PROVIDERS: JSON.stringify({ toggl: { auth: { apiKey: leaked } } }) }],
    ["INVITEKIT_PROVIDERS", { INVITEKIT_PROVIDERS: JSON.stringify({ slack: { auth: { apiKey: leaked } } }) }],
    ["ALLOWED_REDIRECTS", { ALLOWED_REDIRECTS: "[]" }],
    ["LINK_TEMPLATES", { LINK_TEMPLATES: JSON.stringify(["/join/{nonsense}"]) }],
  ];
  for (const [variable, vars] of cases) {
    const w = await worker(vars);
    const l = await linkOf("cloudtruth", "pending");
    const res = await fetch(`${w.url}invite?link=${encodeURIComponent(l)}`, { headers: { "x-signed-in-email": "alice@example.com" } });
    assert.equal(res.status, 500, variable);
    assert.ok(isHtml(res), variable);
    const page = await res.text();
    assert.match(page, /not configured correctly/, variable);
    const posted = await post(w, "accept", { link: l }, { "x-signed-in-email": "alice@example.com", accept: "application/json" });
    assert.equal(posted.status, 500, variable);
    assert.equal((await posted.json()).error, "misconfigured");
    await new Promise((r) => setTimeout(r, 100));
    const logs = w.logs.join("");
    assert.match(logs, new RegExp(`misconfigured: ${variable} `), `${variable}: ${logs}`);
    for (const secret of [leaked, CSRF_SECRET, "tiny-csrf", "{not json"]) assert.ok(!logs.includes(secret) && !page.includes(secret), `${variable}: a value in the log or page`);
  }
  assert.deepEqual(await writes(), []);
});

test("LINK_TEMPLATES replaces the default link templates", async () => {
  const w = await worker({ LINK_TEMPLATES: JSON.stringify(["/i/{provider}/{id}"]) });
  const id = decodeURIComponent(new URL(await linkOf("cloudtruth", "pending")).pathname.split("/").pop());
  const ours = await fetch(`${w.url}invite?link=${encodeURIComponent(`${site}/i/cloudtruth/${id}`)}`, { headers: { accept: "application/json", "x-signed-in-email": "alice@example.com", ...userAuth("cloudtruth") } });
  assert.equal(ours.status, 200, await ours.clone().text());
  assert.equal((await ours.json()).email, "alice@example.com");
  const old = await fetch(`${w.url}invite?link=${encodeURIComponent(await linkOf("cloudtruth", "pending"))}`, { headers: { accept: "application/json" } });
  assert.equal(old.status, 400, "the default templates are replaced, not extended");
});
