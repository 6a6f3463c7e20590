// Load test of the invite-link worker on workerd against its pure-JS twin (jose + fetch), in
// the same run, on loopback only: the preview path and the accept path at a fixed
// concurrency, each case bounded in time. Prints req/s, p50, p99 and errors side by side.
import autocannon from "autocannon";
import { startWorker } from "../tests/edge/harness.mjs";
import { CREDENTIALS, SANDBOX_PATHS } from "../www/people.mjs";
import { cpuMicros, startSandbox, workerdPids } from "./shared.mjs";

const SECONDS = Math.min(Number(process.env.EDGE_BENCH_SECONDS ?? 8), 30);
const CONNECTIONS = Number(process.env.EDGE_BENCH_CONNECTIONS ?? 8);

const { site, proc: sandboxProc } = await startSandbox();

const env = {
  INVITEKIT_PROVIDERS: JSON.stringify({ cloudtruth: { baseUrl: site + SANDBOX_PATHS.cloudtruth, auth: CREDENTIALS.cloudtruth.admin } }),
  CSRF_SECRET: "bench-csrf-secret-0001", ALLOWED_REDIRECTS: JSON.stringify(["https://app.example.com/welcome"]),
  SIGNED_IN_HEADER: "x-signed-in-email", FORWARD_USER_AUTH: "true", LOG: "off",
};
// CPU time of each worker's workerd process per request, from /proc (Linux): steadier than
// throughput on a small shared machine, where the load generator and the sandbox compete for
// the same cores. Each Miniflare instance runs its own workerd; the new pids are its.
const workers = {};
for (const [name, file, options] of [["invitekit", "www/edge/worker.mjs"], ["pure-JS twin", "www/edge/twin.mjs", { packages: ["jose"] }]]) {
  const before = new Set(workerdPids());
  workers[name] = await startWorker(file, env, options);
  workers[name].pids = workerdPids().filter((p) => !before.has(p));
}
const user = { authorization: "Bearer cloudtruth-user-alice@example.com", "x-signed-in-email": "alice@example.com", accept: "application/json" };
const link = `${site}/join/cloudtruth/id/33333331-4444-4555-8666-000000000001`;

async function bulk(n) {
  const res = await fetch(`${site}/sandbox/_bulk`, { method: "POST", body: JSON.stringify({ provider: "cloudtruth", count: n, email: "alice@example.com" }) });
  return res.json();
}

function run(url, requests) {
  return new Promise((ok, fail) => {
    autocannon({ url, connections: CONNECTIONS, duration: SECONDS, requests }, (err, r) => (err ? fail(err) : ok(r)));
  });
}

async function preview(w) {
  return run(w.url, [{ method: "GET", path: `/invite?link=${encodeURIComponent(link)}`, headers: user }]);
}

async function accept(w) {
  // The same sandbox for each worker: reset, then as many fresh invitations as it can use.
  await fetch(`${site}/sandbox/_reset`, { method: "POST" });
  const ids = await bulk(20_000);
  let i = 0;
  const origin = new URL(w.url).origin;
  return run(w.url, [{
    method: "POST", path: "/invite/accept",
    headers: { ...user, origin, "content-type": "application/x-www-form-urlencoded" },
    setupRequest(req) {
      const { id } = ids[i++ % ids.length];
      return { ...req, body: new URLSearchParams({ link: `${site}/join/cloudtruth/id/${id}`, redirect: "https://app.example.com/welcome" }).toString() };
    },
  }]);
}

const row = (name, r) => ({ name, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts + r.non2xx, total: r.requests.total });
const results = [];
for (const [label, fn] of [["preview", preview], ["accept", accept]]) {
  // Warm both up, then measure them one after the other.
  for (const w of Object.values(workers)) await run(w.url, [{ method: "GET", path: `/invite?link=${encodeURIComponent(link)}`, headers: user }]).catch(() => null);
  for (const [name, w] of Object.entries(workers)) {
    const t0 = cpuMicros(w.pids);
    const r = row(name, await fn(w));
    results.push({ label, ...r, cpu: w.pids.length ? (cpuMicros(w.pids) - t0) / r.total : NaN });
  }
}

console.log(`edge load test: ${CONNECTIONS} connections, ${SECONDS} s per case, loopback, workerd via miniflare`);
console.log(`${"case".padEnd(8)} ${"worker".padEnd(14)} ${"req/s".padStart(8)} ${"p50 ms".padStart(7)} ${"p99 ms".padStart(7)} ${"errors".padStart(7)} ${"requests".padStart(9)} ${"workerd CPU us/req".padStart(19)}`);
for (const r of results) console.log(`${r.label.padEnd(8)} ${r.name.padEnd(14)} ${r.rps.toFixed(0).padStart(8)} ${String(r.p50).padStart(7)} ${String(r.p99).padStart(7)} ${String(r.errors).padStart(7)} ${String(r.total).padStart(9)} ${(Number.isFinite(r.cpu) ? r.cpu.toFixed(0) : "n/a").padStart(19)}`);
for (const label of ["preview", "accept"]) {
  const [a, b] = results.filter((r) => r.label === label);
  console.log(`RATIO ${label}: invitekit / twin throughput = ${(a.rps / b.rps).toFixed(2)}x (target >= 0.90x, zero errors: ${a.errors === 0 ? "yes" : "NO"})`);
  if (Number.isFinite(a.cpu) && Number.isFinite(b.cpu)) console.log(`  (${label}: workerd CPU per request, invitekit / twin = ${(a.cpu / b.cpu).toFixed(2)}x)`);
}
for (const w of Object.values(workers)) await w.mf.dispose();
sandboxProc.kill();
