#!/usr/bin/env python
"""Time and peak memory of ``attribution validate`` on the slow hostile files of issue 18; prints
figures, asserts nothing.

    .venv/bin/python benchmarks/hostile_validate.py                       # the set in RESULTS.md
    .venv/bin/python benchmarks/hostile_validate.py --string-mb 5 --claims 20000 --json

The files are built in a temporary directory: a claims document whose ``claims`` is one 50 MB
string (V7), the same string on one line of a JSONL file, a document of 200,000 invalid claims
in ~3 MB (V8), 100,000 nested brackets (V3), a valid JSONL file of ~10 MB (many documents: the
streaming path) and a one-claim file (the start-up cost every row includes).  Each runs as
``python -m attribution validate FILE`` in its own process, its standard output to a file whose
lines are counted; its peak RSS is ``ru_maxrss`` of that one child (``os.wait4``: what
RUSAGE_CHILDREN gives with one child).  Linux starts a child's ``ru_maxrss`` at its parent's peak
(``vfork`` + ``exec``), so the files are built by another process and this one stays small.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEXT = "وقال المتحدث إن الاجتماع سيعقد غدا."


def good_document() -> dict:
    sys.path.insert(0, str(ROOT))
    from attribution.run.build import build_document
    doc = build_document(TEXT, [], "x.txt", "bundled:ar_attr").model_dump()
    doc["claims"] = [{
        "id": "c1", "type": "indirect", "cue": {"text": "وقال", "start": 0, "end": 4, "lemma": "قال"},
        "speaker": {"text": "المتحدث", "start": 5, "end": 12, "implicit": False,
                    "resolved": {"text": "المتحدث", "start": 5, "end": 12}, "entity": "المتحدث"},
        "content": {"text": "الاجتماع سيعقد غدا", "start": 16, "end": 34},
        "paragraph": 0, "sentence": 0, "confidence": 0.9}]
    return doc


def build(folder: Path, string_mb: float, claims: int, valid_mb: float) -> list[tuple[str, Path]]:
    doc = good_document()
    good = json.dumps(doc, ensure_ascii=False)
    files = []

    def write(name: str, label: str, content: str) -> None:
        path = folder / name
        path.write_text(content, encoding="utf-8")
        files.append((label, path))

    write("small.json", "one valid claim (start-up)", good)
    big = "ق" * int(string_mb * 1_000_000 / 2)          # 2 bytes a letter in UTF-8
    write("v7.json", f"V7: claims a {string_mb:g} MB string", json.dumps({**doc, "claims": big}, ensure_ascii=False))
    write("v7.jsonl", "V7: the same, line 2 of 3 of a JSONL file",
          good + "\n" + json.dumps({**doc, "claims": big}, ensure_ascii=False) + "\n" + good + "\n")
    del big
    write("v8.json", f"V8: {claims:,} invalid claims",
          json.dumps({**doc, "claims": [{"id": i, "t": 0} for i in range(claims)]}, separators=(",", ":")))
    write("v3.json", "V3: 100,000 nested [", '{"claims": ' + "[" * 100_000)
    lines = max(1, int(valid_mb * 1_000_000 / (len(good.encode()) + 1)))
    write("valid.jsonl", f"valid JSONL, {lines:,} documents", (good + "\n") * lines)
    return files


def measure(path: Path, out: Path) -> dict:
    with out.open("wb") as sink:
        start = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", "attribution", "validate", str(path)], cwd=ROOT,
                                 stdout=sink, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    text = out.read_bytes()
    lines = text.splitlines()
    return {"file_mb": round(path.stat().st_size / 1e6, 2), "seconds": round(seconds, 2),
            "peak_rss_mb": round(usage.ru_maxrss / 1024, 1), "exit": child.returncode, "lines": len(lines),
            "longest_line": max((len(line.decode("utf-8", "replace")) for line in lines), default=0),
            "traceback": b"Traceback" in text,
            "last_line": lines[-1].decode("utf-8", "replace")[:160] if lines else ""}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--string-mb", type=float, default=50, help="size of the V7 string (MB)")
    parser.add_argument("--claims", type=int, default=200_000, help="invalid claims of V8")
    parser.add_argument("--valid-mb", type=float, default=10, help="size of the valid JSONL file (MB)")
    parser.add_argument("--json", action="store_true", help="one JSON row per file instead of the table")
    parser.add_argument("--build-into", type=Path, help=argparse.SUPPRESS)
    ns = parser.parse_args()
    if ns.build_into:
        print(json.dumps([(label, str(path)) for label, path in
                          build(ns.build_into, ns.string_mb, ns.claims, ns.valid_mb)]))
        return
    with tempfile.TemporaryDirectory(prefix="hostile-validate-") as tmp:
        folder = Path(tmp)
        # the files are built by another process: a child's ru_maxrss starts from the RSS of the
        # process that spawns it, which must stay small (no 50 MB strings, no pydantic here)
        built = subprocess.run([sys.executable, __file__, "--build-into", tmp, "--string-mb", str(ns.string_mb),
                                "--claims", str(ns.claims), "--valid-mb", str(ns.valid_mb)],
                               check=True, capture_output=True, text=True)
        rows = []
        for label, path in json.loads(built.stdout):
            path = Path(path)
            row = {"case": label, **measure(path, folder / "out.txt")}
            path.unlink()
            rows.append(row)
            if ns.json:
                print(json.dumps(row, ensure_ascii=False), flush=True)
        print(f"this process's own peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f} MB "
              "(the floor of every row)", file=sys.stderr)
    if ns.json:
        return
    print(f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs")
    print("| case | file MB | seconds | peak RSS MB | exit | lines printed | longest line |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['case']} | {r['file_mb']} | {r['seconds']} | {r['peak_rss_mb']} | {r['exit']} | {r['lines']:,} "
              f"| {r['longest_line']:,} |")
    for r in rows:
        print(f"{r['case']}: {r['last_line']}" + ("  [TRACEBACK]" if r["traceback"] else ""))


if __name__ == "__main__":
    main()
