// invitekit/core in Node (ESM): ready to use, no init. It shares the CommonJS instance, so
// `require` and `import` in one process see one module (and the package one InviteError class).
import { createRequire } from "node:module";
const core = createRequire(import.meta.url)("./node.cjs");
export const {
  InviteError, PROVIDERS, providers, capabilities, validateEmail, emailsMatch,
  parseInviteLink, buildInviteLink, decodeInviteToken, verifyInviteToken, validateInvitation,
  checkAcceptance,
} = core;
