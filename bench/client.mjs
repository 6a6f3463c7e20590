// client.get() round trip against a raw fetch() of the same URL plus JSON.parse, on a loopback
// server, alternating batch by batch in one process, median of several rounds.
import { createServer } from "node:http";
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

const client = new ik.InviteClient({ provider: "cloudtruth", baseUrl: base, auth: { apiKey: "ct_bench_key" } });
const cases = {
  "invitekit client.get()": () => client.get("6e2f6c1a-77a5-4e0b-9a8a-0c1f2e3d4b5a"),
  "raw fetch() + JSON.parse": async () => JSON.parse(await (await fetch(url, { headers: { accept: "application/json", authorization: "Api-Key ct_bench_key" } })).text()),
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
const [ours, raw] = Object.keys(cases).map((k) => median(samples[k]));
console.log(`client round trip on loopback (${ROUNDS} rounds of ${BATCH}, alternating, medians)`);
console.log(`  invitekit client.get()      ${ours.toFixed(1).padStart(8)} us/op`);
console.log(`  raw fetch() + JSON.parse    ${raw.toFixed(1).padStart(8)} us/op`);
console.log(`  RATIO client.get / raw fetch = ${(ours / raw).toFixed(2)}x (target <= 1.10x)`);
server.close();
