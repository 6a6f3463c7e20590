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

# The JS half of the boundary (js/runtime.js) ships in two module formats. The glues import
# it under a hashed snippet path; point them at the shipped copies instead.
cp js/runtime.js "$dist/runtime.mjs"
# The CommonJS copy is esbuild's conversion of the ESM source (a devDependency, pinned).
node_modules/.bin/esbuild js/runtime.js --format=cjs --platform=neutral --target=es2020 \
  --log-level=warning --outfile="$dist/runtime.cjs"

# (The wasm binary imports these functions under the snippet's module name, so the keys of
# the glue's imports object keep that name; only the paths it loads the module from change.)
sed -E "s#from ['\"]\./snippets/[^'\"]*/js/runtime\.js['\"]#from './runtime.mjs'#g" \
  "$out/web/invitekit.js" > "$dist/invitekit.mjs"
sed -E 's#require\((String\.raw)?[`"]\./snippets/[^`"]*/js/runtime\.js[`"]\)#require("./runtime.cjs")#g' \
  "$out/node/invitekit.js" > "$dist/invitekit.cjs"
# Declarations, one set per module format, each saying what its entry really exports: the web
# target's (with init and initSync) for the ESM glue, the nodejs target's (no init) for the
# CommonJS glue. Deno follows the glues' @ts-self-types pragma, which names invitekit.d.ts.
cp "$out/web/invitekit.d.ts" "$dist/invitekit.d.mts"
cp "$out/node/invitekit.d.ts" "$dist/invitekit.d.cts"
node scripts/patch-glue.mjs "$dist/invitekit.cjs" "$dist/invitekit.mjs" "$dist/invitekit.d.mts" "$dist/invitekit.d.cts" >/dev/null
cp "$dist/invitekit.d.mts" "$dist/invitekit.d.ts"
if grep -qE "(require\(|from ).*snippets/" "$dist/invitekit.mjs" "$dist/invitekit.cjs"; then
  echo "build: a glue still loads a module from snippets/" >&2
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
