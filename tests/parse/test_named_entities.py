"""Named entities on parsed words and sentences: tags from Stanza's NER stage become word BIO tags
and sentence entity spans with offsets; the bundled model has the stage, CoNLL-U carries it."""
from __future__ import annotations

import pytest
from stanza.utils.conll import CoNLL

from attribution.parse.document import Sentence, _token_entities, from_stanza_document, parse_paragraphs, parse_texts, split_paragraphs
from attribution.parse.pipeline import BUNDLED_FILES, NER_FILE, ModelSpec
from treebuilder import build


@pytest.mark.parametrize("tags, expected", [
    (["O", "S-PER", "O"], [("PER", 1, 1)]),
    (["B-ORG", "I-ORG", "E-ORG", "S-LOC"], [("ORG", 0, 2), ("LOC", 3, 3)]),
    (["B-PER", "I-PER", "O", "B-PER"], [("PER", 0, 1), ("PER", 3, 3)]),           # BIO
    (["O", "I-PER", "E-PER"], [("PER", 1, 2)]),                                   # no opening B-
    (["B-PER", "I-ORG"], [("PER", 0, 0), ("ORG", 1, 1)]),                         # type changes
    (["S-PER", "S-PER"], [("PER", 0, 0), ("PER", 1, 1)]),
    ([None, "O", None], []),
])
def test_token_entities_read_bioes_and_bio(tags, expected):
    assert _token_entities(tags) == expected


def test_word_tags_and_entity_offsets_from_the_tree():
    parsed = build("""
        و+ CCONJ 2 cc
        قال VERB 0 root
        الرئيس NOUN 2 nsubj
        دونالد PROPN 3 nmod ner=B-PER
        ترامب PROPN 4 flat ner=E-PER
        إن SCONJ 8 mark
        الأمم NOUN 8 nsubj ner=B-ORG
        فشلت VERB 2 ccomp
    """)
    sentence = parsed.sentences[0]
    assert [w.ner for w in sentence.words] == ["O", "O", "O", "B-PER", "I-PER", "O", "B-ORG", "O"]
    per, org = sentence.entities
    assert (per.type, per.first, per.last, parsed.text[per.start:per.end]) == ("PER", 3, 4, "دونالد ترامب")
    assert (org.type, parsed.text[org.start:org.end]) == ("ORG", "الأمم")
    assert sentence.entity_at(4) is per and sentence.entity_at(2) is None


def test_a_leading_clitic_of_a_multiword_token_stays_outside_the_name():
    """Official Stanza models tag tokens: وترامب (و + ترامب) is S-PER, the name is ترامب."""
    conllu = ("# text = وترامب قال\n"
              "1-2\tوترامب\t_\t_\t_\t_\t_\t_\t_\tner=S-PER\n"
              "1\tو\tو\tCCONJ\t_\t_\t3\tcc\t_\t_\n"
              "2\tترامب\tترامب\tPROPN\t_\t_\t3\tnsubj\t_\t_\n"
              "3\tقال\tقال\tVERB\t_\t_\t0\troot\t_\t_\n\n")
    doc = CoNLL.conll2doc(input_str=conllu, reconstruct_text=True)
    parsed = from_stanza_document(doc)
    (entity,) = parsed.sentences[0].entities
    assert (entity.first, entity.last, parsed.text[entity.start:entity.end]) == (1, 1, "ترامب")
    assert [w.ner for w in parsed.sentences[0].words] == ["O", "B-PER", "O"]


def test_without_a_ner_stage_words_are_outside_names():
    parsed = build("""
        قال VERB 0 root
        ترامب PROPN 1 nsubj
    """)
    assert parsed.sentences[0].entities == [] and {w.ner for w in parsed.sentences[0].words} == {"O"}


def test_bundled_model_has_a_ner_stage_and_finds_names(nlp):
    assert "ner" in nlp.processors
    text = "وقال الرئيس الأمريكي دونالد ترامب إن الأمم المتحدة فشلت في مهمتها."
    sentence = parse_paragraphs(nlp, text).sentences[0]
    found = {(e.type, text[e.start:e.end]) for e in sentence.entities}
    assert ("PER", "دونالد ترامب") in found
    for e in sentence.entities:  # the words' tags agree with the spans
        assert [w.ner[2:] for w in sentence.words[e.first:e.last + 1]] == [e.type] * (e.last - e.first + 1)
        assert sentence.words[e.first].ner.startswith("B-")


def test_an_untagged_sentence_is_tagged_once_when_first_read():
    calls = []

    def tag(sentence):
        calls.append(sentence.index)
        sentence.words[0].ner = "B-PER"
        return ["an entity"]

    sentence = Sentence(index=3, paragraph=0, words=build("ترامب PROPN 0 root").sentences[0].words, tag_later=tag)
    assert sentence.tagged_entities is None and sentence.words[0].ner == "O"
    assert sentence.entities == ["an entity"] and sentence.entities == ["an entity"]
    assert calls == [3] and sentence.tag_later is None and sentence.words[0].ner == "B-PER"


SELECTIVE_TEXT = ("وقال الرئيس الأمريكي دونالد ترامب إن الأمم المتحدة فشلت في مهمتها.\n\n"
                  "وزار إيمانويل ماكرون العاصمة الألمانية برلين أمس.\n\n"
                  "وأعلنت وزارة الخارجية الفرنسية في باريس أن الاجتماع تأجل.")


def _spans(parsed):
    return [[(e.type, e.first, e.last, e.start, e.end) for e in s.entities] for s in parsed.sentences]


def test_entities_tagged_with_the_parse_or_later_are_the_same(nlp):
    """With ``entities_for``, the chosen sentences are tagged in one batch with the parse and the
    others when first read; either way each sentence gets the entities and word tags it gets when
    the whole text is tagged."""
    full = parse_paragraphs(nlp, SELECTIVE_TEXT)
    chosen = []
    selective = parse_texts(nlp, [(SELECTIVE_TEXT, split_paragraphs(SELECTIVE_TEXT))],
                            entities_for=lambda s, text: chosen.append(s.paragraph) or s.paragraph != 1)[0]
    assert sorted(chosen) == [0, 1, 2]  # every sentence is asked once
    assert [s.tagged_entities is None for s in selective.sentences] == [False, True, False]
    assert _spans(selective) == _spans(full) and any(_spans(full)[1])
    assert [[w.ner for w in s.words] for s in selective.sentences] == [[w.ner for w in s.words] for s in full.sentences]


def test_parse_prints_entity_tags_that_read_back(tmp_path, nlp):
    """`attribution parse` writes NER=B-PER in MISC; reading the CoNLL-U back gives the same spans."""
    from click.testing import CliRunner

    from attribution.cli import main
    text = "وقال الرئيس الأمريكي دونالد ترامب إن الاتفاق سيئ."
    article = tmp_path / "a.txt"
    article.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["parse", str(article)])
    assert result.exit_code == 0, result.output
    assert "NER=B-PER" in result.output and "NER=I-PER" in result.output
    reread = from_stanza_document(CoNLL.conll2doc(input_str=result.output), text)
    direct = parse_paragraphs(nlp, text)
    assert [(e.type, e.start, e.end) for e in reread.sentences[0].entities] == \
           [(e.type, e.start, e.end) for e in direct.sentences[0].entities]


def test_a_model_directory_without_ner_file_has_no_ner_stage(tmp_path):
    for name in BUNDLED_FILES.values():
        (tmp_path / name).write_bytes(b"")
    spec = ModelSpec("bundled", tmp_path, "dir:x")
    assert not spec.has_ner
    (tmp_path / NER_FILE).write_bytes(b"")
    assert spec.has_ner


def test_official_models_have_ner_once_downloaded(tmp_path):
    spec = ModelSpec("stanza", tmp_path, "stanza:ar")
    (tmp_path / "ar" / "ner").mkdir(parents=True)
    assert not spec.has_ner
    (tmp_path / "ar" / "ner" / "aqmar_charlm.pt").write_bytes(b"")
    assert spec.has_ner


def test_bundled_weights_stay_within_60_mb():
    """Issue 14's bound for everything shipped in the package, the NER model included."""
    from attribution.parse.pipeline import BUNDLED_DIR
    files = list(BUNDLED_DIR.glob("*.pt"))
    assert (BUNDLED_DIR / NER_FILE) in files
    assert sum(f.stat().st_size for f in files) <= 60e6
