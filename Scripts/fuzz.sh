#!/usr/bin/env bash
# Fuzzes nxaudit with libFuzzer and AddressSanitizer: Scripts/fuzz.sh SECONDS [TARGET...]
#
# Builds the `nxaudit-fuzz` product with libFuzzer and AddressSanitizer (release,
# in .build-fuzz), then runs each target (default: line, pipeline, markup, see
# Sources/NXAuditFuzzing/FuzzTarget.swift) for SECONDS, starting from the committed seeds
# (Tests/Fuzz/corpus/TARGET) and the corpus earlier runs grew (.build-fuzz/corpus/TARGET).
# Prints executions, coverage and corpus size per target and appends them to
# .build-fuzz/results.tsv. NXAUDIT_FUZZ_RUNS=N stops each target after N executions
# instead (for long runs); NXAUDIT_FUZZ_JOBS=N runs N fuzzer processes per
# target side by side, sharing one corpus (the executions are summed; -runs is split among them).
# Exits 1 when a target crashed: the input is kept under .build-fuzz/artifacts/; copy it to
# Tests/Fuzz/regressions/TARGET/ so the tests replay it. Ctrl-C stops the fuzzers; the run is
# recorded as interrupted with the executions done so far, and the script exits 130. A run
# started in the background cannot see INT (it is ignored there): stop it with TERM.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:?usage: Scripts/fuzz.sh SECONDS [TARGET...]}"
shift
case "$seconds" in ''|*[!0-9]*) echo "fuzz: SECONDS must be a whole number, not '$seconds'" >&2; exit 64 ;; esac
targets=("$@")
[ "${#targets[@]}" -gt 0 ] || targets=(line pipeline markup)
jobs="${NXAUDIT_FUZZ_JOBS:-1}"
case "$jobs" in ''|*[!0-9]*|0*) echo "fuzz: NXAUDIT_FUZZ_JOBS must be a positive whole number, not '$jobs'" >&2; exit 64 ;; esac
runs="${NXAUDIT_FUZZ_RUNS:-}"
case "$runs" in ''|-1) ;; *[!0-9]*|0*) echo "fuzz: NXAUDIT_FUZZ_RUNS must be a positive whole number (or -1: no limit), not '$runs'" >&2; exit 64 ;; esac

scratch=.build-fuzz
# The commit the fuzzer is built from, for results.tsv (a long run outlives later commits);
# "+" when the sources differed from it.
built_from=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
[ -z "$(git status --porcelain -- Sources Package.swift 2>/dev/null)" ] || built_from="$built_from+"
echo "fuzz: building nxaudit-fuzz with libFuzzer and AddressSanitizer (release, $scratch)"
# -sanitize=fuzzer alone instruments no library module for coverage (Swift 6.3 through
# SwiftPM: NXAudit's objects had no __sancov section, and libFuzzer ran blind), so the
# coverage is asked for explicitly, and every NXAudit object is checked for its counters.
# Both sanitizers go to swiftc in one -sanitize= as well: given two, swift-driver keeps only the
# last, and SwiftPM keeps its --sanitize values in a Set (EnabledSanitizers), whose order Swift
# randomises per process, so each planning of the build may write them the other way round. With
# `-sanitize=address -sanitize=fuzzer` the Swift modules got no AddressSanitizer at all (the link
# still pulled in its runtime, so nothing said so): one build in two, by chance; and a changed
# order rebuilt everything. SwiftPM's --sanitize stays for the C targets and the link.
swift build -c release --scratch-path "$scratch" --product nxaudit-fuzz \
  --sanitize fuzzer --sanitize address -Xswiftc -sanitize=fuzzer,address \
  -Xswiftc -DNXAUDIT_FUZZING -Xswiftc -use-ld=lld -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp
binary="$scratch/release/nxaudit-fuzz"
# Every NXAudit object must carry coverage counters (one __sancov_cntrs section per function)
# and AddressSanitizer's checks (references to __asan_*): a build without them (the sanitizer
# order above) would run without a word from libFuzzer.
if command -v readelf >/dev/null; then
  objects=0
  library_counters=0
  for object in "$scratch"/release/NXAudit.build/*.o; do
    [ -e "$object" ] || continue
    sections=$(readelf -SW "$object")
    # An object with no code of its own (the generated tables of templates and of the commit)
    # has nothing to count: no .text section but AddressSanitizer's constructor holds a byte.
    code=$(awk '$1 ~ /^\.text/ && $1 !~ /^\.text\.asan\./ && $5 !~ /^0+$/ { n++ } END { print n + 0 }' \
      <<<"$(sed 's/^ *\[ *[0-9]*\]//' <<<"$sections")")
    [ "$code" -gt 0 ] || continue
    sizes=$(sed -n 's/.*__sancov_cntrs *[A-Z]* *[0-9a-f]* *[0-9a-f]* *\([0-9a-f]*\).*/\1/p' <<<"$sections")
    [ -n "$sizes" ] || { echo "fuzz: $object has no coverage counters: libFuzzer would run blind; rm -rf $scratch and run again" >&2; exit 70; }
    # (Not `readelf | grep -q`: grep stops at the first match, readelf dies of SIGPIPE, and
    # pipefail reports the pipeline failed.)
    symbols=$(readelf -sW "$object")
    grep -q ' UND __asan_' <<<"$symbols" \
      || { echo "fuzz: $object has no AddressSanitizer checks; rm -rf $scratch and run again" >&2; exit 70; }
    objects=$((objects + 1))
    for size in $sizes; do library_counters=$((library_counters + 16#$size)); done
  done
  [ "$objects" -gt 0 ] || { echo "fuzz: no NXAudit objects under $scratch/release/NXAudit.build" >&2; exit 70; }
  echo "fuzz: NXAudit instrumented: $library_counters coverage counters and AddressSanitizer in $objects objects"
else
  echo "fuzz: readelf (binutils) missing: NXAudit's objects are not checked for coverage and AddressSanitizer" >&2
fi

# Swift's crash backtracer reads memory ASan considers out of bounds: ASan reports instead.
export SWIFT_BACKTRACE=enable=no
# Swift's runtime keeps its metadata caches to the end: not leaks (-detect_leaks=0 below too).
# ASan fills the first 4 KB of every allocation with garbage by default; 256 bytes cover Swift's
# objects and headers at a quarter less time per pipeline execution. Recording no stack per
# allocation (malloc_context_size=0) finds the same errors, faster; a report then lacks the
# allocation's and the free's stacks: replay the input with ASAN_OPTIONS=malloc_context_size=30.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:allocator_may_return_null=1:max_malloc_fill_size=256:malloc_context_size=0}"

pids=()
interrupted=0
# Background processes of a script ignore Ctrl-C: pass it on, and let them print their totals.
# (When this script itself runs in the background, INT was ignored before it started and cannot
# be trapped; TERM can.)
trap 'interrupted=1; [ "${#pids[@]}" -eq 0 ] || kill -INT "${pids[@]}" 2>/dev/null || true' INT TERM

declare -A max_len=([line]=4096 [pipeline]=2048 [markup]=4096)
failed=0
for target in "${targets[@]}"; do
  [ -n "${max_len[$target]:-}" ] || { echo "fuzz: unknown target '$target' (line, pipeline, markup)" >&2; exit 64; }
  corpus="$scratch/corpus/$target"
  mkdir -p "$corpus" "$scratch/artifacts" "$scratch/logs"
  log="$scratch/logs/$target.log"
  [ "$jobs" -eq 1 ] || log="$scratch/logs/$target.N.log, N = 1…$jobs"
  echo "fuzz: $target, ${runs:-$seconds s} ${runs:+executions}, $jobs process(es) (log: $log)"
  started=$SECONDS
  limit=(-max_total_time="$seconds")
  case "$runs" in '') ;; -1) limit=(-runs=-1) ;; *) limit=(-runs="$(( (runs + jobs - 1) / jobs ))") ;; esac
  logs=()
  pids=()
  for job in $(seq 1 "$jobs"); do
    job_log="$log"
    [ "$jobs" -eq 1 ] || job_log="$scratch/logs/$target.$job.log"
    logs+=("$job_log")
    NXAUDIT_FUZZ_TARGET="$target" "$binary" "$corpus" "Tests/Fuzz/corpus/$target" \
      -dict=Tests/Fuzz/nxaudit.dict -max_len="${max_len[$target]}" "${limit[@]}" \
      -detect_leaks=0 -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024 -print_final_stats=1 \
      -artifact_prefix="$scratch/artifacts/$target-" >"$job_log" 2>&1 &
    pids+=("$!")
  done
  # Ctrl-C while they were starting: the trap saw only the first ones.
  [ "$interrupted" -eq 0 ] || kill -INT "${pids[@]}" 2>/dev/null || true
  # libFuzzer exits 72 when interrupted (Ctrl-C, or the INT sent below), anything else but 0
  # is a failure. The first process to fail stops the others, and its exit code is the run's.
  status=0
  stopped=0
  while [ "${#pids[@]}" -gt 0 ]; do
    code=0
    unset ended
    wait -n -p ended "${pids[@]}" || code=$?
    # A signal to this script interrupts `wait`, not the fuzzers (the trap passed it on): wait on.
    [ -n "${ended:-}" ] || continue
    remaining=()
    for pid in "${pids[@]}"; do [ "$pid" = "$ended" ] || remaining+=("$pid"); done
    pids=("${remaining[@]}")
    if [ "$code" -eq 72 ]; then
      stopped=1
    elif [ "$code" -ne 0 ] && [ "$status" = 0 ]; then
      status=$code
      [ "${#pids[@]}" -eq 0 ] || kill -INT "${pids[@]}" 2>/dev/null || true
    fi
  done
  [ "$status" != 0 ] || [ "$stopped" -eq 0 ] || status=interrupted
  sum() { sed -n "s/^stat::$1: *//p" "${logs[@]}" | awk '{ total += $1 } END { if (NR) printf "%.0f\n", total }'; }
  executions=$(sum number_of_executed_units)
  rate=$(sum average_exec_per_sec)
  peak=$(sed -n 's/^stat::peak_rss_mb: *//p' "${logs[@]}" | sort -n | tail -1)
  coverage=$(cat "${logs[@]}" | grep -o 'cov: [0-9]*' | cut -d' ' -f2 | sort -n | tail -1 || true)
  # A clean build has some 194,000 counters (NXAudit 65,000 of them); a few thousand means no
  # Swift module was instrumented.
  counters=$(sed -n 's/.*(\([0-9]*\) inline 8-bit counters).*/\1/p' "${logs[0]}" | head -1)
  if [ "${counters:-0}" -lt 20000 ]; then
    echo "fuzz: $target ran with ${counters:-no} coverage counters: the library is not instrumented (see $log)" >&2
    status=70
  fi
  inputs=$(find "$corpus" -type f | wc -l)
  if [ "$status" = interrupted ]; then
    [ "$failed" -ne 0 ] || failed=130
    echo "fuzz: $target interrupted after ${executions:-?} executions in $((SECONDS - started)) s, coverage ${coverage:-?} edges, no crash" >&2
  elif [ "$status" -ne 0 ]; then
    failed=1
    echo "fuzz: $target FAILED (exit $status) after ${executions:-?} executions:" >&2
    grep -hE 'fuzz check failed|ERROR: AddressSanitizer|Fatal error|SUMMARY|Test unit written' "${logs[@]}" | head -8 >&2 || true
    echo "fuzz: copy the input above to Tests/Fuzz/regressions/$target/ and fix the cause; the tests replay that folder" >&2
  else
    echo "fuzz: $target: ${executions} executions in $((SECONDS - started)) s (${rate}/s, $jobs process(es)), coverage ${coverage} edges, corpus ${inputs} inputs, peak RSS ${peak} MB, no crash"
  fi
  result=ok
  [ "$status" = 0 ] || result=$([ "$status" = interrupted ] && echo interrupted || echo "failed:$status")
  # date, commit, target, seconds, executions, edges, corpus inputs, result, processes
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$built_from" "$target" "$((SECONDS - started))" "${executions:-0}" "${coverage:-0}" "$inputs" \
    "$result" "$jobs" >>"$scratch/results.tsv"
  [ "$interrupted" -eq 0 ] && [ "$status" != interrupted ] || break
done
exit "$failed"
