// invitekit/core in workerd (Cloudflare Workers) and Deno: instantiated on import; init and
// initSync are there for code shared with browsers and return at once.
export * from "../dist/invitekit_core.mjs";
export { default } from "../dist/invitekit_core.mjs";
export { InviteError, PROVIDERS } from "../dist/runtime.mjs";
