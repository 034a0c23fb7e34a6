#!/usr/bin/env bash
# The OSCAL check: Scripts/oscal-check.sh FILE.oscal.json [MORE ...]
#
# Checks OSCAL Assessment Results documents (nxaudit report --format oscal) with
# Scripts/oscal-check.py: compliance-trestle's model, NIST's JSON schema for the same OSCAL
# version (vendored in Scripts/oscal/, see its README) through check-jsonschema, the document's
# oscal-version, unique uuids and the references inside the document. Prints each problem
# (file, check, path in the document, message) and fails on any. Installs Debian's python3-venv
# when it is missing (root with apt-get; a failed install fails the check), and keeps a
# virtualenv with pinned compliance-trestle and check-jsonschema in .build/oscal-venv. Once
# installed, the check needs no network.
set -euo pipefail
here=$PWD
cd "$(dirname "$0")/.."

if [ "$#" -eq 0 ]; then
  echo "usage: Scripts/oscal-check.sh FILE.oscal.json [MORE ...]" >&2
  exit 2
fi
# The paths as given, from where the script was started (it runs from the checkout).
files=()
for f in "$@"; do
  case "$f" in /*) files+=("$f") ;; *) files+=("$here/$f") ;; esac
done

# compliance-trestle 3.12.4 is the last release whose models are OSCAL 1.1.3 (trestle.oscal.
# OSCAL_VERSION; 4.0.0 and later model OSCAL 1.2.1). check-jsonschema checks patterns with an
# ECMAScript engine (regress); Python's re cannot compile the schema's \p{L}.
pins=(compliance-trestle==3.12.4 check-jsonschema==0.39.0)
venv=.build/oscal-venv

. Scripts/lib.sh
pinned_venv oscal-check "$venv" "${pins[@]}"

"$venv/bin/python" Scripts/oscal-check.py "${files[@]}"
