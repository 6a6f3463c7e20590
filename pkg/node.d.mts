// Node (ESM): `import * as ik from "invitekit"` is ready to use; there is no init. The module
// re-exports the CommonJS instance (one InviteError class for `import` and `require`).
export * from "./dist/invitekit.cjs";
export { InviteError, PROVIDERS } from "./dist/runtime.cjs";
