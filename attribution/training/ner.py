"""A compact Arabic named-entity model (PER / ORG / LOC / MISC) trained with Stanza's own NER trainer.

Data: ``shared/data/ner`` (see its README): NewsFANE and WikiFANE (CC BY-SA 3.0, clitic-segmented
and hamza-normalised, 45-51 fine classes), AQMAR (CC BY-SA 3.0, whitespace tokens as written).

Token level.  The bundled pipeline has no MWT model: its tokenizer splits proclitics and
pronoun suffixes into tokens of their own (و|قال، ل|جميع، مسؤوليت|هم، ل|لحظر), and Stanza's NER
processor tags *tokens*.  So every corpus is brought to the tokens that tokenizer produces:

1. FANE segments are re-joined into written words (و قالت → وقالت, حصة ها → حصتها with ة→ت,
   ل الامم → للامم), and hamzas are restored from the word-vector vocabulary (the most frequent
   written form with the same letters up to أ/إ/آ/ا and ى/ي: اعلن → أعلن, الى → إلى); AQMAR
   is already written text.  Entities become character spans of that text.
2. The bundled tokenizer (with the pipeline's CliticMerger (tokenfix.py))
   tokenizes the text, one sentence per corpus sentence, and each token takes the entity whose
   span it overlaps; a lone proclitic letter at the start of an entity (ل|لأمم المتحدة) or a
   pronoun at its end is left outside it.

Splits: NewsFANE's last 10% of sentences is the test split (never trained or tuned on), the 10%
before it the dev split (early stopping); AQMAR uses Stanza's own 70/15/15 random split
(``stanza.utils.datasets.ner.convert_ar_aqmar``, seed 1234), its test part held out.

Character models: with ``NerConfig.charlm`` (``--ner-charlm``; off by default) the tagger also
reads a forward and a backward character language model trained on raw news (``charlm.py``),
packed beside ``ner.pt``.
"""
from __future__ import annotations

import bisect
import gzip
import json
import logging
import random
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from attribution.parse.tokenfix import whole_key

log = logging.getLogger(__name__)

SHORT = "ar_attr"
TYPES = ("PER", "ORG", "LOC", "MISC")

# ---------------------------------------------------------------------------------------------
# reading the corpora

INVISIBLE_RE = re.compile("[\ufeff\u200b-\u200f\u202a-\u202e\u2066-\u2069\r]")


def clean_token(token: str) -> str:
    """A token without BOM, zero-width and direction marks (U+200E ...), CR, or outer spaces."""
    return INVISIBLE_RE.sub("", token).strip()


def read_fane(text: str) -> list[list[tuple[str, str]]]:
    """FANE: UTF-8 with BOM, CRLF, ``token<TAB>tag`` lines, a sentence ends at a line holding only
    a tab (or nothing).  Tokens that are empty once cleaned are dropped."""
    sentences, current = [], []
    for line in text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        parts = line.split("\t")
        token = clean_token(parts[0]) if parts else ""
        tag = parts[-1].strip() if len(parts) >= 2 else ""
        if not token and not tag:
            if current:
                sentences.append(current)
            current = []
            continue
        if token:
            current.append((token, tag or "O"))
    if current:
        sentences.append(current)
    return sentences


def read_aqmar(text: str) -> list[list[tuple[str, str]]]:
    """AQMAR: ``token tag`` separated by a space, blank line between sentences.  Sentences are read
    exactly as Stanza's ``convert_ar_aqmar.read_sentences`` reads them (so its random split can be
    reproduced); marks are cleaned off afterwards and tokens left empty dropped."""
    sentences, current = [], []
    for line in text.lstrip("\ufeff").split("\n"):
        line = line.rstrip()
        if not line:
            if current:
                sentences.append(current)
            current = []
            continue
        array = line.split()
        if len(array) != 2:
            raise ValueError(f"AQMAR line is not 'token tag': {line!r}")
        current.append((array[0], array[1]))
    if current:
        sentences.append(current)
    return sentences


def clean_sentence(sentence: list[tuple[str, str]]) -> list[tuple[str, str]]:
    out = []
    for token, tag in sentence:
        token = clean_token(token)
        if token:
            out.append((token, tag))
    return out


# ---------------------------------------------------------------------------------------------
# tags

FANE_COARSE = {
    # persons
    "Politician": "PER", "Athlete": "PER", "Artist": "PER", "Other_PER": "PER", "Religious_PER": "PER",
    "Scientist": "PER", "Businessperson": "PER", "Lawyer": "PER", "Engineer": "PER", "Police": "PER",
    # organisations (Media: رويترز، الجزيرة; Sports: clubs; Entertainment: bands)
    "Government": "ORG", "Non-Governmental": "ORG", "Media": "ORG", "Commercial": "ORG", "Sports": "ORG",
    "Educational": "ORG", "Religious_ORG": "ORG", "Medical-Science": "ORG", "Entertainment": "ORG",
    # places: geo-political, natural, facilities
    "Nation": "LOC", "Population-Center": "LOC", "State-or-Province": "LOC", "Continent": "LOC",
    "GPE-Cluster": "LOC", "County-or-District": "LOC", "Water-Body": "LOC", "Land-Region-Natural": "LOC",
    "Building-Grounds": "LOC", "Airport": "LOC", "Path": "LOC", "Subarea-Facility": "LOC", "Plant": "LOC",
    # the rest: peoples (Group: العرب، المسلمين، اليهود — nationalities are MISC as in CoNLL and
    # AQMAR), vehicles, weapons, products, works, celestial bodies (الأرض، الشمس)
    "Group": "MISC", "Celestial": "MISC", "Air": "MISC", "Land": "MISC", "Water": "MISC",
    "Software": "MISC", "Hardware": "MISC", "Book": "MISC", "Movie": "MISC", "Sound": "MISC",
    "Food": "MISC", "Drug": "MISC", "Projectile": "MISC", "Shooting": "MISC", "Blunt": "MISC",
    "Sharp": "MISC", "Nuclear": "MISC", "Exploding": "MISC", "Chemical": "MISC",
}


def fane_tag(tag: str) -> str:
    """A FANE fine tag (B-Politician) as a coarse BIO tag (B-PER); unknown classes become MISC."""
    tag = tag.strip()
    if len(tag) < 3 or tag[:2] not in ("B-", "I-"):
        return "O"
    return tag[:2] + FANE_COARSE.get(tag[2:], "MISC")


def aqmar_tag(tag: str) -> str:
    """AQMAR tags the way Stanza's ``convert_ar_aqmar.normalize_tags`` maps them (MIS0-3 → MISC,
    ``I--ORG`` → I-ORG, ``OO``/``IO`` → O, ENGLISH/SPANISH → O), plus ``B-MISS1``/``B-MIS1``` → B-MISC."""
    tag = tag.strip()
    if tag.startswith("O") or len(tag) < 3 or tag[:2] not in ("B-", "I-"):
        return "O"
    kind = tag[2:].lstrip("-")
    if kind.startswith("MIS"):
        return tag[:2] + "MISC"
    if kind in ("PER", "ORG", "LOC"):
        return tag[:2] + kind
    return "O"


def repair_bio(tags: list[str]) -> list[str]:
    """Valid BIO: an I- that does not continue an entity of its type starts one (B-); anything
    that is not O, B-X or I-X becomes O."""
    out, previous = [], "O"
    for tag in tags:
        if tag != "O" and (len(tag) < 3 or tag[:2] not in ("B-", "I-")):
            tag = "O"
        if tag.startswith("I-") and previous[2:] != tag[2:]:
            tag = "B-" + tag[2:]
        out.append(tag)
        previous = tag
    return out


def bio_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """Entities of a repaired BIO sequence as (first index, last index + 1, type)."""
    spans, start, kind = [], None, None
    for i, tag in enumerate(list(tags) + ["O"]):
        if tag == "O" or tag.startswith("B-") or (tag.startswith("I-") and tag[2:] != kind):
            if start is not None:
                spans.append((start, i, kind))
            start, kind = (i, tag[2:]) if tag != "O" else (None, None)
    return spans


# ---------------------------------------------------------------------------------------------
# written text from segments, and hamzas

PROCLITICS = {"و", "ف", "ب", "ل", "ك", "س"}
ENCLITICS = {"ه", "ها", "هم", "هما", "هن", "كم", "كما", "كن", "ي", "ني", "نا"}
YAA_PREPOSITIONS = {"على", "علي", "الى", "الي", "إلى", "لدى", "لدي"}  # على+ه → عليه
ARABIC_RE = re.compile("[\u0621-\u064a]")


def _is_word(segment: str) -> bool:
    return bool(segment) and bool(ARABIC_RE.match(segment[0]))


def rejoin(segments: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """Written text for clitic-segmented words, and each segment's character span in it.

    A standalone proclitic (و ف ب ل ك س) is written onto the next word (ل + ال… loses the
    article's alif: للامم; ل + الل… one more lam: للغة); a standalone pronoun suffix is written
    onto the previous word, whose final ة becomes ت (حصتها) and final ى becomes ي after a
    preposition (عليه) or ا otherwise (مستواه)."""
    pieces: list[str] = []
    spans: list[tuple[int, int]] = []
    text = ""
    glue_next = False
    n = len(segments)
    for i, seg in enumerate(segments):
        form = seg
        attach = False
        if glue_next:
            attach = True
            if segments[i - 1] == "ل" and form.startswith("ال") and len(form) > 2:
                form = form[1:]  # ل + الامم → للامم
                if form.startswith("لل"):
                    form = form[1:]  # ل + اللغة → للغة
        elif (seg in ENCLITICS and i > 0 and _is_word(segments[i - 1]) and segments[i - 1] not in PROCLITICS
              and text and not text.endswith(" ")):
            attach = True
            last = spans[-1]
            host = text[last[0]:last[1]]
            if host.endswith("ة"):
                text = text[:-1] + "ت"
            elif host.endswith("ى"):
                text = text[:-1] + ("ي" if host in YAA_PREPOSITIONS else "ا")
        if text and not attach:
            text += " "
        start = len(text)
        text += form
        spans.append((start, len(text)))
        pieces.append(form)
        glue_next = seg in PROCLITICS and i + 1 < n and _is_word(segments[i + 1])
    return text, spans


def join_tokens(tokens: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """Whitespace-tokenised text (AQMAR) and each token's span."""
    spans, pos = [], 0
    for token in tokens:
        spans.append((pos, pos + len(token)))
        pos += len(token) + 1
    return " ".join(tokens), spans


ALIF_ONLY_KEY = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا"})
# what FANE's normalisation leaves of a word (أ/إ/آ/ٱ → ا, ى → ي): the key the tokenizer's
# whole-word list is kept under, too
hamza_key = whole_key


class HamzaRestorer:
    """Restores hamzas (and final ى) FANE removed, from a frequency-ordered vocabulary of written
    news words (the word vectors'): a word becomes the most frequent vocabulary word with the same
    :func:`hamza_key`.  Inside names, ي/ى is kept as it is (علي is a name, على a preposition)."""

    def __init__(self, vocabulary: list[str]):
        self.by_key: dict[str, list[str]] = {}
        for word in vocabulary:
            self.by_key.setdefault(hamza_key(word), []).append(word)

    def restore(self, word: str, keep_yaa: bool = False) -> str:
        candidates = self.by_key.get(hamza_key(word))
        if not candidates:
            return word
        if not keep_yaa:
            return candidates[0]
        for cand in candidates:
            if cand.translate(ALIF_ONLY_KEY) == word.translate(ALIF_ONLY_KEY):
                return cand
        return word

    def restore_text(self, text: str, keep_yaa_spans: list[tuple[int, int]] = ()) -> str:
        """Every whitespace word of ``text`` restored (length-preserving, so spans stay valid)."""
        out = list(text)
        for m in re.finditer(r"\S+", text):
            word = m.group()
            keep = any(s < m.end() and m.start() < e for s, e in keep_yaa_spans)
            new = self.restore(word, keep_yaa=keep)
            if len(new) == len(word):
                out[m.start():m.end()] = new
        return "".join(out)


def load_vocabulary_list(pretrain_path: Path) -> list[str]:
    """The pretrain's words in row order (most frequent first), without Stanza's <PAD> ... rows."""
    import torch

    data = torch.load(str(pretrain_path), map_location="cpu", weights_only=False)
    id2unit = data["vocab"]["_id2unit"]
    return [w for w in id2unit if not (w.startswith("<") and w.endswith(">"))]


# ---------------------------------------------------------------------------------------------
# a sentence on its way to Stanza's format


@dataclass
class Record:
    source: str                     # newsfane / wikifane / aqmar
    split: str                      # train / dev / test
    index: int                      # position in its corpus
    text: str                       # written text
    entities: list[tuple[int, int, str]]  # character spans
    restored: bool = False
    tokens: list[tuple[str, int, int]] = field(default_factory=list)  # filled by the tokenizer

    def to_dict(self) -> dict:
        return {"source": self.source, "split": self.split, "index": self.index, "text": self.text,
                "entities": [list(e) for e in self.entities], "restored": self.restored,
                "tokens": [list(t) for t in self.tokens]}

    @classmethod
    def from_dict(cls, d: dict) -> "Record":
        return cls(d["source"], d["split"], d["index"], d["text"], [tuple(e) for e in d["entities"]],
                   d.get("restored", False), [tuple(t) for t in d.get("tokens", [])])


def char_entities(tags: list[str], spans: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    return [(spans[a][0], spans[b - 1][1], kind) for a, b, kind in bio_spans(repair_bio(tags))]


def fane_record(sentence: list[tuple[str, str]], source: str, split: str, index: int,
                restorer: HamzaRestorer | None) -> Record:
    segments = [t for t, _ in sentence]
    text, spans = rejoin(segments)
    entities = char_entities([fane_tag(t) for _, t in sentence], spans)
    restored = False
    if restorer is not None:
        names = [(s, e) for s, e, kind in entities if kind == "PER"]
        text = restorer.restore_text(text, names)
        restored = True
    return Record(source, split, index, text, entities, restored)


def aqmar_record(sentence: list[tuple[str, str]], split: str, index: int) -> Record:
    text, spans = join_tokens([t for t, _ in sentence])
    return Record("aqmar", split, index, text, char_entities([aqmar_tag(t) for _, t in sentence], spans))


def project(tokens: list[tuple[str, int, int]], entities: list[tuple[int, int, str]]) -> list[str]:
    """BIO tags for tokens (text, start, end) from character-span entities: a token takes the
    entity it overlaps; a single proclitic letter opening an entity, or a pronoun suffix closing
    one, stays outside it (ل|لأمم المتحدة → O B-ORG I-ORG)."""
    tags = ["O"] * len(tokens)
    for start, end, kind in entities:
        inside = [i for i, (_, s, e) in enumerate(tokens) if s < end and start < e and tags[i] == "O"]
        while len(inside) > 1 and tokens[inside[0]][0] in PROCLITICS and tokens[inside[0]][2] == tokens[inside[1]][1]:
            inside = inside[1:]
        while len(inside) > 1 and tokens[inside[-1]][0] in ENCLITICS and tokens[inside[-2]][2] == tokens[inside[-1]][1]:
            inside = inside[:-1]
        for k, i in enumerate(inside):
            tags[i] = ("B-" if k == 0 else "I-") + kind
    return repair_bio(tags)


def whitespace_tokens(record: Record) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in re.finditer(r"\S+", record.text)]


def to_stanza_json(records: list[Record], path: Path, tokens_of=None) -> int:
    """Stanza's NER json (as ``prepare_ner_file`` writes it): a list of sentences, each a list of
    ``{"text": token, "ner": BIO tag}``."""
    tokens_of = tokens_of or (lambda r: r.tokens)
    doc = []
    for r in records:
        toks = tokens_of(r)
        if not toks:
            continue
        doc.append([{"text": t, "ner": tag} for (t, _, _), tag in zip(toks, project(toks, r.entities))])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=0), encoding="utf-8")
    return len(doc)


# ---------------------------------------------------------------------------------------------
# building the records


def aqmar_split(aqmar_dir: Path) -> dict[str, list[list[tuple[str, str]]]]:
    """Stanza's AQMAR split: files in sorted order with Computer/Computer_Software swapped, all
    sentences shuffled with ``random.seed(1234)``, 70% train, 15% dev, 15% test."""
    files = sorted(p.name for p in aqmar_dir.glob("*.txt"))
    if len(files) != 28:
        raise RuntimeError(f"expected 28 AQMAR files in {aqmar_dir}, found {len(files)}")
    files[2], files[3] = files[3], files[2]
    sentences = []
    for name in files:
        sentences.extend(read_aqmar((aqmar_dir / name).read_bytes().decode("utf-8")))
    num = len(sentences)
    train_num, dev_num = int(num * 0.7), int(num * 0.15)
    rng_state = random.getstate()
    random.seed(1234)
    random.shuffle(sentences)
    random.setstate(rng_state)
    sentences = [clean_sentence(s) for s in sentences]
    return {"train": sentences[:train_num], "dev": sentences[train_num:train_num + dev_num],
            "test": sentences[train_num + dev_num:]}


def news_split(n: int) -> list[str]:
    """NewsFANE: first 80% train, next 10% dev, last 10% test (contiguous, so whole articles)."""
    test_start = n - n // 10
    dev_start = test_start - n // 10
    return ["train" if i < dev_start else "dev" if i < test_start else "test" for i in range(n)]


def build_records(ner_dir: Path, restorer: HamzaRestorer | None, keep_normalised_every: int = 3) -> list[Record]:
    """All sentences as records.  FANE training sentences are restored except every
    ``keep_normalised_every``-th one (left as annotated, since news also omits hamzas: الاراضي،
    احباطا); NewsFANE dev and test are built both ways (``restored`` True/False)."""
    records: list[Record] = []
    fane = ner_dir / "fane"
    news = read_fane(gzip.open(fane / "NewsFANE_Gold_2014_170K.txt.gz", "rb").read().decode("utf-8"))
    for i, (sentence, split) in enumerate(zip(news, news_split(len(news)))):
        if split == "train":
            keep = keep_normalised_every and i % keep_normalised_every == 0
            records.append(fane_record(sentence, "newsfane", split, i, None if keep else restorer))
        else:
            records.append(fane_record(sentence, "newsfane", split, i, restorer))
            records.append(fane_record(sentence, "newsfane", split, i, None))
    wiki = read_fane(gzip.open(fane / "WikiFANE_Gold_2014_500K.txt.gz", "rb").read().decode("utf-8"))
    for i, sentence in enumerate(wiki):
        keep = keep_normalised_every and i % keep_normalised_every == 0
        records.append(fane_record(sentence, "wikifane", "train", i, None if keep else restorer))
    for split, sentences in aqmar_split(ner_dir / "aqmar").items():
        for i, sentence in enumerate(sentences):
            if sentence:
                records.append(aqmar_record(sentence, split, i))
    return [r for r in records if r.text.strip()]


# ---------------------------------------------------------------------------------------------
# the bundled tokenizer


def tokenizer_pipeline(models: Path):
    """Stanza's tokenizer exactly as the bundled pipeline runs it (CliticMerger included), one
    sentence per blank-line-separated paragraph."""
    import stanza

    from attribution.parse.stanza_patches import tokentext
    from attribution.parse.tokenfix import CliticMerger, load_vocabulary, load_whole_words

    logging.getLogger("stanza").setLevel(logging.ERROR)
    tokentext.install()  # merges only of tokens that touch, as in the pipeline
    merger = CliticMerger(load_vocabulary(str(models / "pretrain.pt")), load_whole_words())
    return stanza.Pipeline(lang="ar", dir=str(models), allow_unknown_language=True, processors="tokenize",
                           tokenize_model_path=str(models / "tokenizer.pt"), tokenize_no_ssplit=True,
                           tokenize_postprocessor=merger, download_method=None, use_gpu=False,
                           logging_level="ERROR")


def tokenize_records(records: list[Record], models: Path, chunk: int = 400) -> None:
    """Fill ``record.tokens`` with (text, start, end) from the bundled tokenizer."""
    from stanza.models.common.doc import Document

    nlp = tokenizer_pipeline(models)
    merger = nlp.processors["tokenize"].config.get("postprocessor")
    for first in range(0, len(records), chunk):
        batch = records[first:first + chunk]
        texts = [r.text.replace("\n", " ") for r in batch]
        starts, pos = [], 0
        for t in texts:
            starts.append(pos)
            pos += len(t) + 2
        doc_text = "\n\n".join(texts)
        try:
            doc = nlp(Document([], text=doc_text))
        except ValueError:  # a merge that does not line up with the text: this chunk without merges
            merger.enabled = False
            try:
                doc = nlp(Document([], text=doc_text))
            finally:
                merger.enabled = True
        for r in batch:
            r.tokens = []
        for sentence in doc.sentences:
            for token in sentence.tokens:
                k = bisect.bisect_right(starts, token.start_char) - 1
                base = starts[k]
                batch[k].tokens.append((token.text, token.start_char - base, token.end_char - base))
        if first // chunk % 10 == 0:
            log.info("tokenized %d/%d sentences", first + len(batch), len(records))


# ---------------------------------------------------------------------------------------------
# measurements of the conversion choices


def span_f1(predicted: list[tuple[int, int]], gold: list[tuple[int, int]]) -> tuple[int, int, int]:
    p, g = set(predicted), set(gold)
    return len(p & g), len(p), len(g)


def token_match(news: list[list[tuple[str, str]]], models: Path, restorer: HamzaRestorer | None,
                limit: int = 1500) -> dict:
    """How well each candidate token level matches what the bundled tokenizer produces on the
    re-joined text of NewsFANE: (a) FANE's segments as they are spelled (حصة + ها), (b) the same
    segments as spans of the written text (حصت + ها, ل + لامم), (c) whole written words (حصتها).
    Scores: precision / recall / F1 of tokens (span and spelling must agree)."""
    recs, seg_units, word_units = [], [], []
    for i, sentence in enumerate(news[:limit]):
        segments = [t for t, _ in sentence]
        text, spans = rejoin(segments)
        if restorer is not None:
            text = restorer.restore_text(text)
        recs.append(Record("newsfane", "probe", i, text, []))
        seg_units.append([(s, e, seg) for (s, e), seg in zip(spans, segments)])
        word_units.append([(m.start(), m.end(), m.group()) for m in re.finditer(r"\S+", text)])
    tokenize_records(recs, models)
    totals = {"a_fane_segments_as_spelled": [0, 0, 0], "b_segments_in_written_text": [0, 0, 0],
              "c_whole_written_words": [0, 0, 0]}
    for r, segs, words in zip(recs, seg_units, word_units):
        toks = [(s, e, hamza_key(t)) for t, s, e in r.tokens]
        cands = {"a_fane_segments_as_spelled": [(s, e, hamza_key(t)) for s, e, t in segs],
                 "b_segments_in_written_text": [(s, e, hamza_key(r.text[s:e])) for s, e, _ in segs],
                 "c_whole_written_words": [(s, e, hamza_key(t)) for s, e, t in words]}
        for name, units in cands.items():
            tp, np_, ng = span_f1(toks, units)
            totals[name][0] += tp
            totals[name][1] += np_
            totals[name][2] += ng
    out = {}
    for name, (tp, np_, ng) in totals.items():
        p, rr = tp / max(np_, 1), tp / max(ng, 1)
        out[name] = {"precision": round(100 * p, 2), "recall": round(100 * rr, 2),
                     "f1": round(200 * p * rr / max(p + rr, 1e-9), 2)}
    out["sentences"] = len(recs)
    out["tokenizer_tokens"] = sum(len(r.tokens) for r in recs)
    return out


def restoration_accuracy(ner_dir: Path, restorer: HamzaRestorer) -> dict:
    """Hamza restoration checked on real written text: AQMAR words (as written, with hamzas) are
    normalised the way FANE is and restored; accuracy against the original spelling, for all
    words and for the words normalisation changed."""
    total = same_before = same_after = changed = changed_ok = 0
    for sentences in aqmar_split(ner_dir / "aqmar").values():
        for sentence in sentences:
            for token, _ in sentence:
                if not ARABIC_RE.search(token):
                    continue
                norm = hamza_key(token)
                back = restorer.restore(norm)
                total += 1
                same_before += norm == token
                same_after += back == token
                if norm != token:
                    changed += 1
                    changed_ok += back == token
    return {"words": total, "spelled_right_normalised": round(100 * same_before / total, 2),
            "spelled_right_restored": round(100 * same_after / total, 2),
            "words_with_hamza_or_final_yaa": changed,
            "of_those_restored_right": round(100 * changed_ok / max(changed, 1), 2)}


def vocabulary_coverage(records: list[Record], vocabulary: set[str]) -> dict:
    """Share of tokenizer tokens that have a word vector, by corpus and restoration."""
    counts: dict[str, list[int]] = {}
    for r in records:
        key = f"{r.source}:{'restored' if r.restored else 'as_annotated'}"
        c = counts.setdefault(key, [0, 0])
        for t, _, _ in r.tokens:
            c[0] += 1
            c[1] += t in vocabulary
    return {k: round(100 * hit / max(n, 1), 2) for k, (n, hit) in sorted(counts.items())}


# ---------------------------------------------------------------------------------------------
# data files


@dataclass
class NerConfig:
    seed: int = 1234
    hidden_dim: int = 128
    char_hidden_dim: int = 100
    char_emb_dim: int = 50
    batch_size: int = 32
    max_batch_words: int = 800
    eval_interval: int = 200
    max_steps: int = 6000
    max_steps_no_improve: int = 2500
    # Adam: at step 150 of a probe dev F1 was 42.4 against 39.2 with Stanza's default SGD (lr 0.1),
    # and a 40-minute budget on one CPU thread is only ~4,500 steps (about 5 epochs)
    optim: str = "adam"
    lr: float = 0.002
    timeout_s: int = 2400
    keep_normalised_every: int = 3
    # per-source weights of the train file (:func:`weight_sources`), e.g. {"newsfane": 3, "aqmar": 2,
    # "wikifane": 0.5}: WikiFANE is 507K of the 705K training tokens, news only 138K; empty: each
    # sentence once.  Measured (same seed, 40 min): {newsfane 3, aqmar 2, wikifane 0.5} against none:
    # mixed dev 74.45 / 72.26, AQMAR test 69.96 / 65.73, NewsFANE dev 76.48 / 76.35, but NewsFANE
    # test 67.34 / 68.89 (PER 55.65 / 56.80: more unseen foreign names missed), so it stays off
    source_weights: dict = field(default_factory=dict)
    # read a forward and a backward character language model (charlm.py), as Stanza's official
    # Arabic model does; they are trained first if ``WORK/charlm`` has none.  Off: with the models
    # 40 minutes buy (hidden 256, 1,500 steps, dev perplexity 5.42) the mixed dev F1 trailed the
    # run without them at every step (step 1600: 63.70 vs 69.20; 2200: 65.12 vs 69.56) at 1.5x
    # the time per step, so that run was stopped
    charlm: bool = False
    # rows of the fine-tuned word-vector delta kept when packing (most frequent training words): on
    # NewsFANE dev, all 24,455 rows 76.59 F1 / 9.15 MB, 16,000 76.35 / 7.22 MB, 8,000 74.80 / 5.38 MB
    delta_rows: int = 16000
    # carry on from an earlier packed model (e.g. the bundled ner.pt) instead of random weights:
    # Stanza's ``--finetune``; its settings (sizes, optimizer, learning rate) and vocabulary are the
    # model's, the optimizer starts afresh and ``max_steps`` counts the new steps only.  Measured
    # (2026-12-03, the bundled model carried on for 40 min, 4,420 more steps, best at 3,400): mixed
    # dev 73.65 -> 74.42 and AQMAR test 69.51 -> 69.92, but the held-out NewsFANE test fell
    # 71.35 -> 70.28 (PER 61.54 -> 56.79) and NewsFANE dev 78.22 -> 77.38, so it was not installed
    continue_from: str | None = None


SOURCES = ("newsfane", "wikifane", "aqmar")


def weight_sources(records: list[Record], weights: dict, seed: int = 1234) -> list[Record]:
    """Training records with each source weighted: a weight ``w`` writes every sentence of that
    source ``int(w)`` times, plus a random ``w - int(w)`` share of its sentences once more
    (``0.5``: a random half; ``2.5``: all twice and half a third time; ``0``: none).  The share
    is drawn per source with ``random.Random(f"{seed}:{source}")``, so the same seed gives the same
    file; records keep their order (copies next to each other: Stanza's trainer shuffles).
    Sources without a weight are kept once."""
    if not weights:
        return list(records)
    unknown = set(weights) - set(SOURCES)
    if unknown:
        raise ValueError(f"unknown sources in source_weights: {sorted(unknown)} (known: {SOURCES})")
    if any(float(w) < 0 for w in weights.values()):
        raise ValueError(f"source weights must not be negative: {weights}")
    copies = [1] * len(records)
    for source, weight in weights.items():
        idx = [i for i, r in enumerate(records) if r.source == source]
        whole, share = int(weight), float(weight) - int(weight)
        extra = set(random.Random(f"{seed}:{source}").sample(idx, round(share * len(idx))))
        for i in idx:
            copies[i] = whole + (i in extra)
    return [r for r, n in zip(records, copies) for _ in range(n)]


def prepare_data(shared: Path, work: Path, models: Path, cfg: NerConfig) -> dict:
    """Records → tokenized → Stanza json files under ``work/data``; cached in ``records.json``."""
    ner_dir = shared / "data" / "ner"
    data = work / "data"
    data.mkdir(parents=True, exist_ok=True)
    # the cache depends on the corpora, the tokenizer, the vocabulary and this setting only
    import hashlib

    digest = hashlib.md5()
    from attribution.parse.tokenfix import WHOLE_WORDS_FILE

    for path in (models / "tokenizer.pt", models / "pretrain.pt", WHOLE_WORDS_FILE):
        digest.update(path.read_bytes() if path.exists() else b"")
    cache = data / f"records.keep{cfg.keep_normalised_every}.{digest.hexdigest()[:10]}.json"
    vocabulary = load_vocabulary_list(models / "pretrain.pt")
    restorer = HamzaRestorer(vocabulary)
    if cache.exists():
        records = [Record.from_dict(d) for d in json.loads(cache.read_text(encoding="utf-8"))]
    else:
        start = time.time()
        records = build_records(ner_dir, restorer, cfg.keep_normalised_every)
        tokenize_records(records, models)
        cache.write_text(json.dumps([r.to_dict() for r in records], ensure_ascii=False), encoding="utf-8")
        log.info("built and tokenized %d records in %.0f s", len(records), time.time() - start)
    files = {}

    def pick(source=None, split=None, restored=None):
        return [r for r in records if (source is None or r.source in source) and (split is None or r.split == split)
                and (restored is None or r.restored == restored or r.source == "aqmar")]

    sets = {
        "train": weight_sources(pick(split="train"), cfg.source_weights, cfg.seed),
        # dev: NewsFANE dev (restored, like news) + AQMAR dev (real text)
        "dev": pick(("newsfane",), "dev", True) + pick(("aqmar",), "dev"),
        "newsfane_dev_restored": pick(("newsfane",), "dev", True),
        "newsfane_test_restored": pick(("newsfane",), "test", True),
        "newsfane_test_as_annotated": pick(("newsfane",), "test", False),
        "aqmar_test": pick(("aqmar",), "test"),
    }
    stats = {}
    for name, recs in sets.items():
        files[name] = data / f"{SHORT}.{name}.json"
        n = to_stanza_json(recs, files[name])
        stats[name] = {"sentences": n, "tokens": sum(len(r.tokens) for r in recs),
                       "entities": sum(len(r.entities) for r in recs)}
    # AQMAR test on its own whitespace tokens, as Stanza's official model was scored
    files["aqmar_test_whitespace"] = data / f"{SHORT}.aqmar_test_whitespace.json"
    n = to_stanza_json(sets["aqmar_test"], files["aqmar_test_whitespace"], whitespace_tokens)
    stats["aqmar_test_whitespace"] = {"sentences": n}
    by_source = {}
    for r in sets["train"]:
        s = by_source.setdefault(r.source, {"sentences": 0, "tokens": 0, "restored": 0})
        s["sentences"] += 1
        s["tokens"] += len(r.tokens)
        s["restored"] += r.restored
    stats["train_by_source"] = by_source
    if cfg.source_weights:
        stats["train_source_weights"] = dict(cfg.source_weights)
    stats["vector_coverage"] = vocabulary_coverage(records, set(vocabulary))
    return {"files": {k: str(v) for k, v in files.items()}, "stats": stats}


# ---------------------------------------------------------------------------------------------
# training, packing, scoring


def model_path(work: Path) -> Path:
    return work / "models" / f"{SHORT}_nertagger.pt"


TRAIN_WRAPPER = ("import sys, torch; torch.set_num_threads(1); "
                 "from stanza.models import ner_tagger; ner_tagger.main(sys.argv[1:])")


def charlm_args(charlms: dict | None) -> list[str]:
    if not charlms:
        return []
    # Stanza asks for a shorthand even when both files are given (it names the default paths only)
    return ["--charlm", "--charlm_shorthand", SHORT, "--charlm_forward_file", str(charlms["forward"]),
            "--charlm_backward_file", str(charlms["backward"])]


def continue_args(cfg: NerConfig) -> list[str]:
    if not cfg.continue_from:
        return []
    return ["--finetune", "--finetune_load_name", str(cfg.continue_from)]


def train_args(files: dict, pretrain: Path, save: Path, cfg: NerConfig, charlms: dict | None = None) -> list[str]:
    return charlm_args(charlms) + continue_args(cfg) + ["--mode", "train", "--shorthand", SHORT,
            "--train_file", files["train"], "--eval_file", files["dev"],
            "--wordvec_pretrain_file", str(pretrain), "--emb_finetune_known_only",
            "--hidden_dim", str(cfg.hidden_dim), "--char_hidden_dim", str(cfg.char_hidden_dim),
            "--char_emb_dim", str(cfg.char_emb_dim), "--batch_size", str(cfg.batch_size),
            "--max_batch_words", str(cfg.max_batch_words), "--optim", cfg.optim, "--lr", str(cfg.lr),
            "--eval_interval", str(cfg.eval_interval), "--max_steps", str(cfg.max_steps),
            "--max_steps_no_improve", str(cfg.max_steps_no_improve), "--seed", str(cfg.seed),
            "--save_dir", str(save.parent), "--save_name", save.name, "--cpu"]


def train_ner(files: dict, work: Path, models: Path, cfg: NerConfig, log_name: str = "ner_train.log",
              save: Path | None = None, charlms: dict | None = None) -> dict:
    """Stanza's NER trainer in a 1-thread subprocess, bounded by ``cfg.timeout_s`` (the trainer
    saves the best-dev model each time dev improves, so a timeout keeps the best model)."""
    from .train import run_logged

    save = save or model_path(work)
    save.parent.mkdir(parents=True, exist_ok=True)
    log_path = work / "logs" / log_name
    cmd = [sys.executable, "-c", TRAIN_WRAPPER] + train_args(files, models / "pretrain.pt", save, cfg, charlms)
    result = run_logged(cmd, log_path, cfg.timeout_s)
    return {**result, "curve": dev_curve(log_path)}


NER_STEP_RE = re.compile(r"step (\d+): train_loss = [\d.]+, dev_score = ([\d.]+)")


def dev_curve(log_path: Path) -> list[list]:
    if not log_path.exists():
        return []
    return [[int(m.group(1)), float(m.group(2))] for m in NER_STEP_RE.finditer(log_path.read_text(encoding="utf-8"))]


def pack_ner(src: Path, dst: Path, delta_rows: int | None = None, by: str = "frequency") -> dict:
    """Final weights only, float16 (Stanza casts them back to float32 on load).  The word vectors
    themselves are never in the file (Stanza keeps them in ``pretrain.pt``); what is, is the
    fine-tuned *delta* for training words; ``delta_rows`` keeps only that many of its rows
    (:func:`prune_delta`)."""
    import torch

    from .pack import _half

    data = torch.load(str(src), map_location="cpu", weights_only=False)
    info = {}
    if delta_rows:
        info = prune_delta(data, delta_rows, by)
    data = {k: v for k, v in data.items() if k not in ("optimizer",)}
    data["model"] = _half(data["model"])
    dst.parent.mkdir(parents=True, exist_ok=True)
    torch.save(data, str(dst), _use_new_zipfile_serialization=False)
    info["mb"] = round(dst.stat().st_size / 1e6, 2)
    return info


def prune_delta(data: dict, keep: int, by: str = "frequency") -> dict:
    """Keep ``keep`` rows of the fine-tuned word-vector delta: the most frequent training words
    (``by="frequency"``: Stanza's delta vocabulary is sorted by training frequency, so its first
    rows) or the rows fine-tuning moved most (``by="norm"``).  A dropped word falls back to its
    plain pretrained vector, which is what a word never seen in training gets anyway."""
    import torch

    weight = data["model"].get("delta_emb.weight")
    vocab = data["vocab"].get("delta")
    if weight is None or vocab is None or weight.shape[0] <= keep:
        return {"delta_rows": None if weight is None else int(weight.shape[0])}
    id2unit = vocab["_id2unit"]
    n_special = 4  # <PAD> <UNK> <EMPTY> <ROOT>
    if by == "norm":
        norms = weight[n_special:].float().norm(dim=1)
        rows = list(range(n_special)) + (torch.argsort(norms, descending=True)[:keep - n_special].sort().values
                                         + n_special).tolist()
    else:
        rows = list(range(keep))
    vocab["_id2unit"] = [id2unit[i] for i in rows]
    vocab["_unit2id"] = {w: i for i, w in enumerate(vocab["_id2unit"])}
    data["model"]["delta_emb.weight"] = weight[rows].clone()
    return {"delta_rows_before": int(weight.shape[0]), "delta_rows": len(rows), "kept_by": by}


def score_file(model: Path, pretrain: Path, json_file: Path, ignore: str | None = None,
               charlms: dict | None = None) -> dict:
    """Entity-level precision / recall / F1, overall and per type (Stanza's ``score_by_entity``);
    ``charlms``: the character models the tagger reads, if it was trained with them."""
    from stanza.models.common.doc import Document
    from stanza.models.common.pretrain import Pretrain
    from stanza.models.ner import scorer
    from stanza.models.ner.data import DataLoader
    from stanza.models.ner.trainer import Trainer

    pt = Pretrain(str(pretrain), None, 100000, save_to_file=False)
    args = {f"charlm_{d}_file": str(p) for d, p in (charlms or {}).items()}
    trainer = Trainer(args=args, model_file=str(model), pretrain=pt, device="cpu")
    doc = Document(json.loads(json_file.read_text(encoding="utf-8")))
    batch = DataLoader(doc, 64, trainer.args, vocab=trainer.vocab, evaluation=True)
    preds = []
    for b in batch:
        preds += trainer.predict(b)
    gold = [[x[0] for x in tags] for tags in batch.tags]
    p, r, f, per_type = scorer.score_by_entity(preds, gold, verbose=False, ignore_tags=ignore)
    counts = {}
    from stanza.models.ner.utils import decode_from_bioes
    for tags in gold:
        for ent in decode_from_bioes(tags):
            counts[ent["type"]] = counts.get(ent["type"], 0) + 1
    return {"precision": round(100 * p, 2), "recall": round(100 * r, 2), "f1": round(100 * f, 2),
            "per_type_f1": {k: round(100 * v, 2) for k, v in sorted(per_type.items())},
            "gold_entities": dict(sorted(counts.items()))}


def evaluate_ner(model: Path, pretrain: Path, files: dict, charlms: dict | None = None) -> dict:
    out = {}
    for name in ("newsfane_test_restored", "newsfane_test_as_annotated", "aqmar_test", "aqmar_test_whitespace",
                 "newsfane_dev_restored"):
        if name in files:
            out[name] = score_file(model, pretrain, Path(files[name]), charlms=charlms)
    return out


def run_ner(shared: Path, work: Path, models: Path, cfg: NerConfig | None = None, train: bool = True,
            out_model: Path | None = None) -> dict:
    """The ``ner`` stage: prepare the data, train (unless ``train`` is False and a model exists),
    pack to ``out_model`` (default ``work/model/ar_ner.pt``), score the packed model.

    ``shared``: the folder holding ``data/ner``; ``work``: scratch (e.g. build/ner); ``models``:
    the bundled model folder whose tokenizer and ``pretrain.pt`` the NER model is built on."""
    cfg = cfg or NerConfig()
    work = work.resolve()
    report: dict = {"config": cfg.__dict__.copy()}
    report["data"] = prepare_data(shared, work, models, cfg)
    files = report["data"]["files"]
    raw = model_path(work)
    out_model = out_model or work / "model" / "ar_ner.pt"
    charlms = packed = None
    if cfg.charlm:
        from . import charlm

        charlm_work = work.parent / "charlm"
        charlms = {d: charlm.model_path(charlm_work, d) for d in charlm.DIRECTIONS}
        if all(p.exists() for p in charlms.values()):
            report["charlm"] = {"config": charlm.CharlmConfig().__dict__.copy(), "reused": True,
                                **charlm.describe(charlm_work)}
        else:
            report["charlm"] = charlm.train_charlms(shared / "data" / "raw", charlm_work)
        packed = {d: out_model.parent / name for d, name in charlm.PACKED.items()}
        report["charlm_pack"] = {d: charlm.pack_charlm(charlms[d], packed[d]) for d in charlm.DIRECTIONS}
    else:
        from .charlm import PACKED

        for name in PACKED.values():  # an earlier --ner-charlm run's: this model does not read them
            (out_model.parent / name).unlink(missing_ok=True)
    if train or not raw.exists():
        report["train"] = train_ner(files, work, models, cfg, charlms=charlms)
    report["pack"] = pack_ner(raw, out_model, cfg.delta_rows)
    report["scores"] = evaluate_ner(out_model, models / "pretrain.pt", files, packed)
    (work / "ner_report.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return report


# ---------------------------------------------------------------------------------------------
# the cost of the ner stage in the bundled pipeline


def bundled_pipeline(models: Path, ner_model: Path | None = None):
    """The bundled pipeline as ``attribution``'s pipeline builder makes it, plus ``ner`` when
    ``ner_model`` is given (its word vectors: the same ``pretrain.pt`` as the tagger and parser,
    which Stanza's foundation cache loads once)."""

    import stanza

    from attribution.parse import stanza_patches as patches
    from attribution.parse import tokenfix
    from attribution.parse.pipeline import ner_charlms
    logging.getLogger("stanza").setLevel(logging.ERROR)
    pretrain = str(models / "pretrain.pt")
    kwargs = dict(lang="ar", dir=str(models), allow_unknown_language=True, download_method=None, use_gpu=False,
                  logging_level="ERROR", processors="tokenize,pos,lemma,depparse",
                  tokenize_model_path=str(models / "tokenizer.pt"), pos_model_path=str(models / "tagger.pt"),
                  lemma_model_path=str(models / "lemmatizer.pt"), depparse_model_path=str(models / "parser.pt"),
                  pos_pretrain_path=pretrain, depparse_pretrain_path=pretrain,
                  tokenize_postprocessor=tokenfix.CliticMerger(tokenfix.load_vocabulary(pretrain),
                                                               tokenfix.load_whole_words()))
    kwargs["depparse_batch_size"] = patches.PARSER_BATCH_WORDS
    if ner_model is not None:
        kwargs.update(processors=kwargs["processors"] + ",ner", ner_model_path=str(ner_model),
                      ner_pretrain_path=pretrain)
        charlms = ner_charlms(Path(ner_model).parent)
        if charlms:
            kwargs.update(ner_forward_charlm_path=str(charlms["forward"]),
                          ner_backward_charlm_path=str(charlms["backward"]))
    with patches.loading():
        nlp = stanza.Pipeline(**kwargs)
    patches.install(nlp)
    return nlp


def _timed_processors(nlp) -> dict:
    """Wrap each processor's ``bulk_process`` to add up its CPU seconds (``time.process_time``,
    which other processes on a shared machine disturb far less than wall time)."""
    spent: dict[str, float] = {}
    for name, proc in nlp.processors.items():
        original = proc.bulk_process

        def timed(docs, *args, _original=original, _name=name, **kwargs):
            start = time.process_time()
            try:
                return _original(docs, *args, **kwargs)
            finally:
                spent[_name] = spent.get(_name, 0.0) + time.process_time() - start

        proc.bulk_process = timed
    return spent


def pipeline_cost(models: Path, ner_model: Path, articles: Path, threads: int = 1, repeats: int = 2) -> dict:
    """Parse time of ``articles/*.txt`` (paragraph by paragraph, calls as ``attribution`` makes
    them) with and without the ner stage: CPU seconds of the whole parse and of each processor,
    best of ``repeats`` alternating runs, and the entity spans found."""
    import torch
    from stanza.models.common.doc import Document

    torch.set_num_threads(threads)
    from attribution.parse import document
    texts = [p.read_text(encoding="utf-8") for p in sorted(articles.glob("*.txt"))]
    paragraphs = [piece.text for t in texts for p in document.split_paragraphs(t) for piece in document.parser_pieces(p)]
    calls = document.parser_calls(paragraphs)
    pipelines = {"without_ner": bundled_pipeline(models), "with_ner": bundled_pipeline(models, ner_model)}
    spent = {name: _timed_processors(nlp) for name, nlp in pipelines.items()}
    runs = {name: [] for name in pipelines}
    docs = {}
    for _ in range(repeats):
        for name, nlp in pipelines.items():
            spent[name].clear()
            wall, cpu = time.perf_counter(), time.process_time()
            out = []
            for call in calls:
                out.extend(nlp.bulk_process([Document([], text=paragraphs[i]) for i in call]))
            runs[name].append({"wall_s": round(time.perf_counter() - wall, 2), "cpu_s": round(time.process_time() - cpu, 2),
                               "processors_cpu_s": {k: round(v, 2) for k, v in spent[name].items()}})
            docs[name] = out
    words = sum(len(s.words) for d in docs["without_ner"] for s in d.sentences)
    best = {k: min(r["cpu_s"] for r in v) for k, v in runs.items()}
    ner_share = [r["processors_cpu_s"].get("ner", 0.0) / (r["cpu_s"] - r["processors_cpu_s"].get("ner", 0.0))
                 for r in runs["with_ner"]]
    spans = [(e.type, e.text) for d in docs["with_ner"] for e in d.ents]
    counts: dict[str, int] = {}
    for kind, _ in spans:
        counts[kind] = counts.get(kind, 0) + 1
    return {"articles": len(texts), "paragraphs": len(paragraphs), "words": words, "threads": threads, "runs": runs,
            "extra_percent_cpu_best_of_runs": round(100 * (best["with_ner"] / best["without_ner"] - 1), 1),
            "ner_stage_percent_of_rest": round(100 * min(ner_share), 1),
            "entities": counts, "spans": spans}
