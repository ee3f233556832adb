"""A claim's confidence: the probability that it is right, computed from its evidence.

Each claim carries ``evidence``, the names of the rules that produced it (``cue:verb``,
``nsubj-post-verbal``, ``title+name``, ``implicit``, ``antecedent:last-source``, ``sentences-back:2``,
``complement:tree`` …).  :func:`features` turns that list and the kind of the speaker's entity into
binary features, and a logistic model whose weights ship as ``data/confidence.json`` (plain JSON,
refitted by ``python -m attribution.training.confidence``) turns the features into a probability.
The model is calibrated on the development set: among claims with confidence about p, a share of
about p is right in the sense of ``attribution evaluate``'s strict match (docs/confidence.md).
"""
from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import resources
from typing import Iterable, Mapping

MODEL_FILE = "confidence.json"
# speaker rules: the first of these in the evidence names how the speaker was found
SPEAKER_RULES = ("relative-antecedent", "kana-subject", "described-noun", "document-author", "nsubj-pre-verbal",
                 "nsubj-post-verbal", "np-post-verbal", "gap-source", "after-marker", "after-marker-verb", "source-after-an",
                 "headline-before-colon", "implicit")
SHAPES = ("title+name", "name", "title", "quoted-name", "pronoun", "noun-phrase")
CONTENT_RULES = ("complement:tree", "complement:near-cue", "complement:qawl-comma", "quote-after-cue",
                 "quote-after-colon", "speech-after-colon", "quote-before-cue", "pointed-clause", "headline-after-colon",
                 "according-to:clause-after", "according-to:complement", "according-to:clause-before",
                 "according-to:interrupted-clause")
FLAGS = ("unclosed-quote", "quoted-complement", "nested", "issuer-after-issued-by", "issuer-genitive")
# an antecedent this many sentences back or more counts as far
FAR_BACK = 2


def features(evidence: Iterable[str], entity_kind: str | None) -> dict[str, float]:
    """Binary features of a claim from its evidence and its speaker's entity kind (None when the
    speaker could not be resolved).  Names are ``group=value``; a rule the model does not know
    simply has no weight."""
    evidence = list(evidence)
    out: dict[str, float] = {}
    speaker = next((e for e in evidence if e in SPEAKER_RULES), None)
    out[f"speaker={speaker or 'other'}"] = 1.0
    for e in evidence:
        if e.startswith("cue:"):
            out[f"cue={e[4:]}"] = 1.0
        elif e in SHAPES:
            out[f"shape={e}"] = 1.0
        elif e in CONTENT_RULES:
            out[f"content={e}"] = 1.0
        elif e in FLAGS:
            out[f"flag={e}"] = 1.0
        elif e.startswith("antecedent:"):
            out[f"antecedent={e[len('antecedent:'):]}"] = 1.0
        elif e.startswith("sentences-back:"):
            back = int(e.split(":", 1)[1])
            out["back=same" if back <= 0 else "back=previous" if back < FAR_BACK else "back=far"] = 1.0
    out[f"entity={entity_kind or 'none'}"] = 1.0
    return out


def probability(feats: Mapping[str, float], weights: Mapping[str, float], bias: float) -> float:
    z = bias + sum(weights.get(name, 0.0) * value for name, value in feats.items())
    return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))


@lru_cache(maxsize=1)
def load_model() -> tuple[dict[str, float], float]:
    """The shipped weights and bias (``attribution/rules/data/confidence.json``)."""
    data = json.loads(resources.files("attribution.rules").joinpath("data", MODEL_FILE).read_text(encoding="utf-8"))
    return {str(k): float(v) for k, v in data["weights"].items()}, float(data["bias"])


def confidence_of(evidence: Iterable[str], entity_kind: str | None) -> float:
    """The calibrated probability that a claim with this evidence is right, rounded to 2 places."""
    weights, bias = load_model()
    return round(probability(features(evidence, entity_kind), weights, bias), 2)
