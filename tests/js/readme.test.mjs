// The README's examples, executed against the built package so they cannot drift from the code.
// Every ```js block (not ```js ignore) runs, in order, in one ES module, each block in its own
// scope. A line `CODE; // → VALUE` asserts that CODE (or the variable it declares) deep-equals
// VALUE; `// → throws "code"` asserts it throws an InviteError with that code; a VALUE with `…`
// is a partial object (its keys must match, others may exist). A comment line `// → VALUE`
// right after a statement checks that statement. Every assertion must run: an example whose
// asserting line is never reached fails. The client examples run against the embedded sandbox
// (www/sandbox): the providers' public base URLs are routed to it and the credentials come from
// the environment, as a user's code would read them.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { startServer } from "../../www/server.mjs";
import { CREDENTIALS } from "../../www/people.mjs";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const readme = readFileSync(join(repo, "README.md"), "utf8");

/** The runnable blocks: [{ line, code }]. */
export function blocks(text) {
  const out = [];
  const re = /^```js\n([\s\S]*?)^```$/gm;
  for (const m of text.matchAll(re)) out.push({ line: text.slice(0, m.index).split("\n").length + 1, code: m[1] });
  return out;
}

/** One module from the blocks: imports hoisted, each block scoped, each `// →` a check. */
export function compile(list) {
  const imports = [];
  const body = [];
  let checks = 0;
  for (const { line, code } of list) {
    const lines = code.split("\n");
    const kept = [];
    let importing = null;
    lines.forEach((text, i) => {
      const at = line + i;
      if (importing !== null || /^import\s/.test(text)) {
        importing = (importing ?? "") + text + "\n";
        if (/from\s+["'][^"']+["'];?\s*$/.test(text)) { imports.push(importing); importing = null; }
        return;
      }
      const own = /^(\s*)\/\/ → (.*)$/.exec(text);
      if (own) {
        // Checks the statement just before it: the last kept line must be a complete statement.
        const prev = kept.pop();
        if (prev === undefined) throw new Error(`README line ${at}: a // → line with nothing before it`);
        kept.push(...check(prev.text.replace(/;\s*$/, ""), own[2], prev.at));
        checks++;
        return;
      }
      const inline = /^(.*?);?\s*\/\/ → (.*)$/.exec(text);
      if (inline && !/^\s*\/\//.test(text)) {
        kept.push(...check(inline[1], inline[2], at));
        checks++;
        return;
      }
      kept.push({ text, at });
    });
    body.push(`{ // README line ${line}`, ...kept.map((k) => k.text), "}");
  }
  // The blocks' imports merged: one import per module of every name the blocks import from it.
  const names = new Map();
  for (const text of imports) {
    const m = /^import\s*\{([^}]*)\}\s*from\s*["']([^"']+)["']/.exec(text.replace(/\n/g, " "));
    if (!m) throw new Error(`README: only named imports are supported in runnable blocks: ${text}`);
    const set = names.get(m[2]) ?? new Set();
    for (const n of m[1].split(",").map((x) => x.trim()).filter(Boolean)) set.add(n);
    names.set(m[2], set);
  }
  const header = [...names].map(([from, set]) => `import { ${[...set].join(", ")} } from ${JSON.stringify(from)};\n`).join("");
  const source = header + "const __check = globalThis.__readmeCheck;\n" + body.join("\n") + "\n";
  return { source, checks };
}

/** Lines asserting that `code` (an expression, or a declaration of one name) gives `value`. */
function check(code, value, at) {
  const decl = /^(\s*)(const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*(.*)$/.exec(code);
  const indent = /^\s*/.exec(code)[0];
  const thrown = /^throws "([a-z_]+)"$/.exec(value.trim());
  if (thrown) {
    return [{ text: `${indent}__check.throws(() => { ${code.trim()}; }, ${JSON.stringify(thrown[1])}, ${at});`, at }];
  }
  const partial = value.includes("…");
  const expected = value.replace(/,?\s*…\s*/g, " ");
  if (decl) {
    return [{ text: code + ";", at }, { text: `${indent}__check(${decl[3]}, (${expected}), ${partial}, ${at});`, at }];
  }
  return [{ text: `${indent}__check((${code.trim()}), (${expected}), ${partial}, ${at});`, at }];
}

let server;
const seen = new Set();
const failures = [];

before(async () => {
  let url;
  ({ server, url } = await startServer({ port: 0 }));
  const site = url.replace(/\/$/, "");
  // The providers' public APIs, as the client's defaults name them, answered by the sandbox.
  const routes = { "https://api.cloudtruth.io": `${site}/sandbox/cloudtruth` };
  const realFetch = globalThis.fetch;
  globalThis.fetch = (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    for (const [from, to] of Object.entries(routes)) {
      if (url.startsWith(from + "/")) {
        const target = to + url.slice(from.length);
        return realFetch(input instanceof Request ? new Request(target, input) : target, init);
      }
    }
    if (url.startsWith(site + "/")) return realFetch(input, init);
    return Promise.reject(new TypeError(`the README test routes no request to ${url}`));
  };
  process.env.CLOUDTRUTH_API_KEY = CREDENTIALS.cloudtruth.admin.apiKey;
  process.env.INVITE_TOKEN_SECRET = "readme-example-secret-0123456789abcdef";
  await fetch(`${site}/sandbox/_reset`, { method: "POST" });

  const normal = (v) => JSON.parse(JSON.stringify(v));
  const record = (at, fn) => { seen.add(at); try { fn(); } catch (e) { failures.push(`README line ${at}: ${e.message}`); } };
  globalThis.__readmeCheck = Object.assign((actual, expected, partial, at) => record(at, () => {
    if (partial) {
      const got = normal(actual);
      for (const [k, v] of Object.entries(expected)) assert.deepEqual(got?.[k], v, `${k}`);
    } else {
      assert.deepEqual(typeof actual === "object" && actual !== null ? normal(actual) : actual, expected);
    }
  }), {
    throws: (fn, code, at) => record(at, () => assert.throws(fn, (e) => e?.name === "InviteError" && e.code === code, `expected an InviteError ${code}`)),
  });
});

after(() => { server?.closeAllConnections?.(); server?.close(); delete globalThis.__readmeCheck; });

test("the README's examples run and every value they show is what the package returns", async () => {
  const list = blocks(readme);
  assert.ok(list.length >= 5, `only ${list.length} runnable blocks found`);
  const { source, checks } = compile(list);
  assert.ok(checks >= 30, `only ${checks} checks found`);
  const dir = join(repo, "target/readme");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "examples.mjs");
  writeFileSync(file, source);
  await import(pathToFileURL(file).href);
  assert.deepEqual(failures, []);
  assert.equal(seen.size, checks, "some README checks never ran");
});

test("the README shows an example of every export", async () => {
  const ik = await import("invitekit");
  const shown = blocks(readme).map((b) => b.code).join("\n");
  const missing = Object.keys(ik).filter((name) => !new RegExp(`\\b${name}\\b`).test(shown));
  assert.deepEqual(missing, []);
});

test("the checker catches a wrong value, a wrong throw and an unreached check", async () => {
  const { source, checks } = compile([{ line: 1, code: [
    'import { emailsMatch, parseInviteLink } from "invitekit";',
    'emailsMatch("a@example.com", "b@example.com"); // → true',
    'parseInviteLink("https://app.example.com/accept?invitation_token=t"); // → throws "invalid_link"',
    'if (false) {',
    '  1; // → 1',
    '}',
  ].join("\n") }]);
  assert.equal(checks, 3);
  const before = failures.length;
  seen.clear();
  const file = join(repo, "target/readme/negative.mjs");
  writeFileSync(file, source);
  await import(pathToFileURL(file).href);
  assert.equal(failures.length - before, 2, failures.slice(before).join("\n"));
  assert.equal(seen.size, 2);
  failures.length = before;
});
