#!/usr/bin/env bash
# Builds pkg/ (the npm package `invitekit`) from the crate, as two artifacts:
#   invitekit       everything (InviteClient and the providers' calls), cargo profile release
#   invitekit_core  links, tokens, e-mail, validation and acceptance checks: the crate without
#                   its `client` feature, cargo profile core (optimised for size)
# Each is one wasm binary shared by an ESM glue (browsers, bundlers, workerd, Deno) and a
# CommonJS glue (Node), optimised with wasm-opt from npm `binaryen` when it is installed. Both
# glues use one js/runtime.js (one InviteError class for the whole package). Assumes
# scripts/setup.sh has run.
set -euo pipefail
cd "$(dirname "$0")/.."

out=target/bindgen
dist=pkg/dist
rm -rf "$out" "$dist"
mkdir -p "$dist"

cargo build --quiet --lib --target wasm32-unknown-unknown --profile release
cargo build --quiet --lib --target wasm32-unknown-unknown --profile core --no-default-features

# The JS half of the boundary (js/runtime.js) ships in two module formats, one instance each:
# runtime.mjs for the ESM glues and the package's ESM entries (its comments and whitespace
# removed, names kept, as the ESM glue's: a page pays for its bytes), and for CommonJS the file
# each CommonJS glue requires (below), which runtime.cjs re-exports.
node_modules/.bin/esbuild js/runtime.js --format=esm --platform=neutral --target=es2020 \
  --minify-whitespace --minify-syntax --log-level=warning --outfile="$dist/runtime.mjs"
cp js/runtime.d.ts "$dist/runtime.d.mts"
sed 's#"./invitekit.mjs"#"./invitekit.cjs"#' js/runtime.d.ts > "$dist/runtime.d.cts"
grep -q '"./invitekit.cjs"' "$dist/runtime.d.cts"

# artifact NAME WASM OPT...: the glues, declarations and wasm of one artifact in pkg/dist, the
# wasm optimised by wasm-opt with the flags OPT.
artifact() {
  local name=$1 wasm=$2
  shift 2
  local web=$out/$name/web node=$out/$name/node
  wasm-bindgen --target web --out-name "$name" --out-dir "$web" "$wasm"
  wasm-bindgen --target nodejs --out-name "$name" --out-dir "$node" "$wasm"

  # Both targets emit the same binary; ship one.
  cmp -s "$web/${name}_bg.wasm" "$node/${name}_bg.wasm" || {
    echo "build: the web and nodejs wasm binaries of $name differ; cannot share one .wasm" >&2
    exit 1
  }
  local opt=node_modules/.bin/wasm-opt
  if [ -x "$opt" ]; then
    "$opt" "$@" --strip-debug --strip-producers --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
      --enable-mutable-globals --enable-reference-types --enable-multivalue \
      "$web/${name}_bg.wasm" -o "$dist/${name}_bg.wasm"
  else
    echo "build: wasm-opt not installed (npm ci installs it); shipping unoptimised wasm" >&2
    cp "$web/${name}_bg.wasm" "$dist/${name}_bg.wasm"
  fi

  # The glues, patched where no supported mechanism does the same (scripts/patch-glue.mjs: each
  # patch is checked against the one wasm-bindgen version it was written for).
  node scripts/patch-glue.mjs "$node/$name.js" "$web/$name.js" >/dev/null

  # ESM: esbuild builds the glue with its snippet import resolved to the package's runtime.mjs.
  node scripts/esm-glue.mjs "$web/$name.js" "$dist/$name.mjs" "./$name.d.ts"
  if grep -qE "(^import|from) .*snippets/" "$dist/$name.mjs"; then
    echo "build: the ESM glue of $name still imports a module from snippets/" >&2
    exit 1
  fi
  # CommonJS: the glue is shipped as generated, requiring runtime.js under its snippet path;
  # the file there is esbuild's CommonJS build of js/runtime.js.
  local snippet
  snippet=$(cd "$node" && ls snippets/*/js/runtime.js)
  cp "$node/$name.js" "$dist/$name.cjs"
  if [ ! -f "$dist/$snippet" ]; then
    node_modules/.bin/esbuild js/runtime.js --format=cjs --platform=neutral --target=es2020 \
      --log-level=warning --outfile="$dist/$snippet"
  fi
  echo "$snippet" >> "$out/snippets"

  # Declarations, one set per module format, each saying what its entry really exports: the
  # web target's (with init and initSync) for the ESM glue, the nodejs target's (no init) for
  # the CommonJS glue. Deno follows the ESM glue's @ts-self-types pragma ($name.d.ts).
  cp "$web/$name.d.ts" "$dist/$name.d.mts"
  cp "$web/$name.d.ts" "$dist/$name.d.ts"
  cp "$node/$name.d.ts" "$dist/$name.d.cts"
}

# The full artifact (cargo profile release, opt-level "s") is finished by wasm-opt -O3, which
# inlines the small functions "s" leaves as calls (up to 40 instructions, -fimfs 40, loops
# included, -ifwl): on 2026-12-06 that made it 2,091 B larger in gzip than -Oz and brought decode
# and link parsing back to the speed of the opt-level 3 build (bench/README.md). The core
# artifact (profile core, opt-level "z") is made as small as wasm-opt can (-Oz).
artifact invitekit target/wasm32-unknown-unknown/release/invitekit.wasm -O3 -fimfs 40 -ifwl
artifact invitekit_core target/wasm32-unknown-unknown/core/invitekit.wasm -Oz

# Both CommonJS glues must require the same runtime file, or the package would hold two
# InviteError classes.
if [ "$(sort -u "$out/snippets" | wc -l)" != 1 ]; then
  echo "build: the CommonJS glues require runtime.js under different paths:" >&2
  cat "$out/snippets" >&2
  exit 1
fi
printf '"use strict";\n// js/runtime.js as CommonJS: the module the CommonJS glues require, under its snippet path.\nmodule.exports = require("./%s");\n' \
  "$(head -1 "$out/snippets")" > "$dist/runtime.cjs"

# The package's version is Cargo.toml's (the one place it is written by hand); its README and
# license texts are the repository's.
node scripts/package-meta.mjs sync
cp README.md LICENSE-MIT LICENSE-APACHE pkg/
# What this build was made from, so that packing a stale pkg/ is caught (pkg/package.json's
# prepack runs scripts/package-meta.mjs check).
node scripts/package-meta.mjs stamp
echo "build: pkg/ ready ($(wc -c < "$dist/invitekit_bg.wasm") bytes of wasm, $(wc -c < "$dist/invitekit_core_bg.wasm") in the core-only build)"
