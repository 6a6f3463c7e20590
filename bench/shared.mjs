// What the bench scripts share: the core cases' token, the client cases' loopback server, the
// provider sandbox in a process of its own, and workerd's CPU time from /proc.
import { execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import * as jose from "jose";

// A ~400-byte token (the size the core targets name), its claims and its HS256 secret.
export const CLAIMS = {
  iss: "https://auth.example.com/oidc", sub: "usr_8f3kq2LmN0pQ", aud: "https://app.example.com",
  email: "jane.doe+invites@example.com", org_id: "org_4KqV9yZ2", roles: ["admin", "billing"],
  invitation_id: "inv_72hG1s",
};
export const SECRET = new TextEncoder().encode("bench-shared-secret-of-reasonable-length-000");

/** The claims signed by jose with `key` (the HS256 secret by default), valid for an hour. */
export function signToken(header = { alg: "HS256", typ: "JWT" }, key = SECRET) {
  const now = Math.floor(Date.now() / 1000);
  return new jose.SignJWT(CLAIMS).setProtectedHeader(header).setIssuedAt(now).setExpirationTime(now + 3600).sign(key);
}

/** The decode target's baseline: split, base64url and JSON.parse, nothing checked. */
export function minimalDecode(token) {
  const [h, p] = token.split(".");
  const dec = (s) => JSON.parse(Buffer.from(s, "base64url").toString("utf8"));
  return { header: dec(h), payload: dec(p) };
}

/** A loopback server answering every request with one CloudTruth invitation. */
export async function invitationServer() {
  const body = JSON.stringify({
    url: "http://x/api/v1/invitations/i1/", id: "6e2f6c1a-77a5-4e0b-9a8a-0c1f2e3d4b5a", email: "jane@example.com", role: "VIEWER",
    inviter: "http://x/api/v1/users/u1/", inviter_name: "The Boss", state: "pending", state_detail: "", membership: null,
    organization: "http://x/api/v1/organizations/o1/",
  });
  const server = createServer((req, res) => { res.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) }); res.end(body); });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const base = `http://127.0.0.1:${server.address().port}`;
  return {
    base,
    id: "6e2f6c1a-77a5-4e0b-9a8a-0c1f2e3d4b5a",
    url: `${base}/api/v1/invitations/6e2f6c1a-77a5-4e0b-9a8a-0c1f2e3d4b5a/`,
    headers: { accept: "application/json", authorization: "Api-Key ct_bench_key" },
    auth: { apiKey: "ct_bench_key" },
    close: () => server.close(),
  };
}

/** The demo's provider sandbox (www/server.mjs) in its own process, so it does not share an
 *  event loop with the load generator: its URL and the process. */
export async function startSandbox() {
  const proc = spawn(process.execPath, ["www/server.mjs"], { env: { ...process.env, PORT: "0" }, stdio: ["ignore", "pipe", "inherit"] });
  const site = await new Promise((ok, fail) => {
    let out = "";
    proc.stdout.on("data", (d) => { out += d; const m = out.match(/invitekit demo: (http:\/\/\S+)\//); if (m) ok(m[1]); });
    proc.on("exit", () => fail(new Error("sandbox exited")));
  });
  proc.stdout.resume();
  return { site, proc };
}

/** The pids of the running workerd processes (each Miniflare instance runs its own). */
export function workerdPids() {
  try {
    return execFileSync("ps", ["-e", "-o", "pid=,comm="]).toString().trim().split("\n")
      .map((l) => l.trim().split(/\s+/)).filter(([, comm]) => comm?.includes("workerd")).map(([pid]) => pid);
  } catch { return []; }
}

/** CPU time (user + system) of `pids` so far, in microseconds (Linux /proc; NaN elsewhere). */
export function cpuMicros(pids) {
  return pids.reduce((sum, pid) => {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
      return sum + (Number(fields[11]) + Number(fields[12])) * (1e6 / 100); // USER_HZ ticks
    } catch { return NaN; }
  }, 0);
}
