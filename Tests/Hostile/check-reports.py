#!/usr/bin/env python3
"""Checks the reports nxaudit rendered from the hostile corpus (Scripts/browser-test.sh):

  check-reports.py CHROMIUM NXAUDIT REPORT_DIR     (CHROMIUM "none": skip the HTML part)

- HTML: loaded in headless Chromium twice, as written and without its Content-Security-
  Policy (so that escaping alone is tested: a payload that got through would run), the DOM
  Chromium dumps after running whatever would run holds no element or attribute a payload
  brought (script, img, iframe, svg handlers, on* attributes, javascript: URLs, form
  controls, SVG animation, <pwned-marker>), document.title is the report's, and the
  payloads are there, as text.
- CSP: a copy of the report with a script and an inline handler spliced in (an escaping
  failure, simulated) runs neither; the same copy without the CSP meta runs both, which
  shows this check sees a payload that runs.
- XML: valid against the XSD (nxaudit validate) and well-formed to Python's parser.
- JSON: parses. CSV: every cell reads back, and none starts with = + - @ tab or CR.
Exits 1 naming what failed."""
import csv, glob, html.parser, json, os, subprocess, sys, tempfile
import xml.etree.ElementTree as ET

chromium, nxaudit, reports = sys.argv[1:4]
failures = []
MARK = "document.title='PWNED';document.body.appendChild(document.createElement('pwned-marker'))"

def fail(message):
    failures.append(message)
    print("FAIL:", message, file=sys.stderr)

class DOM(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attributes, self.title, self._in_title, self.text = [], [], "", False, []
    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += [(tag, k, v or "") for k, v in attrs]
        # document.title is the first <title> (the charts' SVG titles come later).
        self._in_title = tag == "title" and self.tags.count("title") == 1
    def handle_endtag(self, tag):
        self._in_title = False
    def handle_data(self, data):
        self.text.append(data)
        if self._in_title:
            self.title += data

def dump_dom(path):
    run = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                          "--virtual-time-budget=5000", "--dump-dom", "file://" + os.path.abspath(path)],
                         capture_output=True, text=True, timeout=120)
    if run.returncode != 0 or "<html" not in run.stdout:
        fail(f"chromium could not load {path}: exit {run.returncode}: {run.stderr[-500:]}")
    dom = DOM()
    dom.feed(run.stdout)
    return dom

def injected(dom):
    """What a payload brought into the DOM, if anything."""
    found = [t for t in dom.tags if t in ("script", "img", "iframe", "frame", "object", "embed", "link", "base", "form", "input",
                                          "textarea", "select", "button", "video", "audio", "source", "math", "set", "animate",
                                          "animatetransform", "animatemotion", "foreignobject", "pwned-marker", "injected")]
    # Scheme names may hide whitespace and controls (java&#9;script:); compare without them.
    squeezed = lambda v: "".join(c for c in v.lower() if c > " ")
    found += [f"{t} {k}=" for t, k, v in dom.attributes if k.startswith("on") or "javascript:" in squeezed(v) or squeezed(v).startswith("on")]
    # The report's own links go to its sections only.
    found += [f"a href={v[:40]}" for t, k, v in dom.attributes if t == "a" and k == "href" and not v.startswith("#")]
    found += [f"meta {v}" for t, k, v in dom.attributes if t == "meta" and k == "http-equiv" and v.lower() != "content-security-policy"]
    return found

def without_csp(page):
    return "\n".join(l for l in page.split("\n") if "Content-Security-Policy" not in l)

for pattern in ("*.html", "*.xml", "*.json", "*.csv"):
    if not [p for p in glob.glob(os.path.join(reports, pattern)) if not p.endswith(".manifest.json")]:
        fail(f"no {pattern} report in {reports}: the run did not write every format")

for path in sorted(glob.glob(os.path.join(reports, "*.html"))) if chromium != "none" else []:
    text = open(path, encoding="utf-8").read()
    original = DOM()
    original.feed(text)
    if "Content-Security-Policy" not in text:
        fail(f"{path}: the report has no Content-Security-Policy")
    with tempfile.TemporaryDirectory() as scratch:
        # Without the CSP, escaping is all that stands between a payload and the reader.
        bare = os.path.join(scratch, "bare.html")
        open(bare, "w", encoding="utf-8").write(without_csp(text))
        dom = dump_dom(bare)
    shown = "".join(dom.text)
    for payload in ("<script>document.title='PWNED'", "\"><img src=x onerror=", "<svg onload=", "]]></report><injected/>", "=HYPERLINK("):
        if payload not in shown:
            fail(f"{path}: the payload {payload!r} is not in the report's text: a field stopped being shown, so this test tests less")
    if injected(dom):
        fail(f"{path}: payload elements or attributes in the DOM: {sorted(set(injected(dom)))[:10]}")
    elif "PWNED" in dom.title or dom.title != original.title:
        fail(f"{path}: document.title is {dom.title!r}, not {original.title!r}")
    else:
        print(f"html: {os.path.basename(path)}: loaded without its CSP, {len(dom.tags)} elements after Chromium ran it, none from a payload; title {dom.title!r}")

    # The CSP: a simulated escaping failure must not run; without the CSP it must.
    spliced = text.replace("<body>", f"<body><script>{MARK}</script><img src=x onerror=\"{MARK}\">", 1)
    if spliced == text:
        fail(f"{path}: no <body> to splice the simulated failure into")
    with tempfile.TemporaryDirectory() as scratch:
        guarded, open_page = os.path.join(scratch, "guarded.html"), os.path.join(scratch, "open.html")
        open(guarded, "w", encoding="utf-8").write(spliced)
        open(open_page, "w", encoding="utf-8").write(without_csp(spliced))
        held, control = dump_dom(guarded), dump_dom(open_page)
        if "PWNED" in held.title or "pwned-marker" in held.tags:
            fail(f"{path}: the CSP did not stop a spliced script: title {held.title!r}")
        if "PWNED" not in control.title or "pwned-marker" not in control.tags:
            fail(f"{path}: without the CSP the spliced script did not run either: this check cannot see a payload run")
        else:
            print("csp: a spliced script and inline handler were blocked; without the CSP they ran (the check sees them)")

for path in sorted(glob.glob(os.path.join(reports, "*.xml"))):
    run = subprocess.run([nxaudit, "validate", path], capture_output=True, text=True)
    if run.returncode != 0:
        fail(f"{path}: not valid against the XSD: {run.stdout}{run.stderr}")
    try:
        ET.parse(path)
        print(f"xml: {os.path.basename(path)}: valid against the XSD and well-formed")
    except ET.ParseError as e:
        fail(f"{path}: not well-formed: {e}")

for path in sorted(glob.glob(os.path.join(reports, "*.json"))):
    if "manifest" in path:
        continue
    try:
        json.load(open(path, encoding="utf-8"))
        print(f"json: {os.path.basename(path)}: parses")
    except ValueError as e:
        fail(f"{path}: JSON does not parse: {e}")

cells = 0
for path in sorted(glob.glob(os.path.join(reports, "*.csv"))):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
        for row_number, row in enumerate(rows, 1):
            if len(row) != len(rows[0]):
                fail(f"{path}:{row_number}: {len(row)} cells under a header of {len(rows[0])}: a value split or merged cells")
            for cell in row:
                cells += 1
                if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
                    fail(f"{path}:{row_number}: a cell starts with a formula character: {cell[:40]!r}")
if cells:
    print(f"csv: {cells} cells, none starts with = + - @ tab or CR")

if failures:
    print(f"hostile corpus: {len(failures)} problem(s)", file=sys.stderr)
    sys.exit(1)
print("hostile corpus: no payload ran or changed the documents' structure")
