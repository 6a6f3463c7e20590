#!/usr/bin/env bash
# Builds pkg/ (the npm package `invitekit`) from the crate: one wasm binary shared by an ESM
# glue (browsers, bundlers, workerd, Deno) and a CommonJS glue (Node), optimised with wasm-opt
# from npm `binaryen` when it is installed. Assumes scripts/setup.sh has run.
set -euo pipefail
cd "$(dirname "$0")/.."

profile=${INVITEKIT_PROFILE:-release}
out=target/bindgen
dist=pkg/dist

cargo build --quiet --lib --target wasm32-unknown-unknown --profile "$profile"
wasm=target/wasm32-unknown-unknown/$profile/invitekit.wasm

rm -rf "$out" "$dist"
wasm-bindgen --target web --out-name invitekit --out-dir "$out/web" "$wasm"
wasm-bindgen --target nodejs --out-name invitekit --out-dir "$out/node" "$wasm"
mkdir -p "$dist"

# Both targets emit the same binary; ship one.
cmp -s "$out/web/invitekit_bg.wasm" "$out/node/invitekit_bg.wasm" || {
  echo "build: the web and nodejs wasm binaries differ; cannot share one .wasm" >&2
  exit 1
}
opt=node_modules/.bin/wasm-opt
if [ -x "$opt" ]; then
  "$opt" -Oz --strip-debug --strip-producers --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$out/web/invitekit_bg.wasm" -o "$dist/invitekit_bg.wasm"
else
  echo "build: wasm-opt not installed (npm ci installs it); shipping unoptimised wasm" >&2
  cp "$out/web/invitekit_bg.wasm" "$dist/invitekit_bg.wasm"
fi

# The glues, patched where no supported mechanism does the same (scripts/patch-glue.mjs: each
# patch is checked against the one wasm-bindgen version it was written for).
node scripts/patch-glue.mjs "$out/node/invitekit.js" "$out/web/invitekit.js" >/dev/null

# The JS half of the boundary (js/runtime.js) ships in two module formats, one instance each.
# ESM: esbuild builds the glue with its snippet import resolved to the package's runtime.mjs.
cp js/runtime.js "$dist/runtime.mjs"
node scripts/esm-glue.mjs "$out/web/invitekit.js" "$dist/invitekit.mjs"
# CommonJS: the glue is shipped as generated, requiring runtime.js under its snippet path; the
# file there is esbuild's CommonJS build of js/runtime.js, and runtime.cjs (what the package's
# entries require) is that same module.
snippet=$(cd "$out/node" && ls snippets/*/js/runtime.js)
cp "$out/node/invitekit.js" "$dist/invitekit.cjs"
node_modules/.bin/esbuild js/runtime.js --format=cjs --platform=neutral --target=es2020 \
  --log-level=warning --outfile="$dist/$snippet"
printf '"use strict";\n// js/runtime.js as CommonJS: the module the glue requires, under its snippet path.\nmodule.exports = require("./%s");\n' \
  "$snippet" > "$dist/runtime.cjs"
# Declarations, one set per module format, each saying what its entry really exports: the web
# target's (with init and initSync) for the ESM glue, the nodejs target's (no init) for the
# CommonJS glue. Deno follows the ESM glue's @ts-self-types pragma, which names invitekit.d.ts.
cp "$out/web/invitekit.d.ts" "$dist/invitekit.d.mts"
cp "$out/web/invitekit.d.ts" "$dist/invitekit.d.ts"
cp "$out/node/invitekit.d.ts" "$dist/invitekit.d.cts"
if grep -qE "(^import|from) .*snippets/" "$dist/invitekit.mjs"; then
  echo "build: the ESM glue still imports a module from snippets/" >&2
  exit 1
fi
cp js/runtime.d.ts "$dist/runtime.d.mts"
sed 's#"./invitekit.mjs"#"./invitekit.cjs"#' js/runtime.d.ts > "$dist/runtime.d.cts"
grep -q '"./invitekit.cjs"' "$dist/runtime.d.cts"

# The package's version is Cargo.toml's (the one place it is written by hand); its README and
# license texts are the repository's.
node scripts/package-meta.mjs sync
cp README.md LICENSE-MIT LICENSE-APACHE pkg/
# What this build was made from, so that packing a stale pkg/ is caught (pkg/package.json's
# prepack runs scripts/package-meta.mjs check).
node scripts/package-meta.mjs stamp
echo "build: pkg/ ready ($(wc -c < "$dist/invitekit_bg.wasm") bytes of wasm)"
