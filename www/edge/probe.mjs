// A measuring worker for bench/edge-probe.mjs (not part of the demo): `GET /?op=<op>&n=<n>`
// runs one operation n times inside workerd, so the bench can read workerd's CPU time per
// operation from /proc. It is what the README's workerd figures come from: the scheduling
// primitives the futures glue could use, and client.get against the bare attempt() it makes,
// with a fetch that answers at once and with the real upstream.
import { InviteClient } from "invitekit";
import { attempt } from "./dist/runtime.mjs";

const BODY = JSON.stringify({ url: "http://x/api/v1/invitations/i1/", id: "6e2f6c1a-77a5-4e0b-9a8a-0c1f2e3d4b5a", email: "jane@example.com", role: "VIEWER", inviter: "http://x/api/v1/users/u1/", inviter_name: "The Boss", state: "pending", state_detail: "", membership: null, organization: "http://x/api/v1/organizations/o1/" });
const stubFetch = async () => new Response(BODY, { status: 200, headers: { "content-type": "application/json" } });
const ID = "33333331-4444-4555-8666-000000000001";
let clients;

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const op = url.searchParams.get("op");
    const n = Number(url.searchParams.get("n") ?? 1);
    const upstream = JSON.parse(env.INVITEKIT_PROVIDERS).cloudtruth.baseUrl;
    const auth = { bearer: "cloudtruth-user-alice@example.com" };
    clients ??= {
      stub: new InviteClient({ provider: "cloudtruth", baseUrl: "https://ct.example.com", auth, fetch: stubFetch, timeoutMs: 8000, retries: 2 }),
      real: new InviteClient({ provider: "cloudtruth", baseUrl: upstream, auth, timeoutMs: 8000, retries: 2 }),
    };
    const headers = ["accept", "application/json", "authorization", `Bearer ${auth.bearer}`];
    const ops = {
      queueMicrotask10: async () => { for (let k = 0; k < 10; k++) await new Promise((r) => queueMicrotask(r)); },
      promiseJob10: async () => { for (let k = 0; k < 10; k++) await new Promise((r) => Promise.resolve().then(r)); },
      stubAttempt: async () => JSON.parse((await attempt(stubFetch, "GET", "https://ct.example.com/x", headers, undefined, 8000, 4194304, undefined)).body),
      stubGet: () => clients.stub.get(ID),
      realAttempt: async () => JSON.parse((await attempt(undefined, "GET", `${upstream}/api/v1/invitations/${ID}/`, headers, undefined, 8000, 4194304, undefined)).body),
      realGet: () => clients.real.get(ID),
    };
    const fn = ops[op];
    if (!fn) return new Response(`ops: ${Object.keys(ops).join(" ")}`, { status: 404 });
    for (let i = 0; i < n; i++) await fn();
    return new Response("ok");
  },
};
