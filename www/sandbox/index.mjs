// The provider sandbox: an in-memory emulation of the five providers' invitation endpoints, as
// their specs and shared/providers/NOTES.md describe them (paths, auth schemes, status codes,
// error bodies, quirks). It is an independent reading of the specs: it shares no code with
// invitekit's Rust provider modules. Mounted under /sandbox/<provider>/ by www/server.mjs.
//
// Control endpoints (not part of any provider):
//   GET  /sandbox/_state            every provider's invitations as stored
//   GET  /sandbox/_log              the requests received (method, provider, path, fault)
//   POST /sandbox/_reset            reseed everything, clear the log and the faults
//   POST /sandbox/_bulk             {"provider":...,"count":N,"email":...}: N fresh pending invitations, as references
//   POST /sandbox/_faults           {"rate429":0.1,"rate5xx":0.2,"hangRate":0.05,"malformedRate":0.05,
//                                    "resetRate":0.05,"lostRate":0.05,"latencyMs":0,"retryAfterSeconds":1,
//                                    "seed":1} (rates are probabilities per request)
// One request can also ask for a fault with the header `X-Sandbox-Fault: 429 | 503 | hang |
// malformed | reset | lost` ("lost" applies the change, then drops the connection).
import * as toggl from "./toggl.mjs";
import * as jaqpot from "./jaqpot.mjs";
import * as gencove from "./gencove.mjs";
import * as cloudtruth from "./cloudtruth.mjs";
import * as logto from "./logto.mjs";

export const providers = { toggl, jaqpot, gencove, cloudtruth, logto };

import { USERS, CREDENTIALS } from "../people.mjs";

export { USERS, CREDENTIALS };

const DAY = 86_400_000;

function rng(seed) {
  let s = seed >>> 0 || 1;
  return () => ((s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32);
}

export function createSandbox() {
  const sandbox = {
    started: Date.now(),
    log: [],
    faults: {},
    random: rng(1),
    state: {},
  };
  sandbox.reset = () => {
    sandbox.started = Date.now();
    sandbox.log = [];
    sandbox.faults = {};
    sandbox.random = rng(1);
    for (const [name, p] of Object.entries(providers)) sandbox.state[name] = p.seed({ now: sandbox.started, DAY, USERS });
  };
  sandbox.reset();
  return sandbox;
}

/** A small response helper shared by the provider files (status, headers, body as given). */
export function reply(status, body, headers = {}) {
  if (body === undefined || body === null) return { status, headers, body: "" };
  if (typeof body === "string") return { status, headers: { "Content-Type": "text/plain; charset=utf-8", ...headers }, body };
  return { status, headers: { "Content-Type": "application/json", ...headers }, body: JSON.stringify(body) };
}

function pickFault(sandbox, req) {
  const asked = req.headers["x-sandbox-fault"];
  if (asked) return String(asked);
  const f = sandbox.faults;
  const r = sandbox.random();
  let edge = 0;
  for (const [name, rate] of [["hang", f.hangRate], ["reset", f.resetRate], ["malformed", f.malformedRate], ["lost", f.lostRate], ["429", f.rate429], ["503", f.rate5xx]]) {
    edge += Number(rate) || 0;
    if (r < edge) return name;
  }
  return null;
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on("data", (c) => { size += c.length; if (size > 1 << 20) { reject(new Error("too large")); req.destroy(); } else chunks.push(c); });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

const CORS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "GET, POST, PUT, PATCH, DELETE, OPTIONS",
  "Access-Control-Allow-Headers": "Authorization, Content-Type, Accept, X-Api-Key, X-Api-Secret, X-Sandbox-Fault",
  "Access-Control-Expose-Headers": "Retry-After, X-Toggl-Quota-Remaining, X-Toggl-Quota-Resets-In",
};

function send(res, out) {
  res.writeHead(out.status, { ...CORS, "Cache-Control": "no-store", ...out.headers });
  res.end(out.body);
}

/** Handles a request under /sandbox/. Returns false when the path is not the sandbox's. */
export async function handle(sandbox, req, res, pathname, search) {
  if (!pathname.startsWith("/sandbox/")) return false;
  if (req.method === "OPTIONS") { send(res, reply(204)); return true; }
  const rest = pathname.slice("/sandbox/".length);
  if (rest === "_state") { send(res, reply(200, sandbox.state)); return true; }
  if (rest === "_log") { send(res, reply(200, sandbox.log)); return true; }
  if (rest === "_links") { send(res, reply(200, inviteLinks(sandbox, `http://${req.headers.host}`))); return true; }
  if (rest === "_reset" && req.method === "POST") { sandbox.reset(); send(res, reply(204)); return true; }
  if (rest === "_bulk" && req.method === "POST") {
    // {"provider": "cloudtruth", "count": 1000, "email": "alice@example.com"}: that many new
    // pending invitations (load tests accept a fresh one per request). Returns their ids.
    const body = JSON.parse((await readBody(req)) || "{}");
    const p = providers[body.provider];
    if (!p?.bulk) { send(res, reply(400, { detail: "no such provider" })); return true; }
    send(res, reply(200, p.bulk(sandbox.state[body.provider], Math.min(Number(body.count) || 0, 200_000), String(body.email ?? ""))));
    return true;
  }
  if (rest === "_faults" && req.method === "POST") {
    const body = JSON.parse((await readBody(req)) || "{}");
    sandbox.faults = body;
    sandbox.random = rng(Number(body.seed) || 1);
    send(res, reply(200, sandbox.faults));
    return true;
  }
  const slash = rest.indexOf("/");
  const name = slash < 0 ? rest : rest.slice(0, slash);
  const provider = providers[name];
  if (!provider) { send(res, reply(404, { detail: "no such sandbox provider" })); return true; }
  const path = slash < 0 ? "/" : rest.slice(slash);
  const body = await readBody(req).catch(() => null);
  const fault = pickFault(sandbox, req);
  const entry = { method: req.method, provider: name, path, query: search, fault, at: Date.now() - sandbox.started, body: body ? body.slice(0, 300) : "" };
  sandbox.log.push(entry);
  if (sandbox.faults.latencyMs) await new Promise((r) => setTimeout(r, sandbox.faults.latencyMs));
  if (fault === "hang") return true; // never answers; the client's timeout must fire
  if (fault === "reset") { req.socket.destroy(); return true; }
  if (fault === "429") { send(res, reply(429, provider.errorBody(429, "Too many requests (sandbox fault)"), { "Retry-After": String(sandbox.faults.retryAfterSeconds ?? 1) })); return true; }
  if (fault === "503") { send(res, reply(503, provider.errorBody(503, "Service unavailable (sandbox fault)"), { "Retry-After": String(sandbox.faults.retryAfterSeconds ?? 1) })); return true; }
  const ctx = {
    method: req.method, path, query: new URLSearchParams(search), headers: req.headers, body,
    json() { try { return body ? JSON.parse(body) : null; } catch { return undefined; } },
    now: Date.now(), state: sandbox.state[name], all: sandbox.state, USERS, CREDENTIALS, DAY,
    origin: `http://${req.headers.host}/sandbox/${name}`,
  };
  let out;
  try {
    out = provider.route(ctx);
  } catch (err) {
    out = reply(500, provider.errorBody(500, `sandbox error: ${err.message}`));
  }
  if (!out) out = reply(404, provider.errorBody(404, "Not Found"));
  entry.status = out.status;
  if (fault === "lost") { req.socket.destroy(); entry.lost = true; return true; }
  if (fault === "malformed" && out.body) { send(res, { ...out, body: out.body.slice(0, Math.max(1, out.body.length >> 1)) + "\u0000{" }); return true; }
  send(res, out);
  return true;
}

/** Ready-made invite links for the demo page, per provider and state. */
export function inviteLinks(sandbox, origin) {
  const links = [];
  for (const [name, p] of Object.entries(providers)) {
    for (const l of p.links(sandbox.state[name])) links.push({ provider: name, ...l, url: origin + l.path });
  }
  return links;
}
