// verifyInviteToken (wasm + WebCrypto) against tokens signed by jose in the same test, and
// decodeInviteToken agreeing with jose.decodeJwt.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as jose from "jose";
import * as ik from "invitekit";

const now = Math.floor(Date.now() / 1000);
const claims = { email: "jane@example.com", org_id: "org_42", roles: ["admin"], iss: "https://idp.example", aud: "invitekit" };

async function signed(alg, key, extra = {}, header = {}) {
  return new jose.SignJWT({ ...claims, ...extra })
    .setProtectedHeader({ alg, ...header })
    .setIssuedAt(now)
    .setExpirationTime(now + 600)
    .sign(key);
}

const rejects = (promise, code) => assert.rejects(promise, (e) => e instanceof ik.InviteError && e.code === code);

for (const alg of ["HS256", "HS384", "HS512"]) {
  test(`${alg}: jose signs, invitekit verifies`, async () => {
    const secret = new TextEncoder().encode(`a-${alg}-shared-secret-that-is-long-enough-for-it`);
    const token = await signed(alg, secret);
    const d = await ik.verifyInviteToken(token, { secret }, { algorithms: [alg], issuer: claims.iss, audience: "invitekit" });
    assert.equal(d.email, "jane@example.com");
    assert.equal(d.organization, "org_42");
    assert.deepEqual(d.roles, ["admin"]);
    assert.equal(d.header.alg, alg);
    // The same secret as a string.
    await ik.verifyInviteToken(token, { secret: new TextDecoder().decode(secret) }, { algorithms: [alg] });
    await rejects(ik.verifyInviteToken(token, { secret: "another secret" }, { algorithms: [alg] }), "signature_invalid");
  });
}

for (const alg of ["RS256", "ES256"]) {
  test(`${alg}: jose signs, invitekit verifies with a JWK and a JWKS`, async () => {
    const { publicKey, privateKey } = await jose.generateKeyPair(alg, { extractable: true });
    const jwk = { ...(await jose.exportJWK(publicKey)), kid: "k1", alg };
    const token = await signed(alg, privateKey, {}, { kid: "k1" });
    const d = await ik.verifyInviteToken(token, { jwk }, { algorithms: [alg] });
    assert.equal(d.header.kid, "k1");
    const other = await jose.exportJWK((await jose.generateKeyPair(alg)).publicKey);
    const jwks = { keys: [{ ...other, kid: "k0" }, jwk] };
    assert.equal((await ik.verifyInviteToken(token, { jwks }, { algorithms: [alg] })).email, "jane@example.com");
    // A kid that is not in the set is an error, never a fallback to another key.
    const stray = await signed(alg, privateKey, {}, { kid: "k9" });
    await rejects(ik.verifyInviteToken(stray, { jwks }, { algorithms: [alg] }), "signature_invalid");
    // Verified with the wrong key of the right type.
    await rejects(ik.verifyInviteToken(token, { jwk: { ...other, kid: "k1" } }, { algorithms: [alg] }), "signature_invalid");
  });
}

test("the algorithm allow-list is mandatory and none is refused", async () => {
  const secret = new TextEncoder().encode("a-shared-secret-that-is-long-enough-for-hs256");
  const token = await signed("HS256", secret);
  await rejects(ik.verifyInviteToken(token, { secret }, {}), "invalid_input");
  await rejects(ik.verifyInviteToken(token, { secret }, { algorithms: ["RS256"] }), "unsupported_algorithm");
  await rejects(ik.verifyInviteToken(token, { secret }, { algorithms: ["none"] }), "unsupported_algorithm");
  const unsecured = new jose.UnsecuredJWT(claims).encode();
  await rejects(ik.verifyInviteToken(unsecured, { secret }, { algorithms: ["HS256"] }), "unsupported_algorithm");
});

test("algorithm confusion: an RSA public key as an HS256 secret is refused", async () => {
  const { publicKey } = await jose.generateKeyPair("RS256", { extractable: true });
  const pem = await jose.exportSPKI(publicKey);
  const forged = await new jose.SignJWT(claims).setProtectedHeader({ alg: "HS256" }).sign(new TextEncoder().encode(pem));
  await rejects(ik.verifyInviteToken(forged, { secret: pem }, { algorithms: ["HS256", "RS256"] }), "invalid_input");
  const jwk = await jose.exportJWK(publicKey);
  await rejects(ik.verifyInviteToken(forged, { jwk }, { algorithms: ["HS256", "RS256"] }), "unsupported_algorithm");
});

test("expiry and not-before at the leeway boundary", async () => {
  const secret = new TextEncoder().encode("a-shared-secret-that-is-long-enough-for-hs256");
  const exp = now + 100;
  const token = await new jose.SignJWT(claims).setProtectedHeader({ alg: "HS256" }).setExpirationTime(exp).setNotBefore(now - 50).sign(secret);
  const opts = (t, leewaySeconds) => ({ algorithms: ["HS256"], now: t * 1000, leewaySeconds });
  await ik.verifyInviteToken(token, { secret }, opts(exp + 59, 60));
  await rejects(ik.verifyInviteToken(token, { secret }, opts(exp + 60, 60)), "token_expired");
  await rejects(ik.verifyInviteToken(token, { secret }, opts(exp, 0)), "token_expired");
  await ik.verifyInviteToken(token, { secret }, opts(now - 50 - 10, 10));
  await rejects(ik.verifyInviteToken(token, { secret }, opts(now - 50 - 11, 10)), "token_not_yet_valid");
});

test("decodeInviteToken agrees with jose.decodeJwt", async () => {
  const secret = new TextEncoder().encode("a-shared-secret-that-is-long-enough-for-hs256");
  const token = await signed("HS256", secret, { nested: { a: [1, 2, { b: null }] }, "ünï": "cødé" });
  const ours = ik.decodeInviteToken(token);
  assert.deepEqual(ours.claims, jose.decodeJwt(token));
  assert.deepEqual(ours.header, { alg: "HS256", typ: null, kid: null });
  assert.equal(ours.expired, false);
  assert.equal(ours.expiresAt, new Date((now + 600) * 1000).toISOString());
});

test("decodeInviteToken: every field right, whatever characters and which fields are absent", async () => {
  const secret = new TextEncoder().encode("a-shared-secret-that-is-long-enough-for-hs256");
  const cases = [
    // Non-ASCII, astral and escaped characters in every string field the result carries.
    [{ email: "zoë@exämple.com", organization: { id: "Ωmega 🚀" }, roles: ["админ", "b\u0000c", "🚀"], nbf: now - 5 },
      { typ: "JWT", kid: "kïd-🔑" },
      { email: "zoë@exämple.com", organization: "Ωmega 🚀", roles: ["админ", "b\u0000c", "🚀"], typ: "JWT", kid: "kïd-🔑" }],
    // Nothing optional at all: no email, organization, roles, typ, kid, nbf.
    [{ sub: "x" }, {}, { email: null, organization: null, roles: [], typ: null, kid: null }],
    // Roles as a space/comma string; an empty role list next to present fields.
    [{ email: "a@b.c", scope_roles: "x", roles: "owner, billing viewer" }, { kid: "" },
      { email: "a@b.c", organization: null, roles: ["owner", "billing", "viewer"], typ: null, kid: "" }],
  ];
  for (const [extra, header, want] of cases) {
    const token = await new jose.SignJWT(extra).setProtectedHeader({ alg: "HS256", ...header }).setIssuedAt(now).setExpirationTime(now + 600).sign(secret);
    const d = ik.decodeInviteToken(token);
    assert.deepEqual(d.claims, jose.decodeJwt(token));
    assert.deepEqual(d.header, { alg: "HS256", typ: want.typ, kid: want.kid });
    assert.equal(d.email, want.email);
    assert.equal(d.organization, want.organization);
    assert.deepEqual(d.roles, want.roles);
    assert.equal(d.issuedAt, new Date(now * 1000).toISOString());
    assert.equal(d.expiresAt, new Date((now + 600) * 1000).toISOString());
    assert.equal(d.notBefore, extra.nbf ? new Date(extra.nbf * 1000).toISOString() : null);
    assert.equal(d.expired, false);
    assert.equal(d.notYetValid, false);
  }
});

test("concurrent verifications share a key being imported, and never each other's answers", async () => {
  const right = new TextEncoder().encode("concurrent-secret-that-is-long-enough-for-hs256");
  const token = await signed("HS256", right);
  const ecKeys = await jose.generateKeyPair("ES256", { extractable: true });
  const esToken = await signed("ES256", ecKeys.privateKey, {}, { kid: "c1" });
  const jwk = { ...(await jose.exportJWK(ecKeys.publicKey)), kid: "c1" };
  const calls = [];
  // 80 wrong secrets: more keys than the cache holds, so slots are reassigned while imports
  // are still pending. The first calls all start before the first import settles.
  for (let i = 0; i < 80; i++) {
    calls.push(ik.verifyInviteToken(token, { secret: right }, { algorithms: ["HS256"] }).then((d) => d.email));
    calls.push(ik.verifyInviteToken(token, { secret: `wrong-${i}-secret-that-is-long-enough-for-hs` }, { algorithms: ["HS256"] }).catch((e) => e.code));
    calls.push(ik.verifyInviteToken(esToken, { jwk }, { algorithms: ["ES256"] }).then((d) => d.email));
  }
  const answers = await Promise.all(calls);
  for (let i = 0; i < answers.length; i += 3) {
    assert.deepEqual(answers.slice(i, i + 3), [claims.email, "signature_invalid", claims.email]);
  }
  // Once every import has settled, the slots the keys hold now still answer for them.
  assert.equal((await ik.verifyInviteToken(token, { secret: right }, { algorithms: ["HS256"] })).email, claims.email);
  assert.equal((await ik.verifyInviteToken(esToken, { jwk }, { algorithms: ["ES256"] })).email, claims.email);
  await rejects(ik.verifyInviteToken(token, { secret: "wrong-79-secret-that-is-long-enough-for-hs" }, { algorithms: ["HS256"] }), "signature_invalid");
});

test("back-to-back verifications with a cached key: each answers for its own bytes", async () => {
  // With the key cached, the token's bytes go to crypto.subtle.verify as views of wasm memory,
  // which the next call reuses at once: this holds only because WebCrypto copies them first.
  const secret = new TextEncoder().encode("back-to-back-secret-that-is-long-enough-for-hs256");
  const ec = await jose.generateKeyPair("ES256", { extractable: true });
  const jwk = { ...(await jose.exportJWK(ec.publicKey)), kid: "b1" };
  const good = [], calls = [], expected = [];
  for (let i = 0; i < 60; i++) {
    good.push(await signed("HS256", secret, { email: `u${i}@example.com` }));
    good.push(await signed("ES256", ec.privateKey, { email: `e${i}@example.com` }, { kid: "b1" }));
  }
  await ik.verifyInviteToken(good[0], { secret }, { algorithms: ["HS256"] });
  await ik.verifyInviteToken(good[1], { jwk }, { algorithms: ["ES256"] });
  for (const [i, t] of good.entries()) {
    const key = i % 2 ? { jwk } : { secret };
    const algorithms = [i % 2 ? "ES256" : "HS256"];
    const [h, p, sig] = t.split(".");
    // Every third token is sent with another token's payload under its own signature.
    const forged = i % 3 === 0 ? `${h}.${good[(i + 2) % good.length].split(".")[1]}.${sig}` : t;
    calls.push(ik.verifyInviteToken(forged, key, { algorithms }).then((d) => d.email, (e) => e.code));
    expected.push(i % 3 === 0 ? "signature_invalid" : jose.decodeJwt(t).email);
  }
  assert.deepEqual(await Promise.all(calls), expected);
});

test("validateInvitation and checkAcceptance through the package", () => {
  const v = ik.validateInvitation("logto", { email: "nope", expiresAt: new Date(Date.now() - 1000) });
  assert.equal(v.ok, false);
  assert.deepEqual(v.errors.map((e) => [e.field, e.code]), [["email", "invalid_email"], ["organizationId", "invalid_input"], ["expiresAt", "invalid_input"]]);
  assert.deepEqual(ik.validateInvitation("cloudtruth", { email: "a@b.io", role: "ADMIN" }), { ok: true, errors: [] });
  const invitation = { provider: "jaqpot", status: "pending", email: "jane@example.com", expiresAt: new Date(Date.now() + 3600e3).toISOString() };
  assert.deepEqual(ik.checkAcceptance(invitation, { signedInEmail: "JANE@example.com" }), { ok: true, code: null, message: null });
  assert.equal(ik.checkAcceptance(invitation, { signedInEmail: "bob@example.com" }).code, "email_mismatch");
  assert.equal(ik.checkAcceptance({ ...invitation, expiresAt: "2020-01-01T00:00:00Z" }, {}).code, "expired");
  assert.throws(() => ik.checkAcceptance({ provider: "slack" }, {}), { code: "invalid_input" });
  // Its options, plain or not: `now` and `leewaySeconds` decide expiry; a wrong type or a
  // throwing getter is invalid_input on options, never a throw from inside wasm.
  const at = Date.parse(invitation.expiresAt);
  assert.equal(ik.checkAcceptance(invitation, { now: at + 30e3 }).code, null);
  assert.equal(ik.checkAcceptance(invitation, { now: at + 30e3, leewaySeconds: 10 }).code, "expired");
  assert.equal(ik.checkAcceptance(invitation, { now: at + 61e3 }).code, "expired");
  for (const bad of [{ signedInEmail: 5 }, { leewaySeconds: 1.5 }, { now: "soon" }, { get signedInEmail() { throw new Error("getter"); } }]) {
    assert.throws(() => ik.checkAcceptance(invitation, bad), (e) => e instanceof ik.InviteError && e.code === "invalid_input" && e.field === "options");
  }
  // Every provider's capabilities, as API.md's method table has them.
  const caps = Object.fromEntries(ik.PROVIDERS.map((p) => [p, Object.entries(ik.capabilities(p)).filter(([, on]) => on).map(([op]) => op).join(" ")]));
  assert.deepEqual(caps, {
    toggl: "lookup create accept reject resend",
    jaqpot: "get list create accept reject resend",
    gencove: "lookup list create accept revoke delete",
    cloudtruth: "get list create accept resend revoke delete update",
    logto: "get list create accept resend revoke delete",
  });
  assert.notEqual(ik.capabilities("toggl"), ik.capabilities("toggl"), "a fresh object each call");
});

// Arguments cross the boundary on a fast path (one copy into a reused buffer, options read
// member by member) when they are plain, and the general path otherwise. Both must agree: the
// same bytes, the same limits, the same errors.
const failsWith = async (thunk, code, field, pattern) => {
  let err;
  try { await thunk(); } catch (e) { err = e; }
  assert.ok(err instanceof ik.InviteError, `expected an InviteError, got ${err}`);
  assert.equal(err.code, code, err.message);
  if (field !== undefined) assert.equal(err.field, field, err.message);
  if (pattern) assert.match(err.message, pattern);
};

test("string arguments: type, 16 KiB limit in UTF-8, non-ASCII and lone surrogates", async () => {
  for (const bad of [123, null, {}, ["a.b.c"], new String("a.b.c")]) {
    await failsWith(() => ik.decodeInviteToken(bad), "invalid_input", "token", /token must be a string/);
  }
  const long = "a".repeat(16 * 1024 + 1);
  await failsWith(() => ik.decodeInviteToken(long), "invalid_token", undefined, /longer than 16 KiB/);
  // 8,193 UTF-16 units, 16,386 UTF-8 bytes: over the limit only in UTF-8.
  await failsWith(() => ik.decodeInviteToken("é".repeat(8193)), "invalid_token", undefined, /longer than 16 KiB/);
  await failsWith(() => ik.decodeInviteToken(`${"*".repeat(16 * 1024 - 4)}.b.c`), "invalid_token", undefined, /base64url/);
  await failsWith(() => ik.decodeInviteToken("\ud800.e30.c2ln"), "invalid_token", undefined, /base64url/);
  // Exactly at the limit is read whole.
  const secret = new TextEncoder().encode("a-shared-secret-that-is-long-enough-for-hs256");
  const token = await signed("HS256", secret, { note: "x".repeat(12000) });
  assert.ok(token.length <= 16 * 1024);
  assert.equal(ik.decodeInviteToken(token).claims.note.length, 12000);
  // Non-ASCII in the arguments read on the same path.
  assert.equal(ik.emailsMatch("  Jöhn@Exämple.com ", "jöhn@exämple.com"), true);
  assert.equal(ik.emailsMatch("a@b.co", "a@b.co\ud800"), false);
});

test("verify keys: string, Uint8Array, a view into a larger buffer, and a secret over 16 KiB", async () => {
  const text = "a-shared-secret-that-is-long-enough-for-hs256";
  const bytes = new TextEncoder().encode(text);
  const token = await signed("HS256", bytes);
  const opts = { algorithms: ["HS256"] };
  await ik.verifyInviteToken(token, { secret: text }, opts);
  await ik.verifyInviteToken(token, { secret: bytes }, opts);
  const padded = new Uint8Array(bytes.length + 20);
  padded.set(bytes, 10);
  await ik.verifyInviteToken(token, { secret: padded.subarray(10, 10 + bytes.length) }, opts);
  await rejects(ik.verifyInviteToken(token, { secret: padded }, opts), "signature_invalid");
  const big = new Uint8Array(20000).map((_, i) => i * 7);
  const bigToken = await signed("HS256", big);
  assert.equal((await ik.verifyInviteToken(bigToken, { secret: big }, opts)).email, "jane@example.com");
  await rejects(ik.verifyInviteToken(bigToken, { secret: big.subarray(1) }, opts), "signature_invalid");
  for (const key of [null, "secret", { secret: 42 }, { secret: [1, 2, 3] }, {}]) {
    await failsWith(() => ik.verifyInviteToken(token, key, opts), "invalid_input", "key");
  }
});

test("verify options: plain data read directly, anything else refused by name", async () => {
  const secret = new TextEncoder().encode("a-shared-secret-that-is-long-enough-for-hs256");
  const token = await signed("HS256", secret);
  const key = { secret };
  const ok = (options) => ik.verifyInviteToken(token, key, options);
  await ok({ algorithms: ["HS256"], issuer: null, audience: undefined, now: null, leewaySeconds: 0 });
  await ok({ algorithms: ["RS256", "HS256"], issuer: claims.iss, audience: "invitekit", leewaySeconds: 86400, extra: true });
  // `now` and `leewaySeconds` are honoured on the direct path.
  await rejects(ok({ algorithms: ["HS256"], now: (now + 601) * 1000, leewaySeconds: 0 }), "token_expired");
  await ok({ algorithms: ["HS256"], now: (now + 601) * 1000, leewaySeconds: 5 });
  await rejects(ok({ algorithms: ["HS256"], now: (now + 661) * 1000 }), "token_expired");
  await rejects(ok({ algorithms: ["HS256"], issuer: "https://other.example" }), "invalid_token");
  await failsWith(() => ok({ algorithms: ["HS256"], leewaySeconds: 86401 }), "invalid_input", "leewaySeconds");
  for (const options of [
    { algorithms: "HS256" }, { algorithms: [1] }, { algorithms: ["HS256"], issuer: 5 },
    { algorithms: ["HS256"], audience: ["invitekit"] }, { algorithms: ["HS256"], now: "now" },
    { algorithms: ["HS256"], leewaySeconds: 1.5 }, { algorithms: ["HS256"], leewaySeconds: -1 },
    { algorithms: ["HS256"], leewaySeconds: "5" },
  ]) {
    await failsWith(() => ok(options), "invalid_input", "options", /options is not valid/);
  }
  await failsWith(() => ok({ algorithms: [] }), "invalid_input", "algorithms");
  await failsWith(() => ok(undefined), "invalid_input", "algorithms");
  // A getter that throws is refused as invalid options (never an exception through wasm).
  const throwing = { algorithms: ["HS256"], get issuer() { throw new Error("getter"); } };
  await failsWith(() => ok(throwing), "invalid_input", "options", /reading one of its members threw/);
  assert.equal((await ok({ algorithms: ["HS256"] })).email, "jane@example.com");
});
