#!/usr/bin/env bash
# Regenerates samples/: a realistic October 2026 of Nexthink audit logs (Europe/Zurich,
# mixed RFC 3164 / RFC 3339 prefixes, a few hostile names and corrupted lines), split
# the way logrotate leaves it plus an overlapping hand-collected API download, and the
# reports nxaudit makes from it.
#
#   Scripts/make-samples.sh            # logs and reports
#   Scripts/make-samples.sh --reports  # reports only, from the committed logs
#
# Reports are reproducible: SOURCE_DATE_EPOCH pins their generation time and --year
# pins the year of RFC 3164 stamps (a fresh clone has fresh modification times).
set -euo pipefail
cd "$(dirname "$0")/.."
gen=../shared/tools/gen-audit-log
export SOURCE_DATE_EPOCH=1793491200   # 2026-11-01T00:00:00Z

if [ "${1:-}" != "--reports" ]; then
  rm -rf samples/logs && mkdir -p samples/logs
  # Late September to early November, so the month's edges are exercised.
  python3 "$gen" --start 2026-09-28 --end 2026-11-03 --prefix mixed --seed 2026 \
    --events-per-day 120 --hostile --malformed 0.002 --silent-gap 2026-10-17T00:00/26 \
    --truth-from 2026-10-01 --truth-to 2026-11-01 --truth samples/truth.json > /tmp/nxaudit-sample.log
  # Rotate: oldest lines in audit.log.2.gz, then audit.log.1, newest in audit.log.
  total=$(wc -l < /tmp/nxaudit-sample.log)
  third=$(( total / 3 ))
  head -n "$third" /tmp/nxaudit-sample.log | gzip -n > samples/logs/audit.log.2.gz
  sed -n "$(( third + 1 )),$(( 2 * third ))p" /tmp/nxaudit-sample.log > samples/logs/audit.log.1
  tail -n +"$(( 2 * third + 1 ))" /tmp/nxaudit-sample.log > samples/logs/audit.log
  # An Audit Trail API download collected by hand: it overlaps the rotated files.
  sed -n "$(( 2 * third - 299 )),$(( 2 * third + 300 ))p" /tmp/nxaudit-sample.log > samples/logs/api-download.log
  rm /tmp/nxaudit-sample.log
fi

swift build -c release --product nxaudit >/dev/null
rm -rf samples/reports
# Exit 2 is expected: the sample's silent 17 October is a gap in the evidence.
status=0
.build/release/nxaudit report --month 2026-10 --timezone Europe/Zurich --year 2026 \
  --policy samples/policy.yaml samples/logs --output samples/reports || status=$?
[ "$status" -eq 0 ] || [ "$status" -eq 2 ] || exit "$status"
