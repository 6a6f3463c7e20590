// invitekit/core in browsers and bundlers: links, tokens, e-mail, validation and acceptance
// checks, without InviteClient. `import init, { ... } from "invitekit/core"; await init();`
export { default, initSync } from "../dist/invitekit_core.mjs";
export * from "../dist/invitekit_core.mjs";
export { InviteError, PROVIDERS } from "../dist/runtime.mjs";
