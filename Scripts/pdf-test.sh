#!/usr/bin/env bash
# The PDF test: Scripts/pdf-test.sh
#
# Writes the sample month with --format pdf twice (the same bytes), and checks the PDF with
# stock tools: qpdf --check; pdfinfo's title, page count and the PDF/A-3b identification in
# its XMP metadata; pdftotext holds the period, the verdict and every finding ID of the XML;
# the outline has the report's sections; the attachments pdfdetach extracts are
# byte-identical to the XML report and the embedded manifest written beside it, each an
# associated file (/AF) with its relationship; the manifest beside it covers the PDF
# (nxaudit verify, also signed with --require-signature). Then the hostile corpus: every payload is in the PDF as text. Then a
# template that names a local file and a URL: both refused, nothing fetched, a warning
# printed. Installs Debian's weasyprint, qpdf, poppler-utils and openssh-client when missing
# (root with apt-get; a failed install fails the test).
set -euo pipefail
cd "$(dirname "$0")/.."

. Scripts/lib.sh
missing=()
command -v weasyprint >/dev/null || missing+=(weasyprint)
command -v qpdf >/dev/null || missing+=(qpdf)
command -v pdfinfo >/dev/null || missing+=(poppler-utils)
command -v ssh-keygen >/dev/null || missing+=(openssh-client)
needs pdf-test "${missing[@]}"
built_tools
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=1793491200
failures=0
fail() { echo "pdf-test: FAIL: $*" >&2; failures=$((failures + 1)); }

# The sample month, twice into two folders with the same arguments (the manifest records them).
month=(--month 2026-10 --timezone Europe/Zurich --year 2026 --policy samples/policy.yaml samples/logs --format html,pdf)
for run in a b; do
  mkdir -p "$work/$run"
  cp -r samples/logs samples/policy.yaml "$work/$run/"
  (cd "$work/$run" && "$nxaudit" report "${month[@]/samples\//}" --output reports --quiet)
done
pdf="$work/a/reports/nxaudit-2026-10.pdf"
xml="$work/a/reports/nxaudit-2026-10.xml"
cmp "$pdf" "$work/b/reports/nxaudit-2026-10.pdf" || fail "two runs with the same inputs and options gave different PDFs"

qpdf --check "$pdf" >/dev/null || fail "qpdf --check: $(qpdf --check "$pdf" 2>&1 | tail -3)"
info=$(pdfinfo "$pdf")
grep -q '^Title: *Nexthink audit compliance report 2026-10$' <<<"$info" || fail "pdfinfo: no title"
grep -q '^Subject: .*NXA-' <<<"$info" || fail "pdfinfo: no subject naming the report ID"
grep -q '^Keywords: .*PCI DSS' <<<"$info" || fail "pdfinfo: no keywords"
pages=$(awk '/^Pages:/ {print $2}' <<<"$info")
meta=$(pdfinfo -meta "$pdf")
grep -q 'pdfaid:part="3"' <<<"$meta" && grep -q 'pdfaid:conformance="B"' <<<"$meta" \
  || fail "the XMP metadata does not identify PDF/A-3b"
text=$(pdftotext -layout "$pdf" -)
for expected in "Period 2026-10-01 to 2026-10-31" "Verdict: Evidence complete" "Page $pages of $pages" \
  $(grep -o 'finding id="F-[^"]*"' "$xml" | cut -d'"' -f2); do
  grep -qF -- "$expected" <<<"$text" || fail "the PDF's text lacks \"$expected\""
done
outline=$(qpdf --json --json-key=outlines "$pdf")
for section in "Verdict" "Findings" "Control matrix" "Reviewer sign-off"; do
  grep -qF "\"title\": \"$section" <<<"$outline" || fail "the outline has no \"$section\""
done
mkdir "$work/detached"
pdfdetach -saveall -o "$work/detached" "$pdf"
for name in nxaudit-2026-10.xml nxaudit-2026-10.embedded.manifest.json; do
  cmp "$work/detached/$name" "$work/a/reports/$name" || fail "the attached $name is not the one written beside the PDF"
done
[ "$(ls "$work/detached" | wc -l)" = 2 ] || fail "the PDF holds other attachments: $(ls "$work/detached")"
objects=$(qpdf --qdf --object-streams=disable "$pdf" - | strings)
grep -q '/AFRelationship /Alternative' <<<"$objects" && grep -q '/AFRelationship /Supplement' <<<"$objects" \
  && grep -q '^  /AF \[' <<<"$objects" || fail "the attachments are not PDF/A-3 associated files (/AF, /AFRelationship)"
grep -q '"file" : "nxaudit-2026-10.pdf"' "$work/a/reports/nxaudit-2026-10.manifest.json" \
  || fail "the manifest beside the PDF does not list it"
(cd "$work/a" && "$nxaudit" verify reports >/dev/null) || fail "nxaudit verify fails on the PDF run"

# Signed, the PDF folder verifies: the manifest beside the PDF (covering it) is signed, and the
# embedded manifest beside it is checked through that one.
ssh-keygen -q -t ed25519 -N '' -C pdf-test -f "$work/key"
echo "auditor@example.org namespaces=\"nxaudit\" $(cat "$work/key.pub")" >"$work/allowed"
(cd "$work/a" && "$nxaudit" report "${month[@]/samples\//}" --output signed --sign-key "$work/key" --quiet) \
  || fail "a signed PDF run failed"
(cd "$work/a" && "$nxaudit" verify --allowed-signers "$work/allowed" --require-signature signed >"$work/verify.out") \
  || fail "verify --require-signature fails on a signed PDF folder: $(cat "$work/verify.out")"

# The hostile corpus: every payload is text in the PDF.
"$loggen" --start 2026-10-22 --end 2026-10-29 --hostile --seed 11 --output "$work/hostile.log"
status=0
"$nxaudit" report --from 2026-10-22 --to 2026-10-28 --format pdf --quiet Tests/Hostile/hostile.log \
  "$work/hostile.log" --output "$work/hostile" 2>"$work/hostile.err" || status=$?
if [ "$status" -gt 2 ]; then fail "hostile corpus: nxaudit exited $status: $(cat "$work/hostile.err")"; fi
grep -q "refused to fetch" "$work/hostile.err" && fail "hostile corpus: the renderer was asked to fetch a URL"
# Compared without white space: the PDF breaks long text across lines.
hostile=$(pdftotext "$work/hostile/nxaudit-2026-10-22_2026-10-28.pdf" - | tr -d ' \n')
for payload in "<script>document.title='PWNED'" "onerror=" "<svg onload=" "]]></report><injected/>"; do
  grep -qF -- "${payload// /}" <<<"$hostile" || fail "hostile corpus: the payload $payload is not in the PDF as text"
done

# A template that names a local file and URLs: refused, nothing of them in the PDF.
mkdir -p "$work/templates/html"
sed 's|<body>|<body><img src="file:///etc/hostname"><link rel="stylesheet" href="http://127.0.0.1:9/x.css"><iframe src="file:///etc/passwd"></iframe>|' \
  templates/html/report.mustache >"$work/templates/html/report.mustache"
"$nxaudit" report "${month[@]}" --templates "$work/templates" --output "$work/fetching" --quiet 2>"$work/fetching.err" \
  || fail "a template naming URLs stopped the PDF: $(cat "$work/fetching.err")"
grep -q "refused to fetch" "$work/fetching.err" || fail "the refused URLs were not reported"
pdftotext "$work/fetching/nxaudit-2026-10.pdf" - | grep -qF "root:x:0:0" && fail "a local file's content is in the PDF"
pdfimages -list "$work/fetching/nxaudit-2026-10.pdf" | awk 'NR > 2' | grep -q . && fail "an image was fetched into the PDF"

if [ "$failures" -gt 0 ]; then exit 1; fi
echo "pdf-test: PDF/A-3b of $pages pages; reruns identical; attachments, outline, hostile text and refusals checked"
