#!/usr/bin/env bash
# Regenerates samples/ with the project's generator, nxaudit-loggen:
# - samples/logs/: a realistic October 2026 of Nexthink audit logs (Europe/Zurich, mixed
#   RFC 3164 / RFC 3339 prefixes, a few corrupted lines, evidence complete; hostile names are
#   the test fixtures' business: Tests/Hostile and nxaudit-loggen --hostile),
#   split the way logrotate leaves it, plus an overlapping hand-collected API download;
#   samples/truth.json is its truth; samples/reports/ the reports nxaudit makes of it.
# - samples/silent-day/: a week whose 17 October has no event at all, the example of a report
#   whose evidence is insufficient (exit 2).
#
#   Scripts/make-samples.sh            # logs and reports
#   Scripts/make-samples.sh --reports  # reports only, from the committed logs
#
# Reports are reproducible: SOURCE_DATE_EPOCH pins their generation time and --year
# pins the year of RFC 3164 stamps (a fresh clone has fresh modification times).
set -euo pipefail
cd "$(dirname "$0")/.."
export SOURCE_DATE_EPOCH=1793491200   # 2026-11-01T00:00:00Z

if [ "${1:-}" != "--reports" ]; then
  swift build -c release --product nxaudit-loggen >/dev/null
  loggen=.build/release/nxaudit-loggen
  whole=$(mktemp)
  trap 'rm -f "$whole"' EXIT
  rm -rf samples/logs samples/silent-day && mkdir -p samples/logs samples/silent-day
  # Late September to early November, so the month's edges are exercised.
  "$loggen" --start 2026-09-28 --end 2026-11-03 --prefix mixed --seed 2026 --events-per-day 120 \
    --malformed 0.002 --truth-from 2026-10-01 --truth-to 2026-11-01 --truth samples/truth.json --output "$whole"
  # Rotate: oldest lines in audit.log.2.gz, then audit.log.1, newest in audit.log.
  total=$(wc -l < "$whole")
  third=$(( total / 3 ))
  head -n "$third" "$whole" | gzip -n > samples/logs/audit.log.2.gz
  sed -n "$(( third + 1 )),$(( 2 * third ))p" "$whole" > samples/logs/audit.log.1
  tail -n +"$(( 2 * third + 1 ))" "$whole" > samples/logs/audit.log
  # An Audit Trail API download collected by hand: it overlaps the rotated files.
  sed -n "$(( 2 * third - 299 )),$(( 2 * third + 300 ))p" "$whole" > samples/logs/api-download.log
  # The silent day: nothing at all is logged from 17 October 00:00 for 26 hours.
  "$loggen" --start 2026-10-14 --end 2026-10-21 --prefix rfc3339 --seed 17 --events-per-day 60 \
    --silent-gap 2026-10-17T00:00/26 --output samples/silent-day/audit.log
fi

swift build -c release --product nxaudit >/dev/null
rm -rf samples/reports
.build/release/nxaudit report --month 2026-10 --timezone Europe/Zurich --year 2026 \
  --policy samples/policy.yaml --format html,xml,json,csv,oscal samples/logs --output samples/reports

# The printed hand-off: the PDF's first page and its sign-off page, as images (needs WeasyPrint
# and poppler-utils; the PDF itself is not kept in samples/, Scripts/pdf-test.sh checks it).
pdf=$(mktemp -d)
.build/release/nxaudit report --month 2026-10 --timezone Europe/Zurich --year 2026 \
  --policy samples/policy.yaml --format pdf --quiet samples/logs --output "$pdf"
signoff=$(for page in $(seq "$(pdfinfo "$pdf/nxaudit-2026-10.pdf" | awk '/^Pages:/ {print $2}')"); do
  if pdftotext -f "$page" -l "$page" "$pdf/nxaudit-2026-10.pdf" - | grep -q '^Reviewer sign-off'; then echo "$page"; fi
done | tail -1)
pdftoppm -r 70 -png -singlefile -f 1 -l 1 "$pdf/nxaudit-2026-10.pdf" samples/report-pdf-page-1
pdftoppm -r 70 -png -singlefile -f "$signoff" -l "$signoff" "$pdf/nxaudit-2026-10.pdf" samples/report-pdf-signoff
rm -rf "$pdf"
