"""Undo clitic splits the bundled tokenizer gets wrong, using the word-vector vocabulary.

The tokenizer learnt from 47k words to split proclitics (و، ف، ب، ل، ك) and sometimes splits a
word that merely starts with one of those letters: وكالة → و + كالة، وزيرة → و + زيرة، وفقا → و + فقا.
The vocabulary of the bundled word vectors (50,000 most frequent forms of 9.4M words of news, as
written) tells them apart: when the whole written form is a known word and the remainder is not,
the split was wrong and the two tokens are merged back.  ل + لـ… (للحظر = ل + لحظر, the article
assimilated) is the treebanks' own convention and is left alone.
"""
from __future__ import annotations

PROCLITICS = ("و", "ف", "ب", "ل", "ك")


class CliticMerger:
    """A Stanza ``tokenize_postprocessor``: lists of sentences of token strings in, the same out."""

    def __init__(self, vocabulary: set[str]):
        self.vocabulary = vocabulary
        self.enabled = True

    def should_merge(self, clitic: str, rest: str) -> bool:
        if clitic == "ل" and rest.startswith("ل"):
            return False
        return (clitic + rest) in self.vocabulary and rest not in self.vocabulary and len(rest) >= 2

    def __call__(self, sentences: list[list]) -> list[list]:
        if not self.enabled:
            return sentences
        fixed = []
        for sentence in sentences:
            out, i = [], 0
            while i < len(sentence):
                token = sentence[i]
                nxt = sentence[i + 1] if i + 1 < len(sentence) else None
                if isinstance(token, str) and token in PROCLITICS and isinstance(nxt, str) \
                        and self.should_merge(token, nxt):
                    out.append(token + nxt)
                    i += 2
                    continue
                out.append(token)
                i += 1
            fixed.append(out)
        return fixed


def load_vocabulary(pretrain_path: str) -> set[str]:
    import torch

    data = torch.load(pretrain_path, map_location="cpu", weights_only=False)
    return set(data["vocab"]["_unit2id"])  # Stanza's pretrain vocabulary: word -> row
