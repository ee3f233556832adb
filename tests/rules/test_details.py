"""Stage 7 (rules/details.py) on hand-written UD trees: stance, setting, title and name, anonymity,
the sentence span, quotations split by the cue and coordinated speakers."""
from __future__ import annotations

import pytest

from attribution.rules.details import is_coordination, title_and_name
from attribution.rules.extract import extract_parsed, to_claims
from treebuilder import build


def claims_of(rows: str):
    parsed = build(rows)
    claims = to_claims(extract_parsed(parsed), parsed.text)
    for c in claims:  # every new span indexes the text
        for span in (c.setting, c.sentence_span, c.speaker.title, c.speaker.name, *c.content.parts):
            if span is not None:
                assert parsed.text[span.start:span.end] == span.text
    return parsed, claims


def text_of(span) -> str | None:
    return None if span is None else span.text


def clause(cue: str, feats: str = "", source: str = "الوزارة NOUN 2 nsubj", between: str = "") -> str:
    """و + CUE + SOURCE + BETWEEN + إن الوضع مستقر ."""
    rows = ["و+ CCONJ 2 cc", f"{cue} VERB 0 root {feats}".strip()]
    rows += [r for r in (source + "\n" + between).strip().splitlines() if r.strip()]
    n = len(rows)
    rows += [f"إن SCONJ {n + 3} mark", f"الوضع NOUN {n + 3} nsubj", "مستقر+ ADJ 2 ccomp", ". PUNCT 2 punct"]
    return "\n".join(rows)


# --- stance: نفى and its forms deny -------------------------------------------------------------

@pytest.mark.parametrize("cue, stance", [
    ("نفت", "denial"), ("نفى", "denial"), ("تنفي", "denial"), ("ينفي", "denial"),
    ("قالت", "assertion"), ("أكدت", "assertion"),
])
def test_stance(cue, stance):
    _, claims = claims_of(clause(cue, "Aspect=Perf" if not cue.startswith(("ت", "ي")) else "Aspect=Imp"))
    assert len(claims) == 1 and claims[0].stance == stance


def test_a_denying_participle():
    rows = """
قال VERB 0 root
الوزير NOUN 1 nsubj
إن SCONJ 5 mark
الوضع NOUN 5 nsubj
مستقر+ ADJ 1 ccomp
، PUNCT 7 punct
نافيا VERB 1 advcl
أن SCONJ 10 mark
الحكومة NOUN 10 nsubj
استقالت+ VERB 7 ccomp
. PUNCT 1 punct
"""
    _, claims = claims_of(rows)
    assert [(c.cue.text, c.stance) for c in claims] == [("قال", "assertion"), ("نافيا", "denial")]


# --- setting ------------------------------------------------------------------------------------

IN_STATEMENT = "في ADP 5 case\nبيان NOUN 2 obl"
IN_PRESS_CONFERENCE = "في ADP 5 case\nمؤتمر NOUN 2 obl\nصحفي ADJ 5 amod"
VIA_TWITTER = "عبر ADP 5 case\nتويتر PROPN 2 obl"
INTERVIEW_WITH = ('في ADP 5 case\nمقابلة NOUN 2 obl\nمع ADP 7 case\nصحيفة NOUN 5 nmod\n"+ PUNCT 9 punct\n'
                  'واشنطن PROPN 7 nmod\nبوست+ PROPN 9 flat\n" PUNCT 9 punct')
ON_HIS_ACCOUNT = "على ADP 5 case\nحساب+ NOUN 2 obl\nه PRON 5 nmod\nفي ADP 8 case\nتويتر PROPN 5 nmod"
IN_A_PLACE = "في ADP 5 case\nالقاهرة PROPN 2 obl"
YESTERDAY = "أمس ADV 2 advmod"
STATEMENT_THEN_DAY = "في ADP 5 case\nبيان NOUN 2 obl\nالأحد NOUN 2 obl"


@pytest.mark.parametrize("between, setting", [
    (IN_STATEMENT, "في بيان"),
    (IN_PRESS_CONFERENCE, "في مؤتمر صحفي"),
    (VIA_TWITTER, "عبر تويتر"),
    (INTERVIEW_WITH, 'في مقابلة مع صحيفة "واشنطن بوست"'),
    (ON_HIS_ACCOUNT, "على حسابه في تويتر"),
    (STATEMENT_THEN_DAY, "في بيان"),
    (IN_A_PLACE, None),
    (YESTERDAY, None),
    ("", None),
], ids=["statement", "press-conference", "twitter", "interview-with", "his-account", "day-left-out", "place",
        "time", "none"])
def test_setting_after_the_source(between, setting):
    _, claims = claims_of(clause("قالت", between=between))
    assert len(claims) == 1 and claims[0].speaker.text == "الوزارة"
    assert text_of(claims[0].setting) == setting


def test_setting_opening_the_sentence():
    rows = """
و+ CCONJ 4 cc
في ADP 3 case
بيان+ NOUN 5 obl
، PUNCT 5 punct
قالت VERB 0 root
الوزارة NOUN 5 nsubj
إن SCONJ 9 mark
الوضع NOUN 9 nsubj
مستقر+ ADJ 5 ccomp
. PUNCT 5 punct
"""
    _, claims = claims_of(rows)
    assert [(c.cue.text, c.speaker.text, text_of(c.setting)) for c in claims] == [("قالت", "الوزارة", "في بيان")]


def test_setting_is_never_inside_the_content():
    rows = """
قال VERB 0 root
الوزير NOUN 1 nsubj
إن SCONJ 5 mark
الحكومة NOUN 5 nsubj
أعلنت VERB 1 ccomp
في ADP 7 case
بيان NOUN 5 obl
استقالتها+ NOUN 5 obj
. PUNCT 1 punct
"""
    _, claims = claims_of(rows)
    assert [(c.content.text, c.setting) for c in claims] == [("الحكومة أعلنت في بيان استقالتها", None)]


# --- title and name -----------------------------------------------------------------------------

def mention(rows: str):
    return build(rows).sentences[0].words


def split(rows: str, person: bool = False):
    parsed = build(rows)
    words = parsed.sentences[0].words
    title, name = title_and_name(words, person)
    text = lambda r: None if r is None else parsed.text[words[r[0]].start:words[r[1]].end]  # noqa: E731
    return text(title), text(name)


@pytest.mark.parametrize("rows, person, expected", [
    ("نائب NOUN 0 root\nوزير NOUN 1 nmod\nالعدل NOUN 2 nmod\nرود PROPN 1 nmod\nروزنستاين PROPN 4 flat", False,
     ("نائب وزير العدل", "رود روزنستاين")),
    ("الجنرال NOUN 0 root\nجون VERB 1 nmod\nالن PROPN 2 flat", False, ("الجنرال", "جون الن")),
    ("المتحدث NOUN 0 root\nب ADP 3 case\nاسم NOUN 1 nmod\nالخارجية NOUN 3 nmod\nالفرنسية ADJ 4 amod\n"
     "رومان PROPN 1 appos\nندال PROPN 6 flat", False, ("المتحدث ب اسم الخارجية الفرنسية", "رومان ندال")),
    ("رئيس NOUN 0 root\nالوزراء NOUN 1 nmod\nالإسرائيلي ADJ 1 amod\n، PUNCT 5 punct\nبنيامين PROPN 1 appos\n"
     "نتنياهو PROPN 5 flat", False, ("رئيس الوزراء الإسرائيلي", "بنيامين نتنياهو")),
    ("وزير NOUN 0 root\nالخارجية NOUN 1 nmod\nالأمريكي ADJ 1 amod\nمايك NOUN 1 nmod\nبومبيو PROPN 4 flat", False,
     ("وزير الخارجية الأمريكي", "مايك بومبيو")),  # a name the tagger reads as a noun, after a closed title
    ("رئيس NOUN 0 root\nتركيا PROPN 1 nmod\nرجب PROPN 1 appos\nطيب PROPN 3 flat\nأردوغان PROPN 3 flat", False,
     ("رئيس تركيا", "رجب طيب أردوغان")),  # the genitive of a title in construct is the title's
    ("حسن PROPN 0 root\nالزروقوني PROPN 1 flat\nمدير NOUN 1 appos\nعام ADJ 3 amod\nسيغما PROPN 3 nmod\n"
     "كونساي PROPN 5 flat", False, ("مدير عام سيغما كونساي", "حسن الزروقوني")),
    ("مسؤول NOUN 0 root\nأمريكي ADJ 1 amod\nكبير ADJ 1 amod", False, ("مسؤول أمريكي كبير", None)),
    ("الوزير NOUN 0 root", False, ("الوزير", None)),
    ("بومبيو PROPN 0 root", False, (None, "بومبيو")),
    ("وزارة NOUN 0 root\nالخارجية NOUN 1 nmod", False, (None, None)),
    ("مصدر NOUN 0 root\nمطلع ADJ 1 amod", False, (None, None)),
    ("رجل NOUN 0 root\nالأعمال NOUN 1 nmod\nسيرغي PROPN 1 appos\nكونسوليان PROPN 3 flat", True,
     ("رجل الأعمال", "سيرغي كونسوليان")),  # a person's description that is not a title
    ("خطيبة NOUN 0 root\nالصحفي NOUN 1 nmod\nجمال PROPN 2 appos\nخاشقجي PROPN 3 flat", True,
     ("خطيبة الصحفي جمال خاشقجي", None)),  # the name is her fiancé's, not hers
    ("الناشط NOUN 0 root\nالحقوقي ADJ 1 amod\nو+ CCONJ 4 cc\nعضو NOUN 1 conj\nالهيئة NOUN 4 nmod\n"
     "صلاح PROPN 1 appos\nعبد NOUN 6 flat\nالعاطي PROPN 6 flat", True,
     ("الناشط الحقوقي وعضو الهيئة", "صلاح عبد العاطي")),  # one person, two titles
    ("الرئيس NOUN 0 root\nالفرنسي ADJ 1 amod\nو+ CCONJ 4 cc\nنظير+ NOUN 1 conj\nه PRON 4 nmod\n"
     "الألماني ADJ 4 amod", False, (None, None)),  # two people: no one title or name
    ("المتحدث NOUN 0 root\nالعقيد PROPN 1 nmod\nالركن PROPN 2 flat\nتركي PROPN 2 flat\nالمالكي NOUN 4 flat",
     True, ("المتحدث العقيد الركن", "تركي المالكي")),  # a rank qualifier the tagger reads as a name
], ids=["deputy-minister", "general", "spokesman-for", "comma-apposition", "name-tagged-noun", "construct-genitive",
        "name-first", "indefinite-title", "bare-title", "bare-name", "body", "anonymous", "description",
        "relational", "two-titles", "coordination", "staff-rank"])
def test_title_and_name(rows, person, expected):
    assert split(rows, person) == expected


@pytest.mark.parametrize("rows, names, expected", [
    ("العبادي NOUN 0 root", {"عبادي"}, (None, "العبادي")),      # a name the tagger reads as a noun
    ("خديجة NOUN 0 root\nجنكيز NOUN 1 flat", {"خديجه", "جنكيز"}, (None, "خديجة جنكيز")),
    ("الأمين NOUN 0 root\nالعام ADJ 1 amod\nللشغل NOUN 1 nmod\nنور NOUN 1 appos\nالدين NOUN 4 flat\n"
     "الطبوبي NOUN 4 flat", {"نور", "الطبوبي"}, ("الأمين العام للشغل", "نور الدين الطبوبي")),
    ("الأمين NOUN 0 root\nالعام ADJ 1 amod\nل+ ADP 4 case\nلشغل NOUN 1 nmod\nنور PROPN 1 appos\n"
     "الدين NOUN 5 flat\nالطبوبي ADJ 6 amod", set(), ("الأمين العام للشغل", "نور الدين الطبوبي")),
    ("سالفيني PROPN 0 root\nالقول NOUN 1 obj", {"سالفيني"}, (None, "سالفيني")),  # the name run ends
    ("خديجة NOUN 0 root\nجنكيز PROPN 1 flat", set(), (None, "خديجة جنكيز")),  # a first name read as a noun
    ("حسن PROPN 0 root\nالزروقوني NOUN 1 flat\nمدير NOUN 1 appos\nعام ADJ 3 amod", set(),
     ("مدير عام", "حسن الزروقوني")),  # a nisba family name read as a noun
    ("بارنيي+ PROPN 0 root\nه PRON 1 nmod", set(), (None, "بارنييه")),  # a clitic split off the name
    ("متحدث NOUN 0 root\nب+ ADP 3 case\nاسم NOUN 1 nmod\nالقوات NOUN 3 nmod\nفي ADP 6 case\n"
     "أفغانستان X 4 nmod", {"افغانستان"}, ("متحدث باسم القوات في أفغانستان", None)),  # a genitive, not a name
    ("المتحدث NOUN 0 root\nب+ ADP 3 case\nاسم NOUN 1 nmod\nالوزارة NOUN 3 nmod\n( PUNCT 6 punct\n"
     "البنتاغون PROPN 4 appos\n) PUNCT 6 punct\nجون PROPN 1 appos\nكيربي PROPN 8 flat", set(),
     ("المتحدث باسم الوزارة ( البنتاغون )", "جون كيربي")),  # a gloss in brackets is the title's
], ids=["one-word-name", "name-first-nouns", "name-after-title", "article-after-li", "name-run-ends", "first-name-noun",
        "nisba-family-name", "split-clitic", "genitive-in-names", "bracketed-gloss"])
def test_title_and_name_with_the_entitys_names(rows, names, expected):
    parsed = build(rows)
    words = parsed.sentences[0].words
    title, name = title_and_name(words, True, frozenset(names))
    text = lambda r: None if r is None else parsed.text[words[r[0]].start:words[r[1]].end]  # noqa: E731
    assert (text(title), text(name)) == expected


@pytest.mark.parametrize("rows, coordinated", [
    ("الرئيس NOUN 0 root\nالفرنسي ADJ 1 amod\nو+ CCONJ 4 cc\nنظير+ NOUN 1 conj\nه PRON 4 nmod", True),
    ("ترامب PROPN 0 root\nو+ CCONJ 3 cc\nماكرون PROPN 1 conj", True),
    ("الكاتب NOUN 0 root\nو+ CCONJ 3 cc\nالمحلل NOUN 1 conj\nالسياسي ADJ 3 amod", False),
])
def test_is_coordination(rows, coordinated):
    assert is_coordination(mention(rows)) is coordinated


NAMED_THEN_DROPPED = """
قال VERB 0 root
نائب NOUN 1 nsubj
وزير NOUN 2 nmod
العدل NOUN 3 nmod
رود PROPN 2 nmod
روزنستاين PROPN 5 flat
إن SCONJ 9 mark
التحقيق NOUN 9 nsubj
مستمر+ ADJ 1 ccomp
. PUNCT 1 punct
¶
و+ CCONJ 2 cc
أضاف VERB 0 root Gender=Masc|Number=Sing
أن SCONJ 5 mark
النتائج NOUN 5 nsubj
قريبة+ ADJ 2 ccomp
. PUNCT 2 punct
"""


def test_title_and_name_of_written_and_implicit_speakers():
    _, claims = claims_of(NAMED_THEN_DROPPED)
    got = [(c.cue.text, c.speaker.text, text_of(c.speaker.title), text_of(c.speaker.name)) for c in claims]
    assert got == [("قال", "نائب وزير العدل رود روزنستاين", "نائب وزير العدل", "رود روزنستاين"),
                   ("وأضاف", None, "نائب وزير العدل", "رود روزنستاين")]  # sub-spans of the resolved mention
    implicit = claims[1].speaker
    assert implicit.resolved.start <= implicit.title.start and implicit.name.end <= implicit.resolved.end


# --- anonymity ----------------------------------------------------------------------------------

WITHHELD = ("مصدر NOUN 2 nsubj\nمطلع ADJ 3 amod\nطلب VERB 3 acl\nعدم NOUN 5 obj\nالكشف NOUN 6 nmod\n"
            "عن ADP 9 case\nهوية+ NOUN 7 nmod\nه PRON 9 nmod")
REFUSED = "مسؤول NOUN 2 nsubj\nرفض VERB 3 acl\nذكر NOUN 4 obj\nاسم+ NOUN 5 nmod\nه PRON 6 nmod"


@pytest.mark.parametrize("source, speaker, anonymous", [
    (WITHHELD, "مصدر مطلع", True),
    (REFUSED, "مسؤول", True),
    ("مصادر NOUN 2 nsubj", "مصادر", True),
    ("الوزارة NOUN 2 nsubj", "الوزارة", False),
    ("الوزير NOUN 2 nsubj\nمحمد PROPN 3 flat", "الوزير محمد", False),
], ids=["withheld-identity", "refused-name", "sources", "body", "named"])
def test_anonymous(source, speaker, anonymous):
    _, claims = claims_of(clause("قال", source=source))
    assert [(c.speaker.text, c.speaker.anonymous) for c in claims] == [(speaker, anonymous)]


def test_an_implicit_speaker_resolved_to_an_anonymous_source_is_anonymous():
    rows = clause("قالت", source="مصادر NOUN 2 nsubj") + """
¶
و+ CCONJ 2 cc
أضافت VERB 0 root Gender=Fem|Number=Sing
أن SCONJ 5 mark
المفاوضات NOUN 5 nsubj
متعثرة+ ADJ 2 ccomp
. PUNCT 2 punct
"""
    _, claims = claims_of(rows)
    assert [(c.speaker.implicit, c.speaker.resolved.text, c.speaker.anonymous) for c in claims] == \
        [(False, "مصادر", True), (True, "مصادر", True)]


# --- sentence span ------------------------------------------------------------------------------

def test_sentence_span_is_the_claims_sentence():
    rows = """
وصل VERB 0 root
الوفد NOUN 1 nsubj
. PUNCT 1 punct

قال VERB 0 root
الوزير NOUN 1 nsubj
إن SCONJ 5 mark
الزيارة NOUN 5 nsubj
ناجحة+ ADJ 1 ccomp
. PUNCT 1 punct
"""
    parsed, claims = claims_of(rows)
    assert [c.sentence_span.text for c in claims] == ["قال الوزير إن الزيارة ناجحة."]
    assert claims[0].sentence_span.start == parsed.sentences[1].start


def test_sentence_span_covers_a_quotation_over_two_sentences():
    rows = """
قال VERB 0 root
الوزير+ NOUN 1 nsubj
: PUNCT 1 punct
"+ PUNCT 6 punct
الوضع NOUN 6 nsubj
صعب+ ADJ 1 parataxis
. PUNCT 6 punct

الحل NOUN 2 nsubj
قريب+ ADJ 0 root
"+ PUNCT 2 punct
. PUNCT 2 punct
"""
    parsed, claims = claims_of(rows)
    assert [c.content.text for c in claims] == ["الوضع صعب. الحل قريب"]
    assert claims[0].sentence_span.text == parsed.text.rstrip("\n")


# --- a quotation split by the cue ---------------------------------------------------------------

SPLIT_QUOTE = """
"+ PUNCT 3 punct
لن PART 3 advmod
نتراجع+ VERB 7 ccomp
"+ PUNCT 3 punct
، PUNCT 7 punct
و+ CCONJ 7 cc
قال VERB 0 root
الوزير+ NOUN 7 nsubj
، PUNCT 11 punct
"+ PUNCT 11 punct
سنواصل VERB 7 ccomp
العمل+ NOUN 11 obj
"+ PUNCT 11 punct
. PUNCT 7 punct
¶
و+ CCONJ 2 cc
أضاف VERB 0 root Gender=Masc|Number=Sing
أن SCONJ 5 mark
النتائج NOUN 5 nsubj
قريبة+ ADJ 2 ccomp
. PUNCT 2 punct
"""


def test_a_quotation_split_by_the_cue_is_one_claim_in_parts():
    parsed, claims = claims_of(SPLIT_QUOTE)
    first = claims[0]
    assert (first.cue.text, first.speaker.text, first.type) == ("وقال", "الوزير", "direct")
    assert [p.text for p in first.content.parts] == ["لن نتراجع", "سنواصل العمل"]
    assert (first.content.start, first.content.end) == (first.content.parts[0].start, first.content.parts[1].end)
    assert "split-quote" in first.evidence
    # the source in between is not reported speech: the next sentence's dropped subject finds it
    assert [(c.cue.text, c.speaker.resolved.text) for c in claims[1:]] == [("وأضاف", "الوزير")]


def test_a_quotation_after_the_cue_alone_has_no_parts():
    rows = """
قال VERB 0 root
الوزير+ NOUN 1 nsubj
: PUNCT 5 punct
"+ PUNCT 5 punct
سنواصل VERB 1 ccomp
العمل+ NOUN 5 obj
"+ PUNCT 5 punct
. PUNCT 1 punct
"""
    _, claims = claims_of(rows)
    assert [(c.content.text, c.content.parts) for c in claims] == [("سنواصل العمل", [])]


# --- coordinated speakers -----------------------------------------------------------------------

@pytest.mark.parametrize("source, speaker", [
    ("الرئيس NOUN 2 nsubj\nالفرنسي ADJ 3 amod\nو+ CCONJ 6 cc\nنظير+ NOUN 3 conj\nه PRON 6 nmod\n"
     "الألماني ADJ 6 amod", "الرئيس الفرنسي ونظيره الألماني"),
    ("ترامب PROPN 2 nsubj\nو CCONJ 5 cc\nماكرون PROPN 3 conj", "ترامب و ماكرون"),
    ("الكاتب NOUN 2 nsubj\nو+ CCONJ 5 cc\nالمحلل NOUN 3 conj\nالسياسي ADJ 5 amod", "الكاتب والمحلل السياسي"),
], ids=["counterpart", "two-names", "two-titles"])
def test_a_coordinated_speaker_is_kept_whole(source, speaker):
    _, claims = claims_of(clause("قال", source=source))
    assert [c.speaker.text for c in claims] == [speaker]
    assert claims[0].speaker.entity == speaker
