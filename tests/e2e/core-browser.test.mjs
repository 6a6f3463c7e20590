// The core in headless Chromium: tokens signed by jose in the page and verified by invitekit on
// the browser's WebCrypto, the hostile-input run against every synchronous export, and the
// e-mail domain differential against Chromium's own URL parser.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = fileURLToPath(new URL("../../", import.meta.url));
const served = { "/pkg/": join(root, "pkg"), "/jose/": join(root, "node_modules/jose/dist/webapi"), "/support/": join(root, "tests/support") };
let server, base, browser, page;

before(async () => {
  server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (path === "/") { res.writeHead(200, { "Content-Type": "text/html" }); res.end("<!doctype html><title>core tests</title>"); return; }
    const prefix = Object.keys(served).find((p) => path.startsWith(p));
    const file = prefix && normalize(join(served[prefix], path.slice(prefix.length)));
    if (!file || !file.startsWith(served[prefix])) { res.writeHead(404); res.end(); return; }
    try {
      const body = await readFile(file);
      res.writeHead(200, { "Content-Type": { ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm" }[extname(file)] ?? "application/octet-stream" });
      res.end(body);
    } catch { res.writeHead(404); res.end(); }
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  base = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"] });
  page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(base + "/");
  await page.evaluate(async () => {
    globalThis.ik = await import("/pkg/index.mjs");
    await globalThis.ik.default();
    globalThis.jose = await import("/jose/index.js");
  });
  assert.deepEqual(errors, []);
});
after(async () => { await browser?.close(); server?.close(); });

test("jose signs in the browser, invitekit verifies on the browser's WebCrypto", async () => {
  const results = await page.evaluate(async () => {
    const { ik, jose } = globalThis;
    const out = {};
    const now = Math.floor(Date.now() / 1000);
    const claims = { email: "jane@example.com", org_id: "org_42", roles: ["admin"] };
    for (const alg of ["HS256", "HS384", "HS512"]) {
      const secret = new TextEncoder().encode(`a-${alg}-secret-long-enough-for-the-algorithm-used`);
      const t = await new jose.SignJWT(claims).setProtectedHeader({ alg }).setExpirationTime(now + 600).sign(secret);
      const d = await ik.verifyInviteToken(t, { secret }, { algorithms: [alg] });
      const bad = await ik.verifyInviteToken(t, { secret: "wrong" }, { algorithms: [alg] }).catch((e) => e.code);
      out[alg] = [d.email, d.organization, bad];
    }
    for (const alg of ["RS256", "ES256"]) {
      const { publicKey, privateKey } = await jose.generateKeyPair(alg, { extractable: true });
      const jwk = { ...(await jose.exportJWK(publicKey)), kid: "k1" };
      const t = await new jose.SignJWT(claims).setProtectedHeader({ alg, kid: "k1" }).setExpirationTime(now + 600).sign(privateKey);
      const d = await ik.verifyInviteToken(t, { jwks: { keys: [jwk] } }, { algorithms: [alg] });
      const stray = await new jose.SignJWT(claims).setProtectedHeader({ alg, kid: "k9" }).sign(privateKey);
      const miss = await ik.verifyInviteToken(stray, { jwks: { keys: [jwk] } }, { algorithms: [alg] }).catch((e) => e.code);
      out[alg] = [d.email, d.header.kid, miss];
    }
    const t = await new jose.SignJWT(claims).setProtectedHeader({ alg: "HS256" }).sign(new TextEncoder().encode("s".repeat(32)));
    out.decode = JSON.stringify(ik.decodeInviteToken(t).claims) === JSON.stringify(jose.decodeJwt(t));
    out.none = await ik.verifyInviteToken(new jose.UnsecuredJWT(claims).encode(), { secret: "x" }, { algorithms: ["HS256"] }).catch((e) => e.code);
    // Back to back with a cached key: the bytes go to WebCrypto as views of wasm memory that
    // the next call reuses at once, so each answer must still be for its own token.
    const secret = new TextEncoder().encode("back-to-back-secret-long-enough-for-hs256");
    const tokens = [];
    for (let i = 0; i < 40; i++) tokens.push(await new jose.SignJWT({ email: `u${i}@example.com` }).setProtectedHeader({ alg: "HS256" }).sign(secret));
    const swapped = tokens.map((t, i) => (i % 3 ? t : `${t.split(".")[0]}.${tokens[(i + 1) % 40].split(".")[1]}.${t.split(".")[2]}`));
    const answers = await Promise.all(swapped.map((t) => ik.verifyInviteToken(t, { secret }, { algorithms: ["HS256"] }).then((d) => d.email, (e) => e.code)));
    out.backToBack = answers.every((a, i) => a === (i % 3 ? `u${i}@example.com` : "signature_invalid"));
    return out;
  });
  assert.deepEqual(results, {
    HS256: ["jane@example.com", "org_42", "signature_invalid"],
    HS384: ["jane@example.com", "org_42", "signature_invalid"],
    HS512: ["jane@example.com", "org_42", "signature_invalid"],
    RS256: ["jane@example.com", "k1", "signature_invalid"],
    ES256: ["jane@example.com", "k1", "signature_invalid"],
    decode: true,
    none: "unsupported_algorithm",
    backToBack: true,
  });
});

test("10,000 hostile inputs in the browser: no trap, and the instance still answers", async () => {
  const r = await page.evaluate(() => {
    const { ik } = globalThis;
    let seed = 0x5eed;
    const rand = () => ((seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32);
    const pick = (list) => list[Math.floor(rand() * list.length)];
    const str = (n) => Array.from({ length: Math.floor(rand() * n) }, () => String.fromCharCode(Math.floor(rand() * 0x10000))).join("");
    const cyclic = {}; cyclic.self = cyclic;
    const values = () => pick([
      () => str(64), () => str(2000), () => "a".repeat(1 << 20), () => "\uD800@\uDC00.com", () => undefined, () => null,
      () => 42, () => NaN, () => 10n, () => [], () => cyclic, () => ({ templates: [str(10), str(3000)] }),
      () => new Proxy({}, { get() { throw new Error("hostile getter"); } }), () => ({ now: Infinity }),
      () => `${btoa('{"alg":"HS256"}')}.${btoa("[".repeat(3000) + "]".repeat(3000))}.`, () => Symbol("s"),
    ])();
    const calls = [
      () => ik.capabilities(values()), () => ik.validateEmail(values()), () => ik.emailsMatch(values(), values()),
      () => ik.parseInviteLink(values(), values()), () => ik.buildInviteLink(values(), values()),
      () => ik.decodeInviteToken(values(), values()), () => ik.validateInvitation(pick([...ik.PROVIDERS, str(5)]), values(), values()),
      () => ik.checkAcceptance(values(), values()),
    ];
    const seen = { returned: 0, inviteError: 0, typeError: 0, trapped: 0, other: 0 };
    for (let i = 0; i < 10_000; i++) {
      try { calls[i % calls.length](); seen.returned++; } catch (e) {
        if (e instanceof WebAssembly.RuntimeError) seen.trapped++;
        else if (e instanceof ik.InviteError) seen.inviteError++;
        else if (e instanceof TypeError || e instanceof RangeError || /hostile/.test(e?.message)) seen.typeError++;
        else seen.other++;
      }
    }
    seen.stillCorrect = ik.validateEmail("Jane@Bücher.de").normalized === "Jane@xn--bcher-kva.de" && ik.parseInviteLink("https://a.dev/?invitation_token=t").value === "t";
    return seen;
  });
  assert.equal(r.trapped, 0);
  assert.equal(r.other, 0);
  assert.ok(r.returned > 300 && r.inviteError > 1000, JSON.stringify(r));
  assert.equal(r.stillCorrect, true);
});

test("e-mail domains: invitekit equals new URL() over the generated corpus (Chromium)", async () => {
  const { counts, mismatches } = await page.evaluate(async () => {
    const { differential } = await import("/support/domain-corpus.mjs");
    return differential(globalThis.ik);
  });
  console.log(`# email differential (chromium): ${JSON.stringify(counts)}`);
  assert.deepEqual(mismatches, []);
  assert.equal(counts.mismatches, 0);
  assert.equal(counts.emailsMatchFailures, 0);
  assert.ok(counts.domains > 1000 && counts.sameHost > 300 && counts.bothRefused > 100, JSON.stringify(counts));
});
