#!/usr/bin/env bash
# The accessibility check: Scripts/a11y-test.sh [FILE.html ...]
#
# Runs axe-core in headless Chromium on HTML reports (by default the committed sample,
# samples/reports/nxaudit-2026-10.html) with Scripts/a11y-check.py: the rules tagged WCAG 2.0
# and 2.1 A and AA plus best-practice; prints each violation and the totals, and fails on any
# violation. Installs Debian's chromium, chromium-driver and python3-venv when they are missing
# (root with apt-get; a failed install fails the check), and keeps a virtualenv with pinned
# selenium and selenium-axe-python (which carries axe-core's script) in .build/a11y-venv. Once
# installed, the check needs no network.
set -euo pipefail
cd "$(dirname "$0")/.."

# selenium-axe-python carries axe-core 4.9.1. axe-selenium-python's last release for Python
# below 3.12 (2.1.6) carries axe-core 3.1.1, which rejects the wcag21a tag and knows fewer rules.
pins=(selenium==4.51.0 selenium-axe-python==2.2.0)
venv=.build/a11y-venv

. Scripts/lib.sh
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
needs a11y-test "${missing[@]}"
pinned_venv a11y-test "$venv" "${pins[@]}"

# Selenium finds its own drivers with Selenium Manager, which downloads them; here both binaries
# are Debian's, so it stays offline.
SE_OFFLINE=true "$venv/bin/python" Scripts/a11y-check.py "$@"
