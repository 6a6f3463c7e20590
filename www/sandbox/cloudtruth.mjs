// CloudTruth Management API v1, invitations (NOTES.md §4), under /sandbox/cloudtruth/api/v1.
// `Api-Key <key>` or `Bearer <jwt>`; every path keeps its trailing slash; related objects are
// URIs; `state` is pending|sent|bounced|accepted; DRF page-number pagination; 404 "Bad Request"
// when already invited or already accepted; 403 on accept when the email does not match.
import { reply } from "./index.mjs";

export function errorBody(status, message) {
  return { detail: message };
}

export function seed({ USERS }) {
  const org = "org-acme-config";
  const list = [];
  let n = 0;
  for (const who of [USERS.alice, USERS.bob]) {
    for (const state of ["pending", "sent", "accepted", "bounced"]) {
      n++;
      list.push({ id: `3333333${n}-4444-4555-8666-${String(n).padStart(12, "0")}`, email: who.email, role: "VIEWER", state, state_detail: state === "bounced" ? "550 mailbox unavailable" : "", org });
    }
  }
  return { org, invitations: list };
}

function caller(headers, CREDENTIALS) {
  const h = headers.authorization ?? "";
  if (h === `Api-Key ${CREDENTIALS.cloudtruth.admin.apiKey}`) return { admin: true, email: "admin@example.com" };
  const prefix = "Bearer cloudtruth-user-";
  return h.startsWith(prefix) ? { admin: false, email: h.slice(prefix.length).toLowerCase() } : null;
}

const ROLES = ["OWNER", "ADMIN", "CONTRIB", "VIEWER"];

function view(ctx, i) {
  const api = `${ctx.origin}/api/v1`;
  return {
    url: `${api}/invitations/${i.id}/`, id: i.id, email: i.email, role: i.role,
    inviter: `${api}/users/usr_admin/`, inviter_name: "Ada Admin", state: i.state, state_detail: i.state_detail,
    membership: i.state === "accepted" ? `${api}/memberships/m-${i.id.slice(0, 8)}/` : null, organization: `${api}/organizations/${i.org}/`,
  };
}

export function route(ctx) {
  const { method, path, state, headers, CREDENTIALS, query } = ctx;
  const who = caller(headers, CREDENTIALS);
  if (!who) return reply(401, { detail: "Authentication credentials were not provided." });
  const admin = () => (who.admin ? null : reply(403, { detail: "You do not have permission to perform this action." }));
  if (path === "/api/v1/invitations/") {
    // C1 GET ?email=&role=&state=&page=&page_size=
    if (method === "GET") {
      const denied = admin();
      if (denied) return denied;
      let rows = state.invitations;
      for (const [param, field] of [["email", "email"], ["role", "role"], ["state", "state"]]) {
        const v = query.get(param);
        if (v !== null) rows = rows.filter((i) => i[field] === v);
      }
      const size = Math.min(Number(query.get("page_size") ?? 20) || 20, 1000);
      const page = Number(query.get("page") ?? 1) || 1;
      if ((page - 1) * size >= rows.length && page > 1) return reply(404, { detail: "Invalid page." });
      const url = (p) => `${ctx.origin}/api/v1/invitations/?page=${p}&page_size=${size}`;
      return reply(200, { count: rows.length, next: page * size < rows.length ? url(page + 1) : null, previous: page > 1 ? url(page - 1) : null, results: rows.slice((page - 1) * size, page * size).map((i) => view(ctx, i)) });
    }
    // C2 POST {email, role} -> 201; 404 "Bad Request" when already invited
    if (method === "POST") {
      const denied = admin();
      if (denied) return denied;
      const body = ctx.json();
      if (!body || typeof body.email !== "string" || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(body.email)) return reply(400, { email: ["Enter a valid email address."] });
      if (!ROLES.includes(body.role)) return reply(400, { role: [`"${body.role}" is not a valid choice.`] });
      if (state.invitations.some((i) => i.email === body.email.toLowerCase() && i.state !== "accepted")) return reply(404, { detail: "Bad Request" });
      const inv = { id: crypto.randomUUID(), email: body.email.toLowerCase(), role: body.role, state: "pending", state_detail: "", org: state.org };
      state.invitations.push(inv);
      return reply(201, view(ctx, inv));
    }
    return null;
  }
  const m = path.match(/^\/api\/v1\/invitations\/([^/]+)\/(accept\/|resend\/)?$/);
  if (!m) return null;
  const inv = state.invitations.find((i) => i.id === decodeURIComponent(m[1]));
  if (m[2] === "accept/" && method === "POST") {
    // C7: the signed-in invitee; 403 on email mismatch, 404 when missing or already accepted
    if (!inv || inv.state === "accepted") return reply(404, { detail: "Bad Request" });
    if (who.email !== inv.email) return reply(403, { detail: "Permission denied." });
    inv.state = "accepted";
    inv.state_detail = "";
    return reply(200, view(ctx, inv));
  }
  if (m[2] === "resend/" && method === "POST") {
    const denied = admin();
    if (denied) return denied;
    if (!inv || inv.state === "accepted") return reply(404, { detail: "Bad Request" });
    inv.state = "pending";
    inv.state_detail = "";
    return reply(200, view(ctx, inv));
  }
  if (m[2]) return null;
  if (!inv) return reply(404, { detail: "Not found." });
  if (method === "GET") return reply(200, view(ctx, inv));
  if (method === "PUT" || method === "PATCH") {
    const denied = admin();
    if (denied) return denied;
    const body = ctx.json() ?? {};
    if (method === "PUT" && (typeof body.email !== "string" || typeof body.role !== "string")) return reply(400, { email: ["This field is required."], role: ["This field is required."] });
    if (body.role !== undefined && !ROLES.includes(body.role)) return reply(400, { role: [`"${body.role}" is not a valid choice.`] });
    if (body.email !== undefined) inv.email = String(body.email).toLowerCase();
    if (body.role !== undefined) inv.role = body.role;
    return reply(200, view(ctx, inv));
  }
  if (method === "DELETE") {
    const denied = admin();
    if (denied) return denied;
    state.invitations.splice(state.invitations.indexOf(inv), 1);
    state.deleted = [...(state.deleted ?? []), inv.id];
    return reply(204, null);
  }
  return null;
}

export function links(state) {
  return state.invitations.map((i) => ({ state: i.state === "sent" ? "pending" : i.state, email: i.email, path: `/join/cloudtruth/id/${i.id}` }));
}

export function bulk(state, count, email) {
  const ids = [];
  for (let n = 0; n < count; n++) {
    const inv = { id: crypto.randomUUID(), email: email.toLowerCase(), role: "VIEWER", state: "pending", state_detail: "", org: state.org };
    state.invitations.push(inv);
    ids.push({ id: inv.id });
  }
  return ids;
}
