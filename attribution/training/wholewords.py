"""Build ``attribution/parse/data/whole_words.txt``: written forms the tokenizer must not split.

FANE (NewsFANE and WikiFANE, ``shared/data/ner/fane``, CC BY-SA 3.0) is segmented by hand: the
conjunctions و/ف and the pronoun suffixes stand apart (و قالت، حصة ها), every other word is whole.
Re-joining its segments (:func:`attribution.training.ner.rejoin`) gives each written word and
whether FANE split it.  A form is listed when it begins with و/ف (not before an alif) or ends
with a pronoun suffix (or و), and FANE keeps it whole at least ``min_count`` times and at least
``ratio`` times as often as it splits it: فيصل (65 whole, 1 split), وجود، عبدالله، يواجه, but not
وقال (1 / 357).  Only the training part of NewsFANE is counted (its dev and test splits score
the named-entity model) and all of WikiFANE.

    python -m attribution.training.wholewords [--shared ../shared] [--out FILE]
"""
from __future__ import annotations

import argparse
import gzip
from collections import Counter
from pathlib import Path

from attribution.parse.tokenfix import ALIFS, WHOLE_ENCLITICS, WHOLE_PROCLITICS, WHOLE_WORDS_FILE, whole_key

from .ner import news_split, read_fane, rejoin

MIN_COUNT = 2
RATIO = 4


def count_forms(sentences: list[list[tuple[str, str]]], whole: Counter, split: Counter) -> None:
    """Add each written word of FANE ``sentences`` to ``whole`` (one segment) or ``split``."""
    for sentence in sentences:
        text, spans = rejoin([token for token, _ in sentence])
        i, pos = 0, 0
        for word in text.split(" "):
            end, segments = pos + len(word), 0
            while i < len(spans) and spans[i][0] < end:
                segments += 1
                i += 1
            (whole if segments == 1 else split)[whole_key(word)] += 1
            pos = end + 1


def is_candidate(form: str) -> bool:
    """A form the tokenizer may split at a clitic that FANE segments."""
    if form[:1] in WHOLE_PROCLITICS and len(form) >= 3 and form[1] not in ALIFS:
        return True
    return any(form.endswith(e) and len(form) - len(e) >= 2 for e in WHOLE_ENCLITICS)


def whole_words(whole: Counter, split: Counter, min_count: int = MIN_COUNT, ratio: float = RATIO) -> list[str]:
    return sorted(f for f, n in whole.items() if is_candidate(f) and n >= min_count and n >= ratio * split.get(f, 0))


def fane_counts(shared: Path) -> tuple[Counter, Counter]:
    fane = shared / "data" / "ner" / "fane"
    whole, split = Counter(), Counter()
    news = read_fane(gzip.open(fane / "NewsFANE_Gold_2014_170K.txt.gz", "rb").read().decode("utf-8"))
    count_forms([s for s, part in zip(news, news_split(len(news))) if part == "train"], whole, split)
    count_forms(read_fane(gzip.open(fane / "WikiFANE_Gold_2014_500K.txt.gz", "rb").read().decode("utf-8")),
                whole, split)
    return whole, split


def write_list(words: list[str], out: Path) -> None:
    header = [
        "# Written forms the bundled tokenizer must not split at a clitic (attribution/parse/tokenfix.py).",
        "# Built by `python -m attribution.training.wholewords` from FANE (NewsFANE train split and WikiFANE,",
        "# CC BY-SA 3.0, shared/data/ner/fane): forms starting with و/ف or ending with a pronoun suffix that",
        f"# FANE keeps whole at least {MIN_COUNT} times and {RATIO}x as often as it segments them.",
        "# Hamza-less spelling (أ/إ/آ → ا, ى → ي), as FANE writes; one form a line.",
    ]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(header + words) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2].parent / "shared")
    parser.add_argument("--out", type=Path, default=WHOLE_WORDS_FILE)
    args = parser.parse_args(argv)
    whole, split = fane_counts(args.shared)
    words = whole_words(whole, split)
    write_list(words, args.out)
    print(f"{len(words)} forms written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
