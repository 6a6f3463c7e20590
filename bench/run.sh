#!/usr/bin/env bash
# The bench command: builds pkg/ if needed and prints every benchmark. Speed targets are
# ratios against peers measured in the same run, never absolute times.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh demo >/dev/null
bash scripts/build.sh >/dev/null
echo "== size (each artifact: .wasm + ESM glue + runtime)"
node bench/size.mjs
echo
node bench/cold-start.mjs
echo
echo "== size by module and function: invitekit"
node bench/size-report.mjs
echo
echo "== size by module and function: invitekit/core"
node bench/size-report.mjs target/bindgen/invitekit_core/web/invitekit_core_bg.wasm
echo
echo "== core (decode, verify, link parse) vs jose, jwt-decode, WebCrypto, new URL()"
node bench/core.mjs
echo
echo "== client round trip vs raw fetch"
node bench/client.mjs
echo
echo "== edge worker load test vs pure-JS twin"
node bench/edge.mjs
echo
echo "== floors: what the unmet targets leave for invitekit's own work (Node, then workerd)"
node bench/floors.mjs
node bench/edge-probe.mjs
