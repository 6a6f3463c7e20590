// invitekit/core in browsers and bundlers: `import init, { ... } from "invitekit/core"; await init();`
export * from "../dist/invitekit_core.mjs";
export { default } from "../dist/invitekit_core.mjs";
export { InviteError, PROVIDERS } from "../dist/runtime.mjs";
