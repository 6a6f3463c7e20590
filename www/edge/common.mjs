// Pieces both edge workers use (invitekit's worker and its pure-JS twin): CSRF tokens on
// WebCrypto HMAC, the HTML preview, status mapping and log hygiene. No invitation logic here.

const enc = new TextEncoder();
const CSRF_TTL_MS = 30 * 60 * 1000;
const keys = new Map();

async function hmacKey(secret) {
  let key = keys.get(secret);
  if (!key) {
    key = await crypto.subtle.importKey("raw", enc.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
    keys.set(secret, key);
  }
  return key;
}

const b64u = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const unb64u = (text) => Uint8Array.from(atob(text.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));

/** A token bound to one invitation (provider + reference) and a time: `<ms>.<hmac>`. */
export async function csrfToken(secret, provider, ref, now) {
  if (!secret) throw new Error("CSRF_SECRET is not configured");
  const sig = await crypto.subtle.sign("HMAC", await hmacKey(secret), enc.encode(`${provider}\n${ref}\n${now}`));
  return `${now}.${b64u(sig)}`;
}

export async function csrfValid(secret, token, provider, ref, now) {
  const dot = token.indexOf(".");
  if (!secret || dot < 1 || token.length > 200) return false;
  const issued = Number(token.slice(0, dot));
  if (!Number.isSafeInteger(issued) || issued > now || now - issued > CSRF_TTL_MS) return false;
  let sig;
  try { sig = unb64u(token.slice(dot + 1)); } catch { return false; }
  return crypto.subtle.verify("HMAC", await hmacKey(secret), sig, enc.encode(`${provider}\n${ref}\n${issued}`));
}

export function escapeHtml(text) {
  return String(text ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

/** The preview page: Accept, and Decline only where the provider can reject (`p.canReject`). */
export function previewHtml(p, link) {
  const row = (k, v) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v ?? "—")}</dd>`;
  const expires = p.expiresAt ? new Date(p.expiresAt).toUTCString() : "no expiry";
  const disabled = p.canAccept ? "" : " disabled";
  const form = (verb, label) => `<form method="post" action="/invite/${verb}"><input type="hidden" name="link" value="${escapeHtml(link)}"><input type="hidden" name="csrf" value="${escapeHtml(p.csrf)}"><button${disabled}>${label}</button></form>`;
  return `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Invitation</title>
<h1>Invitation to ${escapeHtml(p.organization ?? "an organization")}</h1>
<dl>${row("Provider", p.provider)}${row("Role", p.roles.join(", ") || "—")}${row("For", p.email)}${row("Status", p.status)}${row("Expires", expires)}</dl>
${p.canAccept ? "" : `<p role="status">This invitation cannot be accepted here (${escapeHtml(p.reason)}).</p>`}
${form("accept", "Accept")}${p.canReject ? form("reject", "Decline") : ""}</html>`;
}

/** HTTP statuses for invitekit's error codes. */
export function statusFor(code) {
  switch (code) {
    case "invalid_link": case "invalid_token": case "invalid_input": case "invalid_email": return 400;
    case "not_found": return 404;
    case "expired": return 410;
    case "already_accepted": case "already_rejected": case "revoked": case "already_invited": return 409;
    case "email_mismatch": case "forbidden": return 403;
    case "unauthorized": return 502; // our credentials were refused upstream: a server problem, not the visitor's
    case "unsupported": return 405;
    case "rate_limited": case "quota_exceeded": return 429;
    case "timeout": return 504;
    default: return 502;
  }
}

/** A short, non-reversible tag of a token or code for logs (never the value itself). */
export function tokenTag(value) {
  const s = String(value);
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return `tok#${(h >>> 0).toString(16).padStart(8, "0")}/${s.length}`;
}

export function logLine(msg) {
  return `[invite] ${msg}`;
}
