// client.get() round trip against a raw fetch() of the same URL plus JSON.parse, on a loopback
// server, alternating batch by batch in one process, median of several rounds. For context, the
// same run also measures two peers that, like invitekit, put a per-request timeout on fetch:
// a raw fetch with an AbortController and a timer, and `ky` (timeout 10 s, no retries).
import ky from "ky";
import * as ik from "invitekit";
import { invitationServer } from "./shared.mjs";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const BATCH = Number(process.env.BENCH_BATCH ?? 200);
const server = await invitationServer();
const { url, headers } = server;
const client = new ik.InviteClient({ provider: "cloudtruth", baseUrl: server.base, auth: server.auth });
const cases = {
  "invitekit client.get()": () => client.get(server.id),
  "raw fetch() + JSON.parse": async () => JSON.parse(await (await fetch(url, { headers })).text()),
  "raw fetch() + timeout signal": async () => {
    const c = new AbortController();
    const timer = setTimeout(() => c.abort(), 10_000);
    try { return JSON.parse(await (await fetch(url, { headers, signal: c.signal })).text()); } finally { clearTimeout(timer); }
  },
  "ky.get().json()": () => ky.get(url, { headers, timeout: 10_000, retry: 0 }).json(),
};
const samples = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
for (let i = 0; i < 300; i++) for (const fn of Object.values(cases)) await fn();
for (let r = 0; r < ROUNDS; r++) {
  for (const [name, fn] of Object.entries(cases)) {
    const t = performance.now();
    for (let i = 0; i < BATCH; i++) await fn();
    samples[name].push(((performance.now() - t) * 1000) / BATCH);
  }
}
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const med = Object.fromEntries(Object.keys(cases).map((k) => [k, median(samples[k])]));
const raw = med["raw fetch() + JSON.parse"];
console.log(`client round trip on loopback (${ROUNDS} rounds of ${BATCH}, alternating, medians)`);
for (const [name, us] of Object.entries(med)) console.log(`  ${name.padEnd(30)} ${us.toFixed(1).padStart(8)} us/op  ${(us / raw).toFixed(2)}x`);
console.log(`  RATIO client.get / raw fetch = ${(med["invitekit client.get()"] / raw).toFixed(2)}x (target <= 1.10x)`);
server.close();
