export * from "./dist/invitekit.js";
export { default } from "./dist/invitekit.js";
export { InviteError, PROVIDERS } from "./runtime.js";
