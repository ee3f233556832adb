from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

SEED = ROOT / "seeds" / "000_6f2a7d5983d4bb03.txt"
GOLD_DIR = ROOT / "tests" / "data" / "gold"


@pytest.fixture(scope="session")
def nlp():
    from attribution.parse.pipeline import load_pipeline
    pipeline, _spec = load_pipeline()
    return pipeline


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_bytes().decode("utf-8")
