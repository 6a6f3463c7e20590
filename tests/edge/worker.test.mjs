// The invite-link worker under workerd (miniflare), against the provider sandbox: preview,
// accept, reject, expired, mismatch, bad Origin, missing CSRF token, GET that must not mutate,
// open-redirect attempts, and no secret or full token in any response or log line.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { startWorker } from "./harness.mjs";
import { startServer } from "../../www/server.mjs";
import { CREDENTIALS, SANDBOX_PATHS } from "../../www/people.mjs";

const CSRF_SECRET = "edge-test-csrf-secret-3f9a";
const WELCOME = "https://app.example.com/welcome";
let site, server, worker, mf;
const logs = [];
const secrets = [CSRF_SECRET, ...Object.values(CREDENTIALS).flatMap((c) => JSON.stringify(c).match(/"[^"]*(admin|secret|key|token)[^"]*"/g) ?? []).map((s) => s.slice(1, -1))];

before(async () => {
  let origin;
  ({ server, url: origin } = await startServer({ port: 0 }));
  site = origin.replace(/\/$/, "");
  const providers = Object.fromEntries(Object.entries(SANDBOX_PATHS).map(([p, path]) => [p, { baseUrl: site + path, auth: p === "logto" ? { clientCredentials: CREDENTIALS.logto.clientCredentials } : CREDENTIALS[p].admin }]));
  ({ mf, url: worker } = await startWorker("www/edge/worker.mjs", {
    INVITEKIT_PROVIDERS: JSON.stringify(providers), CSRF_SECRET, ALLOWED_REDIRECTS: JSON.stringify([WELCOME, "https://app.example.com/teams/"]),
    FORWARD_USER_AUTH: "true", SIGNED_IN_HEADER: "x-signed-in-email", USER_ID_HEADER: "x-user-id",
  }, { onLog: (text) => logs.push(text) }));
}, { timeout: 60_000 });
after(async () => { await mf?.dispose(); server?.close(); });
beforeEach(async () => { await fetch(site + "/sandbox/_reset", { method: "POST" }); });

const state = async () => (await fetch(site + "/sandbox/_state")).json();
const writes = async () => (await (await fetch(site + "/sandbox/_log")).json()).filter((l) => l.method !== "GET" && l.path !== "/oidc/token");
const link = async (provider, st, email = "alice@example.com") => (await (await fetch(site + "/sandbox/_links")).json()).find((l) => l.provider === provider && l.state === st && l.email === email).url;
const as = (email, provider) => ({
  "x-signed-in-email": email,
  ...(provider === "toggl" ? { authorization: `Basic ${btoa(`${email}:sandbox`)}` } : provider === "logto" ? { "x-user-id": `usr_${email.split("@")[0]}` } : { authorization: `Bearer ${CREDENTIALS[provider].userBearer(email)}` }),
});

async function previewOf(provider, st, who = "alice@example.com") {
  const l = await link(provider, st);
  const res = await fetch(`${worker}invite?link=${encodeURIComponent(l)}`, { headers: { accept: "application/json", ...as(who, provider) } });
  return { l, res, body: await res.json() };
}

function post(verb, fields, headers = {}) {
  return fetch(`${worker}invite/${verb}`, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded", ...headers }, body: new URLSearchParams(fields) });
}

test("preview: JSON and HTML, HEAD, and GET never mutates", async () => {
  const { l, res, body } = await previewOf("cloudtruth", "pending");
  assert.equal(res.status, 200);
  assert.equal(body.provider, "cloudtruth");
  assert.equal(body.email, "alice@example.com");
  assert.equal(body.canAccept, true);
  assert.match(body.csrf, /^\d+\.[\w-]+$/);
  const html = await fetch(`${worker}invite?link=${encodeURIComponent(l)}`, { headers: as("alice@example.com", "cloudtruth") });
  assert.equal(html.status, 200);
  const text = await html.text();
  assert.match(text, /Invitation to org-acme-config/);
  assert.match(text, /<form method="post" action="\/invite\/accept">/);
  const head = await fetch(`${worker}invite?link=${encodeURIComponent(l)}`, { method: "HEAD", headers: as("alice@example.com", "cloudtruth") });
  assert.equal(head.status, 200);
  // The link path itself works too.
  const direct = await fetch(worker + new URL(l).pathname.slice(1), { headers: { accept: "application/json", ...as("alice@example.com", "cloudtruth") } });
  assert.equal((await direct.json()).status, "pending");
  for (let i = 0; i < 5; i++) await fetch(`${worker}invite?link=${encodeURIComponent(l)}`, { headers: as("alice@example.com", "cloudtruth") });
  assert.deepEqual(await writes(), [], "previews wrote nothing");
  assert.equal((await fetch(`${worker}invite/accept`)).status, 405, "GET on the accept path is refused");
});

for (const provider of ["toggl", "jaqpot", "gencove", "cloudtruth", "logto"]) {
  test(`${provider}: accept with a same-origin Origin redirects to the allow-listed URL`, async () => {
    const { l, body } = await previewOf(provider, "pending");
    assert.equal(body.canAccept, true, JSON.stringify(body));
    const res = await post("accept", { link: l, csrf: body.csrf, redirect: WELCOME }, { origin: new URL(worker).origin, ...as("alice@example.com", provider) });
    assert.equal(res.status, 303, await res.clone().text());
    assert.equal(res.headers.get("location"), WELCOME);
    assert.equal((await writes()).length, 1);
    const after = await previewOf(provider, "pending").catch(() => null);
    void after;
  });
}

test("accept without Origin needs the CSRF token bound to that invitation", async () => {
  const { l, body } = await previewOf("cloudtruth", "pending");
  const other = await previewOf("cloudtruth", "bounced");
  const who = as("alice@example.com", "cloudtruth");
  assert.equal((await post("accept", { link: l }, who)).status, 403, "missing token");
  assert.equal((await post("accept", { link: l, csrf: "123.abc" }, who)).status, 403, "forged token");
  assert.equal((await post("accept", { link: l, csrf: other.body.csrf }, who)).status, 403, "token of another invitation");
  assert.deepEqual(await writes(), []);
  const ok = await post("accept", { link: l, csrf: body.csrf }, who);
  assert.equal(ok.status, 303);
  assert.equal((await state()).cloudtruth.invitations.find((i) => l.includes(i.id)).state, "accepted");
});

test("a cross-origin Origin is refused even with a valid token", async () => {
  const { l, body } = await previewOf("cloudtruth", "pending");
  const res = await post("accept", { link: l, csrf: body.csrf }, { origin: "https://evil.example", ...as("alice@example.com", "cloudtruth") });
  assert.equal(res.status, 403);
  assert.deepEqual(await writes(), []);
});

test("reject (Jaqpot) and reject where the provider has none", async () => {
  const { l, body } = await previewOf("jaqpot", "pending");
  const res = await post("reject", { link: l, csrf: body.csrf }, as("alice@example.com", "jaqpot"));
  assert.equal(res.status, 303);
  assert.equal((await state()).jaqpot.invitations.find((i) => l.includes(i.id)).status, "REJECTED");
  const ct = await previewOf("cloudtruth", "pending");
  const none = await post("reject", { link: ct.l, csrf: ct.body.csrf }, { accept: "application/json", ...as("alice@example.com", "cloudtruth") });
  assert.equal(none.status, 405);
  assert.equal((await none.json()).error, "unsupported");
});

test("expired and already-used invitations", async () => {
  const exp = await previewOf("jaqpot", "expired");
  assert.deepEqual([exp.body.canAccept, exp.body.reason], [false, "expired"]);
  const res = await post("accept", { link: exp.l, csrf: exp.body.csrf }, { accept: "application/json", ...as("alice@example.com", "jaqpot") });
  assert.equal(res.status, 410);
  assert.equal((await res.json()).error, "expired");
  const used = await previewOf("logto", "accepted");
  const res2 = await post("accept", { link: used.l, csrf: used.body.csrf }, { accept: "application/json", ...as("alice@example.com", "logto") });
  assert.equal(res2.status, 409);
  const gone = await fetch(`${worker}invite?link=${encodeURIComponent(site + "/join/toggl/code/nope")}`, { headers: { accept: "application/json" } });
  assert.equal(gone.status, 404);
  assert.deepEqual(await writes(), []);
});

test("the signed-in email must be the invitee's", async () => {
  const { l, body } = await previewOf("cloudtruth", "pending", "bob@example.com");
  assert.deepEqual([body.canAccept, body.reason], [false, "email_mismatch"]);
  const res = await post("accept", { link: l, csrf: body.csrf }, { accept: "application/json", ...as("bob@example.com", "cloudtruth") });
  assert.equal(res.status, 403);
  assert.equal((await res.json()).error, "email_mismatch");
  assert.deepEqual(await writes(), []);
});

test("open-redirect attempts are refused", async () => {
  const { l, body } = await previewOf("cloudtruth", "pending");
  for (const target of ["https://evil.example/", "//evil.example", "https://app.example.com/welcome.evil.example", "https://app.example.com/welcome@evil.example", "javascript:alert(1)", "https://app.example.com/teams/../../evil"]) {
    const res = await post("accept", { link: l, csrf: body.csrf, redirect: target }, as("alice@example.com", "cloudtruth"));
    if (target === "https://app.example.com/teams/../../evil") {
      // Under an allowed prefix the path is the caller's; the origin stays app.example.com.
      assert.equal(new URL(res.headers.get("location") ?? "https://app.example.com/").origin, "https://app.example.com");
      continue;
    }
    assert.equal(res.status, 400, target);
  }
  assert.equal((await state()).cloudtruth.invitations.find((i) => l.includes(i.id)).state, "accepted", "only the allowed one went through");
});

test("bad links and hostile input", async () => {
  const bad = await fetch(`${worker}invite?link=${encodeURIComponent("https://example.com/nothing")}`, { headers: { accept: "application/json" } });
  assert.equal(bad.status, 400);
  const huge = await fetch(`${worker}invite?link=${"a".repeat(10_000)}`, { headers: { accept: "application/json" } });
  assert.equal(huge.status, 400);
  const notForm = await fetch(`${worker}invite/accept`, { method: "POST", headers: { "content-type": "application/json", origin: new URL(worker).origin }, body: "{not json" });
  assert.equal(notForm.status, 400);
  const xss = await fetch(`${worker}invite?link=${encodeURIComponent(site + "/join/toggl/code/<script>alert(1)</script>")}`);
  assert.ok(!(await xss.text()).includes("<script>alert"), "escaped");
});

test("no secret or full token in responses or logs", async () => {
  const { l, body } = await previewOf("logto", "pending");
  const res = await post("accept", { link: l, csrf: body.csrf }, as("alice@example.com", "logto"));
  assert.equal(res.status, 303);
  const { body: gencove } = await previewOf("gencove", "pending");
  const text = JSON.stringify(gencove);
  for (const s of secrets) assert.ok(!text.includes(s), `secret in a response: ${s}`);
  // The worker logs a short tag, never the code or token itself.
  const gencoveToken = decodeURIComponent(new URL(await link("gencove", "pending")).pathname.split("/").pop());
  const lines = logs.join("\n");
  assert.match(lines, /\[invite\] accept ok logto accepted/, "the worker's log lines were captured");
  assert.ok(!lines.includes(gencoveToken));
  for (const s of secrets) assert.ok(!lines.includes(s), `secret in the log: ${s}`);
});
