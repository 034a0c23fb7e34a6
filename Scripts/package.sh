#!/usr/bin/env bash
# Builds the packages a system administrator installs, from a checkout:
#   .build/dist/nxaudit_VERSION_ARCH.deb            (apt-get install ./nxaudit_VERSION_ARCH.deb)
#   .build/dist/nxaudit-VERSION-linux-MACHINE.tar.gz (tar -C /usr/local --strip-components=1 -xzf ...)
# Both hold the same tree: the binary with the Swift runtime linked in, one man page per
# command, bash/zsh/fish completions, and README, CHANGELOG, docs and examples under share/doc.
# The .deb's Depends comes from the binary's real shared-library needs (dpkg-shlibdeps).
#
# Reproducible: file times and the man pages' date come from SOURCE_DATE_EPOCH, by default
# the last commit's time, so the same commit gives the same packages.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v dpkg-shlibdeps >/dev/null || need+=(dpkg-dev)
command -v strip >/dev/null || need+=(binutils)
if [ "${#need[@]}" -gt 0 ]; then
  echo "package: installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null
fi

export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}"
day=$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%d)

# The pages do not depend on optimisation: a debug build (the one `swift test` made) is enough.
echo "package: man pages (swift-argument-parser's generate-manual)"
swift package plugin generate-manual --configuration debug --multi-page --date "$day" >/dev/null
manuals=.build/plugins/GenerateManual/outputs/nxaudit

echo "package: release build with the Swift runtime linked in"
swift build -c release --product nxaudit --static-swift-stdlib >/dev/null
binary=.build/release/nxaudit
version=$("$binary" --version | cut -d' ' -f1)
arch=$(dpkg --print-architecture)
machine=$(uname -m)

dist=.build/dist
stage=$dist/stage
rm -rf "$stage" && mkdir -p "$stage"
root=$stage/root
install -D -m 0755 "$binary" "$root/usr/bin/nxaudit"
strip --strip-unneeded "$root/usr/bin/nxaudit"
# nxaudit.archive.add.1 becomes nxaudit-archive-add.1 (`man nxaudit-archive-add`, as git does),
# in its file name, its title and its cross-references; `help` is argument-parser's, not a command.
for page in "$manuals"/*.1; do
  name=$(basename "$page" .1 | tr . -)
  [ "$name" = nxaudit-help ] && continue
  mkdir -p "$root/usr/share/man/man1"
  perl -pe 's/^(\.(?:Dt|Xr) )(\S+)/$1 . ($2 =~ tr{.}{-}r)/e; $_ = "" if /^\.Xr nxaudit-help /' "$page" \
    | gzip -9n > "$root/usr/share/man/man1/$name.1.gz"
  chmod 0644 "$root/usr/share/man/man1/$name.1.gz"
done
"$binary" --generate-completion-script bash | install -D -m 0644 /dev/stdin "$root/usr/share/bash-completion/completions/nxaudit"
"$binary" --generate-completion-script zsh | install -D -m 0644 /dev/stdin "$root/usr/share/zsh/vendor-completions/_nxaudit"
"$binary" --generate-completion-script fish | install -D -m 0644 /dev/stdin "$root/usr/share/fish/vendor_completions.d/nxaudit.fish"
doc=$root/usr/share/doc/nxaudit
install -D -m 0644 README.md "$doc/README.md"
install -D -m 0644 CHANGELOG.md "$doc/CHANGELOG.md"
# Every file under docs/ (pages, the code table, images), keeping its folder.
find docs -type f | sort | while read -r page; do install -D -m 0644 "$page" "$doc/$page"; done
install -D -m 0644 samples/policy.yaml "$doc/examples/policy.yaml"
for unit in samples/scheduling/*; do install -D -m 0644 "$unit" "$doc/examples/scheduling/$(basename "$unit")"; done

# The .deb: control file with the dependencies dpkg-shlibdeps finds in the binary.
shlibs=$(mktemp -d)
trap 'rm -rf "$shlibs"' EXIT
mkdir -p "$shlibs/debian"
printf 'Source: nxaudit\n\nPackage: nxaudit\nArchitecture: any\n' > "$shlibs/debian/control"
depends=$(cd "$shlibs" && dpkg-shlibdeps -O "$OLDPWD/$root/usr/bin/nxaudit" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || { echo "package: dpkg-shlibdeps found no dependencies for the binary" >&2; exit 1; }
mkdir -p "$root/DEBIAN"
cat > "$root/DEBIAN/control" <<CONTROL
Package: nxaudit
Version: $version
Architecture: $arch
Maintainer: nxaudit maintainers <nxaudit@localhost>
Installed-Size: $(du -sk --exclude=DEBIAN "$root" | cut -f1)
Depends: $depends
Recommends: openssh-client
Suggests: weasyprint
Section: admin
Priority: optional
Description: compliance reports from Nexthink classic audit trails
 nxaudit reads the audit trails of Nexthink Portal, Engines and Web Console
 for a period and writes HTML and XML compliance reports (PCI DSS 10.x,
 ISO 27001 A.8.15, SOX access reviews) with JSON, CSV and OSCAL exports, a
 PDF/A-3b hand-off (with weasyprint), an evidence manifest signed with SSH
 keys (with openssh-client) and an evidence archive.
CONTROL
(cd "$root" && find usr -type f | LC_ALL=C sort | xargs md5sum) > "$root/DEBIAN/md5sums"
find "$root" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
deb=$dist/nxaudit_${version}_${arch}.deb
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null

# The tarball: the same tree under nxaudit-VERSION/ without usr/ and DEBIAN/.
top=nxaudit-$version
mkdir -p "$stage/$top"
cp -a "$root/usr/." "$stage/$top/"
tarball=$dist/nxaudit-$version-linux-$machine.tar.gz
tar -C "$stage" --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$SOURCE_DATE_EPOCH" -cf - "$top" | gzip -9n > "$tarball"
rm -rf "$stage"

echo "package: $deb ($(du -h "$deb" | cut -f1)), depends: $depends"
echo "package: $tarball ($(du -h "$tarball" | cut -f1))"
