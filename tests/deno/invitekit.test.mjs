// invitekit and invitekit/core in Deno, imported by name through the package's "deno" export
// condition (the .wasm arrives as a compiled module; no init call). Run by the test command with the Deno binary from
// npm, installed by scripts/setup.sh outside package.json.
import * as ik from "invitekit";
import * as core from "invitekit/core";

function assertEquals(actual, expected, what = "") {
  const [a, e] = [JSON.stringify(actual), JSON.stringify(expected)];
  if (a !== e) throw new Error(`${what}: ${a} !== ${e}`);
}

Deno.test("loads with no init call and lists the providers", () => {
  assertEquals([...ik.PROVIDERS], ["toggl", "jaqpot", "gencove", "cloudtruth", "logto"], "PROVIDERS");
  assertEquals(ik.parseInviteLink("https://a.dev/?invitation_token=t1").value, "t1", "parseInviteLink");
});

Deno.test("invitekit/core loads with no init call, without InviteClient, with the package's InviteError", async () => {
  assertEquals(core.parseInviteLink("https://a.dev/?invitation_token=t1").value, "t1", "parseInviteLink");
  assertEquals("InviteClient" in core, false, "InviteClient in invitekit/core");
  try {
    core.decodeInviteToken("not a token");
    throw new Error("no error");
  } catch (e) {
    assertEquals([e instanceof ik.InviteError, e.code], [true, "invalid_token"], "error");
  }
});

Deno.test("errors are InviteError instances", () => {
  try {
    ik.decodeInviteToken("not a token");
    throw new Error("no error");
  } catch (e) {
    assertEquals([e instanceof ik.InviteError, e instanceof Error, e.code], [true, true, "invalid_token"], "error");
  }
});

Deno.test("verifyInviteToken on Deno's WebCrypto", async () => {
  const b64u = (b) => btoa(String.fromCharCode(...new Uint8Array(b))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  const enc = new TextEncoder();
  const input = `${b64u(enc.encode('{"alg":"HS256"}'))}.${b64u(enc.encode('{"email":"a@b.c"}'))}`;
  const secret = enc.encode("deno-shared-secret-of-enough-length");
  const key = await crypto.subtle.importKey("raw", secret, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const token = `${input}.${b64u(await crypto.subtle.sign("HMAC", key, enc.encode(input)))}`;
  const d = await ik.verifyInviteToken(token, { secret }, { algorithms: ["HS256"] });
  assertEquals(d.email, "a@b.c", "verified email");
  // Back to back with the key cached: the bytes go to WebCrypto as views of wasm memory that
  // the next call reuses at once; each answer must still be for its own token.
  const tokens = [];
  for (let i = 0; i < 30; i++) {
    const body = `${b64u(enc.encode('{"alg":"HS256"}'))}.${b64u(enc.encode(`{"email":"u${i}@b.c"}`))}`;
    tokens.push(`${body}.${b64u(await crypto.subtle.sign("HMAC", key, enc.encode(body)))}`);
  }
  const sent = tokens.map((t, i) => (i % 3 ? t : `${t.split(".")[0]}.${tokens[(i + 1) % 30].split(".")[1]}.${t.split(".")[2]}`));
  const answers = await Promise.all(sent.map((t) => ik.verifyInviteToken(t, { secret }, { algorithms: ["HS256"] }).then((v) => v.email, (e) => e.code)));
  assertEquals(answers, sent.map((_, i) => (i % 3 ? `u${i}@b.c` : "signature_invalid")), "back-to-back answers");
});

Deno.test("InviteClient over Deno's fetch against a local server", async () => {
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (req) => {
    const url = new URL(req.url);
    if (url.pathname === "/api/v2/invitations-token/tok") {
      return Response.json({ token: "tok", expires: "2099-01-01T00:00:00Z", role: "member", organization: { id: "o", name: "Acme" }, last_status: { id: "s", status: "pending", actor: { id: "a", name: "B" } } });
    }
    return Response.json({ detail: "Not found." }, { status: 404 });
  });
  try {
    const c = new ik.InviteClient({ provider: "gencove", baseUrl: `http://127.0.0.1:${server.addr.port}`, auth: { apiKey: "k" } });
    const inv = await c.lookup("tok");
    assertEquals([inv.code, inv.organization.name, inv.status], ["tok", "Acme", "pending"], "lookup");
    const err = await c.lookup("missing").catch((e) => e);
    assertEquals([err instanceof ik.InviteError, err.code], [true, "not_found"], "not found");
  } finally {
    await server.shutdown();
  }
});
