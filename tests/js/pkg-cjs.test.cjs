// node --test against the built pkg/: CommonJS require through the package's `exports`.
"use strict";
const { test } = require("node:test");
const assert = require("node:assert/strict");

test("require gives a ready module with the five providers", () => {
  const ik = require("invitekit");
  assert.deepEqual([...ik.PROVIDERS], ["toggl", "jaqpot", "gencove", "cloudtruth", "logto"]);
  assert.equal(typeof ik.parseInviteLink, "function");
});

test("require resolves to the CommonJS entry and parses links", () => {
  assert.match(require.resolve("invitekit"), /node\.cjs$/);
  const ik = require("invitekit");
  const link = ik.parseInviteLink("https://app.example.com/accept?invitation_token=tok_123");
  assert.deepEqual(link, {
    provider: null, kind: "token", value: "tok_123", organization: null, email: null, format: "workos",
  });
  assert.throws(() => ik.parseInviteLink("x".repeat(9000)), (e) => e instanceof ik.InviteError && e.code === "invalid_link");
});
