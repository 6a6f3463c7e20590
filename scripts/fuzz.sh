#!/usr/bin/env bash
# Coverage-guided fuzzing of the pure core with cargo fuzz (libFuzzer), bounded: each target
# runs for SECONDS (default 60), starting from the committed seed corpus (fuzz/corpus/, copied
# to target/fuzz-corpus/ so runs do not grow it). Prints executions and crashes per target;
# a crash's input is kept in fuzz/artifacts/<target>/ (git-ignored) and must become a
# regression test. Needs `cargo install cargo-fuzz` and a nightly toolchain (else it uses
# RUSTC_BOOTSTRAP=1 with the stable one).
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
targets=${FUZZ_TARGETS:-"link token email provider_responses time validate"}
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz
if rustup toolchain list | grep -q '^nightly'; then fuzz=(cargo +nightly fuzz); else fuzz=(env RUSTC_BOOTSTRAP=1 cargo fuzz); fi
mkdir -p target/fuzz-logs
"${fuzz[@]}" build -O >target/fuzz-logs/build.log 2>&1 || { tail -30 target/fuzz-logs/build.log; exit 1; }
printf '%-20s %14s %8s %s\n' target executions crashes "(seconds: $seconds)"
failed=0
for t in $targets; do
  work=target/fuzz-corpus/$t
  mkdir -p "$work"
  cp fuzz/corpus/$t/* "$work"/ 2>/dev/null || true
  log=target/fuzz-logs/$t.log
  "${fuzz[@]}" run -O "$t" "$work" -- -max_total_time="$seconds" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 >"$log" 2>&1
  rc=$?
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  crashes=$(grep -cE '^==[0-9]+== ERROR|panicked at|deadly signal' "$log")
  [ $rc -ne 0 ] && [ "$crashes" -eq 0 ] && crashes=1
  printf '%-20s %14s %8s\n' "$t" "${execs:-?}" "$crashes"
  if [ "$crashes" -ne 0 ]; then failed=1; grep -E 'panicked at|Test unit written to' "$log" | head -3 | sed 's/^/    /'; fi
done
exit $failed
