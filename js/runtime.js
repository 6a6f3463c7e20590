/* @ts-self-types="./runtime.d.mts" */
// The JavaScript half of invitekit's runtime: the error class every failure is thrown as and
// the provider list. The Rust bindings construct `InviteError` through this module, so the
// class users import is the class that is thrown. Plain ES2020, no dependencies.

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

// Timers and abort wiring for the transport (internal; not re-exported by the package).

/** Aborts `controller` after `ms`, or when the caller's `signal` aborts. Never uses a string
 *  abort reason (gloo-net panics on one). */
function armAbort(controller, ms, signal) {
  let timedOut = false;
  const timer = setTimeout(() => { timedOut = true; controller.abort(); }, ms);
  const onAbort = () => controller.abort();
  if (signal) {
    if (signal.aborted) controller.abort();
    else signal.addEventListener("abort", onAbort, { once: true });
  }
  return {
    disarm() { clearTimeout(timer); if (signal) signal.removeEventListener("abort", onAbort); },
    timedOut() { return timedOut; },
  };
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

/** Whether this is a browser window (where admin credentials would be visible to the page). */
function inBrowserWindow() {
  return typeof window !== "undefined" && typeof document !== "undefined" && globalThis === window;
}

export { InviteError, PROVIDERS, armAbort, sleep, listPages, inBrowserWindow };
