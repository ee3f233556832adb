"""Word vectors from the raw Arabic news in ``shared/data/raw``, saved as a Stanza pretrain file.

No published Arabic vectors can be downloaded here, so we train word2vec (gensim) on 9.4M words
of news.  Text is normalised the way the parser sees words: diacritics and tatweel removed and
punctuation split off, so ``قال`` and ``المتحدث`` get the vectors the tagger and parser look up.
"""
from __future__ import annotations

import gzip
import json
import logging
import re
from pathlib import Path

from .prep import DIACRITICS_RE

log = logging.getLogger(__name__)

TOKEN_RE = re.compile(r"\w+|[^\w\s]", re.UNICODE)


def normalise_line(line: str) -> list[str]:
    line = DIACRITICS_RE.sub("", line).replace("\u0640", "")
    return TOKEN_RE.findall(line)


class RawCorpus:
    """Re-iterable stream of normalised sentences, so gensim never holds the corpus in memory."""

    def __init__(self, files: list[Path]):
        self.files = files

    def __iter__(self):
        for path in self.files:
            with gzip.open(path, "rt", encoding="utf-8") as handle:
                for line in handle:
                    tokens = normalise_line(line)
                    if tokens:
                        yield tokens


def train_vectors(raw_dir: Path, out_pt: Path, dim: int = 100, max_vocab: int = 50000, epochs: int = 5,
                  workers: int = 1, seed: int = 1234) -> dict:
    from gensim.models import Word2Vec
    from stanza.models.common.pretrain import Pretrain

    out_pt.parent.mkdir(parents=True, exist_ok=True)
    files = sorted(raw_dir.glob("*.txt.gz"))
    if not files:
        raise FileNotFoundError(f"no *.txt.gz in {raw_dir}")
    corpus = RawCorpus(files)
    model = Word2Vec(vector_size=dim, window=5, min_count=5, sg=0, workers=workers, seed=seed, epochs=epochs)
    model.build_vocab(corpus)
    model.train(corpus, total_examples=model.corpus_count, epochs=model.epochs)
    words = model.wv.index_to_key[:max_vocab]  # sorted by frequency
    vec_txt = out_pt.with_suffix(".vec.txt")
    with open(vec_txt, "w", encoding="utf-8") as handle:
        handle.write(f"{len(words)} {dim}\n")
        for word in words:
            handle.write(word + " " + " ".join(f"{x:.5f}" for x in model.wv[word]) + "\n")
    if out_pt.exists():
        out_pt.unlink()
    pretrain = Pretrain(str(out_pt), str(vec_txt), max_vocab=max_vocab)
    pretrain.load()
    vec_txt.unlink()
    info = {"sentences": model.corpus_count, "words": model.corpus_total_words, "vocab_kept": len(words),
            "vocab_total": len(model.wv.index_to_key), "dim": dim, "epochs": epochs}
    log.info("word vectors: %s", info)
    out_pt.with_suffix(".json").write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")
    return info
