// The shapes that exist only in JavaScript, written by hand: a `fetch` function, an
// `AbortSignal`, a `Uint8Array` key, JWK objects as the caller has them, the `templates` array
// the bindings read without copying, the `InviteError` class (js/runtime.d.ts). Every shape that
// exists in Rust is generated into js/types.d.ts instead. The wasm bindings put this file into
// the package's declarations (src/wasm/bindings.rs, `TS_HANDWRITTEN`).

// The classes wasm-bindgen generates declare `[Symbol.dispose](): void` (they free their wasm
// memory in a `using` block; the glue installs it only where the runtime has Symbol.dispose).
// TypeScript knows Symbol.dispose from lib esnext.disposable, so projects on ES2022 libs would
// fail on it; this declares it as that lib does (a merge, not a conflict, where the lib is in).
declare global {
  interface SymbolConstructor {
    readonly dispose: unique symbol;
  }
}
export interface ParseLinkOptions { templates?: string[] }
export type JsonWebKeyInput = { kty: string; kid?: string; alg?: string; use?: string; [member: string]: unknown };
export type VerifyKey = { secret: string | Uint8Array } | { jwk: JsonWebKeyInput } | { jwks: { keys: JsonWebKeyInput[] } };
export interface InviteClientOptions {
  provider: Provider;
  baseUrl?: string;
  auth?: ClientAuth;
  timeoutMs?: number;
  /** Budget of one attempt; default: an even share of timeoutMs across 1 + retries attempts. */
  attemptTimeoutMs?: number;
  retries?: number;
  fetch?: (input: Request) => Promise<Response>;
  allowSecretsInBrowser?: boolean;
}
/** A reference: the provider's primary key, an `Invitation`, or the parts of one. */
export type InvitationRefInput = string | Invitation | InvitationRefParts;
export interface CallOptions { signal?: AbortSignal }
export interface AcceptOptions extends CallOptions { userId?: string }
export interface ResendOptions extends CallOptions { message?: Record<string, unknown> }
export interface UpdateOptions extends CallOptions { replace?: boolean }
/** CloudTruth's writable fields, sent to it as they are (src/providers/cloudtruth.rs). */
export interface InvitationPatch { email?: string; role?: string }
