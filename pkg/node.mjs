// Node (ESM): `import * as ik from "invitekit"` is ready to use; there is no init. It shares
// the CommonJS instance, so `require` and `import` in one process see one InviteError class.
import { createRequire } from "node:module";
const ik = createRequire(import.meta.url)("./node.cjs");
export const {
  InviteError, PROVIDERS, providers, capabilities, validateEmail, emailsMatch,
  parseInviteLink, buildInviteLink, decodeInviteToken, verifyInviteToken, validateInvitation,
  checkAcceptance, InviteClient,
} = ik;
