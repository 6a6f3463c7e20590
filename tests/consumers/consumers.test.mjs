// The package as its users get it: `npm pack pkg`, then `npm install <tarball>` into scratch
// projects outside the repository, one per way of consuming it. Each test is one consumer:
// Node ESM and CommonJS; TypeScript under NodeNext (ESM and CJS packages), Bundler and node10
// (CommonJS) resolution; a Vite production build and an esbuild bundle, each run in Chromium;
// `wrangler deploy --dry-run` of the edge worker, its bundle run in workerd; `invitekit/core` in
// Node, TypeScript, a Vite page and a worker. Then the ecosystem's own checks of the tarball:
// @arethetypeswrong/cli and publint. The tools are the repository's pinned devDependencies
// (package-lock.json); the scratch projects install only the tarball.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, readdirSync, rmSync, copyFileSync, existsSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join, extname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
const repo = fileURLToPath(new URL("../../", import.meta.url));
const bin = (name) => join(repo, "node_modules/.bin", name);
let work, tarball;

before(async () => {
  work = mkdtempSync(join(tmpdir(), "invitekit-consumers-"));
  const { stdout } = await run("npm", ["pack", join(repo, "pkg"), "--pack-destination", work, "--silent"], { cwd: work });
  tarball = join(work, stdout.trim().split("\n").at(-1));
  assert.ok(existsSync(tarball), `npm pack wrote no tarball: ${stdout}`);
}, { timeout: 120_000 });

after(() => { if (work && !process.env.INVITEKIT_KEEP_CONSUMERS) rmSync(work, { recursive: true, force: true }); });

/** A scratch project with `files` and the packed tarball installed. */
async function project(name, files, manifest = {}) {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: `consumer-${name}`, private: true, ...manifest }, null, 2));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(dir, file, ".."), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  await run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", tarball], { cwd: dir });
  assert.ok(existsSync(join(dir, "node_modules/invitekit/dist/invitekit_bg.wasm")), "the tarball installed no .wasm");
  return dir;
}

const LINK = "https://app.example.com/accept?invitation_token=tok_123";
const EXPECTED = { provider: null, kind: "token", value: "tok_123", organization: null, email: null, format: "workos" };

test("node ESM: import * as ik, ready with no init", async () => {
  const dir = await project("node-esm", {
    "main.mjs": `import * as ik from "invitekit";
const link = ik.parseInviteLink(${JSON.stringify(LINK)});
let code = null;
try { ik.parseInviteLink("https://example.com/"); } catch (e) { code = e instanceof ik.InviteError && e instanceof Error ? e.code : "not an InviteError"; }
console.log(JSON.stringify({ link, code, init: "init" in ik, providers: ik.PROVIDERS }));
`,
  }, { type: "module" });
  const out = JSON.parse((await run(process.execPath, ["main.mjs"], { cwd: dir })).stdout);
  assert.deepEqual(out, { link: EXPECTED, code: "invalid_link", init: false, providers: ["toggl", "jaqpot", "gencove", "cloudtruth", "logto"] });
});

test("node CommonJS: require, ready with no init", async () => {
  const dir = await project("node-cjs", {
    "main.cjs": `const ik = require("invitekit");
const link = ik.parseInviteLink(${JSON.stringify(LINK)});
console.log(JSON.stringify({ link, entry: require.resolve("invitekit").split("/").pop(), ok: ik.validateEmail("a@example.com").ok }));
`,
  });
  const out = JSON.parse((await run(process.execPath, ["main.cjs"], { cwd: dir })).stdout);
  assert.deepEqual(out, { link: EXPECTED, entry: "node.cjs", ok: true });
});

// The TypeScript consumers compile code written as the README documents each entry. Every
// `@ts-expect-error` line must be an error (tsc fails on an unused one).
const NODE_TS = `import * as ik from "invitekit";
import { InviteClient, InviteError, type Invitation, type InviteLink, type Provider } from "invitekit";

const link: InviteLink = ik.parseInviteLink(${JSON.stringify(LINK)});
const provider: Provider | null = link.provider;
const client = new InviteClient({ provider: "gencove", auth: { apiKey: "k" } });
export async function first(): Promise<Invitation | undefined> {
  try {
    return (await client.list({ status: "pending" })).items[0];
  } catch (err) {
    if (err instanceof InviteError && err.code === "rate_limited") return undefined;
    throw err;
  }
}
export function wrongUse(): void {
  // @ts-expect-error the options (and the provider in them) are required
  new InviteClient();
  // @ts-expect-error Node's entry has no init: it is ready on import
  ik.init();
}
console.log(JSON.stringify({ value: link.value, provider }));
`;
const BROWSER_TS = `import init, { parseInviteLink, InviteClient, type InviteLink } from "invitekit";

export async function main(): Promise<InviteLink> {
  await init();
  return parseInviteLink(${JSON.stringify(LINK)});
}
export function wrongUse(): void {
  // @ts-expect-error the options (and the provider in them) are required
  new InviteClient();
}
`;
const tsconfig = (compilerOptions) => JSON.stringify({
  compilerOptions: { strict: true, target: "ES2022", lib: ["ES2022", "DOM", "DOM.Iterable"], types: [], skipLibCheck: false, outDir: "out", ...compilerOptions },
  files: ["main.ts"],
});
const tsc = (dir) => run(process.execPath, [join(repo, "node_modules/typescript/bin/tsc"), "-p", dir]).catch((e) => { throw new Error(`tsc failed in ${dir}:\n${e.stdout}${e.stderr}`); });

test("typescript NodeNext, ESM package: compiles and runs", async () => {
  const dir = await project("ts-nodenext-esm", { "main.ts": NODE_TS, "tsconfig.json": tsconfig({ module: "NodeNext", moduleResolution: "NodeNext" }) }, { type: "module" });
  await tsc(dir);
  const out = JSON.parse((await run(process.execPath, ["out/main.js"], { cwd: dir })).stdout);
  assert.deepEqual(out, { value: "tok_123", provider: null });
});

test("typescript NodeNext, CommonJS package: compiles and runs", async () => {
  const dir = await project("ts-nodenext-cjs", { "main.ts": NODE_TS, "tsconfig.json": tsconfig({ module: "NodeNext", moduleResolution: "NodeNext" }) }, { type: "commonjs" });
  await tsc(dir);
  assert.match(readFileSync(join(dir, "out/main.js"), "utf8"), /require\("invitekit"\)/);
  const out = JSON.parse((await run(process.execPath, ["out/main.js"], { cwd: dir })).stdout);
  assert.deepEqual(out, { value: "tok_123", provider: null });
});

test("typescript Bundler resolution: the browser entry, with init, compiles", async () => {
  const dir = await project("ts-bundler", { "main.ts": BROWSER_TS, "tsconfig.json": tsconfig({ module: "ESNext", moduleResolution: "Bundler", noEmit: true }) }, { type: "module" });
  await tsc(dir);
});

test("typescript CommonJS (node10) resolution: compiles and runs", async () => {
  const dir = await project("ts-node10", { "main.ts": NODE_TS, "tsconfig.json": tsconfig({ module: "CommonJS", moduleResolution: "node10" }) });
  await tsc(dir);
  const out = JSON.parse((await run(process.execPath, ["out/main.js"], { cwd: dir })).stdout);
  assert.deepEqual(out, { value: "tok_123", provider: null });
});

// --- bundlers, each build run in Chromium --------------------------------------------------

const PAGE_JS = (initCall, extraImport = "") => `import init, { parseInviteLink, InviteError } from "invitekit";
${extraImport}
async function main() {
  ${initCall}
  const link = parseInviteLink(new URLSearchParams(location.search).get("link"));
  let code = null;
  try { parseInviteLink("https://example.com/"); } catch (e) { code = e instanceof InviteError ? e.code : "other"; }
  document.querySelector("#out").textContent = JSON.stringify({ link, code });
}
main().catch((e) => { document.querySelector("#out").textContent = "failed: " + e; });
`;
const MIME = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".css": "text/css" };

/** Serves `root` as static files on 127.0.0.1 (the .wasm as application/wasm). */
function serveStatic(root) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    const file = resolve(root, "." + (path.endsWith("/") ? path + "index.html" : path));
    if (!file.startsWith(resolve(root)) || !existsSync(file)) { res.writeHead(404); return res.end("not found"); }
    res.writeHead(200, { "Content-Type": MIME[extname(file)] ?? "application/octet-stream" });
    res.end(readFileSync(file));
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok({ server, origin: `http://127.0.0.1:${server.address().port}` })));
}

let browser;
async function showPage(root) {
  if (!browser) {
    const { chromium } = await import("playwright-core");
    browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    });
  }
  const { server, origin } = await serveStatic(root);
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  try {
    await page.goto(`${origin}/?link=${encodeURIComponent(LINK)}`);
    await page.waitForFunction(() => document.querySelector("#out")?.textContent !== "", null, { timeout: 30_000 });
    const text = await page.textContent("#out");
    assert.deepEqual(errors, []);
    return JSON.parse(text.startsWith("failed") ? JSON.stringify({ failed: text }) : text);
  } finally {
    await page.close();
    server.close();
  }
}
after(async () => { await browser?.close(); });

const HTML = (script) => `<!doctype html><meta charset="utf-8"><title>consumer</title><pre id="out"></pre><script type="module" src="${script}"></script>\n`;

test("vite: a production build of a page parses a link in Chromium", async () => {
  const dir = await project("vite", { "index.html": HTML("./main.js"), "main.js": PAGE_JS("await init();") }, { type: "module" });
  await run(process.execPath, [join(repo, "node_modules/vite/bin/vite.js"), "build", "--logLevel", "error"], { cwd: dir })
    .catch((e) => { throw new Error(`vite build failed:\n${e.stdout}${e.stderr}`); });
  const assets = readdirSync(join(dir, "dist/assets"));
  assert.ok(assets.some((f) => f.endsWith(".wasm")), `vite emitted no .wasm: ${assets}`);
  assert.deepEqual(await showPage(join(dir, "dist")), { link: EXPECTED, code: "invalid_link" });
});

test("esbuild: a bundle, the .wasm through the file loader, parses a link in Chromium", async () => {
  const dir = await project("esbuild", {
    "index.html": HTML("./out/main.js"),
    // As the README documents: import the .wasm's URL (esbuild's file loader copies it beside
    // the bundle) and hand it to init.
    "main.js": PAGE_JS("await init({ module_or_path: new URL(wasmUrl, import.meta.url) });", `import wasmUrl from "invitekit/invitekit_bg.wasm";`),
  }, { type: "module" });
  await run(bin("esbuild"), ["main.js", "--bundle", "--format=esm", "--outdir=out", "--loader:.wasm=file", "--log-level=error"], { cwd: dir });
  assert.ok(readdirSync(join(dir, "out")).some((f) => f.endsWith(".wasm")), "esbuild copied no .wasm");
  assert.deepEqual(await showPage(dir), { link: EXPECTED, code: "invalid_link" });
});

test("wrangler: deploy --dry-run bundles www/edge with its .wasm, and the bundle answers a preview in workerd", async () => {
  const edge = join(repo, "www/edge");
  const dir = await project("wrangler", {}, { type: "module" });
  for (const f of ["worker.mjs", "common.mjs", "wrangler.toml"]) copyFileSync(join(edge, f), join(dir, f));
  await run(bin("wrangler"), ["deploy", "--dry-run", "--outdir", "out", "-c", "wrangler.toml"], {
    cwd: dir, env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true", NO_COLOR: "1" },
  }).catch((e) => { throw new Error(`wrangler failed:\n${e.stdout}${e.stderr}`); });
  const written = readdirSync(join(dir, "out"));
  const wasm = written.filter((f) => f.endsWith(".wasm"));
  assert.equal(wasm.length, 1, `wrangler wrote ${written}`);

  const { Miniflare } = await import("miniflare");
  const { startServer } = await import("../../www/server.mjs");
  const { CREDENTIALS, SANDBOX_PATHS } = await import("../../www/people.mjs");
  const { server, url } = await startServer({ port: 0 });
  const site = url.replace(/\/$/, "");
  const mf = new Miniflare({
    // The bundle as wrangler wrote it: its module, and the .wasm it imports as a compiled module.
    modulesRoot: join(dir, "out"),
    modules: [
      { type: "ESModule", path: join(dir, "out/worker.js") },
      { type: "CompiledWasm", path: join(dir, "out", wasm[0]) },
    ],
    compatibilityDate: "2025-09-01",
    bindings: {
      INVITEKIT_PROVIDERS: JSON.stringify({ cloudtruth: { baseUrl: site + SANDBOX_PATHS.cloudtruth, auth: CREDENTIALS.cloudtruth.admin } }),
      CSRF_SECRET: "consumer-test-csrf-secret",
      ALLOWED_REDIRECTS: JSON.stringify(["https://app.example.com/welcome"]),
      SIGNED_IN_HEADER: "x-signed-in-email",
    },
    host: "127.0.0.1",
    port: 0,
  });
  try {
    const worker = String(await mf.ready);
    const links = await (await fetch(site + "/sandbox/_links")).json();
    const link = links.find((l) => l.provider === "cloudtruth" && l.state === "pending" && l.email === "alice@example.com").url;
    const res = await fetch(`${worker}invite?link=${encodeURIComponent(link)}`, { headers: { accept: "application/json", "x-signed-in-email": "alice@example.com" } });
    const body = await res.json();
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.equal(body.provider, "cloudtruth");
    assert.equal(body.email, "alice@example.com");
    assert.equal(body.status, "pending");
  } finally {
    await mf.dispose();
    server.closeAllConnections();
    server.close();
  }
});

// --- invitekit/core: the core-only entry --------------------------------------------------

const CORE_NAMES = ["InviteError", "PROVIDERS", "buildInviteLink", "capabilities", "checkAcceptance", "decodeInviteToken",
  "emailsMatch", "parseInviteLink", "providers", "validateEmail", "validateInvitation", "verifyInviteToken"];

test("invitekit/core in Node: ESM and CommonJS, ready with no init, no InviteClient, the package's one InviteError", async () => {
  const probe = (load) => `${load}
let code = null;
try { core.parseInviteLink("https://example.com/"); } catch (e) { code = e instanceof full.InviteError && e instanceof core.InviteError ? e.code : "not the package's InviteError"; }
console.log(JSON.stringify({ link: core.parseInviteLink(${JSON.stringify(LINK)}), code, names: Object.keys(core).sort(),
  capabilities: core.capabilities("logto").accept, draft: core.validateInvitation("cloudtruth", { emails: ["a@x.io"], roles: ["OWNER"] }).ok }));
`;
  const dir = await project("core-node", {
    "main.mjs": probe(`import * as core from "invitekit/core";\nimport * as full from "invitekit";`),
    "main.cjs": probe(`const core = require("invitekit/core");\nconst full = require("invitekit");`),
  });
  for (const main of ["main.mjs", "main.cjs"]) {
    const out = JSON.parse((await run(process.execPath, [main], { cwd: dir })).stdout);
    assert.deepEqual(out, { link: EXPECTED, code: "invalid_link", names: CORE_NAMES.slice().sort(), capabilities: true, draft: true }, main);
  }
  const entry = (await run(process.execPath, ["-p", `require.resolve("invitekit/core")`], { cwd: dir })).stdout.trim();
  assert.match(entry, /invitekit\/core\/node\.cjs$/);
});

test("invitekit/core in TypeScript: its own types under NodeNext and Bundler; InviteClient is not in them", async () => {
  const main = `import * as core from "invitekit/core";
import type { DecodedToken, InviteLink } from "invitekit/core";
const link: InviteLink = core.parseInviteLink(${JSON.stringify(LINK)});
export function decode(token: string): DecodedToken { return core.decodeInviteToken(token); }
// @ts-expect-error invitekit/core has no InviteClient
export const client = core.InviteClient;
console.log(JSON.stringify({ value: link.value }));
`;
  const nodeNext = await project("core-ts-nodenext", { "main.ts": main, "tsconfig.json": tsconfig({ module: "NodeNext", moduleResolution: "NodeNext" }) }, { type: "module" });
  await tsc(nodeNext);
  assert.deepEqual(JSON.parse((await run(process.execPath, ["out/main.js"], { cwd: nodeNext })).stdout), { value: "tok_123" });
  const bundler = await project("core-ts-bundler", {
    "main.ts": main.replace("import * as core", "import init, * as core").replace("console.log", "await init();\nconsole.log"),
    "tsconfig.json": tsconfig({ module: "ESNext", moduleResolution: "Bundler", noEmit: true }),
  }, { type: "module" });
  await tsc(bundler);
});

test("invitekit/core with vite: the page ships only the core's .wasm and parses a link in Chromium", async () => {
  const dir = await project("core-vite", { "index.html": HTML("./main.js"), "main.js": PAGE_JS("await init();").replace('from "invitekit"', 'from "invitekit/core"') }, { type: "module" });
  await run(process.execPath, [join(repo, "node_modules/vite/bin/vite.js"), "build", "--logLevel", "error"], { cwd: dir })
    .catch((e) => { throw new Error(`vite build failed:\n${e.stdout}${e.stderr}`); });
  const wasm = readdirSync(join(dir, "dist/assets")).filter((f) => f.endsWith(".wasm"));
  assert.equal(wasm.length, 1, `vite emitted ${wasm}`);
  assert.match(wasm[0], /^invitekit_core_bg/);
  assert.deepEqual(await showPage(join(dir, "dist")), { link: EXPECTED, code: "invalid_link" });
});

test("invitekit/core in workerd: a worker bundled by wrangler imports the core's .wasm and decodes a link", async () => {
  const dir = await project("core-wrangler", {
    "worker.mjs": `import { parseInviteLink, InviteError } from "invitekit/core";
export default {
  fetch(request) {
    const link = new URL(request.url).searchParams.get("link");
    try { return Response.json(parseInviteLink(link)); } catch (e) { return Response.json({ code: e instanceof InviteError ? e.code : "other" }, { status: 400 }); }
  },
};
`,
    "wrangler.toml": `name = "core-consumer"\nmain = "worker.mjs"\ncompatibility_date = "2025-09-01"\n`,
  }, { type: "module" });
  await run(bin("wrangler"), ["deploy", "--dry-run", "--outdir", "out", "-c", "wrangler.toml"], {
    cwd: dir, env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true", NO_COLOR: "1" },
  }).catch((e) => { throw new Error(`wrangler failed:\n${e.stdout}${e.stderr}`); });
  const wasm = readdirSync(join(dir, "out")).filter((f) => f.endsWith(".wasm"));
  assert.equal(wasm.length, 1, `wrangler wrote ${wasm}`);
  assert.equal(readFileSync(join(dir, "out", wasm[0])).length, readFileSync(join(dir, "node_modules/invitekit/dist/invitekit_core_bg.wasm")).length);
  const { Miniflare } = await import("miniflare");
  const mf = new Miniflare({
    modulesRoot: join(dir, "out"),
    modules: [
      { type: "ESModule", path: join(dir, "out/worker.js") },
      { type: "CompiledWasm", path: join(dir, "out", wasm[0]) },
    ],
    compatibilityDate: "2025-09-01",
    host: "127.0.0.1",
    port: 0,
  });
  try {
    const worker = String(await mf.ready);
    const ok = await fetch(`${worker}?link=${encodeURIComponent(LINK)}`);
    assert.deepEqual(await ok.json(), EXPECTED);
    const bad = await fetch(`${worker}?link=${encodeURIComponent("https://example.com/")}`);
    assert.deepEqual([bad.status, await bad.json()], [400, { code: "invalid_link" }]);
  } finally {
    await mf.dispose();
  }
});

// --- the ecosystem's checks of the tarball ---------------------------------------------------

test("@arethetypeswrong/cli: no problem in node10, node16 (CJS and ESM) or bundler resolution", async () => {
  const { stdout } = await run(bin("attw"), [tarball, "--exclude-entrypoints", "./invitekit_bg.wasm", "./invitekit_core_bg.wasm", "--format", "json"], { maxBuffer: 64 << 20 })
    .catch((e) => { throw new Error(`attw found problems:\n${e.stdout.slice(0, 4000)}`); });
  const report = JSON.parse(stdout);
  assert.deepEqual(report.problems, {});
  assert.deepEqual(Object.keys(report.analysis.entrypoints).sort(), [".", "./core", "./package.json"]);
  for (const entry of [".", "./core"]) {
    const resolved = Object.values(report.analysis.entrypoints[entry].resolutions).map((r) => [r.resolutionKind, Boolean(r.resolution?.fileName)]);
    assert.deepEqual(resolved.sort(), [["bundler", true], ["node10", true], ["node16-cjs", true], ["node16-esm", true]], entry);
  }
});

test("publint: no error, warning or suggestion", async () => {
  const { stdout } = await run(bin("publint"), [join(repo, "pkg"), "--strict"]);
  assert.match(stdout, /All good!/, stdout);
});
