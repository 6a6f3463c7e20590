// node --test against the built pkg/ as users install it: ESM import through the package's
// own `exports` (resolved from a scratch node_modules link made by scripts/test.sh).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import * as ik from "invitekit";

const require = createRequire(import.meta.url);

test("ESM import gives a ready module with the five providers", () => {
  assert.deepEqual([...ik.PROVIDERS], ["toggl", "jaqpot", "gencove", "cloudtruth", "logto"]);
  assert.ok(Object.isFrozen(ik.PROVIDERS));
  assert.deepEqual(ik.providers(), [...ik.PROVIDERS], "JS PROVIDERS must equal the Rust list");
});

test("ESM and CJS share one instance and one InviteError class", () => {
  const cjs = require("invitekit");
  assert.equal(cjs.InviteError, ik.InviteError);
  assert.equal(cjs.parseInviteLink, ik.parseInviteLink);
  // Every name the CommonJS entry offers is exported from the ESM entry too.
  const missing = Object.keys(cjs).filter((k) => !(k in ik));
  assert.deepEqual(missing, []);
});

test("errors are InviteError instances with every documented field", () => {
  let caught;
  try {
    ik.parseInviteLink("https://example.com/nothing-here");
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof ik.InviteError);
  assert.ok(caught instanceof Error);
  assert.equal(caught.name, "InviteError");
  assert.equal(caught.code, "invalid_link");
  for (const key of ["provider", "status", "retryAfterMs", "field", "detail"]) {
    assert.equal(caught[key], null, key);
  }
  assert.match(caught.stack, /InviteError/);
  assert.deepEqual(JSON.parse(JSON.stringify(caught)).code, "invalid_link");
});

test("capabilities follows API.md and rejects unknown providers", () => {
  assert.deepEqual(ik.capabilities("cloudtruth"), {
    lookup: false, get: true, list: true, create: true, accept: true,
    reject: false, resend: true, revoke: true, delete: true, update: true,
  });
  assert.throws(() => ik.capabilities("slack"), (e) => e instanceof ik.InviteError && e.code === "invalid_input");
});

test("the Node entry is ready on import and has no init (its types say the same)", async () => {
  const mod = await import("invitekit");
  for (const name of ["default", "init", "initSync"]) assert.equal(name in mod, false, name);
  assert.equal("init" in require("invitekit"), false);
  assert.equal(ik.emailsMatch("A@Example.com ", "a@example.COM"), true);
});

test("the ESM entry exports exactly what the CommonJS entry does", () => {
  assert.deepEqual(Object.keys(ik).sort(), Object.keys(require("invitekit")).sort());
});

test("the instance keeps answering after thrown errors", () => {
  for (let i = 0; i < 200; i++) {
    assert.throws(() => ik.decodeInviteToken("x".repeat(i)), { code: "invalid_token" });
  }
  assert.equal(ik.validateEmail("ok@example.com").ok, true);
});
