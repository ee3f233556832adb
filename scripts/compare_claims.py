#!/usr/bin/env python3
"""Compare two folders of claims documents, ignoring some claim fields (those a change is meant to alter).

    scripts/compare_claims.py REF OUT --ignore confidence --ignore evidence

Where ``scripts/check_identical`` compares bytes, this compares the parsed JSON of every REF/*.json with
OUT/<same name>, after dropping the named fields from every claim; exit 1 on any difference.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def _load(path: Path, ignore: set[str]) -> dict:
    doc = json.loads(path.read_text(encoding="utf-8"))
    for claim in doc.get("claims", []):
        for name in ignore:
            claim.pop(name, None)
    return doc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("ref", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--ignore", action="append", default=[], help="a claim field to leave out (repeatable)")
    args = parser.parse_args(argv)
    refs = sorted(args.ref.glob("*.json"))
    bad = 0
    for ref in refs:
        out = args.out / ref.name
        if not out.exists():
            print(f"MISSING: {ref.name}")
            bad += 1
        elif _load(ref, set(args.ignore)) != _load(out, set(args.ignore)):
            print(f"DIFFERS: {ref.name}")
            bad += 1
    extra = sorted({p.name for p in args.out.glob("*.json")} - {p.name for p in refs})
    for name in extra:
        print(f"NOT IN REFERENCE: {name}")
    bad += len(extra)
    ignored = f" ignoring {', '.join(args.ignore)}" if args.ignore else ""
    if bad:
        print(f"compare_claims: {bad} of {len(refs)} differ{ignored}")
        return 1
    print(f"compare_claims: {len(refs)} of {len(refs)} files equal{ignored}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
