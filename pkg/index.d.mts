// Browsers and bundlers: `import init, { ... } from "invitekit"; await init();` (or initSync).
export * from "./dist/invitekit.mjs";
export { default } from "./dist/invitekit.mjs";
export { InviteError, PROVIDERS } from "./dist/runtime.mjs";
