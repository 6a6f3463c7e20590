// client.get() round trip against a raw fetch() of the same URL plus JSON.parse, on a loopback
// server, alternating batch by batch in one process, median of several rounds. For context, the
// same run also measures two peers that, like invitekit, put a per-request timeout on fetch:
// a raw fetch with an AbortController and a timer, and `ky` (timeout 10 s, no retries).
import { createServer } from "node:http";
import ky from "ky";
import * as ik from "invitekit";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const BATCH = Number(process.env.BENCH_BATCH ?? 200);
const body = JSON.stringify({
  url: "http://x/api/v1/invitations/i1/", id: "6e2f6c1a-77a5-4e0b-9a8a-0c1f2e3d4b5a", email: "jane@example.com", role: "VIEWER",
  inviter: "http://x/api/v1/users/u1/", inviter_name: "The Boss", state: "pending", state_detail: "", membership: null,
  organization: "http://x/api/v1/organizations/o1/",
});
const server = createServer((req, res) => { res.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) }); res.end(body); });
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const base = `http://127.0.0.1:${server.address().port}`;
const url = `${base}/api/v1/invitations/6e2f6c1a-77a5-4e0b-9a8a-0c1f2e3d4b5a/`;

const headers = { accept: "application/json", authorization: "Api-Key ct_bench_key" };
const client = new ik.InviteClient({ provider: "cloudtruth", baseUrl: base, auth: { apiKey: "ct_bench_key" } });
const cases = {
  "invitekit client.get()": () => client.get("6e2f6c1a-77a5-4e0b-9a8a-0c1f2e3d4b5a"),
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
