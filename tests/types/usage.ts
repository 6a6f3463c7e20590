// Compiled by the test command with `tsc --noEmit --strict` (Bundler resolution: the browser
// entry, with init; tests/consumers compiles the other resolution modes): the types are real
// (every call below is checked) and refuse wrong use (each @ts-expect-error must be an error).
import init, {
  InviteClient, InviteError, PROVIDERS, buildInviteLink, capabilities, checkAcceptance, decodeInviteToken,
  emailsMatch, parseInviteLink, validateEmail, validateInvitation, verifyInviteToken,
  type Capabilities, type DecodedToken, type ErrorCode, type Invitation, type InviteLink, type Provider,
  type ClientAuth, type EmailValidation, type InvitationDraft, type InviteLinkKind, type InviteLinkParts,
  type ListQueryInput,
} from "invitekit";

export async function usage(): Promise<void> {
  await init();
  const providers: readonly Provider[] = PROVIDERS;
  const caps: Capabilities = capabilities(providers[0] ?? "toggl");
  const canLookup: boolean = caps.lookup;

  const link: InviteLink = parseInviteLink("https://a.example/?invitation_token=t", { templates: ["/i/{code}"] });
  const kind: "code" | "token" | "id" | "ticket" = link.kind;
  const kinds: InviteLinkKind[] = ["code", "token", "id", "ticket"];
  const parts: InviteLinkParts = { provider: null, kind: "token", value: "t", email: null };
  const back: string = buildInviteLink("/i/{code}", { value: link.value, kind: "code" });
  const decoded: DecodedToken = decodeInviteToken("a.b.c");
  const exp: string | null = decoded.expiresAt;
  const verified: DecodedToken = await verifyInviteToken("a.b.c", { secret: new Uint8Array(32) }, { algorithms: ["HS256"] });
  const email: EmailValidation = validateEmail("a@b.c");
  const code: ErrorCode | null = email.error;
  const same: boolean = emailsMatch("a@b.c", "A@B.C");
  const check = validateInvitation("logto", { email: "a@b.c", organizationId: "o", expiresAt: new Date() });
  const firstField: string | undefined = check.errors[0]?.field;

  const client = new InviteClient({ provider: "gencove", auth: { apiKey: "k" }, timeoutMs: 5000, retries: 2 });
  const inv: Invitation = await client.lookup("token", { signal: new AbortController().signal });
  const status: Invitation["status"] = inv.status;
  const acceptance = checkAcceptance(inv, { signedInEmail: "a@b.c" });
  const page = await client.list({ status: "pending", pageSize: 50 });
  const next: string | null = page.next;
  const again: ListQueryInput = { cursor: page.next };
  const draft: InvitationDraft = { organizationId: 42, emails: ["a@b.c"], expiresAt: Date.now(), message: false };
  const m2m: ClientAuth = { clientCredentials: { clientId: "c", clientSecret: "s", resource: "https://r" } };
  for await (const each of client.listAll()) {
    const id: string | null = each.id;
    void id;
  }
  const created = await client.create({ emails: ["a@b.c"], role: "member" });
  for (const f of created.failed) {
    const e: InviteError = f.error;
    const why: ErrorCode = e.code;
    void why;
  }
  const resent: Invitation | null = await client.resend(inv);
  await client.revoke({ id: "x" });

  try {
    await client.accept("t");
  } catch (err) {
    if (err instanceof InviteError) {
      const c: ErrorCode = err.code;
      const wait: number | null = err.retryAfterMs;
      const who: Provider | null = err.provider;
      void [c, wait, who];
    }
  }

  // @ts-expect-error: not a provider
  capabilities("slack");
  // @ts-expect-error: the algorithm allow-list is mandatory
  await verifyInviteToken("a.b.c", { secret: "s" });
  // @ts-expect-error: auth schemes are a closed set
  new InviteClient({ provider: "toggl", auth: { token: "x" } });
  // @ts-expect-error: status is a closed union
  const wrong: Invitation["status"] = "done";
  // @ts-expect-error: expiresAt is ISO text, epoch ms or a Date
  const badDraft: InvitationDraft = { email: "a@b.c", expiresAt: true };
  // @ts-expect-error: Logto's client credentials need a resource
  const badM2m: ClientAuth = { clientCredentials: { clientId: "c", clientSecret: "s" } };
  // @ts-expect-error: leewaySeconds is a number
  decodeInviteToken("a.b.c", { leewaySeconds: "60" });
  // @ts-expect-error: a link kind is a closed union
  const badKind: InviteLinkKind = "magic";
  // @ts-expect-error: InviteError.code is an ErrorCode, not any string
  const bad: InviteError["code"] = "oops";

  void [kinds, parts, again, draft, m2m, badDraft, badM2m, badKind];
  void [canLookup, kind, back, exp, verified, code, same, firstField, status, acceptance, next, resent, wrong, bad];
}
