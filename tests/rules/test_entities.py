"""Who the speaker is: the speaker-span rules and the coreference passes, on hand-written trees.

Each table row is a small article (FORM UPOS HEAD DEPREL rows, see treebuilder) and the
(cue, written speaker, entity) of every claim it must give."""
from __future__ import annotations

import pytest

from attribution.rules.extract import extract_parsed, to_claims
from attribution.rules.entities import _names_match, _similar, display_name
from stagehelp import who
from treebuilder import build


TITLE_COMMA_NAME = """
قال VERB 0 root
رئيس NOUN 1 nsubj
الوزراء NOUN 2 nmod
الإسرائيلي+ ADJ 2 amod
، PUNCT 6 punct
بنيامين X 2 nmod
نتنياهو+ X 6 flat
، PUNCT 11 punct
إن SCONJ 11 mark
الاتفاق NOUN 11 nsubj
ألغي+ VERB 1 ccomp
. PUNCT 1 punct
"""

TITLE_THEN_NAME_LATER_TITLE_ALONE = """
قال VERB 0 root
وزير NOUN 1 nsubj
الدفاع NOUN 2 nmod
الياباني+ ADJ 2 amod
، PUNCT 6 punct
إيتسونوري X 2 nmod
أونوديرا+ X 6 flat
، PUNCT 10 punct
إن SCONJ 10 mark
الحوار NOUN 10 nsubj
مهم+ ADJ 1 ccomp
. PUNCT 1 punct
¶
و+ CCONJ 2 cc
أكد VERB 0 root
وزير NOUN 2 nsubj
الدفاع NOUN 3 nmod
الياباني ADJ 3 amod
أن SCONJ 8 mark
العقوبات NOUN 8 nsubj
باقية+ ADJ 2 ccomp
. PUNCT 2 punct
"""

GENERAL_IS_NOT_A_YEAR = """
قال VERB 0 root
المدعي NOUN 1 nsubj
العام ADJ 2 amod
الفرنسي ADJ 2 amod
فرانسوا X 2 nmod
مولان+ PROPN 5 flat
، PUNCT 10 punct
إن SCONJ 10 mark
الشرطة NOUN 10 nsubj
اعتقلت+ VERB 1 ccomp
امرأة+ NOUN 10 obj
. PUNCT 1 punct
"""

DEFINITE_HEAD_REFERS_BACK = """
و+ CCONJ 2 cc
قالت VERB 0 root
وزارة NOUN 2 nsubj
البيئة NOUN 3 nmod
البريطانية ADJ 3 amod
إن SCONJ 9 mark
التنظيف NOUN 9 nsubj
سي+ PART 9 aux
ستمر+ VERB 2 ccomp
. PUNCT 2 punct
¶
و+ CCONJ 2 cc
أضافت VERB 0 root
الوزارة NOUN 2 nsubj
أن SCONJ 6 mark
المنطقة NOUN 6 nsubj
آمنة+ ADJ 2 ccomp
. PUNCT 2 punct
"""

STATEMENT_ISSUED_BY = """
و+ CCONJ 2 cc
قال VERB 0 root
بيان NOUN 2 nsubj
صادر ADJ 3 amod
عن ADP 6 case
الرابطة+ NOUN 4 obl
، PUNCT 10 punct
إن SCONJ 10 mark
المحاكمات NOUN 10 nsubj
باطلة+ ADJ 2 ccomp
. PUNCT 2 punct
"""

VENUE_IS_NOT_A_SPEAKER = """
قال VERB 0 root
حيدر PROPN 1 nsubj
العبادي PROPN 2 flat
إن SCONJ 7 mark
بغداد X 7 nsubj
ست+ PART 7 aux
لتزم+ VERB 1 ccomp
. PUNCT 1 punct
¶
و+ CCONJ 2 cc
قال VERB 0 root
في ADP 4 case
مؤتمر NOUN 2 obl
صحفي ADJ 4 amod
إن SCONJ 8 mark
بلاده NOUN 8 nsubj
ستخسر+ VERB 2 ccomp
. PUNCT 2 punct
"""

HASHTAG_NAME = """
شدد VERB 0 root
وزير NOUN 1 nsubj
الخارجية NOUN 2 nmod
اليمني ADJ 2 amod
#عبدالملك_المخلافي+ X 2 nmod
، PUNCT 8 punct
على ADP 8 case
أن SCONJ 10 mark
القضية NOUN 10 nsubj
مهمة+ ADJ 1 ccomp
. PUNCT 1 punct
"""

DESCRIBED_AS = """
و+ CCONJ 2 cc
وصفت VERB 0 root
المفوضة NOUN 2 nsubj
المحاكمة NOUN 2 obj
ب+ ADP 8 mark
أن+ SCONJ 8 mark
ها PRON 8 nsubj
عادلة+ ADJ 2 ccomp
. PUNCT 2 punct
"""

RELAYED_WITH_AN_ = """
و+ CCONJ 2 cc
نقلت VERB 0 root
الوكالة NOUN 2 nsubj
عن ADP 5 case
البحارة NOUN 2 obl
أن SCONJ 8 mark
السفينة NOUN 8 nsubj
غادرت+ VERB 2 ccomp
. PUNCT 2 punct
"""

MOVED_IS_NOT_RELAYED = """
و+ CCONJ 2 cc
نقلت VERB 0 root
السفينة NOUN 2 nsubj
" PUNCT 5 punct
ديتشوتي X 3 nmod
" PUNCT 5 punct
المهاجرين+ NOUN 2 obj
. PUNCT 2 punct
"""


@pytest.mark.parametrize("rows, expected", [
    (TITLE_COMMA_NAME, [("قال", "رئيس الوزراء الإسرائيلي، بنيامين نتنياهو", "بنيامين نتنياهو")]),
    (TITLE_THEN_NAME_LATER_TITLE_ALONE, [("قال", "وزير الدفاع الياباني، إيتسونوري أونوديرا", "إيتسونوري أونوديرا"),
                                         ("وأكد", "وزير الدفاع الياباني", "إيتسونوري أونوديرا")]),
    (GENERAL_IS_NOT_A_YEAR, [("قال", "المدعي العام الفرنسي فرانسوا مولان", "فرانسوا مولان")]),
    (DEFINITE_HEAD_REFERS_BACK, [("وقالت", "وزارة البيئة البريطانية", "وزارة البيئة البريطانية"),
                                 ("وأضافت", "الوزارة", "وزارة البيئة البريطانية")]),
    (STATEMENT_ISSUED_BY, [("وقال", "بيان صادر", "الرابطة")]),
    (VENUE_IS_NOT_A_SPEAKER, [("قال", "حيدر العبادي", "حيدر العبادي"), ("وقال", None, "حيدر العبادي")]),
    (HASHTAG_NAME, [("شدد", "وزير الخارجية اليمني #عبدالملك_المخلافي", "عبدالملك المخلافي")]),
    (DESCRIBED_AS, [("ووصفت", "المفوضة", "المفوضة")]),
    (RELAYED_WITH_AN_, [("ونقلت", "الوكالة", "الوكالة")]),
    (MOVED_IS_NOT_RELAYED, []),
], ids=["title-comma-name", "title-alone-later", "general-not-year", "head-noun-refers-back",
        "statement-issued-by", "venue-not-speaker", "hashtag", "described-as", "relayed-an", "moved-not-relayed"])
def test_speaker_entities(rows, expected):
    assert who(rows) == expected


@pytest.mark.parametrize("a, b, same", [
    ("الزرقوني", "الزروقوني", True), ("بينتيز", "بينيتيز", True), ("ترامب", "ترامب", True),
    ("علي", "عمر", False), ("الزرقوني", "الزرقاوي", False),
])
def test_similar_names(a, b, same):
    assert _similar(a, b) is same


@pytest.mark.parametrize("short, full, same", [
    ({"نتنياهو"}, {"بنيامين", "نتنياهو"}, True),
    ({"مولان"}, {"فرانسوا", "مولان"}, True),
    ({"ترامب"}, {"بنيامين", "نتنياهو"}, False),
    (set(), {"ترامب"}, False),
])
def test_surname_matches_full_name(short, full, same):
    assert _names_match(short, full) is same


def test_hashtag_reads_as_name():
    assert display_name("وزير #عبدالملك_المخلافي") == "وزير عبدالملك المخلافي"


def document_of(rows: str):
    from attribution.rules.extract import to_entities
    from attribution.run.build import build_document
    parsed = build(rows)
    events = extract_parsed(parsed)
    return parsed, build_document(parsed.text, to_claims(events, parsed.text), "t.txt", "test",
                                  entities=to_entities(events, parsed.text))


def test_entities_listed_with_every_mention_and_kind():
    parsed, doc = document_of(TITLE_THEN_NAME_LATER_TITLE_ALONE)
    assert [(e.id, e.name, e.kind) for e in doc.entities] == [("e1", "إيتسونوري أونوديرا", "person")]
    assert {c.speaker.entity_id for c in doc.claims} == {"e1"}
    mentions = doc.entities[0].mentions
    assert [m.text for m in mentions] == ["وزير الدفاع الياباني، إيتسونوري أونوديرا", "وزير الدفاع الياباني"]
    assert all(parsed.text[m.start:m.end] == m.text for m in mentions)


def test_organisation_kind_and_description_mention():
    _parsed, doc = document_of(DEFINITE_HEAD_REFERS_BACK)
    assert [(e.name, e.kind) for e in doc.entities] == [("وزارة البيئة البريطانية", "organisation")]
    assert [m.text for m in doc.entities[0].mentions] == ["وزارة البيئة البريطانية", "الوزارة"]


ANONYMOUS_SOURCE = """
و+ CCONJ 2 cc
قال VERB 0 root
مصدر NOUN 2 nsubj
مطلع ADJ 3 amod
إن SCONJ 7 mark
الوزير NOUN 7 nsubj
استقال+ VERB 2 ccomp
. PUNCT 2 punct
"""


def test_anonymous_source_stays_its_own_entity():
    _parsed, doc = document_of(ANONYMOUS_SOURCE)
    assert [(e.name, e.kind) for e in doc.entities] == [("مصدر مطلع", "anonymous")]


def _many(rows: str, times: int) -> str:
    return "\n¶\n".join([rows.strip()] * times)


@pytest.mark.parametrize("rows, times", [
    (ANONYMOUS_SOURCE, 200),            # nothing but generic sources
    (TITLE_COMMA_NAME, 500),            # one name repeated 500 times
    (DEFINITE_HEAD_REFERS_BACK, 100),   # titles and descriptions only
])
def test_many_mentions_give_a_valid_document(rows, times):
    from attribution.claims.model import ClaimsDocument
    parsed, doc = document_of(_many(rows, times))
    ClaimsDocument.model_validate_json(doc.model_dump_json())
    ids = {e.id for e in doc.entities}
    assert all(c.speaker.entity_id in ids for c in doc.claims)
    for e in doc.entities:
        assert all(parsed.text[m.start:m.end] == m.text for m in e.mentions)
    assert len(doc.entities) <= len({c.speaker.entity for c in doc.claims})


CATAPHORA = """
و+ CCONJ 2 cc
أكدت VERB 0 root
{description}
أن SCONJ 7 mark
الوضع NOUN 7 nsubj
صعب+ ADJ 2 ccomp
. PUNCT 2 punct
¶
و+ CCONJ 2 cc
قالت VERB 0 root
رابطة NOUN 2 nsubj
أمهات NOUN 3 nmod
المختطفين NOUN 4 nmod
إن SCONJ 8 mark
الوضع NOUN 8 nsubj
خطير+ ADJ 2 ccomp
. PUNCT 2 punct
"""


@pytest.mark.parametrize("description, entity", [
    ("الرابطة NOUN 2 nsubj", "رابطة أمهات المختطفين"),                         # named later
    ("الرابطة NOUN 2 nsubj\nالوطنية ADJ 3 amod", "الرابطة الوطنية"),          # another body
], ids=["bare-head-named-later", "other-modifiers-not-merged"])
def test_cataphora_needs_the_description_words(description, entity):
    assert who(CATAPHORA.format(description=description))[0][2] == entity


# Canonical names from the entity stage: where the tagger saw no name in a title phrase, a
# person's name the stage found there names the speaker; after an indefinite noun or a
# preposition the name is someone else's (a genitive), and the stage never overrides the tags.
TITLE_THEN_UNTAGGED_NAME = """
قال VERB 0 root
رئيس NOUN 1 nsubj
الوزراء NOUN 2 nmod
العراقي ADJ 2 amod
حيدر NOUN 2 nmod {b}
العبادي NOUN 5 nmod {e}
إن SCONJ 9 mark
الحكومة NOUN 9 nsubj
مستمرة ADJ 1 ccomp
"""

GENITIVE_NAME = """
قال VERB 0 root
مستشار NOUN 1 nsubj
خامنئي NOUN 2 nmod {s}
إن SCONJ 6 mark
الاتفاق NOUN 6 nsubj
انتهى VERB 1 ccomp
"""

NAME_AFTER_PREPOSITION = """
قال VERB 0 root
الناشط NOUN 1 nsubj
المؤيد ADJ 2 amod
ل+ ADP 5 case
باشينيان NOUN 3 nmod {s}
إن SCONJ 8 mark
الاحتجاج NOUN 8 nsubj
مستمر ADJ 1 ccomp
"""


@pytest.mark.parametrize("rows, tagged, untagged", [
    (TITLE_THEN_UNTAGGED_NAME, "حيدر العبادي", "رئيس الوزراء العراقي حيدر العبادي"),
    (GENITIVE_NAME, "مستشار خامنئي", "مستشار خامنئي"),
    (NAME_AFTER_PREPOSITION, "الناشط المؤيد لباشينيان", "الناشط المؤيد لباشينيان"),
], ids=["title-then-name", "genitive-is-someone-else", "after-preposition"])
def test_canonical_name_from_person_entities(rows, tagged, untagged):
    tags = {"b": "ner=B-PER", "e": "ner=E-PER", "s": "ner=S-PER"}
    assert [entity for _, _, entity in who(rows.format(**tags))] == [tagged]
    assert [entity for _, _, entity in who(rows.format(b="", e="", s=""))] == [untagged]


def test_entity_stage_never_overrides_tagged_names():
    """The tagger's proper names give the name even where the stage's span is longer."""
    rows = """
قال VERB 0 root
المدعي NOUN 1 nsubj
العام ADJ 2 amod
الفرنسي ADJ 2 amod ner=B-PER
فرانسوا X 2 nmod ner=I-PER
مولان X 5 flat ner=E-PER
إن SCONJ 9 mark
الحكومة NOUN 9 nsubj
مستمرة ADJ 1 ccomp
"""
    assert who(rows) == [("قال", "المدعي العام الفرنسي فرانسوا مولان", "فرانسوا مولان")]


def _said(verb: str, source: str, clause: str = "الوضع مستقر") -> str:
    """One paragraph: VERB SOURCE إن CLAUSE . with SOURCE given as 'word UPOS' items (its first word
    heads it, the rest hang on it)."""
    items = [x.split(":") for x in source.split()]
    n = len(items)
    rows = [f"{verb} VERB 0 root" + (" Gender=Fem" if verb.endswith("ت") else "")]
    rows += [f"{w} {u} {1 if k == 0 else 2} {'nsubj' if k == 0 else 'nmod'}" for k, (w, u) in enumerate(items)]
    subject, predicate = clause.split()
    rows += [f"إن SCONJ {n + 4} mark", f"{subject} NOUN {n + 4} nsubj", f"{predicate} ADJ 1 ccomp", ". PUNCT 1 punct"]
    return "\n".join(rows)


EPITHET_AFTER_HER_NAME = "\n¶\n".join([
    _said("قالت", "المفوضة:NOUN ميشيل:X باشيليت:X"), _said("وقالت", "المسؤولة:NOUN الأممية:ADJ")])
EPITHET_OF_ANOTHER_GENDER = "\n¶\n".join([
    _said("قال", "الوزير:NOUN محمد:X علي:X"), _said("وقالت", "المسؤولة:NOUN الأممية:ADJ")])
EPITHET_OF_ANOTHER_OFFICE = "\n¶\n".join([
    _said("قال", "الوزير:NOUN محمد:X علي:X"), _said("وقال", "الرئيس:NOUN الفرنسي:ADJ")])
EPITHET_TWO_FIT = "\n¶\n".join([
    _said("قالت", "الممثلة:NOUN روز:X ماغوين:X"), _said("وقالت", "الممثلة:NOUN آسيا:X أرجنتو:X"),
    _said("وقالت", "الممثلة:NOUN الإيطالية:ADJ")])
NAME_READ_AS_ADJECTIVE = "\n¶\n".join([
    _said("قال", "وزير:NOUN الدفاع:NOUN خالد:X العبيدي:X"), _said("وأكد", "الوزير:NOUN العبيدي:ADJ")])


@pytest.mark.parametrize("rows, expected", [
    (EPITHET_AFTER_HER_NAME, ("وقالت", "المسؤولة الأممية", "ميشيل باشيليت")),
    (EPITHET_OF_ANOTHER_GENDER, ("وقالت", "المسؤولة الأممية", "المسؤولة الأممية")),
    (EPITHET_OF_ANOTHER_OFFICE, ("وقال", "الرئيس الفرنسي", "الرئيس الفرنسي")),
    (EPITHET_TWO_FIT, ("وقالت", "الممثلة الإيطالية", "الممثلة الإيطالية")),
    (NAME_READ_AS_ADJECTIVE, ("وأكد", "الوزير العبيدي", "خالد العبيدي")),
], ids=["epithet-names-her", "other-gender", "other-office", "two-fit-none-taken", "name-read-as-adjective"])
def test_a_bare_epithet_is_the_one_person_it_fits(rows, expected):
    assert who(rows)[-1] == expected



# A verb that drops its subject right after another reporting verb's content shares that verb's
# source; one after reported speech inside a content is the outer speaker's, not the reported one's.
SECOND_VERB_SHARES = "\n".join([
    "قال VERB 0 root", "خاشقجي NOUN 1 nsubj", "إن SCONJ 5 mark", "الوضع NOUN 5 nsubj", "خطير ADJ 1 ccomp",
    "، PUNCT 8 punct", "كما CCONJ 8 cc", "أوضح VERB 1 conj", "أن SCONJ 11 mark", "الحل NOUN 11 nsubj",
    "قريب ADJ 8 ccomp", ". PUNCT 1 punct"])
AFTER_NESTED_SPEECH = "\n".join([
    "و+ CCONJ 2 cc", "قال VERB 0 root", "الوزير NOUN 2 nsubj", "إن SCONJ 6 mark", "الرئيس NOUN 6 nsubj",
    "أكد VERB 2 ccomp", "أن SCONJ 9 mark", "الوضع NOUN 9 nsubj", "خطير ADJ 6 ccomp", "، PUNCT 12 punct",
    "و+ CCONJ 12 cc", "أضاف VERB 2 conj", "أن SCONJ 15 mark", "الحل NOUN 15 nsubj", "قريب ADJ 12 ccomp",
    ". PUNCT 2 punct"])


@pytest.mark.parametrize("rows, cue, entity", [
    (SECOND_VERB_SHARES, "أوضح", "خاشقجي"),
    (AFTER_NESTED_SPEECH, "وأضاف", "الوزير"),
], ids=["second-verb-shares", "after-nested-speech-the-outer-speaker"])
def test_a_second_verb_shares_the_source_of_the_first(rows, cue, entity):
    said = [s for s in who(rows) if s[0] == cue]
    assert said == [(cue, None, entity)]
