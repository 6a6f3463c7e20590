#!/usr/bin/env bash
# The fault-injection run (bounded, loopback only): 1,000 mixed operations across the five
# providers against the sandbox with faults on. Exits non-zero if a must-be-zero figure is not 0.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh demo >/dev/null
bash scripts/build.sh >/dev/null
exec node bench/faults.mjs
