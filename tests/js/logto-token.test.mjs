// Logto's M2M token: one token request serves every call of the same InviteClient within the
// token's lifetime (reads, lists and writes alike), against the embedded sandbox.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import * as ik from "invitekit";
import { startServer } from "../../www/server.mjs";
import { CREDENTIALS, SANDBOX_PATHS } from "../../www/people.mjs";

const { server, url } = await startServer({ port: 0 });
after(() => { server.closeAllConnections?.(); server.close(); });
const site = url.replace(/\/$/, "");
const tokenRequests = async () => (await (await fetch(`${site}/sandbox/_log`)).json()).filter((l) => l.provider === "logto" && l.path === "/oidc/token").length;

test("one M2M token request for a read, a list, an accept and a revoke of one client", async () => {
  await fetch(`${site}/sandbox/_reset`, { method: "POST" });
  const logto = new ik.InviteClient({ provider: "logto", baseUrl: site + SANDBOX_PATHS.logto, auth: { clientCredentials: CREDENTIALS.logto.clientCredentials } });
  const page = await logto.list({ status: "pending" });
  assert.ok(page.items.length >= 2, JSON.stringify(page.items.map((i) => i.status)));
  const [first, second] = page.items;
  const read = await logto.get(first.id);
  assert.equal(read.status, "pending");
  const accepted = await logto.accept(read, { userId: first.email === "bob@example.com" ? "usr_bob" : "usr_alice" });
  assert.equal(accepted.status, "accepted");
  await logto.revoke(second.id);
  assert.equal(await tokenRequests(), 1);
  // A second client has its own token.
  const other = new ik.InviteClient({ provider: "logto", baseUrl: site + SANDBOX_PATHS.logto, auth: { clientCredentials: CREDENTIALS.logto.clientCredentials } });
  await other.get(first.id);
  assert.equal(await tokenRequests(), 2);
});
