"""Commands that never parse must start without PyTorch or Stanza (issue 17, item 3).

Importing torch and stanza costs about a second before a model even loads, so ``--help``,
``validate``, ``schema``, ``evaluate``, and ``report``/``speakers`` over claim files must not pay
it.  Each case runs the command in a fresh interpreter (the test process has long imported
everything) and reports which of those packages ended up in ``sys.modules``, with the stack of
the first import of each, so a failure names the module that brought it in.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from reportdata import INJECTED, injected_document

HEAVY = ("torch", "stanza")

# Runs the click group on each argument list of argv[2] (a JSON list of lists) in this fresh
# process, then writes {"codes": [...], "heavy": {module: first-import stack}} to argv[1].
PROBE = f"HEAVY = {HEAVY!r}\n" + r"""
import importlib.abc, json, sys, traceback

first_import = {}

class Watch(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        top = name.partition(".")[0]
        if top in HEAVY and top not in first_import:
            frames = [f for f in traceback.extract_stack()[:-1] if not f.filename.startswith("<frozen")]
            first_import[top] = "".join(traceback.format_list(frames[-12:]))
        return None  # only watches; the normal finders do the import

sys.meta_path.insert(0, Watch())
from attribution.cli import main

codes = []
for args in json.loads(sys.argv[2]):
    try:
        main(args, prog_name="attribution")
        codes.append(0)
    except SystemExit as exit:
        codes.append(exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1))
heavy = {name: first_import.get(name, "(no stack)") for name in HEAVY if name in sys.modules}
with open(sys.argv[1], "w", encoding="utf-8") as out:
    json.dump({"codes": codes, "heavy": heavy}, out)
"""


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """A claims file (.json, with its article beside it), the same document as JSONL, and a
    one-article gold/articles/predictions set for ``evaluate``."""
    root = tmp_path_factory.mktemp("startup")
    doc = injected_document("evil.txt")
    (root / "evil.txt").write_text(INJECTED, encoding="utf-8")
    (root / "evil.json").write_text(doc.model_dump_json(), encoding="utf-8")
    (root / "docs.jsonl").write_text(doc.model_dump_json() + "\n", encoding="utf-8")
    (root / "bad.json").write_text('{"claims": [], "claims": []}', encoding="utf-8")
    for sub in ("gold", "articles", "pred"):
        (root / sub).mkdir()
    (root / "articles" / "evil.txt").write_text(INJECTED, encoding="utf-8")
    (root / "pred" / "evil.json").write_text(doc.model_dump_json(), encoding="utf-8")
    gold = [{"paragraph": c.paragraph, "cue": c.cue.text, "content": c.content.text,
             "speaker_resolved": c.speaker.entity, "optional": False} for c in doc.claims]
    (root / "gold" / "evil.gold.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    return root


SUBCOMMANDS = ("extract", "validate", "schema", "report", "speakers", "evaluate", "parse", "models")

CASES = {
    # every --help in one process: none of them may bring torch in, so neither may all together
    "help": ([["--help"], ["--version"]] + [[name, "--help"] for name in SUBCOMMANDS]
             + [["models", "download", "--help"]], 0),
    "validate": ([["validate", "evil.json", "--input", "evil.txt"]], 0),
    "validate-error": ([["validate", "bad.json"]], 1),
    "schema": ([["schema"]], 0),
    "report": ([["report", "evil.json", "-o", "page.html", "-q"]], 0),
    "speakers": ([["speakers", "evil.json"]], 0),
    "speakers-jsonl-csv": ([["speakers", "docs.jsonl", "--format", "csv"]], 0),
    "evaluate": ([["evaluate", "--gold", "gold", "--articles", "articles", "--pred", "pred", "-v"]], 0),
    "models": ([["models"]], 0),
}


@pytest.mark.parametrize("case", list(CASES))
def test_command_starts_without_torch_or_stanza(case, files):
    commands, code = CASES[case]
    out = files / f"probe-{case}.json"
    done = subprocess.run([sys.executable, "-c", PROBE, str(out), json.dumps(commands)], cwd=files, check=False,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and out.exists(), done.stderr[-2000:]
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["codes"] == [code] * len(commands), (done.stdout[-1000:], done.stderr[-1000:])
    assert not result["heavy"], "\n".join(f"{name} imported by:\n{stack}" for name, stack in result["heavy"].items())
