"""Confidence from evidence: the features, the logistic score, the shipped model, and evidence on real claims."""
from __future__ import annotations

import json
import math
from importlib import resources

import pytest

from attribution.rules.confidence import confidence_of, features, load_model, probability
from attribution.rules.extract import extract_parsed, to_claims
from treebuilder import build

FEATURE_TABLE = [
    # evidence, entity kind -> features
    (["cue:verb", "nsubj-post-verbal", "title+name", "complement:tree"], "person",
     {"cue=verb", "speaker=nsubj-post-verbal", "shape=title+name", "content=complement:tree", "entity=person"}),
    (["cue:verb", "implicit", "antecedent:last-source", "sentences-back:1", "quote-after-colon"], "organisation",
     {"cue=verb", "speaker=implicit", "antecedent=last-source", "back=previous", "content=quote-after-colon",
      "entity=organisation"}),
    (["cue:participle", "implicit", "antecedent:host-event", "sentences-back:0", "complement:tree"], "person",
     {"cue=participle", "speaker=implicit", "antecedent=host-event", "back=same", "content=complement:tree",
      "entity=person"}),
    (["cue:verb", "implicit", "antecedent:clause-subject", "sentences-back:4", "quoted-complement",
      "unclosed-quote", "complement:near-cue", "nested"], "unknown",
     {"cue=verb", "speaker=implicit", "antecedent=clause-subject", "back=far", "flag=quoted-complement",
      "flag=unclosed-quote", "content=complement:near-cue", "flag=nested", "entity=unknown"}),
    (["cue:verb", "implicit", "antecedent:none", "complement:tree"], None,
     {"cue=verb", "speaker=implicit", "antecedent=none", "content=complement:tree", "entity=none"}),
    (["cue:according_to", "after-marker", "issuer-genitive", "noun-phrase", "according-to:clause-before"],
     "document",
     {"cue=according_to", "speaker=after-marker", "flag=issuer-genitive", "shape=noun-phrase",
      "content=according-to:clause-before", "entity=document"}),
    # a claims file from before 1.2 has no evidence: only the entity kind speaks
    ([], "person", {"speaker=other", "entity=person"}),
    # a rule the model does not know is ignored rather than an error
    (["cue:verb", "some-future-rule", "complement:tree"], "person",
     {"cue=verb", "speaker=other", "content=complement:tree", "entity=person"}),
]


@pytest.mark.parametrize("evidence, kind, expected", FEATURE_TABLE)
def test_features_from_evidence(evidence, kind, expected):
    assert features(evidence, kind) == {name: 1.0 for name in expected}


@pytest.mark.parametrize("feats, weights, bias, expected", [
    ({}, {}, 0.0, 0.5),
    ({"a=1": 1.0}, {"a=1": math.log(3)}, 0.0, 0.75),
    ({"a=1": 1.0, "b=2": 1.0}, {"a=1": 1.0, "b=2": -1.0}, math.log(9), 0.9),
    ({"unknown=x": 1.0}, {"a=1": 5.0}, -math.log(3), 0.25),
    ({"a=1": 1.0}, {"a=1": -800.0}, 0.0, 0.0),     # no overflow at either end
    ({"a=1": 1.0}, {"a=1": 800.0}, 0.0, 1.0),
])
def test_probability_is_the_logistic_of_the_weighted_sum(feats, weights, bias, expected):
    assert probability(feats, weights, bias) == pytest.approx(expected, abs=1e-12)


def test_shipped_model_is_plain_json_with_finite_weights():
    raw = resources.files("attribution.rules").joinpath("data", "confidence.json").read_text(encoding="utf-8")
    data = json.loads(raw)
    weights, bias = load_model()
    assert weights and math.isfinite(bias) and all(math.isfinite(w) for w in weights.values())
    assert set(weights) == set(data["weights"])
    # every weight is one the feature function can produce
    groups = {"speaker", "cue", "shape", "content", "flag", "antecedent", "back", "entity"}
    assert {name.split("=", 1)[0] for name in weights} <= groups
    assert data["cross_validation"]["ece"] <= 0.08 and data["cross_validation"]["high"]["accuracy"] >= 0.9


@pytest.mark.parametrize("evidence, kind", [(e, k) for e, k, _ in FEATURE_TABLE])
def test_shipped_model_gives_probabilities(evidence, kind):
    value = confidence_of(evidence, kind)
    assert 0.0 <= value <= 1.0 and value == round(value, 2)


def test_shipped_model_ranks_a_parsed_named_source_above_an_unresolved_one():
    sure = confidence_of(["cue:verb", "nsubj-post-verbal", "title+name", "complement:tree"], "person")
    lost = confidence_of(["cue:verb", "implicit", "antecedent:none", "complement:tree"], None)
    assert sure >= 0.9 > 0.5 > lost


WRITTEN_AND_DROPPED = """
قال VERB 0 root Gender=Masc|Number=Sing
الجنرال NOUN 1 nsubj
جون PROPN 2 flat
الن PROPN 3 flat
إن SCONJ 7 mark
الزيارة NOUN 7 nsubj
ناجحة+ ADJ 1 ccomp
. PUNCT 1 punct

و+ CCONJ 2 cc
أضاف VERB 0 root Gender=Masc|Number=Sing
: PUNCT 4 punct
" PUNCT 4 punct
الوضع NOUN 5 nsubj
مستقر+ ADJ 2 parataxis
" PUNCT 4 punct
. PUNCT 2 punct
"""


def test_claims_carry_their_evidence_and_its_confidence():
    parsed = build(WRITTEN_AND_DROPPED)
    events = extract_parsed(parsed)
    claims = to_claims(events, parsed.text)
    assert [c.evidence for c in claims] == [
        ["cue:verb", "nsubj-post-verbal", "title+name", "complement:tree"],
        ["cue:verb", "implicit", "antecedent:last-source", "sentences-back:1", "quote-after-colon"]]
    for claim, event in zip(claims, events):
        assert claim.confidence == confidence_of(claim.evidence, event.entity_ref.kind)


@pytest.mark.model
def test_every_claim_of_the_seed_has_evidence(nlp, seed_text):
    from attribution.run.build import extract_text
    doc = extract_text(seed_text, nlp, "bundled:ar_attr", name="seed.txt")
    assert doc.claims
    speaker_rules = {"nsubj-post-verbal", "nsubj-pre-verbal", "np-post-verbal", "relative-antecedent",
                     "kana-subject", "described-noun", "gap-source", "after-marker", "after-marker-verb",
                     "source-after-an", "headline-before-colon", "implicit"}
    for claim in doc.claims:
        ev = claim.evidence
        assert ev[0].startswith("cue:") and speaker_rules & set(ev), (claim.id, ev)
        assert ("implicit" in ev) == claim.speaker.implicit, (claim.id, ev)
        assert any(r.startswith(("complement:", "quote-", "speech-after", "according-to:", "headline-after"))
                   for r in ev), (claim.id, ev)
        entity = doc.entity_of(claim)
        assert claim.confidence == confidence_of(ev, entity.kind if entity else None)
    # a round trip through JSON keeps the evidence
    again = type(doc).model_validate_json(doc.model_dump_json())
    assert [c.evidence for c in again.claims] == [c.evidence for c in doc.claims]
