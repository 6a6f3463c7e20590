// 10,000 hostile inputs to every exported synchronous function of the built package (wasm
// under Node): random bytes, huge strings, deep JSON, lone UTF-16 surrogates, hostile
// objects. Each call must return or throw an InviteError (or the glue's TypeError for a
// non-string argument); none may trap the instance. Afterwards the instance must still answer
// correctly. The generator is seeded, so a failure is reproducible.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as ik from "invitekit";

let seed = 0x1f2e3d4c;
const rand = () => ((seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32);
const pick = (list) => list[Math.floor(rand() * list.length)];
const b64u = (s) => Buffer.from(s).toString("base64url");

function randomString(max) {
  const n = Math.floor(rand() * max);
  let s = "";
  for (let i = 0; i < n; i++) {
    const r = rand();
    s += r < 0.5 ? String.fromCharCode(32 + Math.floor(rand() * 95))
      : r < 0.8 ? String.fromCharCode(Math.floor(rand() * 0x10000)) // includes lone surrogates
      : pick(["%", "%2", "%zz", "{", "}", "@", ".", "#", "?", "&", "=", "\\", "\u0000", "\uD800", "\uDFFF", "xn--", "{code}"]);
  }
  return s;
}

const deep = (n) => "[".repeat(n) + "]".repeat(n);
const strings = () => pick([
  () => randomString(64),
  () => randomString(600),
  () => "a".repeat(1 << 20),                                   // 1 MiB
  () => `https://x.dev/?invitation_token=${"A".repeat(9000)}`,
  () => `${b64u('{"alg":"HS256"}')}.${b64u(deep(5000))}.c2ln`, // deep JSON in claims
  () => `${b64u(deep(100000))}.e30.`,
  () => `${b64u('{"alg":"HS256"}')}.${b64u(JSON.stringify({ exp: 1e308, nbf: -1e308, email: {} }))}.`,
  () => "\uD800\uD800@\uDC00.com",
  () => `https://h.dev/${"%F0%9F".repeat(300)}?one_time_token=${"%".repeat(100)}`,
  () => Array.from({ length: 20 }, () => pick(["a", "@", "ü", ".", "-"])).join(""),
])();

const cyclic = {}; cyclic.self = cyclic;
const throwing = new Proxy({}, { get() { throw new Error("hostile getter"); }, ownKeys() { throw new Error("hostile keys"); } });
const values = () => pick([
  strings, () => undefined, () => null, () => 42, () => NaN, () => -Infinity, () => 10n, () => true,
  () => [], () => [strings(), 1, null], () => cyclic, () => throwing, () => ({ templates: [strings(), strings()] }),
  () => ({ templates: Array.from({ length: 100 }, strings) }), () => ({ now: NaN, leewaySeconds: -1 }),
  () => ({ now: 8.64e15 + 1 }), () => ({ provider: "logto", status: strings(), expiresAt: strings(), email: strings() }),
  () => ({ email: strings(), emails: Array.from({ length: 3000 }, () => "a@b.c"), organizationId: strings(), expiresAt: new Date(NaN) }),
  () => ({ value: strings(), kind: "code", organization: strings() }), () => Symbol("s"), () => () => 1,
])();

const calls = [
  () => ik.capabilities(values()),
  () => ik.validateEmail(values()),
  () => ik.emailsMatch(values(), values()),
  () => ik.parseInviteLink(values(), values()),
  () => ik.buildInviteLink(values(), values()),
  () => ik.decodeInviteToken(values(), values()),
  () => ik.validateInvitation(pick([...ik.PROVIDERS, strings()]), values(), values()),
  () => ik.checkAcceptance(values(), values()),
  () => ik.providers(),
];

test("10,000 hostile inputs: no trap, only InviteError or TypeError, and the instance still answers", () => {
  const outcomes = { returned: 0, inviteError: 0, typeError: 0 };
  for (let i = 0; i < 10_000; i++) {
    const call = calls[i % calls.length];
    try {
      call();
      outcomes.returned++;
    } catch (e) {
      if (e instanceof WebAssembly.RuntimeError) assert.fail(`call ${i} trapped the instance: ${e.message}`);
      if (e instanceof ik.InviteError) outcomes.inviteError++;
      else if (e instanceof TypeError || e instanceof RangeError || /hostile/.test(e?.message)) outcomes.typeError++;
      else assert.fail(`call ${i} threw something else: ${e?.name}: ${e?.message}`);
    }
  }
  assert.ok(outcomes.returned > 1000 && outcomes.inviteError > 1000, JSON.stringify(outcomes));
  // Still correct after everything above.
  assert.deepEqual(ik.validateEmail("Jane@Bücher.de"), { ok: true, normalized: "Jane@xn--bcher-kva.de", error: null });
  assert.equal(ik.parseInviteLink("https://a.dev/?invitation_token=t1").value, "t1");
  assert.equal(ik.decodeInviteToken(`${b64u('{"alg":"HS256"}')}.${b64u('{"email":"a@b.c"}')}.`).email, "a@b.c");
  assert.deepEqual([...ik.providers()], [...ik.PROVIDERS]);
});
