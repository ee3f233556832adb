"""A stand-in for the Stanza pipeline with the same ``bulk_process`` shape, for tests where the
parse does not matter (batch mechanics, memory, speed): whitespace tokens, sentences at . ! ? ؟,
and a flat tree (every word hangs on the first one)."""
from __future__ import annotations

import re
from types import SimpleNamespace

from attribution.parse.document import padded_chars

_SENTENCE = re.compile(r"[^.!?؟]+[.!?؟]?")
_TOKEN = re.compile(r"\S+")


class FakeNLP:
    def __init__(self, fail_on: str | None = None):
        self.fail_on = fail_on          # raise when a paragraph holds this text (a parser crash)
        self.calls = 0
        self.parsed: list[str] = []     # every paragraph text handed to the parser, in order
        self.max_batch_chars = 0
        self.max_call_padded = 0        # the most padded_chars (paragraphs x longest) of one call

    def bulk_process(self, docs):
        self.calls += 1
        self.parsed.extend(d.text for d in docs)
        self.max_batch_chars = max(self.max_batch_chars, sum(len(d.text) for d in docs))
        self.max_call_padded = max(self.max_call_padded, padded_chars([d.text for d in docs]))
        return [self._parse(d.text) for d in docs]

    def _parse(self, text: str):
        if self.fail_on is not None and self.fail_on in text:
            raise RuntimeError("fake parser crash\nsecond line of a long traceback-like message")
        sentences = []
        for match in _SENTENCE.finditer(text):
            tokens = []
            for n, tok in enumerate(_TOKEN.finditer(match.group()), 1):
                start = match.start() + tok.start()
                word = SimpleNamespace(id=n, text=tok.group(), lemma=tok.group(), upos="X", feats=None,
                                       head=0 if n == 1 else 1, deprel="root" if n == 1 else "dep")
                tokens.append(SimpleNamespace(start_char=start, end_char=start + len(tok.group()),
                                              text=tok.group(), words=[word]))
            if tokens:
                sentences.append(SimpleNamespace(tokens=tokens))
        return SimpleNamespace(sentences=sentences)


import pytest  # noqa: E402


@pytest.fixture()
def fake_model(monkeypatch):
    """Make the CLI use FakeNLP instead of loading Stanza (each test gets a fresh one)."""
    from attribution import cli
    from attribution.parse.pipeline import ModelSpec

    nlp = FakeNLP()
    monkeypatch.setattr(cli, "_load", lambda model: (nlp, ModelSpec("bundled", cli.Path("."), "fake:test")))
    # --workers auto would start worker processes, which load the real model: keep the fake in-process
    monkeypatch.setattr(cli, "_auto_workers", lambda articles, dask_address: 1)
    return nlp
