// Jaqpot API, organization invitations (NOTES.md §2), under /sandbox/jaqpot. Bearer JWT or
// X-Api-Key + X-Api-Secret; 403 for permission (not 401); create answers 200 with no body;
// accept/reject is a PUT of the full invitation; errors as ApiErrorResponse {status, message,
// code} (400, 429) or Spring's {timestamp, status, error, message, path} (404); three org
// identifiers (orgName, name, numeric orgId); no EXPIRED status.
import { reply } from "./index.mjs";

export function errorBody(status, message) {
  return { status, message, code: null };
}

const spring = (status, error, message, path) => ({ timestamp: new Date().toISOString(), status, error, message, path });

export function seed({ now, DAY, USERS }) {
  const org = { id: 77, name: "acme-models" };
  const list = [];
  let n = 0;
  for (const who of [USERS.alice, USERS.bob]) {
    for (const [status, expires] of [["PENDING", 7], ["ACCEPTED", 7], ["REJECTED", 7], ["PENDING", -1]]) {
      n++;
      list.push({ id: `0000000${n}-aaaa-4bbb-8ccc-${String(n).padStart(12, "0")}`, userId: null, userEmail: who.email, status, expirationDate: new Date(now + expires * DAY).toISOString() });
    }
  }
  return { org, invitations: list, creates: [] };
}

function caller(headers, CREDENTIALS) {
  const c = CREDENTIALS.jaqpot;
  if (headers["x-api-key"] || headers["x-api-secret"]) {
    return headers["x-api-key"] === c.keyPair.key && headers["x-api-secret"] === c.keyPair.secret ? { admin: true, email: "admin@example.com" } : null;
  }
  const h = headers.authorization ?? "";
  if (!h.startsWith("Bearer ")) return null;
  const token = h.slice(7);
  if (token === c.admin.bearer) return { admin: true, email: "admin@example.com" };
  const prefix = "jaqpot-user-";
  return token.startsWith(prefix) ? { admin: false, email: token.slice(prefix.length).toLowerCase() } : null;
}

export function route(ctx) {
  const { method, path, state, headers, CREDENTIALS, now } = ctx;
  const who = caller(headers, CREDENTIALS);
  if (!who) return reply(401, { status: 401, message: "Unauthorized", code: null });
  const base = `/v1/organizations/`;
  if (!path.startsWith(base)) return null;
  const parts = path.slice(base.length).split("/").map(decodeURIComponent);
  // J5 POST /v1/organizations/{orgId}/invitations/{id}/resend (numeric orgId)
  if (method === "POST" && parts.length === 4 && parts[1] === "invitations" && parts[3] === "resend") {
    if (!/^\d+$/.test(parts[0])) return reply(400, { status: 400, message: "orgId must be a number", code: null });
    if (!who.admin) return reply(403, null);
    const inv = state.invitations.find((i) => i.id === parts[2]);
    if (Number(parts[0]) !== state.org.id || !inv) return reply(404, spring(404, "Not Found", "Invitation not found", path));
    if (inv.status !== "PENDING") return reply(400, { status: 400, message: `Invitation already ${inv.status.toLowerCase()}`, code: null });
    inv.expirationDate = new Date(now + 7 * 86_400_000).toISOString(); // resend extends expiry; 410 is never sent
    return reply(200, null);
  }
  const [org, inv, id, ...more] = parts;
  if (inv !== "invitations" || more.length) return null;
  if (org !== state.org.name) return reply(404, spring(404, "Not Found", "Organization not found", path));
  if (id === undefined) {
    // J2 GET (bare array, no filters, no paging)
    if (method === "GET") return who.admin ? reply(200, state.invitations) : reply(403, null);
    // J1 POST {"emails": [1..10]} -> 200 with no body
    if (method === "POST") {
      if (!who.admin) return reply(403, null);
      const recent = state.creates.filter((t) => t > now - 600_000);
      if (recent.length >= 5) return reply(429, { status: 429, message: "Rate limit exceeded: 5 invitation requests per 10 minutes", code: "RATE_LIMIT" }, { "Retry-After": "600" });
      const body = ctx.json();
      const emails = body?.emails;
      if (!Array.isArray(emails) || emails.length < 1 || emails.length > 10) return reply(400, { status: 400, message: "emails must contain 1 to 10 addresses", code: null });
      if (emails.some((e) => typeof e !== "string" || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(e))) return reply(400, { status: 400, message: "Invalid email address", code: null });
      state.creates.push(now);
      for (const e of emails) {
        state.invitations.push({ id: crypto.randomUUID(), userId: null, userEmail: e.toLowerCase(), status: "PENDING", expirationDate: new Date(now + 7 * 86_400_000).toISOString() });
      }
      return reply(200, null);
    }
    return null;
  }
  const found = state.invitations.find((i) => i.id === id);
  // J3 GET (any authenticated user)
  if (method === "GET") return found ? reply(200, found) : reply(404, spring(404, "Not Found", "Invitation not found", path));
  // J4 PUT the full invitation; only `status` is used; the invitee only
  if (method === "PUT") {
    if (!found) return reply(404, spring(404, "Not Found", "Invitation not found", path));
    const body = ctx.json();
    if (!body || typeof body.userEmail !== "string" || typeof body.status !== "string" || typeof body.expirationDate !== "string") {
      return reply(400, { status: 400, message: "userEmail, status and expirationDate are required", code: null });
    }
    if (who.email !== found.userEmail) return reply(400, { status: 400, message: "The invitation email does not match the user email", code: null });
    if (found.status !== "PENDING") return reply(400, { status: 400, message: `Invitation has already been ${found.status.toLowerCase()}`, code: null });
    if (Date.parse(found.expirationDate) < now) return reply(400, { status: 400, message: "Invitation has expired", code: null });
    if (!["ACCEPTED", "REJECTED", "PENDING"].includes(body.status)) return reply(400, { status: 400, message: "Invalid status", code: null });
    found.status = body.status;
    found.userId = `usr_${who.email.split("@")[0]}`;
    return reply(200, found);
  }
  return null;
}

export function links(state) {
  const word = (i) => (i.status === "PENDING" && Date.parse(i.expirationDate) < Date.now() ? "expired" : i.status.toLowerCase());
  return state.invitations.map((i) => ({ state: word(i), email: i.userEmail, path: `/join/jaqpot/id/${i.id}?org=${encodeURIComponent(state.org.name)}` }));
}

export function bulk(state, count, email) {
  const refs = [];
  for (let n = 0; n < count; n++) {
    const inv = { id: crypto.randomUUID(), userId: null, userEmail: email, status: "PENDING", expirationDate: new Date(Date.now() + 7 * 86_400_000).toISOString() };
    state.invitations.push(inv);
    refs.push({ id: inv.id, organization: state.org.name, organizationId: String(state.org.id) });
  }
  return refs;
}
