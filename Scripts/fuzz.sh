#!/usr/bin/env bash
# Fuzzes nxaudit with libFuzzer and AddressSanitizer: Scripts/fuzz.sh SECONDS [TARGET...]
#
# Builds the `nxaudit-fuzz` product with `--sanitize fuzzer --sanitize address` (release,
# in .build-fuzz), then runs each target (default: line, pipeline, markup, see
# Sources/NXAudit/Fuzzing/FuzzTarget.swift) for SECONDS, starting from the committed seeds
# (Tests/Fuzz/corpus/TARGET) and the corpus earlier runs grew (.build-fuzz/corpus/TARGET).
# Prints executions, coverage and corpus size per target and appends them to
# .build-fuzz/results.tsv. NXAUDIT_FUZZ_RUNS=N stops each target after N executions
# instead (the long runs the README records). Exits 1 when a target crashed: the input is kept under
# .build-fuzz/artifacts/; copy it to Tests/Fuzz/regressions/TARGET/ so the tests replay it.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:?usage: Scripts/fuzz.sh SECONDS [TARGET...]}"
shift
case "$seconds" in ''|*[!0-9]*) echo "fuzz: SECONDS must be a whole number, not '$seconds'" >&2; exit 64 ;; esac
targets=("$@")
[ "${#targets[@]}" -gt 0 ] || targets=(line pipeline markup)

scratch=.build-fuzz
echo "fuzz: building nxaudit-fuzz with libFuzzer and AddressSanitizer (release, $scratch)"
# -sanitize=fuzzer alone instruments no library module for coverage (Swift 6.3 through
# SwiftPM: NXAudit's objects had no __sancov section, and libFuzzer ran blind), so the
# coverage is asked for explicitly; the script stops if a run reports none.
swift build -c release --scratch-path "$scratch" --product nxaudit-fuzz \
  --sanitize fuzzer --sanitize address \
  -Xswiftc -DNXAUDIT_FUZZING -Xswiftc -use-ld=lld -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp
binary="$scratch/release/nxaudit-fuzz"

# Swift's crash backtracer reads memory ASan considers out of bounds: ASan reports instead.
export SWIFT_BACKTRACE=enable=no
# Swift's runtime keeps its metadata caches to the end: not leaks (-detect_leaks=0 below too).
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:allocator_may_return_null=1}"

declare -A max_len=([line]=4096 [pipeline]=2048 [markup]=4096)
failed=0
for target in "${targets[@]}"; do
  [ -n "${max_len[$target]:-}" ] || { echo "fuzz: unknown target '$target' (line, pipeline, markup)" >&2; exit 64; }
  corpus="$scratch/corpus/$target"
  mkdir -p "$corpus" "$scratch/artifacts" "$scratch/logs"
  log="$scratch/logs/$target.log"
  echo "fuzz: $target, ${NXAUDIT_FUZZ_RUNS:-$seconds s} ${NXAUDIT_FUZZ_RUNS:+executions} (log: $log)"
  started=$SECONDS
  status=0
  limit=(-max_total_time="$seconds")
  [ -z "${NXAUDIT_FUZZ_RUNS:-}" ] || limit=(-runs="$NXAUDIT_FUZZ_RUNS")
  NXAUDIT_FUZZ_TARGET="$target" "$binary" "$corpus" "Tests/Fuzz/corpus/$target" \
    -dict=Tests/Fuzz/nxaudit.dict -max_len="${max_len[$target]}" "${limit[@]}" \
    -detect_leaks=0 -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024 -print_final_stats=1 \
    -artifact_prefix="$scratch/artifacts/$target-" >"$log" 2>&1 || status=$?
  executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  peak=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -1)
  coverage=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2 || true)
  # The library alone has some 190,000 counters; far fewer means it was left uninstrumented.
  counters=$(sed -n 's/.*(\([0-9]*\) inline 8-bit counters).*/\1/p' "$log" | head -1)
  if [ "${counters:-0}" -lt 50000 ]; then
    echo "fuzz: $target ran with ${counters:-no} coverage counters: the library is not instrumented (see $log)" >&2
    status=70
  fi
  inputs=$(find "$corpus" -type f | wc -l)
  if [ "$status" -ne 0 ]; then
    failed=1
    echo "fuzz: $target FAILED (exit $status) after ${executions:-?} executions:" >&2
    grep -E 'fuzz check failed|ERROR: AddressSanitizer|Fatal error|SUMMARY|Test unit written' "$log" | head -8 >&2 || true
    echo "fuzz: copy the input above to Tests/Fuzz/regressions/$target/ and fix the cause; the tests replay that folder" >&2
  else
    echo "fuzz: $target: ${executions} executions in $((SECONDS - started)) s (${rate}/s), coverage ${coverage} edges, corpus ${inputs} inputs, peak RSS ${peak} MB, no crash"
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$(git rev-parse --short HEAD)" "$target" "$((SECONDS - started))" "${executions:-0}" "${coverage:-0}" "$inputs" \
    "$([ "$status" -eq 0 ] && echo ok || echo "failed:$status")" >>"$scratch/results.tsv"
done
exit "$failed"
