"""The seed article through the CLI: extract with the bundled model, validate, evaluate."""
from __future__ import annotations

import json

from click.testing import CliRunner

from attribution.cli import main
from conftest import GOLD_DIR, SEED


def test_seed_extract_validate_evaluate(tmp_path):
    runner = CliRunner()
    out = tmp_path / "pred"
    result = runner.invoke(main, ["extract", str(SEED), "-o", str(out) + "/"])
    assert result.exit_code == 0, result.output
    claims_file = out / f"{SEED.stem}.json"
    doc = json.loads(claims_file.read_text(encoding="utf-8"))
    assert doc["input"]["name"] == SEED.name and doc["model"] == "bundled:ar_attr"

    result = runner.invoke(main, ["validate", str(claims_file), "--input", str(SEED)])
    assert result.exit_code == 0, result.output

    result = runner.invoke(main, ["evaluate", "--gold", str(GOLD_DIR), "--articles", str(SEED.parent),
                                  "--pred", str(out), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)["summary"]
    # the target for the seed: every core event, right speaker, content F1 >= 0.5
    assert summary["gold"] == 17
    assert summary["strict"]["f1"] == 1.0, json.dumps(json.loads(result.output)["articles"], ensure_ascii=False)
