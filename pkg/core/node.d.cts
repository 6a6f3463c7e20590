// invitekit/core in Node (CommonJS): `require("invitekit/core")` is ready to use; there is no init.
export * from "../dist/invitekit_core.cjs";
export { InviteError, PROVIDERS } from "../dist/runtime.cjs";
