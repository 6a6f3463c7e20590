// Where the wasm's bytes go: the code size of every function, from the binary's name section
// (the wasm-bindgen output before wasm-opt strips the names), summed by module and listed by
// function. Sizes are of the unoptimised code, so they rank rather than add up to the shipped
// file; the shipped files' raw and gzip bytes are bench/size.mjs's.
//
//   node bench/size-report.mjs [file.wasm] [--functions N]
import { readFileSync } from "node:fs";

const args = process.argv.slice(2);
const file = args.find((a) => a.endsWith(".wasm")) ?? "target/bindgen/invitekit/web/invitekit_bg.wasm";
const topFunctions = Number(args[args.indexOf("--functions") + 1]) || 15;
const bytes = readFileSync(file);

let pos = 8;
const u32 = () => {
  let result = 0, shift = 0, b;
  do { b = bytes[pos++]; result += (b & 0x7f) * 2 ** shift; shift += 7; } while (b & 0x80);
  return result;
};
const name = () => { const n = u32(); const s = bytes.toString("utf8", pos, pos + n); pos += n; return s; };

let importedFunctions = 0;
const bodies = [];
const names = new Map();
while (pos < bytes.length) {
  const id = bytes[pos++];
  const size = u32();
  const end = pos + size;
  if (id === 2) {
    for (let i = 0, n = u32(); i < n; i++) {
      name(); name();
      const kind = bytes[pos++];
      if (kind === 0) { u32(); importedFunctions++; }
      else if (kind === 1) { pos++; const f = bytes[pos++]; u32(); if (f & 1) u32(); }
      else if (kind === 2) { const f = bytes[pos++]; u32(); if (f & 1) u32(); }
      else if (kind === 3) { pos += 2; }
      else if (kind === 4) { pos++; u32(); }
    }
  } else if (id === 10) {
    for (let i = 0, n = u32(); i < n; i++) { const len = u32(); bodies.push(len); pos += len; }
  } else if (id === 0 && name() === "name") {
    while (pos < end) {
      const sub = bytes[pos++];
      const subSize = u32();
      const subEnd = pos + subSize;
      if (sub === 1) for (let i = 0, n = u32(); i < n; i++) { const idx = u32(); names.set(idx, name()); }
      pos = subEnd;
    }
  }
  pos = end;
}
if (names.size === 0) {
  console.error(`size-report: ${file} has no name section (build it with bash scripts/build.sh first)`);
  process.exit(1);
}

/** A Rust symbol, demangled enough to read: legacy `_ZN...E` paths, generics cut off. */
function readable(symbol) {
  let s = symbol;
  if (s.startsWith("_ZN")) {
    const parts = [];
    let i = 3;
    while (i < s.length && s[i] !== "E") {
      let len = 0;
      while (/[0-9]/.test(s[i])) len = len * 10 + Number(s[i++]);
      if (!len) break;
      parts.push(s.slice(i, i + len));
      i += len;
    }
    if (/^h[0-9a-f]{16}$/.test(parts.at(-1) ?? "")) parts.pop();
    s = parts.join("::").replace(/\$LT\$/g, "<").replace(/\$GT\$/g, ">").replace(/\$u20\$/g, " ")
      .replace(/\$RF\$/g, "&").replace(/\$C\$/g, ",").replace(/\$u7b\$/g, "{").replace(/\$u7d\$/g, "}").replace(/\.\./g, "::");
  }
  // Crate disambiguators and symbol hashes say nothing to a reader.
  return s.replace(/\[[0-9a-f]{8,}\]/g, "").replace(/::h[0-9a-f]{16}$/, "");
}

/** The module a function is counted under: invitekit's modules by their path (the provider
 *  modules one by one), other crates by name, core::fmt apart from the rest of core. */
function moduleOf(fn) {
  // `<T as Trait>::f` and `<impl Trait for T>::f`: invitekit's when it names invitekit anywhere.
  const own = /invitekit::([a-z_]+)((?:::[a-z_]+)*)/.exec(fn);
  if (own) {
    const [, top, rest] = own;
    const next = rest.split("::").filter(Boolean);
    // A submodule of providers or wasm, when something follows it (else it is a function).
    if ((top === "providers" || top === "wasm") && next.length >= 2) return `invitekit::${top}::${next[0]}`;
    return `invitekit::${top}`;
  }
  const text = fn.replace(/^[<&\s]+/, "").replace(/^(dyn|mut|impl)\s+/, "");
  const crate = /^([A-Za-z_][A-Za-z0-9_]*)/.exec(text)?.[1] ?? "?";
  if (/^(core|alloc|std)::(fmt|num::flt2dec|num::fmt)/.test(text) || /^core::fmt/.test(text)) return "core::fmt and float formatting";
  if (["str", "f64", "f32", "u8", "u16", "u32", "u64", "usize", "i32", "i64", "char", "bool"].includes(crate)) return "core";
  if (crate.startsWith("__wbg") || crate.startsWith("__wbindgen") || crate === "wasm_bindgen") return "wasm_bindgen";
  return crate;
}

const byModule = new Map();
const functions = [];
bodies.forEach((len, i) => {
  const fn = readable(names.get(i + importedFunctions) ?? `function[${i}]`);
  functions.push([fn, len]);
  const mod = moduleOf(fn);
  byModule.set(mod, (byModule.get(mod) ?? 0) + len);
});
const total = bodies.reduce((a, b) => a + b, 0);
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`code in ${file}: ${kb(total)} in ${bodies.length} functions (before wasm-opt)`);
console.log("by module:");
for (const [mod, len] of [...byModule].sort((a, b) => b[1] - a[1]).slice(0, 30)) {
  console.log(`  ${kb(len).padStart(9)}  ${((100 * len) / total).toFixed(1).padStart(5)}%  ${mod}`);
}
// What serde costs across modules: its crates and the code its derives generate inside
// invitekit's own modules (a function is counted when its name mentions serde).
const serde = functions.filter(([fn]) => /serde/.test(fn)).reduce((a, [, len]) => a + len, 0);
console.log(`serde in all (serde_json, serde-wasm-bindgen, serde_core, derived impls): ${kb(serde)}, ${((100 * serde) / total).toFixed(1)}%`);
console.log(`largest functions:`);
for (const [fn, len] of functions.sort((a, b) => b[1] - a[1]).slice(0, topFunctions)) {
  console.log(`  ${kb(len).padStart(9)}  ${fn.length > 110 ? fn.slice(0, 107) + "..." : fn}`);
}
