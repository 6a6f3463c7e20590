// workerd (Cloudflare Workers) and Deno: instantiated on import; init and initSync are there for
// code shared with browsers and return at once.
export * from "./dist/invitekit.mjs";
export { default } from "./dist/invitekit.mjs";
export { InviteError, PROVIDERS } from "./dist/runtime.mjs";
