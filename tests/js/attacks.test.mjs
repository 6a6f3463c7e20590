// Attack tests against the built package. (The edge worker's open-redirect and CSRF cases are
// in tests/edge/worker.test.mjs; alg-confusion and kid cases with jose-made keys in tokens.test.mjs.)
import { test } from "node:test";
import assert from "node:assert/strict";
import * as jose from "jose";
import * as ik from "invitekit";

const b64u = (s) => Buffer.from(s).toString("base64url");
const code = (c) => (e) => e instanceof ik.InviteError && e.code === c;
const secret = new TextEncoder().encode("attack-suite-shared-secret-0123456789");
const now = Math.floor(Date.now() / 1000);

test("alg none is refused, whatever the allow-list says", async () => {
  const t = `${b64u('{"alg":"none","typ":"JWT"}')}.${b64u(JSON.stringify({ email: "a@b.c", exp: now + 60 }))}.`;
  for (const algorithms of [["HS256"], ["none"], ["HS256", "none"], ["NONE"]]) {
    await assert.rejects(ik.verifyInviteToken(t, { secret }, { algorithms }), code("unsupported_algorithm"));
  }
  const upper = `${b64u('{"alg":"None"}')}.${b64u("{}")}.`;
  await assert.rejects(ik.verifyInviteToken(upper, { secret }, { algorithms: ["HS256"] }), code("unsupported_algorithm"));
});

test("algorithm confusion: HS256 signed with an RSA public key", async () => {
  const { publicKey } = await jose.generateKeyPair("RS256", { extractable: true });
  const pem = await jose.exportSPKI(publicKey);
  const jwk = await jose.exportJWK(publicKey);
  const forged = await new jose.SignJWT({ email: "mallory@evil.example" }).setProtectedHeader({ alg: "HS256" }).sign(new TextEncoder().encode(pem));
  await assert.rejects(ik.verifyInviteToken(forged, { jwk }, { algorithms: ["RS256", "HS256"] }), code("unsupported_algorithm"));
  await assert.rejects(ik.verifyInviteToken(forged, { jwks: { keys: [jwk] } }, { algorithms: ["RS256", "HS256"] }), code("signature_invalid"));
  await assert.rejects(ik.verifyInviteToken(forged, { secret: pem }, { algorithms: ["HS256"] }), code("invalid_input"));
});

test("a kid that is not in the JWKS is an error, not a fallback", async () => {
  const { publicKey, privateKey } = await jose.generateKeyPair("ES256", { extractable: true });
  const jwk = { ...(await jose.exportJWK(publicKey)), kid: "real" };
  const t = await new jose.SignJWT({}).setProtectedHeader({ alg: "ES256", kid: "attacker-chosen" }).sign(privateKey);
  await assert.rejects(ik.verifyInviteToken(t, { jwks: { keys: [jwk] } }, { algorithms: ["ES256"] }), code("signature_invalid"));
});

test("verifyInviteToken only ever rejects: bad arguments, bad keys and bad claims alike", async () => {
  const good = await new jose.SignJWT({ email: "a@b.c" }).setProtectedHeader({ alg: "HS256" }).setExpirationTime(now + 600).sign(secret);
  const expired = await new jose.SignJWT({ email: "a@b.c" }).setProtectedHeader({ alg: "HS256" }).setExpirationTime(now - 600).sign(secret);
  const cases = [
    [() => ik.verifyInviteToken(42, { secret }, { algorithms: ["HS256"] }), "invalid_input"],
    [() => ik.verifyInviteToken(good, "not a key", { algorithms: ["HS256"] }), "invalid_input"],
    [() => ik.verifyInviteToken(good, { secret }, { algorithms: [] }), "invalid_input"],
    [() => ik.verifyInviteToken(good, { jwk: { kty: "oct", k: 5n } }, { algorithms: ["HS256"] }), "invalid_input"],
    [() => ik.verifyInviteToken(good, { secret: "wrong-secret-of-a-decent-length-000" }, { algorithms: ["HS256"] }), "signature_invalid"],
    // An expired token with a bad signature reports the signature: claims count only once it holds.
    [() => ik.verifyInviteToken(expired, { secret: "wrong-secret-of-a-decent-length-000" }, { algorithms: ["HS256"] }), "signature_invalid"],
    [() => ik.verifyInviteToken(expired, { secret }, { algorithms: ["HS256"] }), "token_expired"],
  ];
  for (const [call, expected] of cases) {
    let promise;
    assert.doesNotThrow(() => { promise = call(); });
    assert.ok(promise instanceof Promise);
    await assert.rejects(promise, code(expected), expected);
  }
  assert.equal((await ik.verifyInviteToken(good, { secret }, { algorithms: ["HS256"] })).email, "a@b.c");
});

test("expired and not-yet-valid tokens at the leeway boundary", async () => {
  const t = await new jose.SignJWT({}).setProtectedHeader({ alg: "HS256" }).setExpirationTime(1000).setNotBefore(500).sign(secret);
  const at = (s, leewaySeconds) => ({ algorithms: ["HS256"], now: s * 1000, leewaySeconds });
  await ik.verifyInviteToken(t, { secret }, at(1029.999, 30));
  await assert.rejects(ik.verifyInviteToken(t, { secret }, at(1030, 30)), code("token_expired"));
  await ik.verifyInviteToken(t, { secret }, at(470, 30));
  await assert.rejects(ik.verifyInviteToken(t, { secret }, at(469.999, 30)), code("token_not_yet_valid"));
  assert.equal(ik.decodeInviteToken(t, { now: 1030_000, leewaySeconds: 30 }).expired, true);
  assert.equal(ik.decodeInviteToken(t, { now: 1029_999, leewaySeconds: 30 }).expired, false);
});

test("1 MiB links and tokens are refused quickly, and the instance still answers", async () => {
  const big = "a".repeat(1 << 20);
  const t0 = performance.now();
  assert.throws(() => ik.parseInviteLink(`https://x.dev/?invitation_token=${big}`), code("invalid_link"));
  assert.throws(() => ik.decodeInviteToken(`${big}.${big}.${big}`), code("invalid_token"));
  await assert.rejects(ik.verifyInviteToken(big, { secret }, { algorithms: ["HS256"] }), code("invalid_token"));
  assert.throws(() => ik.parseInviteLink("https://x.dev/", { templates: [big] }), code("invalid_input"));
  assert.ok(performance.now() - t0 < 500, `took ${performance.now() - t0} ms`);
  assert.equal(ik.parseInviteLink("https://x.dev/?invitation_token=ok").value, "ok");
});

test("deeply nested JSON in a token exhausts no stack", () => {
  for (const depth of [1_000, 5_000, 12_000]) {
    // A payload that is not an object is refused...
    const t = `${b64u('{"alg":"HS256"}')}.${b64u("[".repeat(depth) + "]".repeat(depth))}.`;
    assert.throws(() => ik.decodeInviteToken(t), code("invalid_token"));
    // ...and deep nesting inside one is skipped without recursion, as jose.decodeJwt reads it.
    const obj = `${b64u('{"alg":"HS256"}')}.${b64u('{"email":"a@b.c","a":' + "[".repeat(depth) + "]".repeat(depth) + "}")}.`;
    if (obj.length <= 16 * 1024) {
      const d = ik.decodeInviteToken(obj);
      assert.equal(d.email, "a@b.c");
      // Walk the nesting without recursion (deepEqual would itself exhaust the stack).
      let level = 0;
      for (let v = d.claims.a; Array.isArray(v) && v.length; v = v[0]) level++;
      assert.equal(level + 1, depth);
      assert.equal(jose.decodeJwt(obj).email, d.email);
    } else {
      assert.throws(() => ik.decodeInviteToken(obj), code("invalid_token"));
    }
  }
  assert.equal(ik.decodeInviteToken(`${b64u('{"alg":"HS256"}')}.${b64u('{"email":"a@b.c"}')}.`).email, "a@b.c");
});

test("codes and ids cannot inject paths or headers", async () => {
  const seen = [];
  const fetch = async (req) => { seen.push({ url: req.url, headers: [...req.headers.entries()] }); return new Response("{}", { status: 404 }); };
  const c = new ik.InviteClient({ provider: "gencove", baseUrl: "https://api.example.com", auth: { apiKey: "k" }, fetch, retries: 0 });
  for (const evil of ["../../admin", "a/b", "%2F..%2Fadmin", "x\r\nX-Evil: 1", "?q=1#f"]) await c.lookup(evil).catch(() => {});
  assert.deepEqual(seen.map((s) => new URL(s.url).pathname), [
    "/api/v2/invitations-token/..%2F..%2Fadmin",
    "/api/v2/invitations-token/a%2Fb",
    "/api/v2/invitations-token/%252F..%252Fadmin",
    "/api/v2/invitations-token/x%0D%0AX-Evil%3A%201",
    "/api/v2/invitations-token/%3Fq%3D1%23f",
  ]);
  assert.ok(seen.every((s) => !s.headers.some(([k]) => k.toLowerCase() === "x-evil")));
  assert.throws(() => new ik.InviteClient({ provider: "gencove", auth: { apiKey: "k\r\nX-Evil: 1" } }), code("invalid_input"));
  assert.throws(() => new ik.InviteClient({ provider: "jaqpot", auth: { keyPair: { key: "a\u0000", secret: "b" } } }), code("invalid_input"));
});

test("plain HTTP base URLs are refused except on loopback", () => {
  for (const baseUrl of ["http://api.example.com", "http://127.0.0.1.nip.io", "http://localhost.evil.com", "http://10.0.0.5"]) {
    assert.throws(() => new ik.InviteClient({ provider: "cloudtruth", baseUrl }), code("insecure_transport"), baseUrl);
  }
  for (const baseUrl of ["https://api.example.com", "http://127.0.0.1:8080", "http://localhost:3001", "http://[::1]:9"]) new ik.InviteClient({ provider: "cloudtruth", baseUrl });
  assert.throws(() => new ik.InviteClient({ provider: "logto", baseUrl: "https://t.example", auth: { clientCredentials: { clientId: "a", clientSecret: "b", resource: "r", tokenUrl: "http://evil.example/token" } } }), code("insecure_transport"));
});

test("secrets never reach errors, even when a provider echoes them", async () => {
  const SECRET = "sk_attack_9f8e7d6c5b4a";
  const echo = async (req) => new Response(JSON.stringify({ detail: `bad credentials: ${req.headers.get("authorization")} (${SECRET})` }), { status: 401, headers: { "content-type": "application/json" } });
  const c = new ik.InviteClient({ provider: "cloudtruth", baseUrl: "https://api.example.com", auth: { apiKey: SECRET }, fetch: echo });
  const err = await c.get("i1").catch((e) => e);
  assert.equal(err.code, "unauthorized");
  for (const shown of [err.message, err.detail, err.stack, JSON.stringify(err), String(err)]) assert.ok(!String(shown).includes(SECRET), shown);
  assert.match(err.detail, /<redacted>/);
});

test("IDN domains normalise as the WHATWG URL parser does", () => {
  const domains = ["bücher.de", "例え.jp", "नमस्ते.in", "пример.рф", "mañana.com", "ÖBB.at", "straße.de", "ドメイン名例.jp", "café.fr", "δοκιμή.gr", "ex«ample.com", "bu\u0308cher.de", "ｅｘａｍｐｌｅ.com"];
  for (const d of domains) {
    const host = new URL(`http://${d}`).hostname;
    const ours = ik.validateEmail(`someone@${d}`);
    assert.equal(ours.ok, true, d);
    // UTS-46 maps ß to ss in transitional processing (old browsers); WHATWG URL keeps ß.
    assert.equal(ours.normalized, `someone@${host}`, d);
  }
  for (const bad of ["ex\uFFFDample.com", "exa mple.com", "a..b.com"]) assert.equal(ik.validateEmail(`x@${bad}`).ok, false, bad);
});
