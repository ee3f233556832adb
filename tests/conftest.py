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


def pytest_collection_modifyitems(items):
    """``model``: every test that takes the ``nlp`` fixture or loads the pipeline itself;
    ``browser`` and ``dask`` by module."""
    for item in items:
        module = item.path.name
        if "nlp" in item.fixturenames or module in ("test_pipeline.py", "test_parserlabels.py", "test_workers.py",
                                                     "test_distributed.py", "test_end_to_end.py"):
            item.add_marker(pytest.mark.model)
        if module == "test_browser.py":
            item.add_marker(pytest.mark.browser)
        if module == "test_distributed.py":
            item.add_marker(pytest.mark.dask)
