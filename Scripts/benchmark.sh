#!/usr/bin/env bash
# Measures nxaudit against the machine's baselines on the same file, in the same run.
#
#   Scripts/benchmark.sh                 # the ~500 MB year only
#   Scripts/benchmark.sh 50 500 5000     # also ~50 MB and ~5 GB (the 500 MB year repeated 10 times)
#
# For each input it prints its size and line count, then the best of 3 runs of:
#   wc -l                                   (how fast the machine reads bytes)
#   mawk counting events per code            (the baseline: mawk -F'|' '{c[$3]++} ...')
#   nxaudit, the monthly job                 (--month 2026-10 --timezone Europe/Zurich, html+xml)
#   nxaudit, the yearly report               (--from 2026-01-01 --to 2026-12-31, html+xml)
#   nxaudit archive add of the whole file     (inputs up to 1 GB: MB/s, peak RSS, archive size on disk)
#   nxaudit, the monthly job from the archive (compared with the monthly job from the file)
# with MB/s, nxaudit's peak RSS (/usr/bin/time), and the ratios nxaudit / mawk.
# Inputs are generated once with the project's nxaudit-loggen (seed 7) and cached in
# ${NXAUDIT_BENCH_CACHE:-.build/bench}. Timings belong here, never in unit tests.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-500}")
cache=${NXAUDIT_BENCH_CACHE:-.build/bench}
runs=3
mkdir -p "$cache"

for tool in mawk /usr/bin/time; do
  if ! command -v "$tool" >/dev/null; then
    echo "benchmark: installing $tool" >&2
    apt-get install -y -qq "$( [ "$tool" = mawk ] && echo mawk || echo time )" >/dev/null
  fi
done

swift build -c release --product nxaudit >/dev/null
swift build -c release --product nxaudit-loggen >/dev/null
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
nxaudit=.build/release/nxaudit

input_for() {
  local mb=$1 file
  if [ "$mb" -le 1000 ]; then
    file=$cache/loggen-year-${mb}mb.log
    [ -s "$file" ] || .build/release/nxaudit-loggen --start 2026-01-01 --end 2027-01-01 --target-mb "$mb" --prefix mixed \
      --seed 7 --output "$file" 2>/dev/null
  else
    file=$cache/loggen-year-${mb}mb.log
    if [ ! -s "$file" ]; then
      local base; base=$(input_for 500)
      local copies=$(( mb / 500 ))
      : > "$file"
      for _ in $(seq "$copies"); do cat "$base" >> "$file"; done
    fi
  fi
  echo "$file"
}

# best_of CMD...: prints "seconds maxrss_kb" of the fastest of $runs runs. The report
# folders are emptied before each run, so every run writes its files (a rerun into a
# folder holding the same bytes would only compare them).
best_of() {
  local best="" line
  for _ in $(seq "$runs"); do
    rm -rf "$out/month" "$out/year" "$out"/fresh.sqlite*
    /usr/bin/time -f "%e %M" -o "$out/time" "$@" >/dev/null 2>&1 || true
    line=$(tail -1 "$out/time")
    if [ -z "$best" ] || awk -v a="${line%% *}" -v b="${best%% *}" 'BEGIN{exit !(a<b)}'; then best=$line; fi
  done
  echo "$best"
}

printf '| input | lines | step | seconds | MB/s | peak RSS | vs mawk |\n|---|---|---|---|---|---|---|\n'
for mb in "${sizes[@]}"; do
  file=$(input_for "$mb")
  bytes=$(stat -L -c %s "$file")
  size_mb=$(awk -v b="$bytes" 'BEGIN{printf "%.0f", b/1048576}')
  cat "$file" > /dev/null   # warm the page cache: every step reads the same cached bytes
  lines=$(wc -l < "$file")
  read -r t_wc _ <<< "$(best_of wc -l "$file")"
  read -r t_awk _ <<< "$(best_of mawk -F'|' '{c[$3]++} END{for(k in c) print k, c[k]}' "$file")"
  read -r t_month rss_month <<< "$(best_of "$nxaudit" report --month 2026-10 --timezone Europe/Zurich --year 2026 "$file" --output "$out/month")"
  read -r t_year rss_year <<< "$(best_of "$nxaudit" report --from 2026-01-01 --to 2026-12-31 --timezone Europe/Zurich --year 2026 "$file" --output "$out/year")"
  row() { # step seconds rss
    local mbs ratio
    mbs=$(awk -v b="$bytes" -v t="$2" 'BEGIN{ if (t > 0) printf "%.0f", b/1048576/t; else print "-" }')
    ratio=$(awk -v t="$2" -v m="$t_awk" 'BEGIN{ printf "%.2f×", t/m }')
    printf '| %s MB | %s | %s | %s | %s | %s | %s |\n' "$size_mb" "$lines" "$1" "$2" "$mbs" "$3" "$ratio"
  }
  row "wc -l" "$t_wc" "-"
  row "mawk count per code" "$t_awk" "-"
  row "nxaudit monthly job" "$t_month" "$(( rss_month / 1024 )) MB"
  row "nxaudit yearly report" "$t_year" "$(( rss_year / 1024 )) MB"
  if [ "$mb" -le 1000 ]; then
    read -r t_add rss_add <<< "$(best_of "$nxaudit" archive add --quiet --archive "$out/fresh.sqlite" --timezone Europe/Zurich --year 2026 "$file")"
    archive_mb=$(awk -v b="$(stat -c %s "$out/fresh.sqlite")" 'BEGIN{printf "%.0f", b/1048576}')
    rm -f "$out"/archive.sqlite*
    mv "$out/fresh.sqlite" "$out/archive.sqlite"
    read -r t_from rss_from <<< "$(best_of "$nxaudit" report --month 2026-10 --timezone Europe/Zurich --archive "$out/archive.sqlite" --output "$out/month")"
    row "nxaudit archive add (archive: $archive_mb MB)" "$t_add" "$(( rss_add / 1024 )) MB"
    row "nxaudit monthly job from the archive" "$t_from" "$(( rss_from / 1024 )) MB"
    echo "| | | monthly job: archive / files | $(awk -v a="$t_from" -v f="$t_month" 'BEGIN{printf "%.2f×", a/f}') | | | |"
  fi
done
echo
echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo); best of $runs runs; page cache warm; $(date -u +%Y-%m-%d)"
