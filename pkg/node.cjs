// Node (CommonJS): `require("invitekit")` is ready to use; the wasm is loaded synchronously.
"use strict";
const glue = require("./dist/invitekit.cjs");
const runtime = require("./dist/runtime.cjs");
// Code written for browsers (`await init()`) runs unchanged: in Node init is a no-op.
const init = async () => module.exports;
const initSync = () => module.exports;
const { InviteError, PROVIDERS } = runtime;
module.exports = Object.assign({}, glue, { InviteError, PROVIDERS, default: init, init, initSync });
