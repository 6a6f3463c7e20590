// invitekit's invite-link worker for Cloudflare Workers / workerd. It imports the package
// through its `workerd` export (the .wasm arrives as a compiled module; no init call).
//
//   GET|HEAD /invite?link=<invite link>  and the link paths themselves (/join/...):
//       parse the link, read the invitation with the provider credentials from `env`, answer a
//       small HTML preview (JSON with `Accept: application/json`). Never changes anything.
//   POST /invite/accept, POST /invite/reject  (form or JSON: link, csrf, redirect):
//       require a same-origin `Origin`, or (when no Origin is sent) the CSRF token issued with
//       the preview, bound to the invitation; require the signed-in identity header and check
//       its email against the invitee's; call the provider; redirect (303) only to an
//       allow-listed URL. A form post gets an HTML answer for every outcome; JSON only for
//       `Accept: application/json`.
//
// The worker must sit behind an identity proxy (Cloudflare Access, or any proxy that
// authenticates the visitor and sets SIGNED_IN_HEADER, and strips it from what visitors send):
// that header is the only proof of who is accepting. Accept and reject are refused (403)
// without it, unless INSECURE_ALLOW_ANONYMOUS is "true"; the user-id header (Logto's accept
// names the user) is read only together with it.
//
// Configuration (wrangler vars and secrets, see wrangler.toml), checked on the first request: a
// missing or malformed one answers 500 with a short page and is logged by name (never value).
//   INVITEKIT_PROVIDERS  JSON { "<provider>": { "baseUrl": "...", "auth": {...} } }   (secret)
//   CSRF_SECRET          HMAC key for CSRF tokens, at least 16 characters               (secret)
//   ALLOWED_REDIRECTS    JSON array of allowed redirect URL prefixes; the first is the default
//   LINK_TEMPLATES       JSON array of link templates (default: DEFAULT_TEMPLATES below)
//   SIGNED_IN_HEADER     request header carrying the signed-in email (default cf-access-authenticated-user-email)
//   USER_ID_HEADER       request header carrying the signed-in user's id (Logto accepts need it)
//   FORWARD_USER_AUTH    "true": providers whose accept must come from the invitee (Toggl, Jaqpot,
//                        Gencove, CloudTruth) get the request's own Authorization header
//   INSECURE_ALLOW_ANONYMOUS  "true": accept and reject without the signed-in header (no proxy)
import { InviteClient, InviteError, PROVIDERS, capabilities, checkAcceptance, parseInviteLink } from "invitekit";
import { csrfToken, csrfValid, escapeHtml, logLine, previewHtml, statusFor, tokenTag } from "./common.mjs";

export const DEFAULT_TEMPLATES = ["/join/{provider}/code/{code}?email={email}", "/join/{provider}/code/{code}", "/join/{provider}/id/{id}?org={organization}", "/join/{provider}/id/{id}"];

/** Every provider call's budget: 8 s in all, two retries where safe. */
const CLIENT_OPTIONS = { timeoutMs: 8000, retries: 2 };
/** Clients for forwarded visitor credentials, by provider and credentials. */
const clients = new Map();

/** A configuration variable that is missing or malformed: its name, and what is wrong with it
 *  (never its value). */
class Misconfigured extends Error {
  constructor(variable, problem) {
    super(`${variable} ${problem}`);
    this.variable = variable;
  }
}

function jsonVar(env, name, fallback) {
  const text = env[name];
  if (text === undefined || text === null || text === "") {
    if (fallback !== undefined) return fallback;
    throw new Misconfigured(name, "is not set");
  }
  try {
    return typeof text === "string" ? JSON.parse(text) : text;
  } catch {
    throw new Misconfigured(name, "is not valid JSON");
  }
}

/** The worker's configuration, read and checked once per `env`. */
function readConfig(env) {
  const providers = jsonVar(env, "INVITEKIT_PROVIDERS");
  if (!providers || typeof providers !== "object" || Array.isArray(providers) || Object.keys(providers).length === 0) {
    throw new Misconfigured("INVITEKIT_PROVIDERS", "must be a JSON object naming at least one provider");
  }
  // One client per provider with the worker's own credentials: made here, where its
  // construction also checks the configuration, and reused by every request (with its token).
  const envClients = {};
  for (const [provider, p] of Object.entries(providers)) {
    if (!PROVIDERS.includes(provider)) throw new Misconfigured("INVITEKIT_PROVIDERS", `names an unknown provider (one of ${PROVIDERS.join(", ")} expected)`);
    if (!p || typeof p !== "object") throw new Misconfigured("INVITEKIT_PROVIDERS", `has no object for ${provider}`);
    try {
      envClients[provider] = new InviteClient({ provider, baseUrl: p.baseUrl, auth: p.auth, ...CLIENT_OPTIONS });
    } catch (err) {
      throw new Misconfigured("INVITEKIT_PROVIDERS", `is refused for ${provider}: ${err.code ?? "invalid"}${err.field ? ` (${err.field})` : ""}`);
    }
  }
  if (typeof env.CSRF_SECRET !== "string" || env.CSRF_SECRET.length < 16) throw new Misconfigured("CSRF_SECRET", env.CSRF_SECRET ? "is shorter than 16 characters" : "is not set");
  const redirects = jsonVar(env, "ALLOWED_REDIRECTS");
  if (!Array.isArray(redirects) || redirects.length === 0 || !redirects.every((r) => typeof r === "string" && /^https?:\/\/[^/]+/.test(r))) {
    throw new Misconfigured("ALLOWED_REDIRECTS", "must be a JSON array of absolute http(s) URLs");
  }
  const templates = jsonVar(env, "LINK_TEMPLATES", DEFAULT_TEMPLATES);
  if (!Array.isArray(templates) || templates.length === 0 || !templates.every((t) => typeof t === "string")) {
    throw new Misconfigured("LINK_TEMPLATES", "must be a JSON array of link templates");
  }
  try {
    parseInviteLink("https://configuration-check.invalid/", { templates });
  } catch (err) {
    if (err.code !== "invalid_link") throw new Misconfigured("LINK_TEMPLATES", "holds a template invitekit refuses");
  }
  return {
    providers,
    envClients,
    redirects,
    templates,
    signedInHeader: (env.SIGNED_IN_HEADER || "cf-access-authenticated-user-email").toLowerCase(),
    userIdHeader: (env.USER_ID_HEADER || "x-user-id").toLowerCase(),
    forward: env.FORWARD_USER_AUTH === "true",
    anonymous: env.INSECURE_ALLOW_ANONYMOUS === "true",
  };
}

function config(env) {
  if (!env.__parsed) {
    let value;
    try {
      value = readConfig(env);
    } catch (err) {
      if (!(err instanceof Misconfigured)) throw err;
      value = { error: err };
    }
    Object.defineProperty(env, "__parsed", { value });
  }
  if (env.__parsed.error) throw env.__parsed.error;
  return env.__parsed;
}

/** The client for a call: the worker's own per provider, or one per set of visitor credentials
 *  when those are forwarded (each reused across requests, with its Logto token). */
function clientFor(env, provider, request) {
  const cfg = config(env);
  const p = cfg.providers[provider];
  if (!p) throw new InviteError("unsupported", `this worker is not configured for ${provider}`, { provider });
  const userAuth = request.headers.get("authorization");
  if (!(cfg.forward && provider !== "logto" && userAuth)) return cfg.envClients[provider];
  const key = `${provider}|${userAuth}`;
  let c = clients.get(key);
  if (!c) {
    const [scheme, value] = userAuth.split(" ", 2);
    const auth = scheme === "Basic" ? (() => { const [username, ...rest] = atob(value ?? "").split(":"); return { basic: { username, password: rest.join(":") } }; })() : { bearer: value ?? "" };
    c = new InviteClient({ provider, baseUrl: p.baseUrl, auth, ...CLIENT_OPTIONS });
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

function parse(env, text) {
  const link = parseInviteLink(text, { templates: config(env).templates });
  if (!link.provider) throw new InviteError("invalid_link", `a ${link.format} link names no provider this worker serves`);
  return link;
}

function json(body, status = 200, headers = {}) {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers } });
}

/** A short HTML page for a refusal or failure; `text` is HTML already escaped. */
function page(status, text, headers = {}) {
  return new Response(`<!doctype html><meta charset="utf-8"><title>Invitation</title><p>${text}</p>`, { status, headers: { "cache-control": "no-store", ...headers, "content-type": "text/html; charset=utf-8" } });
}

function failure(err, wantsJson, log) {
  if (err instanceof Misconfigured) return misconfigured(err, wantsJson, log);
  const e = err instanceof InviteError ? err : new InviteError("provider_unavailable", "unexpected failure");
  const status = statusFor(e.code);
  const headers = {};
  if (e.code === "rate_limited" && e.retryAfterMs) headers["retry-after"] = String(Math.ceil(e.retryAfterMs / 1000));
  log(`error ${e.code} ${status}`);
  if (wantsJson) return json({ error: e.code, message: e.message }, status, headers);
  return page(status, `${escapeHtml(e.message)} (${e.code})`, headers);
}

/** 500: the operator's configuration is at fault, not the visitor. The log names the variable. */
function misconfigured(err, wantsJson, log) {
  log(`misconfigured: ${err.message}`);
  const message = "This invitation service is not configured correctly. Please try again later.";
  if (wantsJson) return json({ error: "misconfigured", message }, 500);
  return page(500, message);
}

async function preview(request, env, linkText, log) {
  const wantsJson = (request.headers.get("accept") ?? "").includes("application/json");
  try {
    const link = parse(env, linkText);
    log(`preview ${link.provider} ${tokenTag(link.value)}`);
    const inv = await read(env, request, link);
    const cfg = config(env);
    const signedIn = request.headers.get(cfg.signedInHeader) ?? undefined;
    const check = checkAcceptance(inv, { signedInEmail: signedIn });
    const csrf = await csrfToken(env.CSRF_SECRET, link.provider, link.value, Date.now());
    const body = {
      provider: link.provider, organization: inv.organization.name ?? inv.organization.id, roles: inv.roles,
      email: inv.email, status: inv.status, expiresAt: inv.expiresAt, canAccept: check.ok, canReject: check.ok && capabilities(link.provider).reject, reason: check.code, csrf,
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
    const link = parse(env, String(form.link ?? ""));
    // CSRF: a cross-origin Origin is always refused; without an Origin the token must be valid.
    const origin = request.headers.get("origin");
    if (origin !== null && origin !== url.origin) throw new InviteError("forbidden", "This request came from another site and was refused.");
    if (origin === null && !(await csrfValid(env.CSRF_SECRET, String(form.csrf ?? ""), link.provider, link.value, Date.now()))) {
      throw new InviteError("forbidden", "This form has expired or was not issued here. Open the invitation link again.");
    }
    const redirect = String(form.redirect ?? cfg.redirects[0] ?? "");
    if (!cfg.redirects.some((allowed) => redirect === allowed || (redirect.startsWith(allowed) && /[/?#]$/.test(allowed)))) {
      throw new InviteError("invalid_input", "The page to return to is not allowed.", { field: "redirect" });
    }
    // Who is accepting: only the identity proxy's header says so; the user id only with it.
    const signedIn = request.headers.get(cfg.signedInHeader);
    if (signedIn === null && !cfg.anonymous) throw new InviteError("forbidden", "Sign in to answer this invitation.");
    const userId = signedIn === null ? undefined : request.headers.get(cfg.userIdHeader) ?? undefined;
    if (verb === "reject" && !capabilities(link.provider).reject) throw new InviteError("unsupported", `${link.provider} has no reject`);
    log(`${verb} ${link.provider} ${tokenTag(link.value)}`);
    const inv = await read(env, request, link);
    const check = checkAcceptance(inv, { signedInEmail: signedIn ?? undefined });
    if (!check.ok) throw new InviteError(check.code, check.message);
    const c = clientFor(env, link.provider, request);
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
      if (url.pathname === "/invite" || url.pathname.startsWith("/invite/") || url.pathname.startsWith("/join/")) {
        // The configuration is checked before anything else is served.
        try {
          config(env);
        } catch (err) {
          if (!(err instanceof Misconfigured)) throw err;
          return misconfigured(err, (request.headers.get("accept") ?? "").includes("application/json"), log);
        }
      }
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
