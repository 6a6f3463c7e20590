// Runs www/edge/probe.mjs in workerd and prints workerd's CPU time per operation (from /proc:
// Linux only), the operations alternating over several rounds, medians. See the README's
// benchmark section: these are the workerd figures behind "Why the unmet targets look out of
// reach here".
import { startWorker } from "../tests/edge/harness.mjs";
import { SANDBOX_PATHS } from "../www/people.mjs";
import { cpuMicros, startSandbox, workerdPids } from "./shared.mjs";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const { site, proc: sandboxProc } = await startSandbox();
const before = new Set(workerdPids());
const w = await startWorker("www/edge/probe.mjs", { INVITEKIT_PROVIDERS: JSON.stringify({ cloudtruth: { baseUrl: site + SANDBOX_PATHS.cloudtruth } }) });
const pids = workerdPids().filter((p) => !before.has(p));
const ops = { queueMicrotask10: 30000, promiseJob10: 30000, stubAttempt: 30000, stubGet: 30000, realAttempt: 5000, realGet: 5000 };
const samples = Object.fromEntries(Object.keys(ops).map((op) => [op, []]));
for (const [op, n] of Object.entries(ops)) await (await fetch(`${w.url}?op=${op}&n=${Math.min(n, 2000)}`)).text();
for (let r = 0; r < ROUNDS; r++) {
  for (const [op, n] of Object.entries(ops)) {
    const t0 = cpuMicros(pids);
    const res = await fetch(`${w.url}?op=${op}&n=${n}`);
    if ((await res.text()) !== "ok") throw new Error(`${op} failed`);
    samples[op].push((cpuMicros(pids) - t0) / n);
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const m = Object.fromEntries(Object.entries(samples).map(([op, v]) => [op, median(v)]));
console.log(`workerd CPU per operation (median of ${ROUNDS} rounds, us)`);
for (const [op, us] of Object.entries(m)) console.log(`  ${op.padEnd(18)} ${us.toFixed(1).padStart(7)}`);
console.log(`  client.get - attempt(): ${(m.stubGet - m.stubAttempt).toFixed(1)} us with a stub fetch, ${(m.realGet - m.realAttempt).toFixed(1)} us with the real upstream`);
await w.mf.dispose();
sandboxProc.kill();
