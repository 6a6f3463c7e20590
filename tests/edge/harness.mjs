// Runs an edge worker in workerd (through miniflare) with `invitekit` resolved the way a
// bundler resolves it for Workers: the package's `workerd` export condition, its relative
// modules, and the .wasm as a compiled module.
import { readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Miniflare } from "miniflare";

const root = fileURLToPath(new URL("../../", import.meta.url));
const pkg = join(root, "pkg");

/** The package's modules, named as seen from `dir` (workerd resolves a bare `invitekit`
 *  relative to the importing module's folder). */
export function invitekitModules(dir) {
  const manifest = JSON.parse(readFileSync(join(pkg, "package.json"), "utf8"));
  const condition = manifest.exports["."].workerd;
  const entry = typeof condition === "string" ? condition : condition?.default;
  if (!entry) throw new Error("pkg/package.json has no workerd export");
  const entrySource = readFileSync(join(pkg, entry), "utf8");
  const modules = [{ type: "ESModule", path: join(dir, "invitekit"), contents: entrySource }];
  // The entry's relative imports, and theirs, as the package ships them.
  const seen = new Set();
  const visit = (file, source) => {
    for (const m of source.matchAll(/(?:from|import(?:\s+source)?\s+\w*\s*from|import)\s*["'](\.[^"']+)["']/g)) {
      const target = resolve(dirname(file), m[1]);
      if (seen.has(target)) continue;
      seen.add(target);
      const rel = target.slice(pkg.length + 1);
      if (target.endsWith(".wasm")) {
        modules.push({ type: "CompiledWasm", path: join(dir, rel), contents: readFileSync(target) });
      } else {
        const src = readFileSync(target, "utf8");
        modules.push({ type: "ESModule", path: join(dir, rel), contents: src });
        visit(target, src);
      }
    }
  };
  visit(join(pkg, entry), entrySource);
  return modules;
}

/** An npm package's ESM module graph (its "default" export and every relative import),
 *  named `<dir>/<name>` and `<dir>/<name>__/<file>` for workerd. */
export function packageModules(dir, name) {
  const base = join(root, "node_modules", name);
  const manifest = JSON.parse(readFileSync(join(base, "package.json"), "utf8"));
  const entry = join(base, manifest.exports["."].default);
  const modules = [];
  const named = (file) => (file === entry ? join(dir, name) : join(dir, `${name}__`, file.slice(base.length + 1)));
  const seen = new Set([entry]);
  const visit = (file) => {
    let src = readFileSync(file, "utf8");
    // Re-point relative imports at the names given above.
    src = src.replace(/(from\s*|import\s*\(?\s*)(["'])(\.[^"']+)\2/g, (all, lead, q, spec) => {
      const target = resolve(dirname(file), spec);
      if (!seen.has(target)) { seen.add(target); visit(target); }
      const rel = relative(dirname(named(file)), named(target));
      return `${lead}${q}${rel.startsWith(".") ? rel : "./" + rel}${q}`;
    });
    modules.push({ type: "ESModule", path: named(file), contents: src });
  };
  visit(entry);
  return modules;
}

export async function startWorker(workerFile, bindings, { packages = [], onLog } = {}) {
  const file = resolve(root, workerFile);
  const mf = new Miniflare({
    modulesRoot: root,
    modules: [
      { type: "ESModule", path: file, contents: readFileSync(file, "utf8") },
      { type: "ESModule", path: join(dirname(file), "common.mjs"), contents: readFileSync(join(dirname(file), "common.mjs"), "utf8") },
      ...invitekitModules(dirname(file)),
      ...packages.flatMap((name) => packageModules(dirname(file), name)),
    ],
    compatibilityDate: "2025-09-01",
    compatibilityFlags: ["nodejs_compat"],
    bindings,
    host: "127.0.0.1",
    port: 0,
    handleRuntimeStdio(stdout, stderr) {
      for (const stream of [stdout, stderr]) stream.on("data", (chunk) => (onLog ? onLog(String(chunk)) : process.stderr.write(chunk)));
    },
  });
  const url = await mf.ready;
  return { mf, url: String(url) };
}
