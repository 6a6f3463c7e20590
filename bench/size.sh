#!/usr/bin/env bash
# Size report: raw and `gzip -9` bytes of the .wasm and of the JS glue in pkg/dist.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f pkg/dist/invitekit_bg.wasm ] || bash scripts/build.sh >/dev/null
printf '%-28s %10s %10s\n' file raw gzip-9
for f in pkg/dist/invitekit_bg.wasm pkg/dist/invitekit.mjs pkg/dist/invitekit.cjs pkg/dist/runtime.mjs; do
  printf '%-28s %10d %10d\n' "${f#pkg/dist/}" "$(wc -c <"$f")" "$(gzip -9 -c "$f" | wc -c)"
done
