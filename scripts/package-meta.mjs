// Keeps pkg/ (the npm package) honest about what it was built from.
//   node scripts/package-meta.mjs sync   pkg/package.json's version := Cargo.toml's version
//   node scripts/package-meta.mjs stamp  records a digest of the build's inputs in pkg/dist
//   node scripts/package-meta.mjs check  (pkg/package.json's prepack) fails when pkg/ is unbuilt,
//                                        stale, incomplete or of another version than Cargo.toml
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const pkgDir = join(repo, "pkg");
const stampFile = join(pkgDir, "dist", ".build-inputs");
// Everything scripts/build.sh reads to make pkg/dist and the copied files.
const INPUTS = ["src", "js", "Cargo.toml", "Cargo.lock", "scripts/build.sh", "scripts/patch-glue.mjs",
  "scripts/esm-glue.mjs",
  "README.md", "LICENSE-MIT", "LICENSE-APACHE"];

export function cargoVersion() {
  const toml = readFileSync(join(repo, "Cargo.toml"), "utf8");
  const pkg = toml.split(/^\[/m).find((section) => section.startsWith("package]"));
  const m = pkg && /^version\s*=\s*"([^"]+)"/m.exec(pkg);
  if (!m) throw new Error("package-meta: no [package] version in Cargo.toml");
  return m[1];
}

function files(path) {
  const full = join(repo, path);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [path];
  return readdirSync(full).sort().flatMap((name) => files(join(path, name)));
}

export function inputsDigest() {
  const hash = createHash("sha256");
  for (const file of INPUTS.flatMap(files)) {
    hash.update(`${relative(repo, join(repo, file))}\0`);
    hash.update(readFileSync(join(repo, file)));
    hash.update("\0");
  }
  return hash.digest("hex");
}

const manifestPath = join(pkgDir, "package.json");
const readManifest = () => JSON.parse(readFileSync(manifestPath, "utf8"));

/** Why pkg/ cannot be packed as it is, or [] when it can. */
export function problems() {
  const out = [];
  const manifest = readManifest();
  const version = cargoVersion();
  if (manifest.version !== version) out.push(`pkg/package.json has version ${manifest.version}, Cargo.toml ${version}`);
  for (const file of manifest.files ?? []) {
    if (!existsSync(join(pkgDir, file))) out.push(`pkg/${file} is missing`);
  }
  if (!existsSync(stampFile)) out.push("pkg/dist was not built by scripts/build.sh");
  else if (readFileSync(stampFile, "utf8").trim() !== inputsDigest()) out.push("pkg/dist is stale: the sources changed since it was built");
  return out;
}

const command = process.argv[2];
if (command === "sync") {
  const manifest = readManifest();
  const version = cargoVersion();
  if (manifest.version !== version) {
    manifest.version = version;
    writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + "\n");
    console.log(`package-meta: pkg/package.json version set to ${version} (from Cargo.toml)`);
  }
} else if (command === "stamp") {
  writeFileSync(stampFile, inputsDigest() + "\n");
} else if (command === "check") {
  const found = problems();
  if (found.length) {
    console.error(`invitekit: refusing to pack pkg/:\n${found.map((p) => `  - ${p}`).join("\n")}\n` +
      "Build it first with `bash scripts/build.sh` (from the repository root).");
    process.exit(1);
  }
} else if (command !== undefined) {
  console.error("usage: node scripts/package-meta.mjs sync|stamp|check");
  process.exit(2);
}
