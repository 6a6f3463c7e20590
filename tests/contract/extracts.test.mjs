// The contract extracts Prism serves are current: regenerated from the official specs in
// ../shared/providers (or INVITEKIT_SHARED_PROVIDERS), they equal the checked-in files byte for
// byte. Where that folder does not exist (a user's clone, a fork's CI), this one test says so
// and is skipped; the contract tests still run on the checked-in extracts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { SOURCES, render, extract, extractsDir, defaultProvidersDir } from "../../scripts/extract-contracts.mjs";

const providersDir = process.env.INVITEKIT_SHARED_PROVIDERS ?? defaultProvidersDir;
const haveSpecs = existsSync(providersDir);

test("the checked-in contract extracts equal those generated from the official specs", {
  skip: haveSpecs ? false : `no official specs at ${providersDir}: the extracts cannot be compared (the contract tests run on the checked-in copies)`,
}, () => {
  const fresh = render(providersDir);
  for (const provider of Object.keys(SOURCES)) {
    const file = resolve(extractsDir, `${provider}.json`);
    assert.ok(existsSync(file), `${provider}.json is missing: run node scripts/extract-contracts.mjs`);
    assert.equal(readFileSync(file, "utf8"), fresh[provider], `${provider}.json is stale: run node scripts/extract-contracts.mjs`);
  }
});

test("each extract holds exactly the operations invitekit calls, and no prose or samples", () => {
  for (const [provider, { operations }] of Object.entries(SOURCES)) {
    const doc = JSON.parse(readFileSync(resolve(extractsDir, `${provider}.json`), "utf8"));
    const ids = Object.values(doc.paths).flatMap((item) => Object.values(item).filter((op) => op && op.operationId).map((op) => op.operationId));
    assert.deepEqual(ids.sort(), [...operations].sort(), provider);
    const text = JSON.stringify(doc);
    for (const prose of [/"description":"[^"]/, /"summary":/, /"example":/, /"examples":/]) {
      assert.doesNotMatch(text, prose, `${provider}: prose or samples left in the extract`);
    }
  }
});

test("the extractor keeps what a contract needs and drops what it does not", () => {
  const spec = {
    openapi: "3.0.3",
    info: { title: "t", version: "1", description: "prose" },
    paths: {
      "/a/{id}": {
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" }, description: "x" }],
        get: {
          operationId: "getA", summary: "s", security: [{ key: [] }], "x-vendor": 1,
          responses: { 200: { description: "ok", content: { "application/json": { schema: { $ref: "#/components/schemas/A" }, example: { id: 1 } } } } },
        },
        delete: { operationId: "notCalled", responses: { 204: { description: "gone" } } },
      },
      "/b": { get: { operationId: "alsoNotCalled", responses: {} } },
    },
    components: {
      schemas: {
        A: { type: "object", description: "an A", properties: { description: { type: "string", example: "d" }, b: { $ref: "#/components/schemas/B" } } },
        B: { type: "integer", example: 3 },
        Unused: { type: "string" },
      },
      securitySchemes: { key: { type: "apiKey", in: "header", name: "X-Key", description: "d" }, other: { type: "http", scheme: "basic" } },
    },
  };
  const out = extract(spec, ["getA"]);
  assert.deepEqual(Object.keys(out.paths), ["/a/{id}"]);
  assert.deepEqual(Object.keys(out.paths["/a/{id}"]).sort(), ["get", "parameters"]);
  assert.deepEqual(out.paths["/a/{id}"].parameters, [{ name: "id", in: "path", required: true, schema: { type: "string" } }]);
  assert.deepEqual(out.components.schemas, {
    A: { type: "object", properties: { description: { type: "string" }, b: { $ref: "#/components/schemas/B" } } },
    B: { type: "integer" },
  });
  assert.deepEqual(out.components.securitySchemes, { key: { type: "apiKey", in: "header", name: "X-Key" } });
  assert.equal(out.paths["/a/{id}"].get["x-vendor"], undefined);
  // A Response object keeps its required description, emptied (Prism drops a response without one).
  assert.deepEqual(out.paths["/a/{id}"].get.responses, { 200: { description: "", content: { "application/json": { schema: { $ref: "#/components/schemas/A" } } } } });
  assert.throws(() => extract(spec, ["getA", "missing"]), /operations not in the spec: missing/);
});
