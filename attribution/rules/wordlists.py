"""The rules' word lists, one data file each in ``rules/data/<name>.txt``: one entry a line, as
written, ``#`` starts a comment.  :func:`load_words` gives a list's entries normalised
(:func:`attribution.parse.normalize.normalize`), so a rule compares them with ``Word.norm``.
Adding a word is one line in its file (and a test row for the case it covers)."""
from __future__ import annotations

import functools
from pathlib import Path

from attribution.parse.normalize import normalize

DATA_DIR = Path(__file__).resolve().parent / "data"


def list_names() -> list[str]:
    return sorted(path.stem for path in DATA_DIR.glob("*.txt"))


def read_entries(name: str) -> list[str]:
    """The entries of list ``name`` as written, comments and blank lines left out."""
    entries = []
    for line in (DATA_DIR / f"{name}.txt").read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            entries.append(entry)
    return entries


@functools.cache
def load_words(name: str) -> frozenset[str]:
    """List ``name`` as a set of normalised entries."""
    return frozenset(normalize(entry) for entry in read_entries(name))
