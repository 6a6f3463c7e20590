// Argument objects (options, drafts, link parts, list queries, credentials) are read member by
// member at the boundary: what each member must be, and the message naming the one that is
// not. Members the contract does not name are ignored.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as ik from "invitekit";

const failsWith = (thunk, field, pattern) => {
  let err;
  try { thunk(); } catch (e) { err = e; }
  assert.ok(err instanceof ik.InviteError, `expected an InviteError, got ${err}`);
  assert.equal(err.code, "invalid_input", err.message);
  assert.equal(err.field, field, err.message);
  assert.match(err.message, pattern);
};
const problems = (provider, draft, now = 0) => ik.validateInvitation(provider, draft, { now }).errors.map((p) => p.field);

test("drafts: each member's type, named when wrong; workspaces read element by element", () => {
  const ok = { organizationId: 7, emails: ["a@example.com"], workspaces: [{ id: 1, role: "admin" }] };
  assert.deepEqual(problems("toggl", ok), []);
  assert.deepEqual(problems("toggl", { ...ok, organizationId: "7", extra: { anything: true } }), []);
  for (const [draft, pattern] of [
    [{ ...ok, organizationId: true }, /draft is not valid: organizationId must be a string or a number/],
    [{ ...ok, emails: "a@example.com" }, /draft is not valid: emails must be an array of strings/],
    [{ ...ok, emails: ["a@example.com", 5] }, /draft is not valid: emails must be an array of strings/],
    [{ ...ok, role: 1 }, /draft is not valid: role must be a string/],
    [{ ...ok, workspaces: [{ id: 1 }, { role: "admin" }] }, /draft is not valid: workspaces\[1\]\.id must be a number/],
    [{ ...ok, workspaces: [{ id: 1, admin: "yes" }] }, /draft is not valid: workspaces\[0\]\.admin must be true or false/],
    [{ ...ok, workspaces: [3] }, /draft is not valid: workspaces\[0\] must be an object/],
    [{ ...ok, expiresAt: {} }, /draft is not valid: expiresAt must be ISO-8601 text, epoch milliseconds or a Date/],
    [{ ...ok, message: () => 1 }, /draft is not valid: message must be an object or false/],
    [{ ...ok, get inviterId() { throw new Error("getter"); } }, /draft is not valid: reading one of its members threw \(inviterId\)/],
  ]) {
    failsWith(() => ik.validateInvitation("toggl", draft), "draft", pattern);
  }
  failsWith(() => ik.validateInvitation("toggl", "draft"), "draft", /the draft must be an object/);
});

test("drafts: expiresAt as text, epoch milliseconds or a Date mean the same time", () => {
  const base = { organizationId: "org_1", emails: ["a@example.com"], roles: ["member"] };
  const at = Date.UTC(2030, 0, 1);
  for (const expiresAt of ["2030-01-01T00:00:00Z", at, new Date(at)]) {
    assert.deepEqual(problems("logto", { ...base, expiresAt }, at - 1), [], String(expiresAt));
    assert.deepEqual(problems("logto", { ...base, expiresAt }, at + 1), ["expiresAt"], String(expiresAt));
  }
});

test("options: undefined and null are defaults; other members' types named", () => {
  const token = "eyJhbGciOiJIUzI1NiJ9.eyJlbWFpbCI6ImFAZXhhbXBsZS5jb20ifQ.c2ln";
  assert.equal(ik.decodeInviteToken(token, undefined).email, "a@example.com");
  assert.equal(ik.decodeInviteToken(token, null).email, "a@example.com");
  assert.equal(ik.decodeInviteToken(token, { now: null, leewaySeconds: undefined }).email, "a@example.com");
  failsWith(() => ik.decodeInviteToken(token, "soon"), "options", /options must be an object/);
  failsWith(() => ik.decodeInviteToken(token, { now: "now" }), "options", /options is not valid: now must be a number/);
  failsWith(() => ik.decodeInviteToken(token, { leewaySeconds: 1.5 }), "options", /options is not valid: leewaySeconds must be a whole number/);
  failsWith(() => ik.validateInvitation("toggl", {}, { now: "2030" }), "options", /options is not valid: now must be a number/);
  failsWith(() => ik.checkAcceptance({ provider: "toggl", status: "pending" }, { signedInEmail: 5 }), "options", /options is not valid: signedInEmail must be a string/);
});

test("buildInviteLink: link parts by name; provider and kind from their lists", () => {
  const template = "https://app.example.com/join/{code}?org={organization}";
  assert.equal(ik.buildInviteLink(template, { value: "abc", organization: "acme", unknown: 1 }), "https://app.example.com/join/abc?org=acme");
  assert.equal(ik.buildInviteLink(template, { value: "abc", organization: "acme", provider: "toggl", kind: "code" }), "https://app.example.com/join/abc?org=acme");
  failsWith(() => ik.buildInviteLink(template, { value: "abc", provider: "slack" }), "link", /link is not valid: provider must be one of toggl, jaqpot, gencove, cloudtruth, logto/);
  failsWith(() => ik.buildInviteLink(template, { value: "abc", kind: "magic" }), "link", /link is not valid: kind must be one of code, token, id, ticket/);
  failsWith(() => ik.buildInviteLink(template, { value: 5 }), "link", /link is not valid: value must be a string/);
});

test("InviteClient: credentials are exactly one kind with exactly its members; list queries by name", () => {
  const make = (auth) => () => new ik.InviteClient({ provider: "jaqpot", baseUrl: "http://127.0.0.1:9", auth });
  make({ keyPair: { key: "k", secret: "s" } })();
  make({ bearer: "t" })();
  for (const auth of [
    { keyPair: { key: "k", secret: "s", extra: "x" } }, { keyPair: { key: "k" } }, { keyPair: { key: "k", secret: 5 } },
    { apiKey: "k", bearer: "t" }, { apiKey: 5 }, { password: "p" }, {}, ["k"], "k",
  ]) {
    failsWith(make(auth), "auth", /auth must be one of/);
  }
  const logto = (clientCredentials) => new ik.InviteClient({ provider: "logto", baseUrl: "http://127.0.0.1:9", auth: { clientCredentials } });
  logto({ clientId: "c", clientSecret: "s", resource: "https://default.logto.app/api", scope: "all" });
  logto({ clientId: "c", clientSecret: "s", resource: "https://default.logto.app/api", tokenUrl: null });
  failsWith(() => logto({ clientId: "c", clientSecret: "s" }), "auth", /auth must be one of/);
  const client = new ik.InviteClient({ provider: "gencove", baseUrl: "http://127.0.0.1:9", auth: { apiKey: "k" } });
  failsWith(() => client.list({ pageSize: 2.5 }), "query", /query is not valid: pageSize must be a whole number/);
  failsWith(() => client.list({ cursor: 3 }), "query", /query is not valid: cursor must be a string/);
  failsWith(() => client.list("all"), "query", /query must be an object/);
});
