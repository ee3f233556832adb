"""The bundled Stanza pipeline: offline loading, a reporting sentence, offsets, errors."""
from __future__ import annotations

import pytest

from attribution.parse.document import parse_paragraphs, split_paragraphs
from attribution.parse.pipeline import ModelNotFoundError, load_pipeline, resolve_model

SENTENCE = "وقال المتحدث إن الاجتماع سيعقد غدا."


def test_bundled_pipeline_parses_reporting_sentence_offline(nlp, monkeypatch):
    parsed = parse_paragraphs(nlp, SENTENCE)
    words = parsed.sentences[0].words
    verb = next(w for w in words if w.text == "قال")
    assert verb.upos == "VERB"
    subject = next(w for w in words if w.text == "المتحدث")
    assert subject.deprel == "nsubj" and subject.head == verb.id
    for w in words:  # offsets index the exact input, clitics included (و + قال)
        assert SENTENCE[w.start:w.end] == w.text


def test_offsets_survive_crlf_and_paragraphs(nlp):
    text = "قال الوزير إن الوضع صعب.\r\n\r\nوأضاف أن الحل قريب."
    parsed = parse_paragraphs(nlp, text)
    assert [p.index for p in parsed.paragraphs] == [0, 1]
    assert {s.paragraph for s in parsed.sentences} == {0, 1}
    for s in parsed.sentences:
        para = parsed.paragraph(s.paragraph)
        assert para.start <= s.start and s.end <= para.end  # no sentence crosses the blank line
        for w in s.words:
            assert text[w.start:w.end] == w.text


def test_missing_model_directory_is_one_clear_line(tmp_path):
    with pytest.raises(ModelNotFoundError) as err:
        resolve_model(tmp_path)
    message = str(err.value)
    assert "\n" not in message and "tokenizer.pt" in message and str(tmp_path) in message


def test_missing_official_models_name_the_directory(tmp_path, monkeypatch):
    monkeypatch.setenv("STANZA_RESOURCES_DIR", str(tmp_path / "nowhere"))
    with pytest.raises(ModelNotFoundError, match="official Stanza Arabic models not found"):
        load_pipeline("stanza")


def test_official_stanza_layout_is_recognised(tmp_path):
    (tmp_path / "ar").mkdir()
    (tmp_path / "resources.json").write_text("{}")
    assert resolve_model(tmp_path).kind == "stanza"


@pytest.mark.parametrize("text, expected", [
    ("أ\n\nب", ["أ", "ب"]),
    ("أ\n \n\n\nب\n", ["أ", "ب"]),
    ("أ\r\n\r\nب", ["أ", "ب"]),
    ("سطر\nوسطر\n\nفقرة", ["سطر\nوسطر", "فقرة"]),
    ("  \n\n  ", []),
])
def test_split_paragraphs(text, expected):
    paragraphs = split_paragraphs(text)
    assert [p.text for p in paragraphs] == expected
    assert [text[p.start:p.end] for p in paragraphs] == expected


def test_models_lists_bundled_and_official(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from attribution.cli import main
    monkeypatch.setenv("STANZA_RESOURCES_DIR", str(tmp_path))
    result = CliRunner().invoke(main, ["models"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split()[:2] == ["bundled", "installed"]
    assert lines[1].split()[:2] == ["stanza", "missing"] and str(tmp_path) in lines[1]


def test_models_download_fails_clearly_offline(tmp_path, monkeypatch):
    import stanza
    from click.testing import CliRunner

    from attribution.cli import main

    def offline(*args, **kwargs):
        raise ConnectionError("Max retries exceeded (NameResolutionError)")
    monkeypatch.setattr(stanza, "download", offline)
    monkeypatch.setenv("STANZA_RESOURCES_DIR", str(tmp_path))
    result = CliRunner().invoke(main, ["models", "download"])
    assert result.exit_code == 1
    assert "could not download the Stanza Arabic models" in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_parse_prints_conllu_with_offsets(tmp_path):
    from click.testing import CliRunner

    from attribution.cli import main
    article = tmp_path / "a.txt"
    article.write_text(SENTENCE + "\n\n" + SENTENCE, encoding="utf-8")
    result = CliRunner().invoke(main, ["parse", str(article)])
    assert result.exit_code == 0, result.output
    rows = [line.split("\t") for line in result.output.splitlines() if line and not line.startswith("#")]
    text = article.read_text(encoding="utf-8")
    for row in rows:
        misc = dict(item.split("=") for item in row[9].split("|"))
        assert text[int(misc["start_char"]):int(misc["end_char"])] == row[1]
    assert result.output.count("# newpar") == 2


@pytest.mark.parametrize("flags, text", [
    ([], SENTENCE + "\n\n" + SENTENCE),
    (["--pretokenized"], "و قال المتحدث إن الاجتماع سيعقد غدا .\nو أضاف أن الوفد وصل ."),
], ids=["raw", "pretokenized"])
def test_parse_output_is_conllu_the_ud_scorer_reads(tmp_path, flags, text):
    """The CoNLL 2018 scorer (Stanza's copy) refuses a file that does not end with a blank line."""
    from click.testing import CliRunner
    from stanza.models.common.utils import ud_scores

    from attribution.cli import main
    article = tmp_path / "a.txt"
    article.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["parse", *flags, str(article)])
    assert result.exit_code == 0, result.output
    assert result.output.endswith("\n\n")
    out = tmp_path / "a.conllu"
    out.write_text(result.output, encoding="utf-8")
    assert ud_scores(str(out), str(out))["LAS"].f1 == 1.0


def test_parse_pretokenized(tmp_path):
    from click.testing import CliRunner

    from attribution.cli import main
    article = tmp_path / "a.txt"
    article.write_text("و قال المتحدث إن الاجتماع سيعقد غدا .\nو أضاف أن الوفد وصل .", encoding="utf-8")
    result = CliRunner().invoke(main, ["parse", "--pretokenized", str(article)])
    assert result.exit_code == 0, result.output
    sentences = [block for block in result.output.strip().split("\n\n") if block.strip()]
    assert len(sentences) == 2
    forms = [line.split("\t")[1] for line in sentences[0].splitlines() if not line.startswith("#")]
    assert forms == "و قال المتحدث إن الاجتماع سيعقد غدا .".split()


MWT_CONLLU = """# text = وقال المتحدث للحظر.
1-2	وقال	_	_	_	_	_	_	_	_
1	و	و	CCONJ	_	_	2	cc	_	_
2	قال	قال	VERB	_	_	0	root	_	_
3	المتحدث	المتحدث	NOUN	_	_	2	nsubj	_	_
4-5	للحظر	_	_	_	_	_	_	_	SpaceAfter=No
4	ل	ل	ADP	_	_	5	case	_	_
5	الحظر	الحظر	NOUN	_	_	2	obl	_	_
6	.	.	PUNCT	_	_	2	punct	_	_

"""


def test_words_of_multiword_tokens_point_into_their_token():
    """The official Stanza models split clitics as multi-word tokens (و + قال); each word gets an
    offset inside its token, also where the model respells it (ل + الحظر inside للحظر)."""
    from stanza.utils.conll import CoNLL

    from attribution.parse.document import from_stanza_document
    doc = CoNLL.conll2doc(input_str=MWT_CONLLU, reconstruct_text=True)
    parsed = from_stanza_document(doc)
    text = parsed.text
    words = parsed.sentences[0].words
    assert [(w.text, text[w.start:w.end]) for w in words[:3]] == [("و", "و"), ("قال", "قال"), ("المتحدث", "المتحدث")]
    token = text.index("للحظر")
    lam, noun = words[3], words[4]
    assert (lam.start, lam.end) == (token, token + 1)
    assert token + 1 <= noun.start < noun.end <= token + len("للحظر")


@pytest.mark.parametrize("paragraph, limit, mark", [
    ("كلمة " * 1000, 2000, " "),                              # no punctuation: cut at spaces
    ("قال الوزير إن الوضع صعب. " * 200, 2000, "."),            # cut at sentence ends
    ("قال الوزير إن الوضع صعب، " * 200, 2000, "،"),            # else at clause marks
    ("سطر أول من الخبر\n" * 300, 1000, "\n"),                  # line ends first
])
def test_long_paragraphs_reach_the_parser_in_bounded_pieces(paragraph, limit, mark):
    from attribution.parse.document import Paragraph, parser_pieces

    text = "مقدمة قصيرة.\n\n" + paragraph.strip() + "\n\nخاتمة."
    para = split_paragraphs(text)[1]
    pieces = parser_pieces(para, limit)
    assert len(pieces) > 1 and all(len(p.text) <= limit for p in pieces)
    assert all(p.index == para.index and text[p.start:p.end] == p.text for p in pieces)
    # nothing lost or repeated: the pieces and the whitespace between them rebuild the paragraph
    assert "".join(text[a.start:b.start] for a, b in zip(pieces, pieces[1:])) + pieces[-1].text == para.text
    # where each cut was made: a sentence end stays in its piece, a space or line end between pieces
    cut_at = [text[p.end - 1] if text[p.end - 1] in ".!?؟،" else text[p.end] for p in pieces[:-1]]
    assert set(cut_at) == {mark}
    assert parser_pieces(Paragraph(0, 0, 5, "قصير."), limit) == [Paragraph(0, 0, 5, "قصير.")]


def test_parse_of_a_long_paragraph_keeps_offsets_and_paragraph_numbers():
    from attribution.parse.document import MAX_PIECE_CHARS, parse_paragraphs
    from fakenlp import FakeNLP

    text = "قال الوزير\n\n" + "إن الحل قريب و " * 800 + "\n\nوأضاف أن الوضع صعب."
    nlp = FakeNLP()
    parsed = parse_paragraphs(nlp, text)
    assert max(len(t) for t in nlp.parsed) <= MAX_PIECE_CHARS < len(parsed.paragraphs[1].text)
    assert [s.index for s in parsed.sentences] == list(range(len(parsed.sentences)))
    assert {s.paragraph for s in parsed.sentences} == {0, 1, 2}
    for s in parsed.sentences:
        para = parsed.paragraph(s.paragraph)
        assert para.start <= s.start and s.end <= para.end
        assert all(text[w.start:w.end] == w.text for w in s.words)


@pytest.mark.parametrize("lengths, batch_size, max_chars, calls", [
    ([], 32, 1000, []),
    ([10] * 5, 2, 1000, [[0, 1], [2, 3], [4]]),                  # paragraphs per call
    ([10, 100, 10, 10], 32, 200, [[1, 0], [2, 3]]),              # longest first, padded cost
    ([5000, 10], 32, 1000, [[0], [1]]),                          # one over the budget goes alone
    ([300, 20, 290, 30, 280], 32, 600, [[0, 2], [4, 3], [1]]),    # filled longest first
])
def test_parser_calls_bound_paragraphs_and_padded_characters(lengths, batch_size, max_chars, calls):
    from attribution.parse.document import padded_chars, parser_calls

    texts = ["x" * n for n in lengths]
    got = parser_calls(texts, batch_size, max_chars)
    assert got == calls
    assert sorted(i for call in got for i in call) == list(range(len(texts)))
    assert all(len(c) <= batch_size and (len(c) == 1 or padded_chars([texts[i] for i in c]) <= max_chars)
               for c in got)


def test_parse_texts_is_the_same_whatever_the_calls():
    """Calls bounded by padded characters regroup and reorder paragraphs; each text still gets its
    sentences in text order, numbered from 0, with the offsets of a parse in one call."""
    from attribution.parse.document import parse_texts
    from fakenlp import FakeNLP

    texts = ["قال الوزير إن الوضع صعب. وأضاف أن الحل قريب.\n\n" + "كلمة " * (40 * k) + "\n\nانتهى."
             for k in range(1, 6)]
    items = [(t, split_paragraphs(t)) for t in texts]
    bounded, one_call = FakeNLP(), FakeNLP()
    small = parse_texts(bounded, items, batch_size=32, max_chars=1500)
    whole = parse_texts(one_call, items, batch_size=32, max_chars=10**9)
    assert one_call.calls == 1 < bounded.calls and bounded.max_call_padded <= 1500
    for a, b in zip(small, whole):
        assert [(s.index, s.paragraph, s.start, s.end) for s in a.sentences] == \
               [(s.index, s.paragraph, s.start, s.end) for s in b.sentences]
        assert [s.index for s in a.sentences] == list(range(len(a.sentences)))
        assert [s.start for s in a.sentences] == sorted(s.start for s in a.sentences)


MMAP_PROBE = r"""
import ctypes, ctypes.util, sys
from attribution.parse.stanza_patches.memory import bound_allocations

class MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in
                ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")]

libc = ctypes.CDLL(ctypes.util.find_library("c"))
libc.mallinfo2.restype = MallInfo2
made = bound_allocations()
first = bytearray(6 * 2**20)
del first  # by glibc's own rule, freeing it raises the threshold above 6 MiB
before = libc.mallinfo2().hblks
second = bytearray(6 * 2**20)
print(made, libc.mallinfo2().hblks - before)
"""


@pytest.mark.parametrize("env, made, mapped", [
    ({}, True, 1),                                          # default: a big block is its own mapping
    ({"ATTRIBUTION_MEMORY": "fast"}, False, 0),             # glibc's rule: it comes from the heap
    ({"MALLOC_MMAP_THRESHOLD_": str(64 * 2**20)}, False, 0),  # the user's own threshold is kept
])
def test_big_blocks_go_back_to_the_system_unless_asked_otherwise(env, made, mapped):
    import os
    import platform
    import subprocess
    import sys

    if platform.libc_ver()[0] != "glibc":
        pytest.skip("mallopt and mallinfo2 are glibc's")
    clean = {k: v for k, v in os.environ.items()
             if k not in ("ATTRIBUTION_MEMORY", "MALLOC_MMAP_THRESHOLD_", "GLIBC_TUNABLES")}
    done = subprocess.run([sys.executable, "-c", MMAP_PROBE], env={**clean, **env},
                          capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == [str(made), str(mapped)], done.stderr[-500:]


def test_a_bad_memory_mode_is_a_one_line_error(monkeypatch):
    from click.testing import CliRunner

    from attribution.cli import main
    from attribution.parse.stanza_patches.memory import memory_mode

    monkeypatch.setenv("ATTRIBUTION_MEMORY", "small")
    with pytest.raises(ValueError, match="ATTRIBUTION_MEMORY='small': expected one of bounded, fast"):
        memory_mode()
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.strip().splitlines() == ["Error: ATTRIBUTION_MEMORY='small': expected one of bounded, fast"]
    monkeypatch.setenv("ATTRIBUTION_MEMORY", " Fast ")
    assert memory_mode() == "fast"


def test_memory_settings_for_long_runs():
    """A long run's memory stays flat only with oneDNN's kernel cache bounded, freed heap pages
    returned after each batch and the parser's inner batches small (benchmarks/RESULTS.md has the
    measurements); a user's own cache setting wins."""
    import os
    import platform
    import subprocess
    import sys

    from attribution.parse.stanza_patches.memory import release_memory
    from attribution.parse.stanza_patches import ONEDNN_CACHE_CAPACITY, PARSER_BATCH_WORDS

    script = ("import os; from attribution.parse.pipeline import load_pipeline; nlp, _ = load_pipeline(); "
              "print(os.environ['ONEDNN_PRIMITIVE_CACHE_CAPACITY'], nlp.processors['depparse'].config['batch_size'])")
    for user_value, cache in ((None, ONEDNN_CACHE_CAPACITY), ("32", "32")):
        expected = f"{cache} {PARSER_BATCH_WORDS}"
        env = {k: v for k, v in os.environ.items() if k != "ONEDNN_PRIMITIVE_CACHE_CAPACITY"}
        if user_value:
            env["ONEDNN_PRIMITIVE_CACHE_CAPACITY"] = user_value
        done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
        assert done.stdout.strip() == expected, done.stderr[-500:]
    assert release_memory() is (platform.libc_ver()[0] == "glibc")


LOAD_PROBE = """
import sys
from stanza.models.common import utils
factories = (utils.get_optimizer, utils.get_split_optimizer)
from attribution.parse.pipeline import load_pipeline
nlp, _ = load_pipeline()
words = len(nlp('قال الوزير إن الاجتماع سيعقد غدا.').sentences[0].words)
from stanza.models.common import chuliu_edmonds
from attribution.parse.stanza_patches.treedecode import find_cycles
print('torch._dynamo' in sys.modules, (utils.get_optimizer, utils.get_split_optimizer) == factories,
      nlp.processors['tokenize']._trainer.optimizer, words > 5, chuliu_edmonds.tarjan is find_cycles)
"""


def test_loading_builds_no_training_optimizers():
    """Stanza's trainers build an optimizer even to predict, and the first one imports
    torch._dynamo (~1 s and ~70 MB per process); our pipeline skips them, parses as before, and
    gives Stanza its factories back for training.  It also installs the faster cycle search."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", LOAD_PROBE], capture_output=True, text=True, timeout=120)
    assert done.stdout.split() == ["False", "True", "None", "True", "True"], done.stderr[-500:]


def test_optimizer_factories_come_back_after_a_failed_load():
    from stanza.models.common import utils

    from attribution.parse.stanza_patches.optimizers import without_optimizers

    factories = (utils.get_optimizer, utils.get_split_optimizer)
    with pytest.raises(OSError):
        with without_optimizers():
            assert utils.get_optimizer("adam", None) is None and utils.get_split_optimizer("adam", None) == {}
            raise OSError("model file unreadable")
    assert (utils.get_optimizer, utils.get_split_optimizer) == factories


@pytest.mark.parametrize("charlm_files, passed", [
    (("ner_forward_charlm.pt", "ner_backward_charlm.pt"), True),   # an ner.pt trained with them
    (("ner_forward_charlm.pt",), False),                            # one alone is not a pair
    ((), False),                                                    # an ner.pt trained without
])
def test_ner_character_models_are_handed_to_stanza(tmp_path, monkeypatch, charlm_files, passed):
    import stanza

    from attribution.parse import pipeline as P

    for name in list(P.BUNDLED_FILES.values()) + [P.NER_FILE, *charlm_files]:
        (tmp_path / name).write_bytes(b"")
    seen = {}
    monkeypatch.setattr(stanza, "Pipeline", lambda **kwargs: seen.update(kwargs))
    monkeypatch.setattr(P, "load_vocabulary", lambda path: set())
    P._build_pipeline(P.ModelSpec("bundled", tmp_path, "dir:x"), False, False)
    assert seen["processors"].endswith(",ner")
    assert ("ner_forward_charlm_path" in seen) is passed and ("ner_backward_charlm_path" in seen) is passed
    if passed:
        assert seen["ner_forward_charlm_path"] == str(tmp_path / "ner_forward_charlm.pt")


@pytest.mark.parametrize("text, pieces", [
    ("حملة مكثفة. وللفلسطينيين وضع الدولة.", ["حملة مكثفة.", "وللفلسطينيين وضع الدولة."]),
    ("هل انتهى؟ قال الوزير إنه انتهى!", ["هل انتهى؟", "قال الوزير إنه انتهى!"]),
    # a quotation keeps its sentences, and its cue, together
    ('قال: "جرى إخراجه. إنه واع." ثم مضى. وبعد ذلك', ['قال: "جرى إخراجه. إنه واع." ثم مضى.', "وبعد ذلك"]),
    ("قال «جرى إخراجه. إنه واع» ثم مضى", ["قال «جرى إخراجه. إنه واع» ثم مضى"]),
    # an abbreviated title (د. محمد), a number after the stop, an ellipsis: no sentence ends
    ("قال د. محمد إن عام 2012. 5 أشخاص... ثم انتهى", ["قال د. محمد إن عام 2012. 5 أشخاص... ثم انتهى"]),
], ids=["full-stop", "question-and-exclamation", "straight-quotes", "guillemets", "no-end"])
def test_the_parser_gets_a_paragraph_sentence_by_sentence(text, pieces):
    from attribution.parse.document import Paragraph, parser_pieces

    got = parser_pieces(Paragraph(3, 10, 10 + len(text), text))
    assert [p.text for p in got] == pieces
    assert all(p.index == 3 and text[p.start - 10:p.end - 10] == p.text for p in got)
