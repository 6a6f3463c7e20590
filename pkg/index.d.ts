export * from "./dist/invitekit.mjs";
export { default } from "./dist/invitekit.mjs";
export { InviteError, PROVIDERS } from "./dist/runtime.mjs";
