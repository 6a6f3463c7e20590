// Runs www/edge/probe.mjs in workerd and prints workerd's CPU time per operation (from /proc:
// Linux only), the operations alternating over several rounds, medians. See the README's
// benchmark section: these are the workerd figures behind "Why the unmet targets look out of
// reach here".
import { execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { startWorker } from "../tests/edge/harness.mjs";
import { SANDBOX_PATHS } from "../www/people.mjs";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const sandboxProc = spawn(process.execPath, ["www/server.mjs"], { env: { ...process.env, PORT: "0" }, stdio: ["ignore", "pipe", "inherit"] });
const site = await new Promise((ok, fail) => {
  let out = "";
  sandboxProc.stdout.on("data", (d) => { out += d; const m = out.match(/invitekit demo: (http:\/\/\S+)\//); if (m) ok(m[1]); });
  sandboxProc.on("exit", () => fail(new Error("sandbox exited")));
});
sandboxProc.stdout.resume();
const workerdPids = () => execFileSync("ps", ["-e", "-o", "pid=,comm="]).toString().trim().split("\n")
  .map((l) => l.trim().split(/\s+/)).filter(([, comm]) => comm?.includes("workerd")).map(([pid]) => pid);
const cpuTicks = (pids) => pids.reduce((sum, pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return sum + Number(fields[11]) + Number(fields[12]);
}, 0);
const before = new Set(workerdPids());
const w = await startWorker("www/edge/probe.mjs", { INVITEKIT_PROVIDERS: JSON.stringify({ cloudtruth: { baseUrl: site + SANDBOX_PATHS.cloudtruth } }) });
const pids = workerdPids().filter((p) => !before.has(p));
const ops = { queueMicrotask10: 30000, promiseJob10: 30000, stubAttempt: 30000, stubGet: 30000, realAttempt: 5000, realGet: 5000 };
const samples = Object.fromEntries(Object.keys(ops).map((op) => [op, []]));
for (const [op, n] of Object.entries(ops)) await (await fetch(`${w.url}?op=${op}&n=${Math.min(n, 2000)}`)).text();
for (let r = 0; r < ROUNDS; r++) {
  for (const [op, n] of Object.entries(ops)) {
    const t0 = cpuTicks(pids);
    const res = await fetch(`${w.url}?op=${op}&n=${n}`);
    if ((await res.text()) !== "ok") throw new Error(`${op} failed`);
    samples[op].push(((cpuTicks(pids) - t0) * 10_000) / n); // USER_HZ 100: a tick is 10 ms
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const m = Object.fromEntries(Object.entries(samples).map(([op, v]) => [op, median(v)]));
console.log(`workerd CPU per operation (median of ${ROUNDS} rounds, us)`);
for (const [op, us] of Object.entries(m)) console.log(`  ${op.padEnd(18)} ${us.toFixed(1).padStart(7)}`);
console.log(`  client.get - attempt(): ${(m.stubGet - m.stubAttempt).toFixed(1)} us with a stub fetch, ${(m.realGet - m.realAttempt).toFixed(1)} us with the real upstream`);
await w.mf.dispose();
sandboxProc.kill();
