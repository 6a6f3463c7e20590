#!/usr/bin/env bash
# The one test command: every layer, each logged to target/test-logs/<layer>.log, a summary
# line per layer, and a closing `N passed, N failed` line that sums the tests of every layer.
# A failure in any layer fails the command (after the other layers have run and reported).
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || { echo "setup failed"; echo "0 passed, 1 failed"; exit 1; }

logs=target/test-logs
mkdir -p "$logs"
export CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}
export WASM_BINDGEN_TEST_TIMEOUT=${WASM_BINDGEN_TEST_TIMEOUT:-120}
declare -a summary=()
total_pass=0
total_fail=0
failed_layers=0

# Counts from cargo/libtest ("test result: ok. N passed; M failed") or node ("# pass N").
count() {
  local log=$1 kind=$2
  if [ "$kind" = cargo ]; then
    grep -Eo 'test result: [A-Za-z]+\. [0-9]+ passed; [0-9]+ failed' "$log" |
      awk '{p+=$4; f+=$6} END {print p+0, f+0}'
  elif [ "$kind" = deno ]; then
    grep -Eo '[0-9]+ passed \| [0-9]+ failed' "$log" | awk '{p+=$1; f+=$4} END {print p+0, f+0}'
  else
    awk '/^# pass /{p+=$3} /^# fail /{f+=$3} END {print p+0, f+0}' "$log"
  fi
}

# run <layer> <kind: cargo|node|check> <command...>
run() {
  local layer=$1 kind=$2; shift 2
  local log=$logs/$layer.log start=$SECONDS status pass=0 fail=0
  echo "== $layer: $*"
  "$@" >"$log" 2>&1
  status=$?
  if [ "$kind" = check ]; then
    if [ $status -eq 0 ]; then summary+=("$layer: ok"); else summary+=("$layer: FAILED"); fail=1; fi
  else
    read -r pass fail < <(count "$log" "$kind")
    if [ $status -ne 0 ] && [ "$fail" -eq 0 ]; then fail=1; fi
    if [ $status -eq 0 ] && [ "$pass" -eq 0 ]; then fail=1; echo "   ran no test"; fi
    summary+=("$layer: $pass passed, $fail failed")
  fi
  total_pass=$((total_pass + pass))
  total_fail=$((total_fail + fail))
  if [ $status -ne 0 ] || [ "$fail" -ne 0 ]; then
    failed_layers=$((failed_layers + 1))
    echo "   FAILED (exit $status) in $((SECONDS - start))s; last lines of $log:"
    tail -n 40 "$log" | sed 's/^/   | /'
  else
    echo "   ok in $((SECONDS - start))s"
  fi
}

# each_test <layer>: one line per test of a node --test layer, from its log.
each_test() {
  grep -E "^(not )?ok [0-9]+ - " "$logs/$1.log" | sed -E 's/^ok [0-9]+ - /   ok: /; s/^not ok [0-9]+ - /   FAILED: /'
}

wasm=(--target wasm32-unknown-unknown)
run fmt check cargo fmt --all --check
run clippy-host check cargo clippy --all-targets --quiet -- -D warnings
run clippy-wasm32 check cargo clippy "${wasm[@]}" --all-targets --quiet -- -D warnings
# The core-only build (invitekit/core): the crate without its `client` feature.
run clippy-wasm32-core check cargo clippy "${wasm[@]}" --lib --no-default-features --quiet -- -D warnings
run native cargo cargo test
# The redaction tests by name (a credential in no error, message or Debug string, in any encoding).
grep -E "^test [a-z:_]*(redact|echoed_credentials|debug_shows_no_credential|secrets_never)[a-z_]* \.\.\. " "$logs/native.log" | sed 's/^test /   /'
run build-pkg check bash scripts/build.sh
run wasm-node cargo cargo test "${wasm[@]}" --lib --tests
run wasm-chromium cargo env WASM_BINDGEN_USE_BROWSER=1 cargo test "${wasm[@]}" --lib --tests
run size-budget node node --test tests/size/
grep -ho "size invitekit.*" "$logs/size-budget.log" | sed 's/^/   /'
run types-tsc check node_modules/.bin/tsc -p tests/types/tsconfig.json
run node-test node node --test tests/js/
grep -ho "email differential (node): .*" "$logs/node-test.log" | sed 's/^/   /'
run consumers node node --test --test-concurrency=1 tests/consumers/
each_test consumers
run contract-prism node node --test --test-concurrency=1 tests/contract/
grep -hE "operations accepted by the providers' specs|^#   failed:" "$logs/contract-prism.log" | sed 's/^# */   /'
run edge-workerd node node --test --test-concurrency=1 tests/edge/
each_test edge-workerd
run deno deno env NO_COLOR=1 target/tools/node_modules/.bin/deno test --allow-read --allow-net tests/deno/
run e2e-chromium node node --test --test-concurrency=1 tests/e2e/
grep -ho "email differential (chromium): .*" "$logs/e2e-chromium.log" | sed 's/^/   /'

echo
echo "summary per layer:"
printf '  %s\n' "${summary[@]}"
echo "$total_pass passed, $total_fail failed"
[ $failed_layers -eq 0 ]
