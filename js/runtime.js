/* @ts-self-types="./runtime.d.mts" */
// The JavaScript half of invitekit's wasm boundary. Users get two exports from it: the
// `InviteError` class every failure is thrown as (the Rust bindings construct it here, so the
// class users import is the class that is thrown) and the provider list. The rest is imported
// by the bindings only: the one fetch attempt of the transport and its timers, the builders of
// results crossing out of wasm, the readers of strings and bytes crossing in, the WebCrypto
// settling helpers, and the URL host parser e-mail domains are normalised with. Plain ES2020,
// no dependencies.

const PROVIDERS = Object.freeze(["toggl", "jaqpot", "gencove", "cloudtruth", "logto"]);

class InviteError extends Error {
  constructor(code, message, details) {
    super(message);
    const d = details || {};
    Object.defineProperty(this, "name", { value: "InviteError", enumerable: false, configurable: true, writable: true });
    this.code = code;
    this.provider = d.provider ?? null;
    this.status = d.status ?? null;
    this.retryAfterMs = d.retryAfterMs ?? null;
    this.field = d.field ?? null;
    this.detail = d.detail ?? null;
  }

  toJSON() {
    return {
      name: this.name, code: this.code, message: this.message, provider: this.provider,
      status: this.status, retryAfterMs: this.retryAfterMs, field: this.field, detail: this.detail,
    };
  }
}

/** The URL Standard's host parsing of an e-mail domain (the wasm's e-mail module calls it; the
 *  domain has no character URL reads as structure): its ASCII serialisation, or undefined where
 *  URL refuses it. Internal; not re-exported by the package. */
function domainToAscii(domain) {
  try {
    return new URL("http://" + domain).hostname;
  } catch {
    return undefined;
  }
}

// Timers and abort wiring for the transport (internal; not re-exported by the package).

/** One HTTP attempt, the transport's only I/O: `fetch(url, init)` (the runtime's global fetch),
 *  or the caller's own `fetch` given a `Request`, with a per-attempt timeout and the caller's
 *  signal. `headers` is a flat [name, value, ...] list. Never throws: resolves to
 *  `{ status, headers: "name\nvalue\n...", body }` or to `{ failure: "network" | "timeout" |
 *  "aborted", message }`. Aborts with no reason (never a string), and tells a timeout from
 *  the caller's abort by its own flag. */
async function attempt(userFetch, method, url, headers, body, ms, maxBytes, signal) {
  if (signal && signal.aborted) return { failure: "aborted", message: "" };
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => { timedOut = true; controller.abort(); }, ms);
  const onAbort = () => controller.abort();
  if (signal) signal.addEventListener("abort", onAbort, { once: true });
  try {
    const pairs = [];
    for (let i = 0; i + 1 < headers.length; i += 2) pairs.push([headers[i], headers[i + 1]]);
    const init = { method, headers: pairs, signal: controller.signal };
    if (body !== undefined) init.body = body;
    const res = await (userFetch ? userFetch(new Request(url, init)) : fetch(url, init));
    const notAResponse = { failure: "network", message: "fetch did not resolve to a Response" };
    if (!res || typeof res.text !== "function" || !Number.isInteger(res.status) || res.status < 0 || res.status > 999
      || !res.headers || typeof res.headers.forEach !== "function") {
      return notAResponse;
    }
    const length = Number(res.headers.get("content-length"));
    if (length > maxBytes) {
      if (res.body) res.body.cancel().catch(() => {});
      return { failure: "network", message: `the response body is larger than ${maxBytes} bytes` };
    }
    const text = await res.text();
    if (typeof text !== "string") return notAResponse;
    // One "name\nvalue\n" text for all headers: one string to copy into wasm, not two per
    // header. Fetch's Headers never hold a line break; a look-alike that does loses that header.
    let flat = "";
    res.headers.forEach((value, name) => {
      const n = String(name), v = String(value);
      if (!n.includes("\n") && !v.includes("\n")) flat += `${n}\n${v}\n`;
    });
    return { status: res.status, headers: flat, body: text };
  } catch (e) {
    if (controller.signal.aborted) return { failure: timedOut ? "timeout" : "aborted", message: "" };
    const message = e instanceof Error ? e.message : typeof e === "string" ? e : "fetch failed";
    return { failure: "network", message: message || "fetch failed" };
  } finally {
    clearTimeout(timer);
    if (signal) signal.removeEventListener("abort", onAbort);
  }
}

/** Resolves after `ms`; rejects with an Error as soon as `signal` aborts. */
function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal && signal.aborted) { reject(new Error("aborted")); return; }
    const onAbort = () => { clearTimeout(timer); reject(new Error("aborted")); };
    const timer = setTimeout(() => { if (signal) signal.removeEventListener("abort", onAbort); resolve(); }, ms);
    if (signal) signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** `listAll`: an async iterator that fetches each page only when the previous one is used up. */
async function* listPages(fetchPage, cursor) {
  for (;;) {
    const page = await fetchPage(cursor ?? null);
    for (const item of page.items) yield item;
    if (!page.next || page.next === cursor) return;
    cursor = page.next;
  }
}

const LINK_KINDS = Object.freeze(["code", "token", "id", "ticket"]);
/** inviteLink's provider index for a link of no provider (NO_PROVIDER in src/wasm/runtime.rs). */
const NO_PROVIDER = -1;

/** `parseInviteLink`'s result, built from its parts in one call (provider and kind as indexes
 *  into PROVIDERS and LINK_KINDS, NO_PROVIDER for none): cheaper than a JSON text to parse. */
function inviteLink(provider, kind, value, organization, email, format) {
  return {
    provider: provider === NO_PROVIDER ? null : PROVIDERS[provider], kind: LINK_KINDS[kind], value,
    organization: organization ?? null, email: email ?? null, format,
  };
}

/** `capabilities(provider)`'s result from a bit set, bit 0 `lookup` to bit 9 `update` (the
 *  field order of `Capabilities` in src/model.rs): a fresh object each call, no JSON crossing. */
function capabilitiesOf(bits) {
  return {
    lookup: (bits & 1) !== 0, get: (bits & 2) !== 0, list: (bits & 4) !== 0, create: (bits & 8) !== 0,
    accept: (bits & 16) !== 0, reject: (bits & 32) !== 0, resend: (bits & 64) !== 0,
    revoke: (bits & 128) !== 0, delete: (bits & 256) !== 0, update: (bits & 512) !== 0,
  };
}

/** `checkAcceptance`'s result. */
function acceptanceCheck(ok, code, message) {
  return { ok, code: code ?? null, message: message ?? null };
}

/** `decodeInviteToken`'s result, built in one call from one text holding all its strings in
 *  order (the claims' JSON text first) and their lengths plus one (0: null). `undefined` if the
 *  claims do not parse (the core has parsed them already; this is so nothing throws into wasm).
 *  `lengths` is a view of wasm memory: read here, never kept. */
function decodedToken(text, lengths, expired, notYetValid) {
  let at = 0;
  const part = (i) => {
    const n = lengths[i];
    if (n === 0) return null;
    const s = text.slice(at, at + n - 1);
    at += n - 1;
    return s;
  };
  let claims;
  try {
    claims = JSON.parse(part(0));
  } catch {
    return undefined;
  }
  const alg = part(1), typ = part(2), kid = part(3), email = part(4), organization = part(5);
  const expiresAt = part(6), notBefore = part(7), issuedAt = part(8);
  const roles = [];
  for (let i = 9; i < lengths.length; i++) roles.push(part(i));
  return {
    header: { alg, typ, kid }, claims, email, organization, roles,
    expiresAt, notBefore, issuedAt, expired, notYetValid,
  };
}

const UTF8 = new TextEncoder();
/** What readString and readBytes answer instead of a byte count (READ_NOT_A_STRING and
 *  READ_TOO_LONG in src/wasm/runtime.rs, held to the same values by a test). */
const READ_NOT_A_STRING = -1, READ_TOO_LONG = -2;

/** Copies the string `value` into `into` (a view of wasm memory) as UTF-8: the byte count,
 *  READ_NOT_A_STRING, or READ_TOO_LONG if it does not fit. One call and the engine's own encoder,
 *  where wasm-bindgen's glue makes three (type, length, copy) and copies ASCII per character. */
function readString(value, into) {
  if (typeof value !== "string") return READ_NOT_A_STRING;
  if (value.length > into.length) return READ_TOO_LONG;
  const { read, written } = UTF8.encodeInto(value, into);
  return read === value.length ? written : READ_TOO_LONG;
}

/** `readString`, and a `Uint8Array` copied as it is. */
function readBytes(value, into) {
  if (!(value instanceof Uint8Array)) return readString(value, into);
  if (value.length > into.length) return READ_TOO_LONG;
  into.set(value);
  return value.length;
}

// Token verification (internal): invitekit's Rust side decides everything (algorithm, key,
// claims); this half holds the imported CryptoKeys and chains the one WebCrypto call.

/** Imported keys, by the slot the Rust side assigned (it keeps the key material). */
const CRYPTO_KEYS = [];

/** The key for `slot`: imported into it first when `format` is given (a promise until the
 *  import settles, then the CryptoKey itself, so later calls need no extra `then`). */
function cryptoKey(subtle, slot, format, keyData, importParams) {
  if (format === undefined) return CRYPTO_KEYS[slot];
  let pending;
  try {
    pending = subtle.importKey(format, keyData, importParams, false, ["verify"]);
  } catch (e) {
    pending = Promise.reject(e);
  }
  CRYPTO_KEYS[slot] = pending;
  // The slot may have been given to another key meanwhile: replace only our own promise.
  pending.then((k) => { if (CRYPTO_KEYS[slot] === pending) CRYPTO_KEYS[slot] = k; }, () => {});
  return pending;
}

/** `crypto.subtle.verify` with an imported key: a promise of `true` or `false`, never a throw. */
function verifyWith(subtle, key, verifyParams, sig, bytes) {
  try {
    return subtle.verify(verifyParams, key, sig, bytes).then((ok) => ok === true, () => false);
  } catch {
    return Promise.resolve(false);
  }
}

/** Starts checking the signature with the key in `slot` (imported first when `format` is
 *  given): resolves to `true`, `false` (bad signature) or the import's error message, never
 *  rejecting. The byte arguments are views of wasm memory, valid during this call only:
 *  `crypto.subtle.verify` copies its arguments before it returns (WebCrypto: "get a copy of
 *  the bytes"), so they are copied here only when the call has to wait for an import. */
function signatureValid(subtle, slot, format, keyData, importParams, verifyParams, signature, data) {
  const key = cryptoKey(subtle, slot, format, keyData, importParams);
  if (key === undefined) return Promise.resolve("no key in the cache slot");
  if (typeof key.then === "function") {
    const sig = signature.slice();
    const bytes = data.slice();
    return key.then((k) => verifyWith(subtle, k, verifyParams, sig, bytes), (e) => String((e && e.message) || e));
  }
  return verifyWith(subtle, key, verifyParams, signature, data);
}

/** `verifyInviteToken`'s outcome once `answer` (from signatureValid) is in: `result` if the
 *  signature holds (thrown if `failed`: the claims were refused), else the InviteError
 *  `failure(answer)` builds. */
function signatureSettled(answer, result, failed, failure) {
  return answer.then((a) => {
    if (a !== true) throw failure(a);
    if (failed) throw result;
    return result;
  });
}

/** Whether this is a browser window (where admin credentials would be visible to the page). */
function inBrowserWindow() {
  return typeof window !== "undefined" && typeof document !== "undefined" && globalThis === window;
}

export { InviteError, PROVIDERS, attempt, sleep, listPages, inBrowserWindow, inviteLink, capabilitiesOf, acceptanceCheck, decodedToken, readString, readBytes, signatureValid, signatureSettled, domainToAscii };
