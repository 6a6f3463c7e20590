// Fault-injection run: 1,000 mixed operations (create, accept, reject, resend, revoke, list)
// across the five providers, through InviteClient, against the provider sandbox with faults on:
// 20% 5xx, 10% 429 with Retry-After, 5% no answer, 5% malformed body, 5% connection reset and
// 5% lost answers after the change was applied. Loopback only, bounded in time.
//
// It prints: operations, successes, typed errors by code, panics (must be 0), invitations
// accepted twice (must be 0), accepts that succeeded on the provider but were reported as
// failures (must be 0), and retries that broke Retry-After (must be 0); and exits non-zero
// when any of those four is not 0.
import * as ik from "invitekit";
import { CREDENTIALS, SANDBOX_PATHS, inviteeAuth, userIdOf } from "../www/people.mjs";
import { startSandbox } from "./shared.mjs";

const OPERATIONS = Number(process.env.FAULT_OPERATIONS ?? 1000);
const CONCURRENCY = Number(process.env.FAULT_CONCURRENCY ?? 24);
const SEED = Number(process.env.FAULT_SEED ?? 7);
const LIMIT_MS = Number(process.env.FAULT_LIMIT_MS ?? 600_000);
const FAULTS = { rate5xx: 0.2, rate429: 0.1, hangRate: 0.05, malformedRate: 0.05, resetRate: 0.05, lostRate: 0.05, retryAfterSeconds: 1, seed: SEED };

const started = Date.now();
const { site, proc } = await startSandbox();
const guard = setTimeout(() => { console.error(`fault run exceeded ${LIMIT_MS} ms`); proc.kill(); process.exit(2); }, LIMIT_MS);

const post = (path, body) => fetch(`${site}/sandbox/${path}`, { method: "POST", body: JSON.stringify(body) }).then((r) => r.json());
const providers = ["toggl", "jaqpot", "gencove", "cloudtruth", "logto"];
const pool = {};
for (const p of providers) pool[p] = await post("_bulk", { provider: p, count: 400, email: "alice@example.com" });

let state = SEED >>> 0 || 1;
const rand = () => ((state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32);
const adminAuth = (p) => (p === "logto" ? { clientCredentials: CREDENTIALS.logto.clientCredentials } : CREDENTIALS[p].admin);

/** A fetch that records, per operation, each request's start and each answer's Retry-After. */
function recorder(trace) {
  return async (request) => {
    const entry = { key: `${request.method} ${request.url}`, start: Date.now(), status: null, retryAfterMs: null, end: null };
    trace.push(entry);
    const res = await fetch(request);
    entry.status = res.status;
    entry.end = Date.now();
    const ra = res.headers.get("retry-after");
    if (ra !== null && /^\d+$/.test(ra)) entry.retryAfterMs = Number(ra) * 1000;
    return res;
  };
}

function client(provider, auth, trace) {
  return new ik.InviteClient({ provider, baseUrl: site + SANDBOX_PATHS[provider], auth, fetch: recorder(trace), timeoutMs: 20_000, attemptTimeoutMs: 1500, retries: 5, allowSecretsInBrowser: true });
}

let nextEmail = 0;
const drafts = {
  toggl: (e) => ({ organizationId: 9001, emails: [e], workspaces: [{ id: 7 }] }),
  jaqpot: (e) => ({ organization: "acme-models", emails: [e] }),
  gencove: (e) => ({ email: e, role: "member" }),
  cloudtruth: (e) => ({ email: e, role: "VIEWER" }),
  logto: (e) => ({ organizationId: "org_acme", email: e, expiresAt: Date.now() + 86_400_000 }),
};

const results = { operations: 0, successes: 0, errors: {}, panics: 0, byOp: {} };
const acceptsReportedFailed = [];
const traces = [];

async function operation(i) {
  const provider = providers[i % providers.length];
  const caps = ik.capabilities(provider);
  const ops = ["create", "list", "accept", "resend", "revoke", "reject"].filter((o) => caps[o]);
  const op = ops[Math.floor(rand() * ops.length)];
  const trace = [];
  traces.push(trace);
  let target = null;
  try {
    if (op === "create") {
      const email = `load${nextEmail++}@example.com`;
      const r = await client(provider, adminAuth(provider), trace).create(drafts[provider](email));
      if (r.failed.length) throw r.failed[0].error;
    } else if (op === "list") {
      await client(provider, adminAuth(provider), trace).list(provider === "jaqpot" ? { organization: "acme-models" } : {});
    } else {
      target = pool[provider].pop();
      if (!target) return;
      if (op === "accept" || op === "reject") {
        const c = client(provider, inviteeAuth(provider, "alice@example.com"), trace);
        if (op === "accept") await c.accept(target, { userId: userIdOf("alice@example.com") });
        else await c.reject(target);
      } else if (op === "resend") {
        await client(provider, adminAuth(provider), trace).resend(target);
      } else if (op === "revoke") {
        await client(provider, adminAuth(provider), trace).revoke(target);
      }
    }
    results.successes++;
  } catch (err) {
    if (err instanceof ik.InviteError) {
      results.errors[err.code] = (results.errors[err.code] ?? 0) + 1;
      if (op === "accept") acceptsReportedFailed.push({ provider, target, code: err.code, status: err.status, message: err.message });
    } else {
      results.panics++;
      console.error(`not an InviteError (${provider} ${op}):`, err);
    }
  } finally {
    results.operations++;
    results.byOp[`${provider} ${op}`] = (results.byOp[`${provider} ${op}`] ?? 0) + 1;
  }
}

await post("_faults", FAULTS);
let next = 0;
await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
  while (next < OPERATIONS) await operation(next++);
}));
await post("_faults", {});

// Accepted twice: accept requests the sandbox answered 2xx (or applied, then dropped), per invitation.
const log = await (await fetch(`${site}/sandbox/_log`)).json();
const isAccept = (e) => (e.method === "POST" && /\/accept\/?$/.test(e.path)) || (e.method === "PATCH" && e.path.includes("/invitations-token/"))
  || (e.method === "PUT" && e.provider === "jaqpot" && e.body.includes("\"ACCEPTED\"")) || (e.method === "PUT" && e.provider === "logto" && e.path.endsWith("/status") && e.body.includes("\"Accepted\""));
const applied = new Map();
for (const e of log) {
  if (isAccept(e) && e.status >= 200 && e.status < 300) applied.set(`${e.provider} ${e.path}`, (applied.get(`${e.provider} ${e.path}`) ?? 0) + 1);
}
const acceptedTwice = [...applied.values()].filter((n) => n > 1).length;

// Accepts the provider applied but the client reported as failed.
const sandbox = await (await fetch(`${site}/sandbox/_state`)).json();
const isAccepted = {
  toggl: (s, t) => s.toggl.invitations.find((i) => i.code === t.code)?.state === "accepted",
  jaqpot: (s, t) => s.jaqpot.invitations.find((i) => i.id === t.id)?.status === "ACCEPTED",
  gencove: (s, t) => s.gencove.invitations.find((i) => i.token === t.code)?.last_status.status === "accepted",
  cloudtruth: (s, t) => s.cloudtruth.invitations.find((i) => i.id === t.id)?.state === "accepted",
  logto: (s, t) => s.logto.invitations.find((i) => i.id === t.id)?.status === "Accepted",
};
const hiddenSuccesses = acceptsReportedFailed.filter((a) => isAccepted[a.provider](sandbox, a.target));

// Retries that broke Retry-After: a repeat of the same request sooner than the answer asked.
let brokeRetryAfter = 0;
let retriesAfterRetryAfter = 0;
for (const trace of traces) {
  for (let i = 0; i < trace.length; i++) {
    const a = trace[i];
    if (a.retryAfterMs === null || a.end === null) continue;
    const again = trace.slice(i + 1).find((b) => b.key === a.key);
    if (!again) continue;
    retriesAfterRetryAfter++;
    if (again.start < a.end + a.retryAfterMs - 5) {
      brokeRetryAfter++;
      if (process.env.FAULT_DEBUG) console.error("early retry:", a.key, a.status, "waited", again.start - a.end, "ms; trace:", trace.map((t) => `${t.key.replace(site, "").replace(/^\S+ \/sandbox\/\w+/, (m) => m.split(" ")[0])} ${t.status} @${t.start - trace[0].start}-${t.end === null ? "x" : t.end - trace[0].start}`).join(" | "));
    }
  }
}

clearTimeout(guard);
proc.kill();
const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(`fault-injection run: ${OPERATIONS} operations, concurrency ${CONCURRENCY}, seed ${SEED}, ${seconds} s, faults ${JSON.stringify(FAULTS)}`);
console.log(`  operations:                                  ${results.operations}`);
console.log(`  successes:                                   ${results.successes}`);
console.log(`  typed errors by code:                        ${JSON.stringify(Object.fromEntries(Object.entries(results.errors).sort((a, b) => b[1] - a[1])))}`);
console.log(`  requests sent (all attempts):                ${log.length}, faults injected: ${log.filter((e) => e.fault).length}`);
console.log(`  panics (non-InviteError throws):             ${results.panics}`);
console.log(`  invitations accepted twice:                  ${acceptedTwice}`);
console.log(`  accepts applied but reported as failures:    ${hiddenSuccesses.length}${hiddenSuccesses.length ? " " + JSON.stringify(hiddenSuccesses.slice(0, 5)) : ""}`);
console.log(`  retries that broke Retry-After:              ${brokeRetryAfter} (of ${retriesAfterRetryAfter} retries after a Retry-After)`);
const bad = results.panics + acceptedTwice + hiddenSuccesses.length + brokeRetryAfter;
process.exit(bad === 0 ? 0 : 1);
