// Generates tests/contract/extracts/<provider>.json from the providers' official specs: only the
// operations invitekit calls, with their paths, methods, parameters, security schemes and
// request/response schemas (every component they reference, transitively), and without
// descriptions, summaries, examples or vendor extensions. Prism serves these extracts in the
// contract tests, so the repository carries what its tests need.
//
//   node scripts/extract-contracts.mjs [SHARED_PROVIDERS_DIR]       writes the extracts
//   node scripts/extract-contracts.mjs --check [SHARED_PROVIDERS_DIR] exits 1 when one differs
//
// SHARED_PROVIDERS_DIR defaults to ../shared/providers beside the repository.
import { readFileSync, writeFileSync, mkdirSync, existsSync } from "node:fs";
import { resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const extractsDir = resolve(repo, "tests/contract/extracts");

/** Per provider: the spec file (under the providers folder) and the operationIds invitekit calls. */
export const SOURCES = {
  toggl: {
    // The copy with the global `consumes` (see its SOURCE.txt): the published file declares none.
    spec: "toggl/toggl-track-api-v9.contract.swagger.json",
    operations: [
      "get-invitations",
      "post-organization-accept-invitation",
      "post-reject-invitation",
      "post-organization-invitation",
      "put-invitation",
    ],
  },
  jaqpot: {
    spec: "jaqpot/openapi.yaml",
    operations: ["getAllInvitations", "createInvitations", "resendInvitation", "getInvitation", "updateInvitation"],
  },
  gencove: {
    spec: "gencove/gencove-openapi-original.json",
    operations: [
      "invitations_list",
      "invitations_create",
      "invitations_destroy",
      "invitations_token_retrieve",
      "invitations_token_partial_update",
    ],
  },
  cloudtruth: {
    spec: "cloudtruth/openapi.json",
    operations: [
      "invitations_list",
      "invitations_create",
      "invitations_retrieve",
      "invitations_update",
      "invitations_partial_update",
      "invitations_destroy",
      "invitations_accept_create",
      "invitations_resend_create",
    ],
  },
  logto: {
    spec: "logto/organization-invitations.DERIVED.openapi.json",
    operations: [
      "ListOrganizationInvitations",
      "CreateOrganizationInvitation",
      "GetOrganizationInvitation",
      "DeleteOrganizationInvitation",
      "CreateOrganizationInvitationMessage",
      "ReplaceOrganizationInvitationStatus",
    ],
  },
};

const METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);
// Prose and samples: dropped wherever they are a keyword (never where they name a property).
const PROSE = new Set(["description", "summary", "example", "examples", "externalDocs", "title", "tags"]);
// Maps whose keys are names chosen by the spec's author, not keywords.
const NAME_MAPS = new Set(["properties", "patternProperties", "definitions", "schemas", "responses",
  "parameters", "requestBodies", "securitySchemes", "securityDefinitions", "headers", "content",
  "paths", "variables", "scopes", "mapping", "callbacks", "links", "encoding"]);

/** A copy of a spec node without prose, samples or `x-` extensions. `map` names the map the
 *  node is (its keys are names, not keywords), null for a keyword object. A Response object
 *  keeps its required `description`, emptied: without it Prism drops the response. */
function strip(node, map = null) {
  if (Array.isArray(node)) return node.map((v) => strip(v));
  if (node === null || typeof node !== "object") return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (map === null && (PROSE.has(key) || key.startsWith("x-"))) continue;
    // `parameters` is a list under an operation and a map under components; `responses` and
    // `headers` are maps wherever they stand. A map's values are keyword objects again.
    const child = map === null && NAME_MAPS.has(key) && !Array.isArray(value) ? key : null;
    out[key] = strip(value, child);
    if (map === "responses" && out[key] && typeof out[key] === "object" && !("$ref" in out[key])) {
      out[key] = { description: "", ...out[key] };
    }
  }
  return out;
}

/** Every local `$ref` under a node. */
function refsIn(node, into = new Set()) {
  if (Array.isArray(node)) for (const v of node) refsIn(v, into);
  else if (node && typeof node === "object") {
    for (const [k, v] of Object.entries(node)) {
      if (k === "$ref" && typeof v === "string") into.add(v);
      else refsIn(v, into);
    }
  }
  return into;
}

function pointer(doc, ref) {
  if (!ref.startsWith("#/")) throw new Error(`only local $refs are supported, got ${ref}`);
  let node = doc;
  const parts = ref.slice(2).split("/").map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
  for (const p of parts) {
    if (node === null || typeof node !== "object" || !(p in node)) throw new Error(`$ref ${ref} does not resolve`);
    node = node[p];
  }
  return { parts, node };
}

function setAt(target, parts, value) {
  let node = target;
  for (const p of parts.slice(0, -1)) node = node[p] ??= {};
  node[parts.at(-1)] = value;
}

/** The extract of one spec document for the given operationIds. */
export function extract(doc, operationIds) {
  const wanted = new Set(operationIds);
  const swagger = typeof doc.swagger === "string";
  const out = swagger
    ? { swagger: doc.swagger, info: { title: doc.info?.title, version: doc.info?.version } }
    : { openapi: doc.openapi, info: { title: doc.info?.title, version: doc.info?.version } };
  for (const key of ["host", "basePath", "schemes", "consumes", "produces", "servers", "security"]) {
    if (doc[key] !== undefined) out[key] = strip(doc[key]);
  }
  out.paths = {};
  const found = new Set();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.has(method) || !wanted.has(op?.operationId)) continue;
      found.add(op.operationId);
      out.paths[path] ??= {};
      if (item.parameters) out.paths[path].parameters = strip(item.parameters);
      out.paths[path][method] = strip(op);
    }
  }
  const missing = [...wanted].filter((id) => !found.has(id));
  if (missing.length) throw new Error(`operations not in the spec: ${missing.join(", ")}`);

  // Security schemes the operations (or the document) name, then every referenced component.
  const schemes = new Set();
  const collectSecurity = (list) => { for (const req of list ?? []) for (const name of Object.keys(req)) schemes.add(name); };
  collectSecurity(out.security);
  for (const item of Object.values(out.paths)) for (const op of Object.values(item)) if (op && !Array.isArray(op)) collectSecurity(op.security);
  const schemeHome = swagger ? ["securityDefinitions"] : ["components", "securitySchemes"];
  const schemeSource = swagger ? doc.securityDefinitions : doc.components?.securitySchemes;
  // (A requirement may name a scheme the spec never defines, as Toggl's OAuth2: it stays as
  // written, and there is nothing to copy.)
  for (const name of [...schemes].sort()) {
    if (schemeSource?.[name]) setAt(out, [...schemeHome, name], strip(schemeSource[name]));
  }

  const done = new Set();
  const queue = [...refsIn(out)];
  while (queue.length) {
    const ref = queue.shift();
    if (done.has(ref)) continue;
    done.add(ref);
    const { parts, node } = pointer(doc, ref);
    const copy = strip(node, null);
    // (A component under components/responses is a Response object.)
    setAt(out, parts, parts.at(-2) === "responses" && !("$ref" in copy) ? { description: "", ...copy } : copy);
    for (const r of refsIn(copy)) if (!done.has(r)) queue.push(r);
  }
  return sortKeys(out, true);
}

/** Components and paths in a stable order, so regenerating gives the same bytes. */
function sortKeys(node, top = false) {
  if (Array.isArray(node)) return node.map((v) => sortKeys(v));
  if (node === null || typeof node !== "object") return node;
  const out = {};
  for (const key of Object.keys(node)) out[key] = sortKeys(node[key]);
  if (top) {
    for (const key of ["paths", "definitions", "securityDefinitions"]) if (out[key]) out[key] = sortedObject(out[key]);
    if (out.components) for (const k of Object.keys(out.components)) out.components[k] = sortedObject(out.components[k]);
  }
  return out;
}
const sortedObject = (o) => Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));

export function readSpec(file) {
  const text = readFileSync(file, "utf8");
  return /\.ya?ml$/.test(file) ? parseYaml(text) : JSON.parse(text);
}

/** Each provider's extract as the exact text written to the repository. */
export function render(providersDir) {
  const texts = {};
  for (const [provider, { spec, operations }] of Object.entries(SOURCES)) {
    const doc = readSpec(resolve(providersDir, spec));
    texts[provider] = JSON.stringify({ "x-invitekit-source": spec, ...extract(doc, operations) }, null, 1) + "\n";
  }
  return texts;
}

export const defaultProvidersDir = resolve(repo, "../shared/providers");

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const check = args[0] === "--check";
  const dir = resolve((check ? args[1] : args[0]) ?? defaultProvidersDir);
  if (!existsSync(dir)) {
    console.error(`extract-contracts: ${dir} does not exist`);
    process.exit(2);
  }
  const texts = render(dir);
  let stale = 0;
  mkdirSync(extractsDir, { recursive: true });
  for (const [provider, text] of Object.entries(texts)) {
    const file = resolve(extractsDir, `${provider}.json`);
    const current = existsSync(file) ? readFileSync(file, "utf8") : null;
    if (check) {
      if (current !== text) { stale++; console.error(`extract-contracts: ${provider}.json differs from ${SOURCES[provider].spec}`); }
    } else {
      writeFileSync(file, text);
      console.log(`extract-contracts: ${provider}.json (${Buffer.byteLength(text)} bytes, ${SOURCES[provider].operations.length} operations)`);
    }
  }
  if (stale) process.exit(1);
}
