// E-mail domains normalise exactly as the URL Standard's host parser does: validateEmail and
// emailsMatch against Node's own `new URL()` over the generated corpus of
// tests/support/domain-corpus.mjs (Chromium runs the same in tests/e2e/core-browser.test.mjs).
import { test } from "node:test";
import assert from "node:assert/strict";
import * as ik from "invitekit";
import { differential } from "../support/domain-corpus.mjs";

test("e-mail domains: invitekit equals new URL() over the generated corpus (Node)", () => {
  const { counts, mismatches } = differential(ik);
  console.log(`# email differential (node): ${JSON.stringify(counts)}`);
  assert.deepEqual(mismatches, []);
  assert.equal(counts.mismatches, 0);
  assert.equal(counts.emailsMatchFailures, 0);
  assert.ok(counts.domains > 1000 && counts.sameHost > 300 && counts.bothRefused > 100, JSON.stringify(counts));
});
