"""The NER data conversion (attribution/training/ner.py) on inline strings: no model, no corpus."""
import json

import pytest

from attribution.training.ner import (HamzaRestorer, Record, aqmar_record, aqmar_tag, bio_spans, char_entities,
                                      clean_token, fane_record, fane_tag, news_split, project, read_aqmar,
                                      read_fane, rejoin, repair_bio, to_stanza_json, weight_sources,
                                      whitespace_tokens)

LRM = "\u200e"


def test_read_fane_strips_bom_crlf_and_marks():
    raw = ("\ufeff" + LRM + "فرانكفورت\tB-Population-Center\r\n" + LRM + "و\tO\r\n" + LRM + "قال\tO\r\n"
           "\t\r\n" + LRM + "برند\tB-Other_PER\r\n" + LRM + "جوتشولك\tI-Other_PER\r\n.\tO\r\n\t\r\n")
    sentences = read_fane(raw)
    assert sentences == [[("فرانكفورت", "B-Population-Center"), ("و", "O"), ("قال", "O")],
                         [("برند", "B-Other_PER"), ("جوتشولك", "I-Other_PER"), (".", "O")]]
    assert all("\u200e" not in t and "\r" not in t and "\ufeff" not in t for s in sentences for t, _ in s)


def test_read_fane_drops_tokens_that_are_only_marks():
    assert read_fane(LRM + "\tO\nقال\tO\n\t\n") == [[("قال", "O")]]


def test_clean_token():
    assert clean_token("\ufeff\u200eقال\u200f\r ") == "قال"
    assert clean_token("\u200e") == ""


def test_read_aqmar_space_separated():
    raw = "روسيا B-LOC\nو O\n\nالأمم B-ORG\nالمتحدة I-ORG\n"
    assert read_aqmar(raw) == [[("روسيا", "B-LOC"), ("و", "O")], [("الأمم", "B-ORG"), ("المتحدة", "I-ORG")]]


def test_rejoin_clitics_and_spans():
    segments = "و قالت نوكيا ان حصة ها".split()
    text, spans = rejoin(segments)
    assert text == "وقالت نوكيا ان حصتها"  # و attached forward, ها backward with ة → ت
    assert [text[s:e] for s, e in spans] == ["و", "قالت", "نوكيا", "ان", "حصت", "ها"]


def test_rejoin_article_after_lam_and_prepositions():
    assert rejoin("ل الامم المتحدة".split())[0] == "للامم المتحدة"
    assert rejoin("ل اللغة".split())[0] == "للغة"
    assert rejoin("علي ه".split())[0] == "عليه"
    assert rejoin("مستوى ه".split())[0] == "مستواه"
    # a conjunction before an independent pronoun: وهم, not و + (هم attached backwards)
    assert rejoin("قال و هم".split())[0] == "قال وهم"
    # a clitic before punctuation or at the end stays a word of its own
    assert rejoin("ب ( و".split())[0] == "ب ( و"


def test_fane_tag_mapping():
    assert fane_tag("B-Politician") == "B-PER"
    assert fane_tag("I-Other_PER") == "I-PER"
    assert fane_tag("B-Non-Governmental") == "B-ORG"
    assert fane_tag("B-Media") == "B-ORG"
    assert fane_tag("B-Population-Center") == "B-LOC"
    assert fane_tag("I-Nation") == "I-LOC"
    assert fane_tag("B-Group") == "B-MISC"
    assert fane_tag("B-Book") == "B-MISC"
    assert fane_tag("B-Some-New-Class") == "B-MISC"
    assert fane_tag("O") == "O"
    assert fane_tag("") == "O"


def test_aqmar_malformed_tags():
    assert aqmar_tag("OO") == "O"
    assert aqmar_tag("IO") == "O"
    assert aqmar_tag("I--ORG") == "I-ORG"
    assert aqmar_tag("B-MISS1") == "B-MISC"
    assert aqmar_tag("B-MIS-2") == "B-MISC"
    assert aqmar_tag("B-MIS1`") == "B-MISC"
    assert aqmar_tag("I-MIS3") == "I-MISC"
    assert aqmar_tag("B-ENGLISH") == "O"
    assert aqmar_tag("B-PER") == "B-PER"


def test_repair_bio():
    assert repair_bio(["I-PER", "I-PER", "O", "I-ORG", "I-LOC", "B-LOC", "I-LOC", "X"]) == \
        ["B-PER", "I-PER", "O", "B-ORG", "B-LOC", "B-LOC", "I-LOC", "O"]
    assert bio_spans(["B-PER", "I-PER", "O", "B-ORG", "B-LOC", "I-LOC"]) == [(0, 2, "PER"), (3, 4, "ORG"), (4, 6, "LOC")]


def test_fane_record_entities_are_character_spans():
    sentence = [("و", "O"), ("قال", "O"), ("رئيس", "O"), ("الاتحاد", "O"), ("برند", "B-Other_PER"),
                ("جوتشولك", "I-Other_PER"), ("في", "O"), ("المانيا", "B-Nation")]
    record = fane_record(sentence, "newsfane", "train", 0, None)
    assert record.text == "وقال رئيس الاتحاد برند جوتشولك في المانيا"
    assert [(record.text[s:e], kind) for s, e, kind in record.entities] == [("برند جوتشولك", "PER"), ("المانيا", "LOC")]


def test_fane_record_restores_hamzas_but_not_names_yaa():
    restorer = HamzaRestorer(["على", "أن", "ألمانيا", "علي", "قال"])
    sentence = [("قال", "O"), ("علي", "B-Politician"), ("ان", "O"), ("علي", "O"), ("المانيا", "B-Nation")]
    record = fane_record(sentence, "newsfane", "train", 0, restorer)
    assert record.text == "قال علي أن على ألمانيا"  # the name علي stays, the preposition becomes على
    assert [record.text[s:e] for s, e, _ in record.entities] == ["علي", "ألمانيا"]


def test_hamza_restorer_prefers_frequent_form():
    restorer = HamzaRestorer(["أن", "إن", "ان", "إلى"])  # frequency order
    assert restorer.restore("ان") == "أن"
    assert restorer.restore("الي") == "إلى"
    assert restorer.restore("غير") == "غير"  # unknown: unchanged


def test_project_onto_tokenizer_tokens():
    # written "وقال رئيس للأمم المتحدة" tokenized as و|قال رئيس ل|لأمم المتحدة
    text = "وقال رئيس للأمم المتحدة"
    tokens = [("و", 0, 1), ("قال", 1, 4), ("رئيس", 5, 9), ("ل", 10, 11), ("لأمم", 11, 15), ("المتحدة", 16, 23)]
    entities = [(10, 23, "ORG")]  # FANE wrote the entity as للامم المتحدة, clitic inside
    assert text[10:23] == "للأمم المتحدة"
    assert project(tokens, entities) == ["O", "O", "O", "O", "B-ORG", "I-ORG"]


def test_project_drops_trailing_pronoun_and_keeps_unsplit_token():
    tokens = [("حكومت", 0, 5), ("ها", 5, 7), ("وبرند", 8, 13)]
    assert project(tokens, [(0, 7, "ORG"), (9, 13, "PER")]) == ["B-ORG", "O", "B-PER"]


def test_aqmar_record_and_whitespace_tokens():
    record = aqmar_record([("ولبنان", "B-LOC"), ("جميل", "OO"), ("ريال", "B-ORG"), ("مدريد", "I--ORG")], "test", 0)
    assert record.text == "ولبنان جميل ريال مدريد"
    assert [(record.text[s:e], k) for s, e, k in record.entities] == [("ولبنان", "LOC"), ("ريال مدريد", "ORG")]
    assert project(whitespace_tokens(record), record.entities) == ["B-LOC", "O", "B-ORG", "I-ORG"]
    split = [("و", 0, 1), ("لبنان", 1, 6), ("جميل", 7, 11), ("ريال", 12, 16), ("مدريد", 17, 22)]
    assert project(split, record.entities) == ["O", "B-LOC", "O", "B-ORG", "I-ORG"]


def test_news_split_is_fixed_and_contiguous():
    splits = news_split(100)
    assert splits[:80] == ["train"] * 80 and splits[80:90] == ["dev"] * 10 and splits[90:] == ["test"] * 10


def test_to_stanza_json_format(tmp_path):
    record = Record("aqmar", "test", 0, "زار أوباما لندن", char_entities(["O", "B-PER", "B-LOC"], [(0, 3), (4, 10), (11, 15)]))
    record.tokens = whitespace_tokens(record)
    path = tmp_path / "x.json"
    assert to_stanza_json([record], path) == 1
    assert json.loads(path.read_text(encoding="utf-8")) == [[{"text": "زار", "ner": "O"}, {"text": "أوباما", "ner": "B-PER"},
                                                             {"text": "لندن", "ner": "B-LOC"}]]


def _records(source, n):
    return [Record(source, "train", i, f"{source} {i}", []) for i in range(n)]


def test_weight_sources_repeats_and_subsamples_deterministically():
    records = _records("newsfane", 10) + _records("wikifane", 40) + _records("aqmar", 6)
    weights = {"newsfane": 3, "aqmar": 2.5, "wikifane": 0.5}
    out = weight_sources(records, weights, seed=7)
    count = {}
    for r in out:
        count[(r.source, r.index)] = count.get((r.source, r.index), 0) + 1
    assert all(count[("newsfane", i)] == 3 for i in range(10))
    assert sorted(count.get(("aqmar", i)) for i in range(6)) == [2, 2, 2, 3, 3, 3]
    wiki = [i for i in range(40) if ("wikifane", i) in count]
    assert len(wiki) == 20 and all(count[("wikifane", i)] == 1 for i in wiki)
    # the same seed gives the same file, another seed another half; order is kept
    assert [(r.source, r.index) for r in weight_sources(records, weights, seed=7)] == [(r.source, r.index) for r in out]
    other = weight_sources(records, weights, seed=8)
    assert [r.index for r in other if r.source == "wikifane"] != wiki
    positions = [records.index(r) for r in out]
    assert positions == sorted(positions)


def test_weight_sources_defaults_and_errors():
    records = _records("newsfane", 3) + _records("aqmar", 2)
    assert weight_sources(records, {}) == records
    assert [r.source for r in weight_sources(records, {"aqmar": 0})] == ["newsfane"] * 3
    with pytest.raises(ValueError):
        weight_sources(records, {"news": 2})
    with pytest.raises(ValueError):
        weight_sources(records, {"aqmar": -1})
