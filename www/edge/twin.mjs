// The pure-JS twin of worker.mjs, for the load test (bench/edge.mjs): the same routes, HTML,
// CSRF tokens and redirect rules (common.mjs), with the invitekit parts done by hand with
// `new URL`, `fetch` and `jose`: link parsing, the provider call and its error mapping, the
// acceptance check. It implements the one provider the load test drives (CloudTruth).
import { decodeJwt } from "jose";
import { csrfToken, csrfValid, logLine, previewHtml, statusFor, tokenTag } from "./common.mjs";

class HttpError extends Error {
  constructor(code, message) { super(message); this.code = code; }
}

function parseLink(text) {
  if (text.length > 8192) throw new HttpError("invalid_link", "the link is too long");
  let url;
  try { url = new URL(text); } catch { throw new HttpError("invalid_link", "not a URL"); }
  const m = url.pathname.match(/^\/join\/cloudtruth\/id\/([^/]+)\/?$/);
  if (!m) throw new HttpError("invalid_link", "not a CloudTruth invite link");
  const value = decodeURIComponent(m[1]);
  // A JWT-shaped value would carry its own claims (same work as invitekit's decode).
  const claims = value.split(".").length === 3 ? decodeJwt(value) : null;
  return { provider: "cloudtruth", value, claims };
}

async function call(cfg, method, path, auth) {
  let res;
  try {
    res = await fetch(cfg.baseUrl + path, { method, headers: { accept: "application/json", authorization: auth } });
  } catch {
    throw new HttpError("network", "could not reach the provider");
  }
  const text = await res.text();
  if (res.status === 404) throw new HttpError("not_found", "not found");
  if (res.status === 403) throw new HttpError("forbidden", "forbidden");
  if (res.status === 429) throw new HttpError("rate_limited", "rate limited");
  if (res.status >= 500) throw new HttpError("provider_unavailable", "provider unavailable");
  if (!res.ok) throw new HttpError("invalid_input", "refused");
  try { return JSON.parse(text); } catch { throw new HttpError("malformed_response", "bad JSON"); }
}

function config(env) {
  return { providers: JSON.parse(env.INVITEKIT_PROVIDERS), redirects: JSON.parse(env.ALLOWED_REDIRECTS ?? "[]") };
}

function userAuth(request, cfg) {
  return request.headers.get("authorization") ?? (cfg.auth.apiKey ? `Api-Key ${cfg.auth.apiKey}` : `Bearer ${cfg.auth.bearer}`);
}

function view(raw) {
  const state = raw.state === "sent" ? "pending" : raw.state;
  return { email: raw.email, status: ["pending", "accepted", "bounced"].includes(state) ? state : "unknown", roles: [raw.role], organization: String(raw.organization ?? "").replace(/\/$/, "").split("/").pop() };
}

function check(inv, signedIn) {
  if (inv.status === "accepted") return "already_accepted";
  if (signedIn && inv.email && signedIn.trim().toLowerCase() !== inv.email.toLowerCase()) return "email_mismatch";
  return null;
}

const json = (body, status = 200) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" } });

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const cfg = config(env);
    const ct = cfg.providers.cloudtruth;
    const wantsJson = (request.headers.get("accept") ?? "").includes("application/json");
    const signedIn = request.headers.get(env.SIGNED_IN_HEADER ?? "cf-access-authenticated-user-email");
    const lines = [];
    try {
      if (request.method === "GET" && url.pathname === "/invite") {
        const text = url.searchParams.get("link") ?? "";
        const link = parseLink(text);
        lines.push(logLine(`preview ${link.provider} ${tokenTag(link.value)}`));
        const inv = view(await call(ct, "GET", `/api/v1/invitations/${encodeURIComponent(link.value)}/`, userAuth(request, ct)));
        const reason = check(inv, signedIn);
        const body = { provider: "cloudtruth", organization: inv.organization, roles: inv.roles, email: inv.email, status: inv.status, expiresAt: null, canAccept: reason === null, canReject: false, reason, csrf: await csrfToken(env.CSRF_SECRET, "cloudtruth", link.value, Date.now()) };
        return wantsJson ? json(body) : new Response(previewHtml(body, text), { headers: { "content-type": "text/html; charset=utf-8" } });
      }
      if (request.method === "POST" && url.pathname === "/invite/accept") {
        const form = Object.fromEntries(await request.formData());
        const link = parseLink(String(form.link ?? ""));
        const origin = request.headers.get("origin");
        if (origin !== null && origin !== url.origin) return json({ error: "forbidden" }, 403);
        if (origin === null && !(await csrfValid(env.CSRF_SECRET, String(form.csrf ?? ""), "cloudtruth", link.value, Date.now()))) return json({ error: "forbidden" }, 403);
        const redirect = String(form.redirect ?? cfg.redirects[0] ?? "");
        if (!cfg.redirects.some((a) => redirect === a || (redirect.startsWith(a) && /[/?#]$/.test(a)))) return json({ error: "invalid_input" }, 400);
        if (signedIn === null && env.INSECURE_ALLOW_ANONYMOUS !== "true") return json({ error: "forbidden" }, 403);
        const auth = userAuth(request, ct);
        const inv = view(await call(ct, "GET", `/api/v1/invitations/${encodeURIComponent(link.value)}/`, auth));
        const reason = check(inv, signedIn);
        if (reason) throw new HttpError(reason, reason);
        const done = view(await call(ct, "POST", `/api/v1/invitations/${encodeURIComponent(link.value)}/accept/`, auth));
        if (wantsJson) return json({ status: done.status, redirect });
        return new Response(null, { status: 303, headers: { location: redirect } });
      }
      return new Response("not found", { status: 404 });
    } catch (err) {
      const code = err instanceof HttpError ? err.code : "provider_unavailable";
      return json({ error: code }, statusFor(code));
    } finally {
      if (env.LOG !== "off") for (const l of lines) console.log(l);
    }
  },
};
