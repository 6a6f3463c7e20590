// Browsers and bundlers: `import init, { ... } from "invitekit"; await init();` (or initSync).
export { default, initSync } from "./dist/invitekit.mjs";
export * from "./dist/invitekit.mjs";
export { InviteError, PROVIDERS } from "./dist/runtime.mjs";
