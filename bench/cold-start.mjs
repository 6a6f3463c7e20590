// Cold start in Node: what a fresh process pays before its first answer, per artifact: compile
// the .wasm, instantiate it through its ESM glue (initSync), and make a first parseInviteLink
// call. Each sample is a new process; the figure is the median of the samples, in ms.
//   node bench/cold-start.mjs [pkg dir ...]   (default: this repository's pkg/)
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

const SAMPLES = 15;
const LINK = "https://app.example.com/accept?invitation_token=tok_123";
const dirs = process.argv.slice(2).length ? process.argv.slice(2) : [fileURLToPath(new URL("../pkg", import.meta.url))];

const probe = (glue, wasm) => `
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
const bytes = readFileSync(${JSON.stringify(wasm)});
const t0 = performance.now();
const module = new WebAssembly.Module(bytes);
const t1 = performance.now();
const glue = await import(${JSON.stringify(glue)});
glue.initSync({ module });
const t2 = performance.now();
const link = glue.parseInviteLink(${JSON.stringify(LINK)});
const t3 = performance.now();
if (link.value !== "tok_123") throw new Error("wrong answer");
console.log(JSON.stringify([t1 - t0, t2 - t1, t3 - t2, t3 - t0]));
`;

const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`cold start in Node (new process each, median of ${SAMPLES}; ms)`);
console.log(`  ${"artifact".padEnd(40)} compile  instantiate  first call  total`);
for (const dir of dirs) {
  for (const name of ["invitekit", "invitekit_core"]) {
    const glue = resolve(dir, "dist", `${name}.mjs`), wasm = resolve(dir, "dist", `${name}_bg.wasm`);
    if (!existsSync(glue) || !existsSync(wasm)) continue;
    const runs = [];
    for (let i = 0; i < SAMPLES; i++) {
      runs.push(JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", probe(glue, wasm)], { encoding: "utf8" })));
    }
    const [c, inst, first, total] = [0, 1, 2, 3].map((k) => median(runs.map((r) => r[k])));
    const label = `${name} (${dir})`;
    console.log(`  ${label.padEnd(40)} ${c.toFixed(2).padStart(7)}  ${inst.toFixed(2).padStart(11)}  ${first.toFixed(2).padStart(10)}  ${total.toFixed(2).padStart(5)}`);
  }
}
