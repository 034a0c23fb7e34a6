#!/usr/bin/env python3
"""Writes the fuzzing seed corpora (Tests/Fuzz/corpus/TARGET/): small, hand-picked inputs
that reach each shape the parser, the reader and the escaping know. Rerun after changing it;
libFuzzer grows its own corpus from these (in .build-fuzz, not committed)."""
import gzip, hashlib, os, subprocess, sys

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.join(here, "..", "..")

LINES = [
    "2026-10-24T14:03:22.123456+02:00 portal01 nxportal[1005]: [Portal|USER|20206|admin] Role auditor is added",
    "2026-10-24T12:03:22Z portal01 nxportal[1005]: [Portal|USER|20201|secops.lead] User created jane.d is created",
    "2026-10-24 14:03:22 portal01 nxportal[1005]: [Portal|USER|20209|it.manager] Added profile Helpdesk roles: viewer, operator",
    "Oct 24 14:03:22 portal01 nxportal[1005]: [Portal|LOGIN|20103|unknown] User mallory failed login attempts - wrong password",
    "Oct 25 02:30:00.5 portal01 nxportal[1025]: [Portal|LOGIN|20104|system] User mallory is locked",
    "2026-10-25T02:30:00 engine01 nxengine[7]: [Engine-01|Communication|10009|admin] Finder account creation:[bob]",
    "2026-10-24T14:03:22+05:45 portal01 nxportal[1]: [Portal|EXECUTION|21003|ops] Remote action Restart spooler executed through the API v2 on 12 devices",
    "2026-10-24T14:03:22-03:30 portal01 nxportal[1]: [Portal|EXECUTION|21001|ops] Remote action Zoom health executed manually on 1 device",
    "2026-10-24T14:03:22Z portal01 nxportal[1]: [Portal|USER|20204|admin] Updated profile of jane.d",
    "2026-10-24T14:03:22Z portal01 nxportal[1]: [Portal|USER|20204|admin] Updated account ownership of jane.d",
    "2026-10-24T14:03:22Z portal01 nxportal[1]: [Portal|SYSTEM|20001|system] Portal is stopped",
    "2026-10-24T14:03:22Z host tag: [Portal|USER|20206|<script>alert(1)</script>] Role ]]><x/> is added",
    "2026-10-24T14:03:22Z host tag: [Portal|USER|20206|\u202eevil] Role a|b[c] is added",
    "Feb 29 00:00:00 host tag: [Portal|USER|20206|admin] Role leap is added",
    "0001-01-02T00:00:00Z host tag: [Portal|USER|20206|admin] Role early is added",
    "9999-12-30T23:59:60+00:00 host tag: [Portal|USER|20206|admin] Role late is added",
    "2026-13-01T00:00:00Z host tag: [Portal|USER|20206|admin] Role bad month",
    "2026-10-24T14:03:22Z no header at all",
    "",
    "   \t",
]

HOSTILE = [
    '"><img src=x onerror=document.title="pwned">', "javascript:alert(1)", "</style><script>alert(1)</script>",
    "<svg onload=alert(1)>", "]]></report><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>&e;",
    "nul\x00ctl\x01\x1f\x7f\x85\ufffe\uffff", "\u202eevil\u2066x\u200f", "=HYPERLINK(\"http://x\")", "+1", "-1", "@SUM(A1)",
    "\ttab", "\rreturn", "a,b\"c\nd", "\U0001F600 e\u0301 <\u0338", "x" * 300,
]

def write(target, name, data):
    d = os.path.join(here, "corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)

for i, line in enumerate(LINES):
    write("line", f"{i:02d}", line.encode())
write("line", "invalid-utf8", b"2026-10-24T14:03:22Z h t: [Portal|USER|20206|adm\xff] Role x is added")
# The shapes collectors and journald give a line (docs/input-formats.md).
SHAPES = [
    b"<134>1 2026-10-24T14:03:22.123456789+02:00 portal01 nxportal 12 - [m a=\"x\\\"]\\\\\"][o b=\"[P|C|20206|u]\"] \xef\xbb\xbf[Portal|USER|20206|adm] Role x is added",
    b"<13>1 - - - - - - [Portal|USER|20206|adm] Role x is added",
    b"<191>Oct 24 14:03:22 h t: [Portal|USER|20206|adm] Role x is added",
    b"2026-10-24 14:03:22+0530 h t: [Portal|USER|20206|adm] Role x is added",
    b"2026-10-24T14:03:22-02 h t: [Portal|USER|20206|adm] Role x is added",
    b"Sat 2026-10-24 14:03:22 CEST h t: [Portal|USER|20206|adm] Role x is added",
    b"Sun 2026-10-25 02:30:00 CET h t: [Portal|USER|20206|adm] Role x is added",
    b"1792836000.123456 h t: [Portal|USER|20206|adm] Role x is added",
    b"Oct 24 14:03:22.123456 h t: [Portal|USER|20206|fran\xe7ois] Role M\xfcller \x80 is added",
]
for i, line in enumerate(SHAPES):
    write("line", f"shape-{i:02d}", line)

for i, text in enumerate(HOSTILE):
    write("markup", f"{i:02d}", text.encode("utf-8", "surrogatepass"))
write("markup", "invalid-utf8", b"caf\xc3 \xed\xa0\x80 \xf4\x90\x80\x80")

# Pipeline: the first byte holds the options (zone, period, year policy, piece size).
log = "\n".join(LINES[:14]).encode() + b"\n"
write("pipeline", "utc-october", bytes([0x00]) + log)
write("pipeline", "zurich-october-pieces", bytes([0x31]) + log)
write("pipeline", "newyear-mtime", bytes([0x0E]) + b"Dec 31 23:59:59 h t: [Portal|USER|20206|a] Role x is added\r\nJan  1 00:00:01 h t: [Portal|USER|20206|a] Role y is added\nno newline at the end")
write("pipeline", "gzip", bytes([0x05]) + gzip.compress(log, mtime=0))
write("pipeline", "shapes-zurich", bytes([0x01]) + b"\n".join(SHAPES) + b"\n")
write("pipeline", "api-error", bytes([0x00]) + b'[{"code": 500, "message": "Engine engine07 is unknown"}]\n')
write("pipeline", "html-page", bytes([0x00]) + b"<!DOCTYPE html>\n<html><head><title>Sign in</title></head></html>\n")
write("pipeline", "overlong", bytes([0x70]) + b"2026-10-24T14:03:22Z h t: [Portal|USER|20206|a] " + b"x" * 200 + b"\n\n\r\n")
# A few generated days from the project's own generator (built here if needed).
subprocess.run(["swift", "build", "--product", "nxaudit-loggen"], cwd=root, check=True, capture_output=True)
bin_path = subprocess.run(["swift", "build", "--show-bin-path"], cwd=root, check=True, capture_output=True, text=True).stdout.strip()
out = subprocess.run([os.path.join(bin_path, "nxaudit-loggen"), "--start", "2026-10-24", "--end", "2026-10-27",
                      "--events-per-day", "6", "--admin-per-day", "3", "--prefix", "mixed", "--seed", "3", "--hostile",
                      "--malformed", "0.1"], check=True, capture_output=True).stdout
write("pipeline", "generated", bytes([0x21]) + out[:1900])
