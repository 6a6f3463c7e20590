// Byte budgets of the two artifacts (bench/size.mjs measures them; sizes are deterministic, so
// they are checked here and not in the bench). Each artifact must stay under its ceiling, and
// each line says how far it is from the budget it is meant to reach.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ARTIFACTS, measure } from "../../bench/size.mjs";

for (const artifact of ARTIFACTS) {
  test(`${artifact.name}: .wasm + ESM glue + runtime gzip -9 within its ceiling of ${artifact.ceiling} B (budget ${artifact.budget} B)`, () => {
    const { raw, gzip } = measure(artifact);
    const budget = gzip <= artifact.budget ? "budget met" : `budget not met: ${gzip - artifact.budget} B over ${artifact.budget}`;
    console.log(`size ${artifact.name}: ${raw} B raw, ${gzip} B gzip -9, ceiling ${artifact.ceiling} B, ${budget}`);
    assert.ok(gzip <= artifact.ceiling, `${artifact.name} weighs ${gzip} B gzip -9, over its ceiling of ${artifact.ceiling} B`);
    assert.ok(artifact.ceiling >= artifact.budget, "a ceiling below the budget: lower the budget instead");
  });
}
