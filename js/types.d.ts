// Generated from the Rust types by src/contract/typescript.rs (ts-rs); do not edit.
// Rewrite with: INVITEKIT_WRITE_TYPES=1 cargo test --lib contract::typescript
export type Provider = "toggl" | "jaqpot" | "gencove" | "cloudtruth" | "logto";
export type ErrorCode = "invalid_link" | "invalid_token" | "token_expired" | "token_not_yet_valid" | "signature_invalid" | "unsupported_algorithm" | "invalid_email" | "invalid_input" | "unsupported" | "not_found" | "expired" | "already_accepted" | "already_rejected" | "revoked" | "email_mismatch" | "already_invited" | "unauthorized" | "forbidden" | "rate_limited" | "quota_exceeded" | "provider_unavailable" | "network" | "timeout" | "aborted" | "malformed_response" | "insecure_transport" | "secret_in_browser";
export type Capabilities = {
  lookup: boolean;
  get: boolean;
  list: boolean;
  create: boolean;
  accept: boolean;
  reject: boolean;
  resend: boolean;
  revoke: boolean;
  delete: boolean;
  update: boolean;
};
export type InviteLinkKind = "code" | "token" | "id" | "ticket";
export type InviteLink = {
  provider: Provider | null;
  kind: InviteLinkKind;
  value: string;
  organization: string | null;
  email: string | null;
  format: string;
};
export type InviteLinkParts = {
  provider?: Provider | null;
  kind?: InviteLinkKind | null;
  value?: string | null;
  organization?: string | null;
  email?: string | null;
  format?: string | null;
};
export type EmailValidation = {
  ok: boolean;
  /**
   * The address with its domain as the URL Standard's host parser gives it (lowercase
   * ASCII); null when invalid.
   */
  normalized: string | null;
  error: ErrorCode | null;
};
export type TokenHeader = {
  alg: string;
  typ: string | null;
  kid: string | null;
};
export type DecodedToken = {
  header: TokenHeader;
  claims: Record<string, unknown>;
  email: string | null;
  organization: string | null;
  roles: Array<string>;
  expiresAt: string | null;
  notBefore: string | null;
  issuedAt: string | null;
  expired: boolean;
  notYetValid: boolean;
};
export type DecodeOptions = {
  /**
   * The time to judge expiry at, in epoch milliseconds (default: now).
   */
  now?: number;
  /**
   * Clock skew allowed on `exp` and `nbf`, in seconds (default 60, at most 86,400).
   */
  leewaySeconds?: number;
};
export type VerifyOptions = {
  /**
   * The algorithms accepted, e.g. `["ES256"]`; `none` is never accepted.
   */
  algorithms: Array<string>;
  /**
   * When given, `iss` must equal it.
   */
  issuer?: string;
  /**
   * When given, `aud` must be or contain it.
   */
  audience?: string;
  now?: number;
  leewaySeconds?: number;
};
export type InvitationStatus = "pending" | "accepted" | "rejected" | "revoked" | "expired" | "bounced" | "unknown";
export type Organization = {
  id: string | null;
  name: string | null;
};
export type Inviter = {
  id: string | null;
  name: string | null;
  email: string | null;
};
export type Invitation = {
  provider: Provider;
  id: string | null;
  code: string | null;
  organization: Organization;
  email: string | null;
  roles: Array<string>;
  status: InvitationStatus;
  providerStatus: string | null;
  expiresAt: string | null;
  createdAt: string | null;
  updatedAt: string | null;
  inviter: Inviter | null;
  /**
   * The provider's own record, as it answered.
   */
  raw: unknown;
};
export type WorkspaceGrant = {
  id: number;
  role?: string;
  admin?: boolean;
};
export type InvitationDraft = {
  organization?: string;
  organizationId?: string | number;
  emails?: Array<string>;
  email?: string;
  role?: string;
  roles?: Array<string>;
  /**
   * ISO-8601 text, epoch milliseconds or a `Date` (turned into milliseconds at the boundary).
   */
  expiresAt?: string | number | Date;
  workspaces?: Array<WorkspaceGrant>;
  /**
   * An object (Logto `messagePayload`) or `false` (no email).
   */
  message?: Record<string, unknown> | false;
  inviterId?: string;
};
export type ValidationProblem = {
  field: string;
  code: ErrorCode;
  message: string;
};
export type InvitationValidation = {
  ok: boolean;
  errors: Array<ValidationProblem>;
};
export type ValidateOptions = {
  /**
   * The time `expiresAt` must be after, in epoch milliseconds (default: now).
   */
  now?: number;
};
export type AcceptanceOptions = {
  /**
   * The address the person is signed in with; compared with the invitation's.
   */
  signedInEmail?: string;
  now?: number;
  leewaySeconds?: number;
};
export type AcceptanceCheck = {
  ok: boolean;
  code: ErrorCode | null;
  message: string | null;
};
export type BasicAuth = {
  username: string;
  password: string;
};
export type KeyPairAuth = {
  key: string;
  secret: string;
};
export type ClientCredentialsAuth = {
  clientId: string;
  clientSecret: string;
  resource: string;
  tokenUrl?: string;
  scope?: string;
};
export type ClientAuth = { "bearer": string } | { "apiKey": string } | { "basic": BasicAuth } | { "apiToken": string } | { "keyPair": KeyPairAuth } | { "clientCredentials": ClientCredentialsAuth };
export type ListQueryInput = {
  /**
   * The organization's id or name (Jaqpot: required, its name).
   */
  organization?: string;
  /**
   * invitekit's status (`pending`, `accepted`, `rejected`, `revoked`, `expired`, `bounced`,
   * `unknown`, or `all`); Gencove and CloudTruth also take their own words.
   */
  status?: string;
  /**
   * Compared as `emailsMatch` does.
   */
  email?: string;
  role?: string;
  /**
   * The inviter's id (or email).
   */
  inviter?: string;
  /**
   * Items per page where the provider pages (Gencove, CloudTruth). Filters the provider does
   * not take are applied to each page, so a page can hold fewer items while `next` is set.
   */
  pageSize?: number;
  cursor?: string | null;
};
export type InvitationPage = {
  items: Array<Invitation>;
  next: string | null;
};
export type InvitationRefParts = {
  id?: string;
  code?: string;
  organization?: string;
  organizationId?: string | number;
};
export type CreateResult = {
  created: Array<Invitation>;
  /**
   * Each email that was not invited, with why.
   */
  failed: { email: string; error: import("./runtime.mjs").InviteError }[];
};
