// Node (CommonJS): `require("invitekit")` is ready to use; there is no init.
export * from "./dist/invitekit.cjs";
export { InviteError, PROVIDERS } from "./dist/runtime.cjs";
