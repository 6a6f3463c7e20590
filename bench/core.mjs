// Core benchmarks: invitekit against the JS peers users would otherwise pick, measured in one
// Node process, peers alternating batch by batch, median of several rounds. Prints ns/op and
// the ratio to the named baseline (lower is better; 1.00x = as fast as the baseline).
import * as jose from "jose";
import { jwtDecode } from "jwt-decode";
import * as ik from "invitekit";
import { SECRET as secret, minimalDecode, signToken } from "./shared.mjs";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);

// Warms every case up (alternating, ~`warmMs` in all: wasm and JS code reach their optimised
// tiers), then calls each in batches sized to take ~`ms`; returns the median ns per call.
async function measure(cases, { ms = 20, rounds = ROUNDS, warmMs = 1500 } = {}) {
  for (const until = performance.now() + warmMs; performance.now() < until;) {
    for (const fn of Object.values(cases)) for (let i = 0; i < 50; i++) await fn();
  }
  const sizes = {};
  for (const [name, fn] of Object.entries(cases)) {
    let n = 1;
    for (;;) {
      const t = performance.now();
      for (let i = 0; i < n; i++) await fn();
      if (performance.now() - t > ms / 4 || n > 1e6) break;
      n *= 2;
    }
    sizes[name] = n * 4;
  }
  const samples = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  for (let r = 0; r < rounds; r++) {
    for (const [name, fn] of Object.entries(cases)) {
      const n = sizes[name];
      const t = performance.now();
      for (let i = 0; i < n; i++) await fn();
      samples[name].push(((performance.now() - t) * 1e6) / n);
    }
  }
  const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
}

function report(title, results, ours, baseline) {
  console.log(`\n${title}`);
  for (const [name, ns] of Object.entries(results)) {
    const ratio = ns / results[baseline];
    console.log(`  ${name.padEnd(44)} ${ns.toFixed(0).padStart(8)} ns/op  ${ratio.toFixed(2)}x ${name === baseline ? "(baseline)" : ""}`);
  }
  const ratio = results[ours] / results[baseline];
  console.log(`  RATIO ${ours} / ${baseline} = ${ratio.toFixed(2)}x`);
  return ratio;
}

// A ~400-byte token and a ~480-byte link, as the targets name.
const hs256 = await signToken();
const ec = await jose.generateKeyPair("ES256", { extractable: true });
const es256 = await signToken({ alg: "ES256", typ: "JWT", kid: "k1" }, ec.privateKey);
const ecJwk = { ...(await jose.exportJWK(ec.publicKey)), kid: "k1" };
const link = `https://app.example.com/accept-invitation?invitation_token=${hs256.slice(0, 350)}&utm_source=email&utm_medium=invite&utm_campaign=team-onboarding&lang=en`;

console.log(`token: ${hs256.length} bytes (HS256), ${es256.length} bytes (ES256); link: ${link.length} bytes`);


const ratios = {};
ratios.decode = report("decode a token (no verification)", await measure({
  "invitekit.decodeInviteToken": () => ik.decodeInviteToken(hs256),
  "minimal JS (split + base64url + JSON.parse)": () => minimalDecode(hs256),
  "jose.decodeJwt": () => jose.decodeJwt(hs256),
  "jwt-decode": () => jwtDecode(hs256),
}), "invitekit.decodeInviteToken", "minimal JS (split + base64url + JSON.parse)");

const hmacKey = await crypto.subtle.importKey("raw", secret, { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
const ecKey = await crypto.subtle.importKey("jwk", ecJwk, { name: "ECDSA", namedCurve: "P-256" }, false, ["verify"]);
const rawVerify = async (token, key, params) => {
  const i = token.lastIndexOf(".");
  const sig = Buffer.from(token.slice(i + 1), "base64url");
  return crypto.subtle.verify(params, key, sig, new TextEncoder().encode(token.slice(0, i)));
};
const joseHmac = secret;
const joseEc = await jose.importJWK(ecJwk, "ES256");
for (const [alg, token, ikKey, rawKey, params, joseKey] of [
  ["HS256", hs256, { secret }, hmacKey, { name: "HMAC" }, joseHmac],
  ["ES256", es256, { jwk: ecJwk }, ecKey, { name: "ECDSA", hash: "SHA-256" }, joseEc],
]) {
  ratios[`verify ${alg}`] = report(`verify a ${alg} token`, await measure({
    "invitekit.verifyInviteToken": () => ik.verifyInviteToken(token, ikKey, { algorithms: [alg] }),
    "raw crypto.subtle.verify (cached key)": () => rawVerify(token, rawKey, params),
    "jose.jwtVerify": () => jose.jwtVerify(token, joseKey, { algorithms: [alg] }),
  }), "invitekit.verifyInviteToken", "raw crypto.subtle.verify (cached key)");
}

ratios.link = report("parse an invite link", await measure({
  "invitekit.parseInviteLink": () => ik.parseInviteLink(link),
  "new URL(link).searchParams.get(...)": () => new URL(link).searchParams.get("invitation_token"),
}), "invitekit.parseInviteLink", "new URL(link).searchParams.get(...)");

console.log("\ncore summary (targets: decode <= 1.20x, verify <= 1.10x, link <= 1.00x):");
for (const [k, v] of Object.entries(ratios)) console.log(`  ${k.padEnd(14)} ${v.toFixed(2)}x`);
