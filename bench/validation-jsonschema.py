"""Validates the benchmark corpora with Python's jsonschema, as the baseline for bench/validation.ts.

Usage: validation-jsonschema.py WORKDIR REPEATS WARMUP
WORKDIR holds one <corpus>.schema.json (refs already inlined) and <corpus>.data.json per corpus.
The first WARMUP records are validated once, untimed, as the Node side does.
Prints one JSON line: the interpreter, jsonschema's version, and per corpus the wall-clock and
CPU seconds of each validation pass and how many records were invalid. Only the validation loop is timed.
"""
import json
import os
import re
import sys
import time
from importlib.metadata import version

from jsonschema import Draft202012Validator, FormatChecker

# The identifier formats Capsule registers (packages/server/src/schemas/formats), same rules.
CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"
DOI = re.compile(r"^10\.\d{4,9}(?:\.\d+)*/\S+$")
ARXIV_NEW = re.compile(r"^(\d{2})(\d{2})\.(\d{4,5})(?:v[1-9]\d*)?$")
ARXIV_OLD = re.compile(r"^[a-z]+(?:-[a-z]+)*(?:\.[A-Z]{2})?/(\d{2})(\d{2})\d{3}(?:v[1-9]\d*)?$")
ORCID = re.compile(r"^(?:https://orcid\.org/)?(\d{4})-(\d{4})-(\d{4})-(\d{3})([\dX])$")
ROR = re.compile(r"^(?:https://ror\.org/)?(0[0-9a-hjkmnp-tv-z]{6})(\d{2})$")
INSPIRE_ID = re.compile(r"^INSPIRE-\d{8}$")
BAI = re.compile(r"^(?:[^\W\d_](?:[^\W\d_]|['-])*\.)+[1-9]\d*$")
CADI = re.compile(r"^(?:CMS-(?:PAS-)?)?[A-Z][A-Z0-9]{2}-(?:\d{2}|(?:19|20)\d{2})-\d{3}$")


def arxiv(value):
    ident = value[len("arXiv:"):] if value.startswith("arXiv:") else value
    m = ARXIV_NEW.match(ident)
    if m:
        yy, mm, number = m.groups()
        yymm = int(yy + mm)
        return 1 <= int(mm) <= 12 and yymm >= 704 and len(number) == (4 if yymm < 1501 else 5)
    m = ARXIV_OLD.match(ident)
    if m:
        yy, mm = int(m.group(1)), int(m.group(2))
        year = 1900 + yy if yy >= 91 else 2000 + yy
        return 1 <= mm <= 12 and (year < 2007 or (year == 2007 and mm <= 3))
    return False


def orcid(value):
    m = ORCID.match(value)
    if not m:
        return False
    total = 0
    for d in "".join(m.groups()[:4]):
        total = (total + int(d)) * 2
    check = (12 - total % 11) % 11
    return ("X" if check == 10 else str(check)) == m.group(5)


def ror(value):
    m = ROR.match(value)
    if not m:
        return False
    n = 0
    for c in m.group(1):
        n = n * 32 + CROCKFORD.index(c)
    return str(98 - (n * 100) % 97).zfill(2) == m.group(2)


IDENTIFIER_FORMATS = {
    "doi": lambda v: bool(DOI.match(v)),
    "arxiv": arxiv,
    "orcid": orcid,
    "ror": ror,
    "inspire-id": lambda v: bool(INSPIRE_ID.match(v)),
    "inspire-bai": lambda v: bool(BAI.match(v)),
    "cadi-id": lambda v: bool(CADI.match(v)),
}


def format_checker():
    checker = FormatChecker()
    for name, check in IDENTIFIER_FORMATS.items():
        checker.checks(name)(lambda value, check=check: not isinstance(value, str) or check(value))
    return checker


def main():
    workdir, repeats, warmup = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    corpora = sorted(f[: -len(".schema.json")] for f in os.listdir(workdir) if f.endswith(".schema.json"))
    checker = format_checker()
    results = {}
    for corpus in corpora:
        with open(os.path.join(workdir, corpus + ".schema.json")) as f:
            schema = json.load(f)
        with open(os.path.join(workdir, corpus + ".data.json")) as f:
            records = json.load(f)
        validator = Draft202012Validator(schema, format_checker=checker)
        seconds, cpu_seconds, invalid = [], [], 0
        for record in records[:warmup]:
            validator.is_valid(record)
        for _ in range(repeats):
            invalid = 0
            start, cpu_start = time.perf_counter(), time.process_time()
            for record in records:
                if not validator.is_valid(record):
                    invalid += 1
            seconds.append(time.perf_counter() - start)
            cpu_seconds.append(time.process_time() - cpu_start)
        results[corpus] = {"records": len(records), "seconds": seconds, "cpu_seconds": cpu_seconds, "invalid": invalid}
    print(json.dumps({"python": sys.executable, "python_version": sys.version.split()[0], "jsonschema": version("jsonschema"), "corpora": results}))


if __name__ == "__main__":
    main()
