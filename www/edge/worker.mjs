// invitekit's invite-link worker for Cloudflare Workers / workerd. It imports the package
// through its `workerd` export (the .wasm arrives as a compiled module; no init call).
//
//   GET|HEAD /invite?link=<invite link>  and the link paths themselves (/join/...):
//       parse the link, read the invitation with the provider credentials from `env`, answer a
//       small HTML preview (JSON with `Accept: application/json`). Never changes anything.
//   POST /invite/accept, POST /invite/reject  (form or JSON: link, csrf, redirect):
//       require a same-origin `Origin`, or (when no Origin is sent) the CSRF token issued with
//       the preview, bound to the invitation; check the signed-in email when the request
//       carries one; call the provider; redirect (303) only to an allow-listed URL.
//
// Configuration (wrangler vars and secrets, see wrangler.toml):
//   INVITEKIT_PROVIDERS  JSON { "<provider>": { "baseUrl": "...", "auth": {...} } }   (secret)
//   CSRF_SECRET          HMAC key for CSRF tokens                                       (secret)
//   ALLOWED_REDIRECTS    JSON array of allowed redirect URL prefixes; the first is the default
//   SIGNED_IN_HEADER     request header carrying the signed-in email (default cf-access-authenticated-user-email)
//   USER_ID_HEADER       request header carrying the signed-in user's id (Logto accepts need it)
//   FORWARD_USER_AUTH    "true": providers whose accept must come from the invitee (Toggl, Jaqpot,
//                        Gencove, CloudTruth) get the request's own Authorization header
import { InviteClient, InviteError, capabilities, checkAcceptance, parseInviteLink } from "invitekit";
import { csrfToken, csrfValid, escapeHtml, logLine, previewHtml, statusFor, tokenTag } from "./common.mjs";

export const TEMPLATES = ["/join/{provider}/code/{code}?email={email}", "/join/{provider}/code/{code}", "/join/{provider}/id/{id}?org={organization}", "/join/{provider}/id/{id}"];

const clients = new Map();

function config(env) {
  if (!env.__parsed) {
    Object.defineProperty(env, "__parsed", {
      value: {
        providers: JSON.parse(env.INVITEKIT_PROVIDERS ?? "{}"),
        redirects: JSON.parse(env.ALLOWED_REDIRECTS ?? "[]"),
        signedInHeader: (env.SIGNED_IN_HEADER ?? "cf-access-authenticated-user-email").toLowerCase(),
        userIdHeader: (env.USER_ID_HEADER ?? "x-user-id").toLowerCase(),
        forward: env.FORWARD_USER_AUTH === "true",
      },
    });
  }
  return env.__parsed;
}

/** One client per provider and credential set, reused across requests (and its Logto token). */
function clientFor(env, provider, request) {
  const cfg = config(env);
  const p = cfg.providers[provider];
  if (!p) throw new InviteError("unsupported", `this worker is not configured for ${provider}`, { provider });
  const userAuth = request.headers.get("authorization");
  const forward = cfg.forward && provider !== "logto" && userAuth;
  let auth = p.auth;
  if (forward) {
    const [scheme, value] = userAuth.split(" ", 2);
    auth = scheme === "Basic" ? (() => { const [username, ...rest] = atob(value ?? "").split(":"); return { basic: { username, password: rest.join(":") } }; })() : { bearer: value ?? "" };
  }
  const key = `${provider}|${forward ? userAuth : "env"}`;
  let c = clients.get(key);
  if (!c) {
    c = new InviteClient({ provider, baseUrl: p.baseUrl, auth, timeoutMs: 8000, retries: 2 });
    if (clients.size > 256) clients.clear();
    clients.set(key, c);
  }
  return c;
}

function refOf(link) {
  return link.kind === "code" ? link.value : { id: link.value, organization: link.organization ?? undefined };
}

async function read(env, request, link) {
  const c = clientFor(env, link.provider, request);
  const inv = capabilities(link.provider).lookup && link.kind === "code" ? await c.lookup(link.value) : await c.get(refOf(link));
  if (!inv.email && link.email) inv.email = link.email;
  return inv;
}

function parse(text) {
  const link = parseInviteLink(text, { templates: TEMPLATES });
  if (!link.provider) throw new InviteError("invalid_link", `a ${link.format} link names no provider this worker serves`);
  return link;
}

function json(body, status = 200, headers = {}) {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers } });
}

function failure(err, wantsJson, log) {
  const e = err instanceof InviteError ? err : new InviteError("provider_unavailable", "unexpected failure");
  const status = statusFor(e.code);
  const headers = { "cache-control": "no-store" };
  if (e.code === "rate_limited" && e.retryAfterMs) headers["retry-after"] = String(Math.ceil(e.retryAfterMs / 1000));
  log(`error ${e.code} ${status}`);
  if (wantsJson) return json({ error: e.code, message: e.message }, status, headers);
  return new Response(`<!doctype html><meta charset="utf-8"><title>Invitation</title><p>${escapeHtml(e.message)} (${e.code})</p>`, { status, headers: { ...headers, "content-type": "text/html; charset=utf-8" } });
}

async function preview(request, env, linkText, log) {
  const wantsJson = (request.headers.get("accept") ?? "").includes("application/json");
  try {
    const link = parse(linkText);
    log(`preview ${link.provider} ${tokenTag(link.value)}`);
    const inv = await read(env, request, link);
    const cfg = config(env);
    const signedIn = request.headers.get(cfg.signedInHeader) ?? undefined;
    const check = checkAcceptance(inv, { signedInEmail: signedIn });
    const csrf = await csrfToken(env.CSRF_SECRET, link.provider, link.value, Date.now());
    const body = {
      provider: link.provider, organization: inv.organization.name ?? inv.organization.id, roles: inv.roles,
      email: inv.email, status: inv.status, expiresAt: inv.expiresAt, canAccept: check.ok, reason: check.code, csrf,
    };
    if (wantsJson) return json(body);
    return new Response(request.method === "HEAD" ? null : previewHtml(body, linkText), { headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", "referrer-policy": "no-referrer" } });
  } catch (err) {
    return failure(err, wantsJson, log);
  }
}

async function formOf(request) {
  const type = request.headers.get("content-type") ?? "";
  if (type.includes("application/json")) return request.json();
  if (type.includes("application/x-www-form-urlencoded") || type.includes("multipart/form-data")) return Object.fromEntries(await request.formData());
  return {};
}

async function act(request, env, verb, log) {
  const cfg = config(env);
  const url = new URL(request.url);
  const wantsJson = (request.headers.get("accept") ?? "").includes("application/json");
  let form;
  try {
    form = await formOf(request);
  } catch {
    return failure(new InviteError("invalid_input", "the form could not be read"), wantsJson, log);
  }
  try {
    const link = parse(String(form.link ?? ""));
    // CSRF: a cross-origin Origin is always refused; without an Origin the token must be valid.
    const origin = request.headers.get("origin");
    if (origin !== null && origin !== url.origin) return json({ error: "forbidden", message: "cross-origin request refused" }, 403);
    if (origin === null && !(await csrfValid(env.CSRF_SECRET, String(form.csrf ?? ""), link.provider, link.value, Date.now()))) {
      return json({ error: "forbidden", message: "missing or invalid CSRF token" }, 403);
    }
    const redirect = String(form.redirect ?? cfg.redirects[0] ?? "");
    if (!cfg.redirects.some((allowed) => redirect === allowed || (redirect.startsWith(allowed) && /[/?#]$/.test(allowed)))) {
      return json({ error: "invalid_input", message: "redirect target not allowed" }, 400);
    }
    if (verb === "reject" && !capabilities(link.provider).reject) throw new InviteError("unsupported", `${link.provider} has no reject`);
    log(`${verb} ${link.provider} ${tokenTag(link.value)}`);
    const inv = await read(env, request, link);
    const signedIn = request.headers.get(cfg.signedInHeader);
    const check = checkAcceptance(inv, { signedInEmail: signedIn ?? undefined });
    if (!check.ok) throw new InviteError(check.code, check.message);
    const c = clientFor(env, link.provider, request);
    const userId = request.headers.get(cfg.userIdHeader) ?? undefined;
    const done = verb === "accept" ? await c.accept(inv, { userId }) : await c.reject(inv);
    log(`${verb} ok ${link.provider} ${done.status}`);
    if (wantsJson) return json({ status: done.status, redirect });
    return new Response(null, { status: 303, headers: { location: redirect, "cache-control": "no-store" } });
  } catch (err) {
    return failure(err, wantsJson, log);
  }
}

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    const lines = [];
    const log = (msg) => lines.push(logLine(msg));
    try {
      if ((request.method === "GET" || request.method === "HEAD") && url.pathname === "/invite") {
        return await preview(request, env, url.searchParams.get("link") ?? "", log);
      }
      if ((request.method === "GET" || request.method === "HEAD") && url.pathname.startsWith("/join/")) {
        return await preview(request, env, request.url, log);
      }
      if (request.method === "POST" && (url.pathname === "/invite/accept" || url.pathname === "/invite/reject")) {
        return await act(request, env, url.pathname.endsWith("accept") ? "accept" : "reject", log);
      }
      if (url.pathname === "/invite" || url.pathname.startsWith("/invite/") || url.pathname.startsWith("/join/")) {
        return new Response("method not allowed", { status: 405, headers: { allow: url.pathname === "/invite" || url.pathname.startsWith("/join/") ? "GET, HEAD" : "POST" } });
      }
      return new Response("not found", { status: 404 });
    } finally {
      if (env.LOG !== "off") for (const l of lines) console.log(l);
    }
  },
};
