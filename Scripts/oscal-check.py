#!/usr/bin/env python3
"""Checks OSCAL Assessment Results documents (Scripts/oscal-check.sh sets it up):

  oscal-check.py FILE.oscal.json [MORE ...]

Each file must be one JSON object (no duplicate keys, no NaN) and pass, independently:
  trestle  compliance-trestle's pydantic model AssessmentResults (extra keys are forbidden);
  schema   NIST's JSON schema for the same OSCAL version, Scripts/oscal/, through
           check-jsonschema with its ECMAScript regex engine (the schema's \\p{L} patterns);
  version  metadata.oscal-version is the schema's version (neither validator checks it);
  uuid     each "uuid" value is used once in the document (OSCAL requires it; neither checks it);
  refs     a "#fragment" href names a back-matter resource, and each observation-uuid,
           party-uuids entry and responsible-party role-id names one defined in the document.
The two validators catch different things: trestle does not check that a date-time has a zone,
turns a number into a string and accepts python names (import_ap) for keys; the schema does not
know trestle's stricter types. Prints each problem as FILE: [check] PATH: MESSAGE and, for a
file without any, one line saying it is valid. Exits 1 when any file has a problem."""
import json, re, subprocess, sys
from collections import defaultdict
from pathlib import Path

import trestle
from pydantic.v1 import ValidationError
from trestle.oscal import OSCAL_VERSION as TRESTLE_OSCAL_VERSION
from trestle.oscal.assessment_results import AssessmentResults

ROOT_KEY = "assessment-results"
SCHEMA = Path(__file__).resolve().parent / "oscal" / "oscal_assessment-results_schema.json"
MAX_MESSAGE = 300  # trestle quotes its whole token regex, some 400 characters

class Duplicate(ValueError):
    pass

def no_duplicates(pairs):
    seen = {}
    for key, value in pairs:
        if key in seen:
            raise Duplicate(f"duplicate key {key!r}")
        seen[key] = value
    return seen

def no_constant(name):
    raise ValueError(f"{name} is not JSON")

def jpath(parts):
    """$['assessment-results'].results[0].uuid, as check-jsonschema writes paths."""
    out = "$"
    for p in parts:
        if isinstance(p, int):
            out += f"[{p}]"
        elif re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", p):
            out += f".{p}"
        else:
            out += f"[{p!r}]"
    return out

def short(message):
    message = " ".join(str(message).split())
    return message if len(message) <= MAX_MESSAGE else message[:MAX_MESSAGE] + "..."

def check_trestle(doc):
    try:
        AssessmentResults.parse_obj(doc[ROOT_KEY])
    except ValidationError as e:
        return [(jpath([ROOT_KEY] + [p for p in err["loc"] if p != "__root__"]), short(err["msg"]))
                for err in e.errors()]
    return []

def check_schema(path):
    cmd = [sys.executable, "-m", "check_jsonschema", "--schemafile", str(SCHEMA),
           "--regex-variant", "default", "--output-format", "json", str(path)]
    run = subprocess.run(cmd, capture_output=True, text=True)
    try:
        report = json.loads(run.stdout)
    except ValueError:
        report = None
    if run.returncode not in (0, 1) or report is None:
        return [("$", short(f"check-jsonschema failed (exit {run.returncode}): {run.stderr or run.stdout}"))]
    problems = [(e["path"], short(e["message"])) for e in report.get("errors", [])]
    problems += [("$", short(e["message"])) for e in report.get("parse_errors", [])]
    if run.returncode == 1 and not problems:
        problems.append(("$", "check-jsonschema failed without naming an error"))
    return problems

def walk(node, parts=()):
    """Yields (path parts, key, value) for every key of every object."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield parts + (key,), key, value
            yield from walk(value, parts + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from walk(value, parts + (i,))

def check_uuids(doc):
    where = defaultdict(list)
    for parts, key, value in walk(doc):
        if key == "uuid" and isinstance(value, str):
            where[value.lower()].append(parts)
    return [(jpath(places[i]), f"uuid {uuid} is also at {jpath(places[0])}")
            for uuid, places in where.items() for i in range(1, len(places))]

def check_refs(doc):
    ar = doc[ROOT_KEY] if isinstance(doc.get(ROOT_KEY), dict) else {}
    meta = ar.get("metadata") if isinstance(ar.get("metadata"), dict) else {}
    def ids(items, key):
        return {str(i.get(key)).lower() for i in items if isinstance(i, dict)} if isinstance(items, list) else set()
    resources = ids((ar.get("back-matter") or {}).get("resources") if isinstance(ar.get("back-matter"), dict) else None, "uuid")
    parties, roles = ids(meta.get("parties"), "uuid"), ids(meta.get("roles"), "id")
    observations = set()
    for result in ar.get("results") or []:
        if isinstance(result, dict):
            observations |= ids(result.get("observations"), "uuid")
    problems = []
    for parts, key, value in walk(doc):
        if key == "href" and isinstance(value, str) and value.startswith("#") and value[1:].lower() not in resources:
            problems.append((jpath(parts), f"{value} names no back-matter resource"))
        elif key == "observation-uuid" and isinstance(value, str) and value.lower() not in observations:
            problems.append((jpath(parts), f"{value} names no observation"))
        elif key == "party-uuids" and isinstance(value, list):
            problems += [(jpath(parts + (i,)), f"{v} names no party in metadata.parties")
                         for i, v in enumerate(value) if isinstance(v, str) and v.lower() not in parties]
        elif key == "role-id" and isinstance(value, str) and "responsible-parties" in parts and value.lower() not in roles:
            problems.append((jpath(parts), f"{value} names no role in metadata.roles"))
    return problems

def check(path, schema_version):
    """Returns the problems in one file as (check, path, message)."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"), object_pairs_hook=no_duplicates,
                         parse_constant=no_constant)
    except (OSError, UnicodeDecodeError, ValueError) as e:
        return [("json", "$", short(e))]
    if not isinstance(doc, dict) or set(doc) - {"$schema"} != {ROOT_KEY}:
        keys = sorted(doc) if isinstance(doc, dict) else type(doc).__name__
        return [("json", "$", f"the document must be an object with the one key {ROOT_KEY!r} (has {keys})")]
    problems = [("trestle",) + p for p in check_trestle(doc)]
    problems += [("schema",) + p for p in check_schema(path)]
    meta = doc[ROOT_KEY].get("metadata") if isinstance(doc[ROOT_KEY], dict) else None
    version = meta.get("oscal-version") if isinstance(meta, dict) else None
    if version != schema_version:
        problems.append(("version", jpath([ROOT_KEY, "metadata", "oscal-version"]),
                         f"is {version!r}; this check is for OSCAL {schema_version}"))
    problems += [("uuid",) + p for p in check_uuids(doc)]
    problems += [("refs",) + p for p in check_refs(doc)]
    return problems

def main():
    paths = [Path(p) for p in sys.argv[1:]]
    if not paths:
        print("usage: oscal-check.py FILE.oscal.json [MORE ...]", file=sys.stderr)
        return 2
    schema_id = json.loads(SCHEMA.read_text(encoding="utf-8")).get("$id", "")
    found = re.search(r"/ns/oscal/(\d+\.\d+\.\d+)/", schema_id)
    if not found:
        print(f"oscal-check: {SCHEMA} has no OSCAL version in its $id {schema_id!r}", file=sys.stderr)
        return 1
    schema_version = found.group(1)
    if TRESTLE_OSCAL_VERSION != schema_version:
        print(f"oscal-check: trestle {trestle.__version__} models OSCAL {TRESTLE_OSCAL_VERSION}, "
              f"the schema is OSCAL {schema_version}: pin them to the same version", file=sys.stderr)
        return 1
    failed = 0
    for path in paths:
        problems = check(path, schema_version)
        if problems:
            failed += 1
            print(f"{path}: {len(problems)} problem(s)")
            for name, where, message in problems:
                print(f"{path}: [{name}] {where}: {message}")
        else:
            print(f"{path}: valid OSCAL Assessment Results {schema_version} "
                  f"(trestle {trestle.__version__}; NIST JSON schema)")
    if len(paths) > 1:
        print(f"oscal-check: {len(paths) - failed} valid, {failed} invalid")
    return 1 if failed else 0

if __name__ == "__main__":
    sys.exit(main())
