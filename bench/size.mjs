// The weight of each artifact as a page or a worker pays it: its .wasm, its ESM glue and the
// runtime they share, each compressed with gzip level 9 (Node's zlib, so the counts are the same
// on every machine), summed. Printed by bench/run.sh; tests/size/budget.test.mjs checks them.
//   node bench/size.mjs
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";

const dist = fileURLToPath(new URL("../pkg/dist/", import.meta.url));

/** Each artifact: what it loads, the issue's budget for it, and the ceiling the tests hold it
 *  to until the budget is met (today's size, so that it cannot grow unnoticed). */
export const ARTIFACTS = [
  { name: "invitekit", files: ["invitekit_bg.wasm", "invitekit.mjs", "runtime.mjs"], budget: 100 * 1024, ceiling: 162 * 1024 },
  { name: "invitekit/core", files: ["invitekit_core_bg.wasm", "invitekit_core.mjs", "runtime.mjs"], budget: 40 * 1024, ceiling: 70 * 1024 },
];

/** Raw and gzip -9 bytes of each file of `artifact`, and their sums. */
export function measure(artifact) {
  const files = artifact.files.map((file) => {
    const bytes = readFileSync(dist + file);
    return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
  const sum = (k) => files.reduce((a, f) => a + f[k], 0);
  return { files, raw: sum("raw"), gzip: sum("gzip") };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  for (const artifact of ARTIFACTS) {
    const m = measure(artifact);
    console.log(`${artifact.name}: ${m.raw} B raw, ${m.gzip} B gzip -9 (${kb(m.gzip)}); budget ${kb(artifact.budget)}: ${m.gzip <= artifact.budget ? "met" : `not met, ${kb(m.gzip - artifact.budget)} over`}`);
    for (const f of m.files) console.log(`  ${f.file.padEnd(26)} ${String(f.raw).padStart(8)} ${String(f.gzip).padStart(8)}`);
  }
}
