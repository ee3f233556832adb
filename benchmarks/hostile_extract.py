#!/usr/bin/env python
"""Time and peak memory of ``attribution extract`` (the bundled model) on the slow hostile inputs of
issue 18; prints figures, asserts nothing.

    .venv/bin/python benchmarks/hostile_extract.py                 # the set in RESULTS.md
    .venv/bin/python benchmarks/hostile_extract.py --mb 1 --json

Inputs, built in a temporary directory by a separate process (Linux starts a child's
``ru_maxrss`` at its parent's peak, so this one stays small):

* a paragraph of ``--mb`` MB without a space (Arabic letters in one "word");
* an article of 10,000 short paragraphs;
* a text with bidi controls (U+202B/U+202C, U+2066-U+2069) around the speaker;
* 40 short articles run with ``--format jsonl -o FILE``, killed with SIGKILL after the first
  documents, then rerun with ``--resume``: the row says how many documents the file holds and
  whether every line is whole.

Each row: wall time, peak RSS of that one child (``os.wait4``), exit status, claims written.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SENTENCE = "قال الوزير إن الاجتماع رقم {n} سيعقد غدا في العاصمة."

BUILD = """
import sys
from pathlib import Path
folder, mb = Path(sys.argv[1]), float(sys.argv[2])
sentence = {sentence!r}
(folder / "nospace.txt").write_text("ق" * int(mb * 1_000_000 / 2), encoding="utf-8")
(folder / "paragraphs.txt").write_text("\\n\\n".join(sentence.format(n=k) for k in range(10_000)), encoding="utf-8")
(folder / "bidi.txt").write_text("\\u202bقال الوزير\\u202c إن \\u2067الاجتماع\\u2069 سيعقد غدا.", encoding="utf-8")
news = folder / "news"
news.mkdir()
for k in range(40):
    (news / f"{{k:03d}}.txt").write_text(sentence.format(n=k), encoding="utf-8")
"""


def timed(args: list[str], kill_after_lines: tuple[Path, int] | None = None) -> dict:
    """Run ``attribution ARGS`` and return its exit status, wall time and the child's own peak RSS
    (``os.wait4``); with ``kill_after_lines``, SIGKILL it once that file holds so many lines."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "attribution", *args], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    killed = False
    if kill_after_lines is not None:
        path, lines = kill_after_lines
        while True:
            done = os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
            if done is not None:  # finished before the kill: leave it for wait4
                break
            if path.exists() and path.read_bytes().count(b"\n") >= lines:
                os.kill(proc.pid, signal.SIGKILL)
                killed = True
                break
            time.sleep(0.02)
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {"rc": proc.returncode, "wall_s": round(time.perf_counter() - start, 2),
            "peak_rss_mb": round(usage.ru_maxrss / 1024, 1), "killed": killed,
            "last_line": err.decode("utf-8", "replace").strip().splitlines()[-1:] if err.strip() else []}


def claims_in(path: Path) -> int:
    if not path.exists():
        return 0
    raw = path.read_text(encoding="utf-8")
    if path.suffix == ".jsonl":
        return sum(len(json.loads(line)["claims"]) for line in raw.splitlines() if line.strip())
    return len(json.loads(raw)["claims"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=5.0, help="size of the paragraph without spaces")
    parser.add_argument("--json", action="store_true", help="one JSON row per case instead of a table")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        subprocess.run([sys.executable, "-c", BUILD.format(sentence=SENTENCE), str(folder), str(args.mb)], check=True)
        for label, name in ((f"{args.mb:g} MB paragraph without spaces", "nospace.txt"),
                            ("10,000 paragraphs", "paragraphs.txt"), ("bidi controls", "bidi.txt")):
            out = folder / f"{name}.json"
            row = timed(["extract", str(folder / name), "-o", str(out), "-q"])
            row.update(case=label, claims=claims_in(out))
            rows.append(row)
        out = folder / "all.jsonl"
        row = timed(["extract", str(folder / "news"), "--format", "jsonl", "-o", str(out), "--batch-size", "1"],
                    kill_after_lines=(out, 3))
        kept = out.read_bytes()
        row.update(case="40 articles, SIGKILL after 3 documents", claims=claims_in(out),
                   whole_lines=kept.endswith(b"\n") or not kept)
        rows.append(row)
        row = timed(["extract", str(folder / "news"), "--format", "jsonl", "-o", str(out), "--resume", "-q"])
        lines = out.read_text(encoding="utf-8").splitlines()
        row.update(case="... then --resume", claims=claims_in(out), documents=len(lines),
                   distinct=len({json.loads(line)["input"]["name"] for line in lines}))
        rows.append(row)
    if args.json:
        for row in rows:
            print(json.dumps({**row, "machine": platform.node(), "python": platform.python_version()},
                             ensure_ascii=False))
        return
    print(f"{'case':<42} {'rc':>3} {'wall s':>8} {'peak MB':>8} {'claims':>7}  notes")
    for row in rows:
        notes = {k: row[k] for k in ("killed", "whole_lines", "documents", "distinct") if k in row}
        print(f"{row['case']:<42} {row['rc']:>3} {row['wall_s']:>8} {row['peak_rss_mb'] or '-':>8} "
              f"{row['claims']:>7}  {notes or ''} {row['last_line'] or ''}")


if __name__ == "__main__":
    main()
