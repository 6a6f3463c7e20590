// invitekit/core in Node (CommonJS): `require("invitekit/core")` is ready to use; the wasm is
// loaded synchronously when the module is required, so there is no init.
"use strict";
const glue = require("../dist/invitekit_core.cjs");
const { InviteError, PROVIDERS } = require("../dist/runtime.cjs");
module.exports = Object.assign({}, glue, { InviteError, PROVIDERS });
