// Patches the Node (CommonJS) glue wasm-bindgen generates, where no supported mechanism does
// the same; the ESM glue gets only the futures patch. They are
// written against the glue of exactly one wasm-bindgen version (PATCHED_FOR): any other version
// fails the build here, and each patch must then be re-measured and ported, or dropped.
//  - String crossing, Node (CommonJS glue): Buffer's native UTF-8 encode/decode instead of a
//    per-character JS loop in and TextDecoder out. Measured on 2026-12-04 with
//    `node bench/client.mjs`, two runs each: client.get / raw fetch 1.37x-1.38x with it,
//    1.44x-1.52x without; `node bench/core.mjs` showed no difference on decode or link parse.
//  - Futures are woken with promise jobs instead of queueMicrotask (workerd's is slow; see
//    scheduleWithPromiseJobs for the measured gain).
// Each replaced function must also be found verbatim.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";

function replaceFunction(source, name, replacement, file) {
  const start = source.indexOf(`function ${name}(`);
  if (start < 0) throw new Error(`patch-glue: ${file} has no function ${name}`);
  const end = source.indexOf("\n}\n", start);
  if (end < 0) throw new Error(`patch-glue: cannot find the end of ${name} in ${file}`);
  return source.slice(0, start) + replacement.trim() + source.slice(end + 2);
}

const expect = (source, text, file) => {
  if (!source.includes(text)) throw new Error(`patch-glue: ${file} no longer contains ${JSON.stringify(text)}`);
};

// Futures are woken through promise jobs, not queueMicrotask: wasm-bindgen-futures uses
// queueMicrotask when the global has one and `Promise.resolve().then` otherwise. Both run the
// woken task in the same microtask checkpoint, but workerd's queueMicrotask costs ~1.7 us a
// call against ~0.16 us for a promise job, and a client call wakes futures two or three
// times: measured in workerd, `client.get` with a stub `fetch` went from 49.5 to 41.7 us of
// CPU per call. The feature probe is the glue's one read of `.queueMicrotask`.
function scheduleWithPromiseJobs(source, file) {
  const probe = /(__wbg_queueMicrotask_[0-9a-f]+: function\(arg0\) \{\n\s*)const ret = arg0\.queueMicrotask;\n(\s*)return ret;/g;
  // A glue with no futures at all (the core-only build's) has nothing to schedule.
  if (!source.includes("queueMicrotask")) return source;
  const matches = source.match(probe) ?? [];
  if (matches.length !== 1) throw new Error(`patch-glue: ${file} has ${matches.length} queueMicrotask probes, expected 1`);
  return source.replace(probe, "$1// invitekit: schedule futures with promise jobs (scripts/patch-glue.mjs)\n$2return undefined;");
}

const PATCHED_FOR = "0.2.130";
const pinned = /^wasm-bindgen = "=([0-9.]+)"$/m.exec(readFileSync(new URL("../Cargo.toml", import.meta.url), "utf8"))?.[1];
const running = execFileSync("wasm-bindgen", ["--version"], { encoding: "utf8" }).trim();
if (pinned !== PATCHED_FOR || running !== `wasm-bindgen ${PATCHED_FOR}`) {
  throw new Error(`patch-glue: the patches are written for wasm-bindgen ${PATCHED_FOR}; Cargo.toml pins ${pinned} and the CLI is "${running}". Re-measure each patch (see this file's header) and port it, or drop it.`);
}

const nodeFile = process.argv[2];
const webFile = process.argv[3];

let node = readFileSync(nodeFile, "utf8");
expect(node, "let WASM_VECTOR_LEN = 0;", nodeFile);
const shortAscii = `
    if (len <= 48) {
        const mem = getUint8ArrayMemory0();
        let out = "";
        for (let i = ptr, end = ptr + len; i < end; i++) {
            const b = mem[i];
            if (b > 0x7f) { out = null; break; }
            out += String.fromCharCode(b);
        }
        if (out !== null) return out;
    }`;
node = replaceFunction(node, "getStringFromWasm0", `
let cachedMemoryBuffer = null;
function getMemoryBuffer() {
    if (cachedMemoryBuffer === null || cachedMemoryBuffer.buffer !== wasm.memory.buffer) {
        cachedMemoryBuffer = Buffer.from(wasm.memory.buffer);
    }
    return cachedMemoryBuffer;
}
function getStringFromWasm0(ptr, len) {
    ptr = ptr >>> 0;${shortAscii}
    return getMemoryBuffer().toString("utf8", ptr, ptr + len);
}`, nodeFile);
node = replaceFunction(node, "passStringToWasm0", `
function passStringToWasm0(arg, malloc, realloc) {
    if (arg.length <= 48) {
        let ptr = malloc(arg.length, 1) >>> 0;
        const mem = getUint8ArrayMemory0();
        let i = 0;
        for (; i < arg.length; i++) {
            const code = arg.charCodeAt(i);
            if (code > 0x7f) break;
            mem[ptr + i] = code;
        }
        if (i === arg.length) {
            WASM_VECTOR_LEN = i;
            return ptr;
        }
        const len = Buffer.byteLength(arg, "utf8");
        ptr = realloc(ptr, arg.length, len, 1) >>> 0;
        getMemoryBuffer().write(arg, ptr, len, "utf8");
        WASM_VECTOR_LEN = len;
        return ptr;
    }
    const len = Buffer.byteLength(arg, "utf8");
    const ptr = malloc(len, 1) >>> 0;
    if (len > 0) getMemoryBuffer().write(arg, ptr, len, "utf8");
    WASM_VECTOR_LEN = len;
    return ptr;
}`, nodeFile);
writeFileSync(nodeFile, scheduleWithPromiseJobs(node, nodeFile));

let web = readFileSync(webFile, "utf8");
writeFileSync(webFile, scheduleWithPromiseJobs(web, webFile));
console.log("patch-glue: Node string crossing patched; futures scheduled with promise jobs in both glues");

