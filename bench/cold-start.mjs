// Cold start: what a fresh process or page pays before its first answer, per artifact: compile
// the .wasm, instantiate it through its ESM glue (initSync), and make a first parseInviteLink
// call. In Node each sample is a new process; in Chromium a new browser context. The figure is
// the median of the samples, in ms.
//   node bench/cold-start.mjs [pkg dir ...]   (default: this repository's pkg/)
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const SAMPLES = 15;
const LINK = "https://app.example.com/accept?invitation_token=tok_123";
const dirs = (process.argv.slice(2).length ? process.argv.slice(2) : [fileURLToPath(new URL("../pkg", import.meta.url))]).map((d) => resolve(d));

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

// The same in headless Chromium: per sample a new browser context (its own renderer, HTTP cache
// and module map) loads a blank page from a loopback server, fetches the .wasm bytes, then times
// WebAssembly.compile, the glue's import + initSync, and the first call, in the page.
const CHROMIUM = "/usr/bin/chromium";
if (!existsSync(CHROMIUM)) {
  console.log(`\ncold start in Chromium: skipped (${CHROMIUM} is not installed; bash scripts/setup.sh installs it)`);
} else {
  const { chromium } = await import("playwright-core");
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (path === "/") { res.writeHead(200, { "Content-Type": "text/html" }); res.end("<!doctype html><title>cold start</title>"); return; }
    const [, index, ...rest] = path.split("/");
    const root = dirs[Number(index)];
    const file = root && normalize(join(root, "dist", ...rest));
    if (!file || !file.startsWith(resolve(root, "dist"))) { res.writeHead(404); res.end(); return; }
    try {
      const body = await readFile(file);
      res.writeHead(200, { "Content-Type": file.endsWith(".wasm") ? "application/wasm" : "text/javascript", "Cache-Control": "no-store" });
      res.end(body);
    } catch { res.writeHead(404); res.end(); }
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"] });
  try {
    console.log(`\ncold start in Chromium (new browser context each, median of ${SAMPLES}; ms)`);
    console.log(`  ${"artifact".padEnd(40)} compile  instantiate  first call  total`);
    for (const [index, dir] of dirs.entries()) {
      for (const name of ["invitekit", "invitekit_core"]) {
        if (!existsSync(resolve(dir, "dist", `${name}.mjs`))) continue;
        const runs = [];
        for (let i = 0; i < SAMPLES; i++) {
          const context = await browser.newContext();
          const page = await context.newPage();
          await page.goto(base + "/");
          runs.push(await page.evaluate(async ({ glueUrl, wasmUrl, link }) => {
            const bytes = await (await fetch(wasmUrl)).arrayBuffer();
            const t0 = performance.now();
            const module = await WebAssembly.compile(bytes);
            const t1 = performance.now();
            const glue = await import(glueUrl);
            glue.initSync({ module });
            const t2 = performance.now();
            const parsed = glue.parseInviteLink(link);
            const t3 = performance.now();
            if (parsed.value !== "tok_123") throw new Error("wrong answer");
            return [t1 - t0, t2 - t1, t3 - t2, t3 - t0];
          }, { glueUrl: `${base}/${index}/${name}.mjs`, wasmUrl: `${base}/${index}/${name}_bg.wasm`, link: LINK }));
          await context.close();
        }
        const [c, inst, first, total] = [0, 1, 2, 3].map((k) => median(runs.map((r) => r[k])));
        const label = `${name} (${dir})`;
        console.log(`  ${label.padEnd(40)} ${c.toFixed(2).padStart(7)}  ${inst.toFixed(2).padStart(11)}  ${first.toFixed(2).padStart(10)}  ${total.toFixed(2).padStart(5)}`);
      }
    }
  } finally {
    await browser.close();
    server.close();
  }
}
