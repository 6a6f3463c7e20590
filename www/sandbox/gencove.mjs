// Gencove API v2, invitations (NOTES.md §3), under /sandbox/gencove/api/v2. `Api-Key <key>` or
// `Bearer <jwt>`; `/invitations/` with a trailing slash but `/invitations/{id}` and
// `/invitations-token/{token}` without; limit/offset pagination in a `meta` envelope; accept is
// `PATCH {}` on the token; DRF error bodies; 503 maintenance body.
import { reply } from "./index.mjs";

export function errorBody(status, message) {
  if (status === 503) return { maintenance: true, maintenance_message: message, maintenance_eta: null };
  return { detail: message };
}

export function seed({ now, DAY, USERS }) {
  const org = { id: "6c1d7f4e-0c55-4b7e-9d2e-1f0a2b3c4d5e", name: "Acme Genomics" };
  const list = [];
  let n = 0;
  for (const who of [USERS.alice, USERS.bob]) {
    for (const [status, expires] of [["pending", 7], ["accepted", 7], ["revoked", 7], ["pending", -1]]) {
      n++;
      list.push({
        id: `1111111${n}-2222-4333-8444-${String(n).padStart(12, "0")}`, token: `gcv-${status}-${expires < 0 ? "old" : "new"}-${who.email.split("@")[0]}`,
        email: who.email, role: "member", expires: new Date(now + expires * DAY).toISOString(), org,
        last_status: { id: crypto.randomUUID(), status, created: new Date(now - DAY).toISOString(), actor: { id: USERS.admin.id, name: USERS.admin.name } },
      });
    }
  }
  return { org, invitations: list };
}

function caller(headers, CREDENTIALS) {
  const h = headers.authorization ?? "";
  if (h === `Api-Key ${CREDENTIALS.gencove.admin.apiKey}`) return { admin: true, email: "admin@example.com" };
  const prefix = "Bearer gencove-user-";
  return h.startsWith(prefix) ? { admin: false, email: h.slice(prefix.length).toLowerCase() } : null;
}

const listView = (i) => ({ id: i.id, email: i.email, last_status: i.last_status, expires: i.expires, role: i.role });
const detailView = (i) => ({ token: i.token, last_status: i.last_status, expires: i.expires, organization: i.org, role: i.role });
const effective = (i, now) => (i.last_status.status === "pending" && Date.parse(i.expires) < now ? "expired" : i.last_status.status);

export function route(ctx) {
  const { method, path, state, headers, CREDENTIALS, now, query } = ctx;
  const who = caller(headers, CREDENTIALS);
  if (!who) return reply(401, { detail: "Authentication credentials were not provided." });
  let m;
  if (path === "/api/v2/invitations/") {
    // G1 GET ?status=&limit=&offset= -> {meta: {count, next, previous}, results}
    if (method === "GET") {
      if (!who.admin) return reply(403, { detail: "You do not have permission to perform this action." });
      const status = query.get("status") ?? "all";
      if (!["accepted", "all", "expired", "pending", "revoked"].includes(status)) return reply(400, { status: [`Select a valid choice. ${status} is not one of the available choices.`] });
      const rows = state.invitations.filter((i) => status === "all" || effective(i, now) === status);
      const limit = Math.min(Number(query.get("limit") ?? 25) || 25, 1000);
      const offset = Number(query.get("offset") ?? 0) || 0;
      const url = (o) => `${ctx.origin}/api/v2/invitations/?limit=${limit}&offset=${o}${status !== "all" ? `&status=${status}` : ""}`;
      return reply(200, {
        meta: { count: rows.length, next: offset + limit < rows.length ? url(offset + limit) : null, previous: offset > 0 ? url(Math.max(0, offset - limit)) : null },
        results: rows.slice(offset, offset + limit).map(listView),
      });
    }
    // G2 POST {email, role} -> 201
    if (method === "POST") {
      if (!who.admin) return reply(403, { detail: "You do not have permission to perform this action." });
      const body = ctx.json();
      if (!body || typeof body.email !== "string" || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(body.email)) return reply(400, { email: ["Enter a valid email address."] });
      if (state.invitations.some((i) => i.email === body.email.toLowerCase() && i.last_status.status === "pending")) return reply(400, { email: ["User is already invited."] });
      const inv = {
        id: crypto.randomUUID(), token: `gcv-${crypto.randomUUID()}`, email: body.email.toLowerCase(), role: typeof body.role === "string" ? body.role : "",
        expires: new Date(now + 7 * 86_400_000).toISOString(), org: state.org,
        last_status: { id: crypto.randomUUID(), status: "pending", created: new Date(now).toISOString(), actor: { id: "usr_admin", name: "Ada Admin" } },
      };
      state.invitations.push(inv);
      return reply(201, listView(inv));
    }
    return null;
  }
  // G3 DELETE /api/v2/invitations/{invitation_id} -> 204 (revokes)
  if ((m = path.match(/^\/api\/v2\/invitations\/([^/]+)$/)) && method === "DELETE") {
    if (!who.admin) return reply(403, { detail: "You do not have permission to perform this action." });
    const inv = state.invitations.find((i) => i.id === decodeURIComponent(m[1]));
    if (!inv) return reply(404, { detail: "Not found." });
    inv.last_status = { ...inv.last_status, id: crypto.randomUUID(), status: "revoked", created: new Date(now).toISOString() };
    return reply(204, null);
  }
  if ((m = path.match(/^\/api\/v2\/invitations-token\/([^/]+)$/))) {
    const inv = state.invitations.find((i) => i.token === decodeURIComponent(m[1]));
    if (!inv) return reply(404, { detail: "Not found." });
    // G4 GET -> InvitationDetails
    if (method === "GET") return reply(200, detailView(inv));
    // G5 PATCH {} -> the PATCH itself accepts (the invitee only)
    if (method === "PATCH") {
      if (who.email !== inv.email) return reply(403, { detail: "This invitation is for another user." });
      const now_ = effective(inv, now);
      if (now_ === "expired") return reply(400, { detail: "Invitation has expired." });
      if (now_ === "accepted") return reply(400, { detail: "Invitation already accepted." });
      if (now_ !== "pending") return reply(400, { detail: `Invitation is ${now_}.` });
      inv.last_status = { id: crypto.randomUUID(), status: "accepted", created: new Date(now).toISOString(), actor: { id: `usr_${who.email.split("@")[0]}`, name: who.email } };
      return reply(200, detailView(inv));
    }
  }
  return null;
}

export function links(state) {
  const now = Date.now();
  return state.invitations.map((i) => ({ state: effective(i, now), email: i.email, path: `/join/gencove/code/${encodeURIComponent(i.token)}?email=${encodeURIComponent(i.email)}` }));
}

export function bulk(state, count, email) {
  const refs = [];
  for (let n = 0; n < count; n++) {
    const inv = {
      id: crypto.randomUUID(), token: `gcv-bulk-${crypto.randomUUID()}`, email, role: "member", expires: new Date(Date.now() + 7 * 86_400_000).toISOString(), org: state.org,
      last_status: { id: crypto.randomUUID(), status: "pending", created: new Date().toISOString(), actor: { id: "usr_admin", name: "Ada Admin" } },
    };
    state.invitations.push(inv);
    refs.push({ id: inv.id, code: inv.token });
  }
  return refs;
}
