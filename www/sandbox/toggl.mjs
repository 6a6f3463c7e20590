// Toggl Track API v9, organization invitations (NOTES.md §1), under /sandbox/toggl/api/v9.
// HTTP Basic only (email:password or <token>:api_token), 403 for failed authentication,
// plain-text error bodies, accept answers "OK" as text/plain, bulk create answers 200, resend
// by integer invitation_id, no statuses or timestamps exposed.
import { reply } from "./index.mjs";

export function errorBody(status, message) {
  return message; // `schema: string`
}

export function seed({ now, DAY, USERS }) {
  const org = { id: 9001, name: "Acme Time Tracking" };
  const make = (n, email, state) => ({
    invitation_id: 1000 + n, code: `tgl-${["pend", "acc", "rej", "rev", "exp"][n % 5]}-${email.split("@")[0]}`,
    email, organization_id: org.id, organization_name: org.name,
    sender_email: USERS.admin.email, sender_name: USERS.admin.name, state,
    // Toggl does not expose expiry; the sandbox keeps one to decide what its endpoints answer.
    expires_at: state === "expired" ? now - DAY : now + 7 * DAY,
  });
  const list = [];
  let n = 0;
  for (const who of [USERS.alice, USERS.bob]) {
    for (const state of ["pending", "accepted", "rejected", "revoked", "expired"]) list.push(make(n++ % 5 + (who === USERS.bob ? 5 : 0), who.email, state));
  }
  return { org, invitations: list, workspaces: [7, 8] };
}

function basicUser(headers, CREDENTIALS) {
  const h = headers.authorization ?? "";
  if (!h.startsWith("Basic ")) return null;
  const [user, pass] = Buffer.from(h.slice(6), "base64").toString("utf8").split(":");
  if (pass === "api_token" && user === CREDENTIALS.toggl.admin.apiToken) return { admin: true, email: "admin@example.com" };
  if (pass === CREDENTIALS.toggl.userPassword && user) return { admin: user === "admin@example.com", email: user.toLowerCase() };
  return null;
}

const publicView = (i) => ({
  accounts_signup_url: "", code: i.code, email: i.email, organization_id: i.organization_id,
  organization_name: i.organization_name, sender_email: i.sender_email, sender_name: i.sender_name, sso: false, token: "",
});

export function route(ctx) {
  const { method, path, state, headers, CREDENTIALS, now } = ctx;
  const p = path.replace(/^\/api\/v9/, "");
  const open = (i) => i && i.state === "pending" && i.expires_at > now;
  let m;
  // T1 GET /invitations/{invitation_code} (no auth)
  if (method === "GET" && (m = p.match(/^\/invitations\/([^/]+)$/))) {
    const inv = state.invitations.find((i) => i.code === decodeURIComponent(m[1]));
    if (!open(inv)) return reply(404, "Invitation not found");
    return reply(200, publicView(inv));
  }
  // T2/T3 POST /organizations/invitations/{code}/accept|reject (the invitee's Basic auth)
  if (method === "POST" && (m = p.match(/^\/organizations\/invitations\/([^/]+)\/(accept|reject)$/))) {
    const user = basicUser(headers, CREDENTIALS);
    if (!user) return reply(403, "Forbidden");
    const inv = state.invitations.find((i) => i.code === decodeURIComponent(m[1]));
    if (!open(inv)) return reply(404, "Invalid invitation code");
    if (inv.email !== user.email) return reply(403, "Forbidden");
    inv.state = m[2] === "accept" ? "accepted" : "rejected";
    return m[2] === "accept" ? reply(200, "OK") : reply(200, JSON.stringify("OK"), { "Content-Type": "application/json" });
  }
  // T4 POST /organizations/{organization_id}/invitations (bulk, 200)
  if (method === "POST" && (m = p.match(/^\/organizations\/(\d+)\/invitations$/))) {
    const user = basicUser(headers, CREDENTIALS);
    if (!user?.admin) return reply(403, "Forbidden");
    if (Number(m[1]) !== state.org.id) return reply(404, "Organization not found");
    const body = ctx.json();
    if (body === undefined || body === null || typeof body !== "object") return reply(400, "Invalid JSON input");
    if (!Array.isArray(body.emails) || body.emails.length === 0) return reply(400, "at least one email is required");
    if (!Array.isArray(body.workspaces) || body.workspaces.length === 0) return reply(400, "at least one workspace is required");
    const bad = body.emails.find((e) => typeof e !== "string" || !/^[^@\s]+@[^@\s]+$/.test(e));
    if (bad !== undefined) return reply(400, `Invalid e-mail: '${bad}'`);
    const result = { data: [], invitations: [], messages: [] };
    for (const email of body.emails) {
      if (state.invitations.some((i) => i.email === email.toLowerCase() && i.state === "accepted")) {
        result.messages.push(`User with e-mail '${email}' is already an inactive member of the organization`);
        continue;
      }
      const id = 2000 + state.invitations.length;
      const inv = {
        invitation_id: id, code: `tgl-new-${id}`, email: email.toLowerCase(), organization_id: state.org.id,
        organization_name: state.org.name, sender_email: user.email, sender_name: "Ada Admin", state: "pending", expires_at: now + 7 * 86_400_000,
      };
      state.invitations.push(inv);
      result.data.push({ invitation_id: id, email: inv.email, invite_url: `${ctx.origin}/i/${inv.code}`, organization_id: inv.organization_id, sender_id: 1, recipient_id: 0, workspaces: body.workspaces.map((w) => ({ workspace_id: w.workspace_id, user_id: 0, workspace_user_id: 0 })) });
      result.invitations.push({ code: inv.code, email: inv.email, organization_id: inv.organization_id, organization_name: inv.organization_name, sender_email: inv.sender_email, sender_name: inv.sender_name });
    }
    return reply(200, result);
  }
  // T5 PUT /organizations/{organization_id}/invitations/{invitation_id}/resend
  if (method === "PUT" && (m = p.match(/^\/organizations\/(\d+)\/invitations\/([^/]+)\/resend$/))) {
    const user = basicUser(headers, CREDENTIALS);
    if (!user?.admin) return reply(403, "Forbidden");
    if (!/^\d+$/.test(m[2])) return reply(400, "Invalid invitation ID");
    const inv = state.invitations.find((i) => i.invitation_id === Number(m[2]));
    if (!inv) return reply(404, "Invitation not found");
    if (inv.organization_id !== Number(m[1])) return reply(400, "Organization ID and invitation organization ID mismatch");
    inv.expires_at = ctx.now + 7 * 86_400_000;
    return reply(200, JSON.stringify("OK"), { "Content-Type": "application/json" });
  }
  return null;
}

export function links(state) {
  return state.invitations.map((i) => ({ state: i.state, email: i.email, path: `/join/toggl/code/${encodeURIComponent(i.code)}` }));
}

export function bulk(state, count, email) {
  const refs = [];
  for (let n = 0; n < count; n++) {
    const id = 100_000 + state.invitations.length;
    const inv = { invitation_id: id, code: `tgl-bulk-${id}`, email, organization_id: state.org.id, organization_name: state.org.name, sender_email: "admin@example.com", sender_name: "Ada Admin", state: "pending", expires_at: Date.now() + 7 * 86_400_000 };
    state.invitations.push(inv);
    refs.push({ id: String(id), code: inv.code, organizationId: String(state.org.id) });
  }
  return refs;
}
