// Floors: what the unmet targets leave for invitekit's own work, measured in the same process
// as the targets' baselines (README, "Why the unmet targets look out of reach here").
//  - decode: the minimal JS decode against the JS half of decodeInviteToken alone (the token
//    copied in, the result text decoded, the result object and its claims' JSON.parse, with no
//    wasm work at all) and against the cheapest wasm call with two strings (emailsMatch).
//  - client: raw fetch against the same fetch with only a per-attempt timeout signal, against
//    runtime.js's attempt() (the client's one fetch call), and against attempt() with ~30 us of
//    unrelated work between requests, to show how much such work costs next to I/O.
// Each case alternates with the others batch by batch; medians of several rounds.
import * as ik from "invitekit";
import * as rt from "../pkg/dist/runtime.mjs";
import { invitationServer, minimalDecode, signToken } from "./shared.mjs";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 11);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(cases, batch, rounds = ROUNDS) {
  for (let i = 0; i < batch; i++) for (const fn of Object.values(cases)) await fn();
  const samples = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  for (let r = 0; r < rounds; r++) {
    for (const [name, fn] of Object.entries(cases)) {
      const t = performance.now();
      for (let i = 0; i < batch; i++) await fn();
      samples[name].push(((performance.now() - t) * 1e6) / batch);
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
}

function report(title, results, baseline, unit = "ns") {
  console.log(`\n${title}`);
  for (const [name, ns] of Object.entries(results)) {
    const shown = unit === "us" ? (ns / 1000).toFixed(1) : ns.toFixed(0);
    console.log(`  ${name.padEnd(58)} ${shown.padStart(8)} ${unit}/op  ${(ns / results[baseline]).toFixed(2)}x`);
  }
}

// The decode case of bench/core.mjs: the same ~400-byte token.
const token = await signToken();
// decodeInviteToken's own result, as the text and lengths the wasm side hands to decodedToken.
const d = ik.decodeInviteToken(token);
const parts = [JSON.stringify(d.claims), d.header.alg, d.header.typ, d.header.kid, d.email, d.organization, d.expiresAt, d.notBefore, d.issuedAt, ...d.roles];
const resultBytes = new TextEncoder().encode(parts.map((p) => p ?? "").join(""));
const lengths = new Uint32Array(parts.map((p) => (p == null ? 0 : p.length + 1)));
const scratch = new Uint8Array(16 * 1024);
const utf8 = new TextDecoder();
const decode = await measure({
  "minimal JS decode (the target's baseline)": () => minimalDecode(token),
  "JS half of decodeInviteToken, no wasm work": () => {
    rt.readString(token, scratch);
    return rt.decodedToken(utf8.decode(resultBytes), lengths, false, false);
  },
  "emailsMatch (a wasm call with two short strings)": () => ik.emailsMatch("a@b.co", "a@b.co"),
  "invitekit.decodeInviteToken": () => ik.decodeInviteToken(token),
}, 20000);
report("decode floor (target: decodeInviteToken <= 1.20x the minimal JS decode)", decode, "minimal JS decode (the target's baseline)");

// The client case of bench/client.mjs: the same loopback server and body.
const server = await invitationServer();
const { url, headers } = server;
const flat = Object.entries(headers).flat();
const client = new ik.InviteClient({ provider: "cloudtruth", baseUrl: server.base, auth: server.auth });
const attempt = async () => JSON.parse((await rt.attempt(undefined, "GET", url, flat, undefined, 10_000, 4 * 1024 * 1024, undefined)).body);
const work = () => { for (let i = 0; i < 8; i++) minimalDecode(token); };
const workAlone = await measure({ work: async () => work() }, 2000, 5);
const client_ = await measure({
  "raw fetch() + JSON.parse (the target's baseline)": async () => JSON.parse(await (await fetch(url, { headers })).text()),
  "the same with only a timeout signal": async () => {
    const c = new AbortController();
    const timer = setTimeout(() => c.abort(), 10_000);
    try { return JSON.parse(await (await fetch(url, { headers, signal: c.signal })).text()); } finally { clearTimeout(timer); }
  },
  "runtime.js attempt() alone (the client's fetch call)": attempt,
  [`attempt() + ${(workAlone.work / 1000).toFixed(0)} us of JS work between requests`]: async () => { work(); return attempt(); },
  "invitekit client.get()": () => client.get(server.id),
}, 200);
report("client floor (target: client.get <= 1.10x raw fetch)", client_, "raw fetch() + JSON.parse (the target's baseline)", "us");
server.close();
