import type { ErrorCode, Provider } from "./invitekit.mjs";

/** Every failure invitekit reports is thrown (or rejected) as an InviteError. */
export declare class InviteError extends Error {
  readonly name: "InviteError";
  code: ErrorCode;
  provider: Provider | null;
  status: number | null;
  retryAfterMs: number | null;
  field: string | null;
  detail: string | null;
  constructor(code: ErrorCode, message: string, details?: Partial<Pick<InviteError,
    "provider" | "status" | "retryAfterMs" | "field" | "detail">>);
  toJSON(): { name: "InviteError"; code: ErrorCode; message: string; provider: Provider | null;
    status: number | null; retryAfterMs: number | null; field: string | null; detail: string | null };
}

/** The five providers, in a fixed order. */
export declare const PROVIDERS: readonly Provider[];
