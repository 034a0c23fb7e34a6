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

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/bin/chromedriver ] || need+=(chromium-driver)
python3 -c 'import ensurepip, venv' 2>/dev/null || need+=(python3-venv)
if [ "${#need[@]}" -gt 0 ]; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    echo "a11y-test: needs ${need[*]} (Debian packages); install them, or run as root with apt-get" >&2
    exit 1
  fi
  echo "a11y-test: installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi

# The virtualenv is made anew when the pins or python3's version change.
stamp="${pins[*]} python $(python3 -c 'import platform; print(platform.python_version())')"
if [ "$(cat "$venv/stamp" 2>/dev/null)" != "$stamp" ] || ! "$venv/bin/python" -c '' 2>/dev/null; then
  echo "a11y-test: making $venv with ${pins[*]}"
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install -q --disable-pip-version-check "${pins[@]}"
  echo "$stamp" >"$venv/stamp"
fi

# Selenium finds its own drivers with Selenium Manager, which downloads them; here both binaries
# are Debian's, so it stays offline.
SE_OFFLINE=true "$venv/bin/python" Scripts/a11y-check.py "$@"
