#!/usr/bin/env bash
# The OSCAL test: Scripts/oscal-test.sh
#
# Writes OSCAL Assessment Results (nxaudit report --format oscal) for the committed sample, the
# hostile corpus with a generated hostile week, a generated month compared with its previous
# month under a policy that names the organisation and the preparer, and an empty period; then
# checks each with Scripts/oscal-check.sh (compliance-trestle and NIST's JSON schema), and that a
# rerun gives the same bytes. Fails on any problem.
set -euo pipefail
cd "$(dirname "$0")/.."

. Scripts/lib.sh
built_tools
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=1793491200

# 0, 1 (findings) and 2 (insufficient evidence) all mean the reports were written.
report() {
  local status=0
  "$nxaudit" report --quiet --format xml,oscal "$@" || status=$?
  if [ "$status" -gt 2 ]; then echo "oscal-test: nxaudit report $* exited $status" >&2; exit 1; fi
}

"$loggen" --start 2026-10-22 --end 2026-10-29 --hostile --malformed 0.02 --seed 11 --output "$work/hostile.log"
report --from 2026-10-22 --to 2026-10-28 Tests/Hostile/hostile.log "$work/hostile.log" --output "$work/hostile"

"$loggen" --start 2026-09-01 --end 2026-11-01 --events-per-day 60 --seed 5 --output "$work/two-months.log"
cat >"$work/policy.yaml" <<'POLICY'
version: 1
organisation: "Example AG <Compliance & Risk>"
prepared_by: "IT Security Operations"
approved_administrators: [admin, it.manager]
control_ids:
  change_by_unapproved_administrator: [ITGC-AC-07]
POLICY
report --month 2026-09 --timezone Europe/Zurich --policy "$work/policy.yaml" "$work/two-months.log" \
  --output "$work/months"
report --month 2026-10 --timezone Europe/Zurich --policy "$work/policy.yaml" "$work/two-months.log" \
  --baseline "$work/months/nxaudit-2026-09.xml" --output "$work/months"

report --month 2026-12 --timezone UTC "$work/two-months.log" --output "$work/empty"

documents=(samples/reports/nxaudit-2026-10.oscal.json "$work"/*/*.oscal.json)
Scripts/oscal-check.sh "${documents[@]}"

# The check fails where it must: the sample without the plan it imports, and with a finding's
# UUID given twice.
python3 - "$work" <<'BROKEN'
import json, sys
work = sys.argv[1]
document = json.load(open("samples/reports/nxaudit-2026-10.oscal.json"))
results = document["assessment-results"]
del results["import-ap"]
json.dump(document, open(f"{work}/no-plan.json", "w"))
document = json.load(open("samples/reports/nxaudit-2026-10.oscal.json"))
findings = document["assessment-results"]["results"][0]["findings"]
findings[1]["uuid"] = findings[0]["uuid"]
json.dump(document, open(f"{work}/twice.json", "w"))
BROKEN
for broken in no-plan twice; do
  if Scripts/oscal-check.sh "$work/$broken.json" >/dev/null 2>&1; then
    echo "oscal-test: the check passed a broken document ($broken)" >&2
    exit 1
  fi
done

# Reruns give the same bytes.
cp "$work/hostile/nxaudit-2026-10-22_2026-10-28.oscal.json" "$work/first.oscal.json"
report --from 2026-10-22 --to 2026-10-28 Tests/Hostile/hostile.log "$work/hostile.log" --output "$work/hostile"
cmp "$work/first.oscal.json" "$work/hostile/nxaudit-2026-10-22_2026-10-28.oscal.json"
echo "oscal-test: ${#documents[@]} documents valid; a rerun gave the same bytes"
