#!/usr/bin/env bash
# Builds the packages with Scripts/package.sh, then checks them as an administrator meets them
# on a server without Swift: the .deb installs with apt-get (its dependencies from the
# archive), nxaudit runs from / with an empty environment and writes the same report bytes as
# the checkout, needs no Swift library, has its man pages and completions, and dpkg -r takes
# every file away again. The tarball is unpacked and run the same way.
# Needs root (apt-get, dpkg). Leaves the system as it found it, but for the packages it installs.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "package-test: FAIL: $*" >&2; exit 1; }
passed=0
ok() { passed=$(( passed + 1 )); echo "package-test: ok: $*"; }

export DEBIAN_FRONTEND=noninteractive
if ! command -v man >/dev/null || [ ! -f /usr/share/bash-completion/bash_completion ]; then
  apt-get update -qq && apt-get install -y -qq man-db bash-completion >/dev/null
fi
dpkg -s nxaudit >/dev/null 2>&1 && fail "a package named nxaudit is already installed; remove it first (dpkg -r nxaudit)"

started=$(date +%s)
Scripts/package.sh
ok "packages built in $(( $(date +%s) - started )) s"
deb=$(ls .build/dist/nxaudit_*.deb)
tarball=$(ls .build/dist/nxaudit-*-linux-*.tar.gz)

# The report of the samples, by the checkout's own build and by the installed package, from the
# same absolute paths and SOURCE_DATE_EPOCH.
report_args=(report --month 2026-10 --timezone Europe/Zurich --year 2026 --policy "$repo/samples/policy.yaml"
             "$repo/samples/logs" --quiet)
swift build --product nxaudit >/dev/null
SOURCE_DATE_EPOCH=1793491200 .build/debug/nxaudit "${report_args[@]}" --output "$work/checkout" \
  || fail "the checkout's nxaudit could not report on the samples (exit $?)"

apt-get install -y -qq "$repo/$deb" >/dev/null || fail "apt-get install $deb failed"
[ "$(command -v nxaudit)" = /usr/bin/nxaudit ] || fail "nxaudit is not /usr/bin/nxaudit after installing"
dpkg -L nxaudit | LC_ALL=C sort > "$work/files"

libs=$(ldd /usr/bin/nxaudit)
echo "$libs" | grep -qiE 'swift|libFoundation|libdispatch|BlocksRuntime' && fail "the binary needs Swift libraries: $libs"
echo "$libs" | grep -q 'not found' && fail "a library of the binary is missing: $libs"
# Test-only code stays out of what ships: the fault hooks (debug builds only) and the fuzz targets.
grep -qaE 'NXAUDIT_FAULT|FuzzTarget' /usr/bin/nxaudit && fail "the installed binary holds test hooks or fuzz targets"
ok "ldd lists no Swift library ($(echo "$libs" | wc -l) libraries, all from the system); no test hook or fuzz target inside"

(cd / && env -i PATH=/usr/bin:/bin SOURCE_DATE_EPOCH=1793491200 nxaudit "${report_args[@]}" --output "$work/installed") \
  || fail "the installed nxaudit could not report on the samples from / (exit $?)"
for ext in xml html; do
  cmp "$work/checkout/nxaudit-2026-10.$ext" "$work/installed/nxaudit-2026-10.$ext" \
    || fail "the installed nxaudit wrote another $ext than the checkout's"
done
ok "the installed nxaudit, run from / with an empty environment, writes the checkout's XML and HTML bytes"
env -i PATH=/usr/bin:/bin nxaudit --version | grep -qE '^[0-9]+\.[0-9]+\.[0-9]+ \(commit [0-9a-f]{12}' \
  || fail "nxaudit --version does not name a version and a commit: $(nxaudit --version)"

for page in nxaudit nxaudit-report nxaudit-inspect nxaudit-verify nxaudit-archive nxaudit-templates; do
  MANWIDTH=80 man -P cat "$page" 2>/dev/null | grep -q . || fail "man $page shows nothing"
done
MANWIDTH=80 man -P cat nxaudit-report | grep -q -- '--timezone' || fail "man nxaudit-report does not document --timezone"
ok "man pages render ($(grep -c '/man1/' "$work/files") pages)"

# An interactive login shell loads bash-completion (/etc/profile.d), which loads a command's
# completion on the first Tab: _completion_loader is what that Tab calls. Without the file it
# would install its fallback (_minimal), so the function's name is what tells them apart.
bash -lic '_completion_loader nxaudit; complete -p nxaudit' </dev/null 2>/dev/null | grep -q -- '-F _nxaudit nxaudit$' \
  || fail "an interactive bash does not find the completion of nxaudit"
grep -qx /usr/share/zsh/vendor-completions/_nxaudit "$work/files" || fail "no zsh completion"
grep -qx /usr/share/fish/vendor_completions.d/nxaudit.fish "$work/files" || fail "no fish completion"
ok "an interactive bash loads the completion on Tab; zsh and fish completions are in their system folders"
for example in examples/policy.yaml examples/scheduling/nxaudit-monthly.timer examples/scheduling/nxaudit.cron README.md CHANGELOG.md \
  docs/report-guide.md docs/audit-codes.tsv docs/images/report-page-one.png; do
  [ -f "/usr/share/doc/nxaudit/$example" ] || fail "/usr/share/doc/nxaudit/$example is missing"
done
ok "README, CHANGELOG, docs and the examples are under /usr/share/doc/nxaudit"

dpkg -r nxaudit >/dev/null || fail "dpkg -r nxaudit failed"
dpkg -s nxaudit >/dev/null 2>&1 && fail "dpkg still knows nxaudit after removing it"
left=$(while read -r path; do
  case "$path" in *nxaudit*) [ -e "$path" ] && echo "$path";; esac
done < "$work/files" || true)
[ -z "$left" ] || fail "dpkg -r left files behind: $left"
ok "dpkg -r nxaudit leaves nothing of it behind"

# The tarball: unpacked under a prefix, it runs and reports the same bytes.
mkdir -p "$work/prefix"
tar -C "$work/prefix" --strip-components=1 -xzf "$tarball"
(cd / && env -i PATH=/usr/bin:/bin SOURCE_DATE_EPOCH=1793491200 "$work/prefix/bin/nxaudit" "${report_args[@]}" --output "$work/tarball") \
  || fail "the tarball's nxaudit could not report on the samples (exit $?)"
cmp "$work/checkout/nxaudit-2026-10.xml" "$work/tarball/nxaudit-2026-10.xml" || fail "the tarball's nxaudit wrote another XML"
[ -f "$work/prefix/share/man/man1/nxaudit-report.1.gz" ] || fail "the tarball has no man page for nxaudit-report"
ok "the tarball unpacks to bin/ and share/, runs from / and writes the checkout's XML"

size=$(stat -c %s /dev/null "$work/prefix/bin/nxaudit" | tail -1)
start_ns=$(date +%s%N)
for _ in $(seq 20); do "$work/prefix/bin/nxaudit" --version >/dev/null; done
ok "binary $(( size / 1024 / 1024 )) MiB, start-up $(( ($(date +%s%N) - start_ns) / 20000000 )) ms (nxaudit --version, mean of 20)"
echo "package-test: $passed passed, 0 failed"
