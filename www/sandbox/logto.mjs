// Logto Management API, organization invitations (NOTES.md §5), under /sandbox/logto. An M2M
// access token from POST /oidc/token (client_credentials, HTTP Basic client auth, resource,
// scope=all); entities with epoch-millisecond times; Expired computed when read (the stored row
// stays Pending); messagePayload false or an object (501 when no email connector, here when
// the payload asks for locale "xx"); 422 for status changes on ended invitations, a missing
// acceptedUserId or an email mismatch; 429 on create and message when asked too often.
import { reply } from "./index.mjs";

export function errorBody(status, message) {
  return { code: status === 429 ? "request.too_many_requests" : "request.general", message };
}

export function seed({ now, DAY, USERS }) {
  const list = [];
  let n = 0;
  for (const who of [USERS.alice, USERS.bob]) {
    for (const [status, expires] of [["Pending", 7], ["Accepted", 7], ["Revoked", 7], ["Pending", -1]]) {
      n++;
      list.push({
        tenantId: "default", id: `inv_${who.email[0]}${n}`, inviterId: USERS.admin.id, invitee: who.email,
        acceptedUserId: status === "Accepted" ? `usr_${who.email.split("@")[0]}` : null, organizationId: "org_acme",
        status, createdAt: now - DAY, updatedAt: now - DAY, expiresAt: now + expires * DAY,
        organizationRoles: [{ id: "role_member", name: "member" }],
      });
    }
  }
  return { invitations: list, tokens: [], users: Object.values(USERS).map((u) => ({ id: u.id, primaryEmail: u.email })), calls: [] };
}

const view = (i, now) => ({ ...i, status: i.status === "Pending" && i.expiresAt < now ? "Expired" : i.status });
const err = (status, code, message) => reply(status, { code, message, data: null });

export function route(ctx) {
  const { method, path, state, headers, CREDENTIALS, now } = ctx;
  // The client-credentials grant
  if (path === "/oidc/token" && method === "POST") {
    const cc = CREDENTIALS.logto.clientCredentials;
    const auth = headers.authorization ?? "";
    const [id, secret] = auth.startsWith("Basic ") ? Buffer.from(auth.slice(6), "base64").toString().split(":").map((s) => decodeURIComponent(s.replace(/\+/g, " "))) : [];
    if (id !== cc.clientId || secret !== cc.clientSecret) return reply(401, { error: "invalid_client", error_description: "client authentication failed" });
    const form = new URLSearchParams(ctx.body ?? "");
    if (form.get("grant_type") !== "client_credentials") return reply(400, { error: "unsupported_grant_type" });
    if (form.get("resource") !== cc.resource) return reply(400, { error: "invalid_target", error_description: "resource indicator is invalid" });
    const token = `logto-at-${crypto.randomUUID()}`;
    state.tokens.push(token);
    return reply(200, { access_token: token, expires_in: 3600, token_type: "Bearer", scope: form.get("scope") ?? "all" });
  }
  const base = "/api/organization-invitations";
  if (!path.startsWith(base)) return null;
  const bearer = (headers.authorization ?? "").replace(/^Bearer /, "");
  if (!state.tokens.includes(bearer)) return err(401, "auth.unauthorized", "Unauthorized");
  const rest = path.slice(base.length);
  const tooMany = () => {
    state.calls = state.calls.filter((t) => t > now - 10_000);
    state.calls.push(now);
    return state.calls.length > 20 ? err(429, "request.too_many_requests", "Too many requests.") : null;
  };
  if (rest === "" || rest === "/") {
    // L1 GET ?organizationId=&inviterId=&invitee= (bare array, no paging)
    if (method === "GET") {
      let rows = state.invitations;
      const q = ctx.query;
      if (q.get("organizationId")) rows = rows.filter((i) => i.organizationId === q.get("organizationId"));
      if (q.get("inviterId")) rows = rows.filter((i) => i.inviterId === q.get("inviterId"));
      if (q.get("invitee")) rows = rows.filter((i) => i.invitee.toLowerCase() === q.get("invitee").toLowerCase());
      return reply(200, rows.map((i) => view(i, now)));
    }
    // L2 POST -> 201
    if (method === "POST") {
      const limited = tooMany();
      if (limited) return limited;
      const b = ctx.json();
      if (!b || typeof b.invitee !== "string" || typeof b.organizationId !== "string" || typeof b.expiresAt !== "number") return err(400, "guard.invalid_input", "invitee, organizationId and expiresAt are required");
      if (b.expiresAt <= now) return err(400, "request.invalid_input", "The expiresAt must be in the future.");
      if (b.messagePayload !== undefined && b.messagePayload !== false && typeof b.messagePayload !== "object") return err(400, "guard.invalid_input", "messagePayload must be an object or false");
      if (b.messagePayload && b.messagePayload.locale === "xx") return reply(501, { code: "connector.not_found", message: "No email connector is configured.", details: "type: Email" });
      if (state.invitations.some((i) => i.invitee === b.invitee.toLowerCase() && i.organizationId === b.organizationId && view(i, now).status === "Pending")) {
        return err(422, "entity.unique_integrity_violation", "The entity already exists.");
      }
      const inv = {
        tenantId: "default", id: `inv_${crypto.randomUUID().replace(/-/g, "").slice(0, 16)}`, inviterId: b.inviterId ?? null,
        invitee: b.invitee.toLowerCase(), acceptedUserId: null, organizationId: b.organizationId, status: "Pending",
        createdAt: now, updatedAt: now, expiresAt: b.expiresAt, organizationRoles: (b.organizationRoleIds ?? []).map((id) => ({ id, name: id.replace(/^role_/, "") })),
      };
      state.invitations.push(inv);
      return reply(201, view(inv, now));
    }
    return null;
  }
  const m = rest.match(/^\/([^/]+)(\/message|\/status)?$/);
  if (!m) return null;
  const inv = state.invitations.find((i) => i.id === decodeURIComponent(m[1]));
  if (!inv) return err(404, "entity.not_found", "The organization invitation does not exist.");
  // L3 GET, L4 DELETE
  if (!m[2] && method === "GET") return reply(200, view(inv, now));
  if (!m[2] && method === "DELETE") { state.invitations.splice(state.invitations.indexOf(inv), 1); return reply(204, null); }
  // L5 POST /message (payload required)
  if (m[2] === "/message" && method === "POST") {
    const limited = tooMany();
    if (limited) return limited;
    const b = ctx.json();
    if (!b || typeof b !== "object") return err(400, "guard.invalid_input", "A message payload is required.");
    if (b.locale === "xx") return reply(501, { code: "connector.not_found", message: "No email connector is configured." });
    return reply(204, null);
  }
  // L6 PUT /status {status: Accepted|Revoked, acceptedUserId}
  if (m[2] === "/status" && method === "PUT") {
    const b = ctx.json();
    const current = view(inv, now).status;
    if (!b || !["Accepted", "Revoked"].includes(b.status)) return err(400, "guard.invalid_input", "status must be Accepted or Revoked");
    if (current !== "Pending") return err(422, "request.invalid_input", `The invitation is already ${current.toLowerCase()}.`);
    if (b.status === "Accepted") {
      if (!b.acceptedUserId) return err(422, "request.invalid_input", "acceptedUserId is required when accepting.");
      const user = state.users.find((u) => u.id === b.acceptedUserId);
      if (!user || user.primaryEmail.toLowerCase() !== inv.invitee.toLowerCase()) return err(422, "request.invalid_input", "The email of the accepted user does not match the invitee.");
      inv.acceptedUserId = user.id;
    }
    inv.status = b.status;
    inv.updatedAt = now;
    return reply(200, view(inv, now));
  }
  return null;
}

export function links(state) {
  const now = Date.now();
  return state.invitations.map((i) => ({ state: view(i, now).status.toLowerCase(), email: i.invitee, path: `/join/logto/id/${i.id}` }));
}

export function bulk(state, count, email) {
  const refs = [];
  const now = Date.now();
  for (let n = 0; n < count; n++) {
    const inv = {
      tenantId: "default", id: `inv_b${crypto.randomUUID().replace(/-/g, "").slice(0, 16)}`, inviterId: "usr_admin", invitee: email, acceptedUserId: null,
      organizationId: `org_bulk_${n}`, status: "Pending", createdAt: now, updatedAt: now, expiresAt: now + 7 * 86_400_000, organizationRoles: [],
    };
    state.invitations.push(inv);
    refs.push({ id: inv.id });
  }
  return refs;
}
