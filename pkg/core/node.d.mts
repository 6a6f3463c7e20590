// invitekit/core in Node (ESM): ready to use, no init (the CommonJS instance, re-exported).
export * from "../dist/invitekit_core.cjs";
export { InviteError, PROVIDERS } from "../dist/runtime.cjs";
