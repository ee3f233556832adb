"""Prepare UD Arabic training data for Stanza from ``shared/data/ud``.

Inputs (read only): PUD (UD v2, raw ``# text``) and PADT v1 dev/test (UD v1, fully vocalised,
no raw text).  Outputs, under ``WORK/data``:

* ``train.conllu``  PUD sentences 1-900 + PADT v1 dev (converted)
* ``dev.conllu``    PUD sentences 901-1000 (early stopping only)
* ``test.conllu``   PADT v1 test (converted) -- held out, used by ``evaluate`` only
* ``tokenize/``     Stanza tokenizer files (txt + toklabels) for train/dev/test

PADT v1 is brought to the UD v2 conventions the parser will meet in news text:
udapi's ``ud.Convert1to2`` for the labels, then the fixes below (each says why).
"""
from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

# Arabic diacritics (harakat, tanwin, shadda, sukun, dagger alif, Quranic marks).
DIACRITICS_RE = re.compile("[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED]")
TATWEEL = "\u0640"

# Features both treebanks annotate the same way; the rest clash and would teach the tagger noise.
KEPT_FEATS = ("Aspect", "Case", "Definite", "Gender", "Mood", "Number", "Person", "Polarity", "Voice")

PROCLITICS = {"و", "ف", "ب", "ل", "ك", "س"}
PROCLITIC_UPOS = {"CCONJ", "SCONJ", "ADP", "PART", "AUX"}
CLOSING_PUNCT = set(".,،:;؛!?؟)%]}»")
OPENING_PUNCT = set("([{«")


@dataclass
class Sentence:
    comments: list[str]
    rows: list[list[str]]  # 10 CoNLL-U columns; no multiword or empty nodes in these treebanks
    meta: dict = field(default_factory=dict)

    def to_conllu(self) -> str:
        lines = list(self.comments) + ["\t".join(r) for r in self.rows]
        return "\n".join(lines) + "\n\n"


def read_conllu(path: Path) -> list[Sentence]:
    sentences, comments, rows = [], [], []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if not line:
                if rows:
                    sentences.append(Sentence(comments, rows))
                comments, rows = [], []
            elif line.startswith("#"):
                comments.append(line)
            else:
                cols = line.split("\t")
                if "-" in cols[0] or "." in cols[0]:
                    continue
                rows.append(cols)
    if rows:
        sentences.append(Sentence(comments, rows))
    return sentences


def write_conllu(path: Path, sentences: list[Sentence]) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        for sentence in sentences:
            handle.write(sentence.to_conllu())


def devocalize(form: str) -> str:
    """News text is unvocalised: strip diacritics, ٱ→ا, drop tatweel inside words."""
    stripped = DIACRITICS_RE.sub("", form).replace("ٱ", "ا")
    if stripped.strip(TATWEEL):
        stripped = stripped.replace(TATWEEL, "")
    return stripped or form


def convert_v1_to_v2(src: Path, dst: Path) -> None:
    from udapi.block.ud.convert1to2 import Convert1to2
    from udapi.core.document import Document

    doc = Document()
    doc.load_conllu(str(src))
    Convert1to2().apply_on_document(doc)
    doc.store_conllu(str(dst))


def reroot_initial_conjunction(rows: list[list[str]]) -> None:
    """PADT v1 makes a sentence-initial و/ف the root with the clause as parataxis; news parses
    (and PUD) make the clause the root and و its ``cc``.  Re-root so both treebanks agree."""
    roots = [r for r in rows if r[6] == "0"]
    if len(roots) != 1 or roots[0][3] != "CCONJ":
        return
    conj = roots[0]
    children = [r for r in rows if r[6] == conj[0]]
    clauses = [r for r in children if r[7] not in ("punct", "cc")]
    if not clauses:
        return
    head = next((r for r in clauses if r[7] == "parataxis"), clauses[0])
    head[6], head[7] = "0", "root"
    conj[6], conj[7] = head[0], "cc"
    for child in children:
        if child is head:
            continue
        child[6] = head[0]
        if child[7] == "parataxis":
            child[7] = "conj"


def harmonize_row(row: list[str], padt: bool) -> None:
    if padt:
        row[1] = devocalize(row[1])
        if row[3] == "CCONJ" and row[7] == "mark":
            row[3] = "SCONJ"  # أن/إن/لأن as complementizers, as UD v2 PADT has them
        if row[3] == "X" and row[4].startswith("U"):
            row[3] = "PROPN"  # PADT v1 tags unanalysed proper names X; PUD and news parsers use PROPN
    feats = []
    if row[5] != "_":
        for feat in row[5].split("|"):
            key, _, value = feat.partition("=")
            if key in KEPT_FEATS and not (key == "Definite" and value not in ("Def", "Ind")):
                feats.append(feat)
    row[4] = "_"
    row[5] = "|".join(feats) or "_"
    row[8] = "_"
    row[9] = "SpaceAfter=No" if "SpaceAfter=No" in row[9] else "_"


def _attaches_left(row: list[str]) -> bool:
    form = row[1]
    if form in CLOSING_PUNCT:
        return True
    # enclitic pronoun: PADT xpos S... with genitive (2) or accusative (4) case in position 9
    xpos = row[4]
    return row[3] == "PRON" and xpos.startswith("SP") and len(xpos) >= 9 and xpos[8] in "24"


def _is_proclitic(row: list[str]) -> bool:
    return row[1] in PROCLITICS and row[3] in PROCLITIC_UPOS


def rebuild_padt_text(sentence: Sentence) -> None:
    """PADT v1 has no raw text: rebuild it (forms already devocalised) and mark SpaceAfter=No.
    Run before harmonisation, which drops the positional xpos that identifies enclitics."""
    rows = sentence.rows
    no_space = [False] * len(rows)
    surface = [r[1] for r in rows]
    quote_open = False
    for i, row in enumerate(rows):
        form = row[1]
        if form == '"':
            if quote_open:
                if i > 0:
                    no_space[i - 1] = True
            elif i + 1 < len(rows):
                no_space[i] = True
            quote_open = not quote_open
        if form in OPENING_PUNCT and i + 1 < len(rows):
            no_space[i] = True
        if i > 0 and _attaches_left(row):
            no_space[i - 1] = True
            if row[3] == "PRON" and not rows[i - 1][1] in CLOSING_PUNCT:
                host = surface[i - 1]
                if host.endswith("ة"):
                    surface[i - 1] = host[:-1] + "ت"
                elif host.endswith("ى"):
                    surface[i - 1] = host[:-1] + "ا"
        if _is_proclitic(row) and i + 1 < len(rows) and rows[i + 1][3] != "PUNCT":
            no_space[i] = True
            if form == "ل":
                nxt = surface[i + 1]
                if nxt.startswith("ال"):
                    nxt = nxt[1:]  # ل + الحظر = للحظر
                    if nxt.startswith("لل"):
                        nxt = nxt[1:]
                    surface[i + 1] = nxt
    # Stanza's tokenizer labels are built from FORM, so the surface spelling becomes the form.
    text = []
    for i, row in enumerate(rows):
        row[1] = surface[i]
        misc = [m for m in row[9].split("|") if m not in ("_", "SpaceAfter=No")]
        if no_space[i]:
            misc.append("SpaceAfter=No")
        row[9] = "|".join(misc) or "_"
        text.append(surface[i] + ("" if no_space[i] else " "))
    sentence.meta["text"] = "".join(text).strip()


def prepare_padt(src: Path, tmp: Path) -> list[Sentence]:
    converted = tmp / (src.stem + ".v2.conllu")
    convert_v1_to_v2(src, converted)
    sentences = read_conllu(converted)
    previous_doc = None
    for sentence in sentences:
        reroot_initial_conjunction(sentence.rows)
        for row in sentence.rows:
            row[1] = devocalize(row[1])
        rebuild_padt_text(sentence)
        for row in sentence.rows:
            harmonize_row(row, padt=True)
        sent_id = next((c.split("=", 1)[1].strip() for c in sentence.comments if c.startswith("# sent_id")), "")
        orig = next((c.split(None, 2)[2] for c in sentence.comments if c.startswith("# orig_file_sentence")), "")
        doc_id = orig.split("#")[0]
        comments = []
        if doc_id != previous_doc:
            comments.append(f"# newdoc id = {doc_id}")
            previous_doc = doc_id
        comments += [f"# sent_id = {sent_id}", f"# text = {sentence.meta['text']}"]
        sentence.comments = comments
    return sentences


def prepare_pud(src: Path) -> list[Sentence]:
    sentences = read_conllu(src)
    for sentence in sentences:
        for row in sentence.rows:
            harmonize_row(row, padt=False)
        sentence.comments = [c for c in sentence.comments
                             if c.startswith(("# newdoc", "# sent_id", "# text ="))]
    return sentences


def is_trusted_text(sentence: Sentence) -> bool:
    """Rebuilt PADT text is trusted for tokenizer training only when no word is left unanalysed
    (UPOS X: PADT keeps clitic groups such as وذلك unsplit there, which would teach the tokenizer
    not to split them) and no assimilated preposition (عما، ممن) was left spaced."""
    forms = [r[1] for r in sentence.rows]
    if any(r[3] == "X" for r in sentence.rows):
        return False
    return not any(a in ("عن", "من") and b in ("ما", "من") for a, b in zip(forms, forms[1:]))


def prepare_tokenizer_files(data_dir: Path, short_name: str, splits: dict[str, list[Sentence]]) -> Path:
    from stanza.utils.datasets.common import convert_conllu_to_txt, prepare_tokenizer_treebank_labels

    tok_dir = data_dir / "tokenize"
    tok_dir.mkdir(parents=True, exist_ok=True)
    for split, sentences in splits.items():
        write_conllu(tok_dir / f"{short_name}.{split}.gold.conllu", sentences)
    convert_conllu_to_txt(str(tok_dir), short_name)
    prepare_tokenizer_treebank_labels(str(tok_dir), short_name)
    return tok_dir


def prepare(ud_dir: Path, work: Path, short_name: str = "ar_attr", pud_train: int = 900) -> dict:
    data = work / "data"
    tmp = work / "tmp"
    data.mkdir(parents=True, exist_ok=True)
    tmp.mkdir(parents=True, exist_ok=True)
    pud = prepare_pud(ud_dir / "ar_pud-ud-test.conllu")
    padt_dev = prepare_padt(ud_dir / "ar_padt-v1-dev.conllu", tmp)
    padt_test = prepare_padt(ud_dir / "ar_padt-v1-test.conllu", tmp)
    splits = {"train": pud[:pud_train] + padt_dev, "dev": pud[pud_train:], "test": padt_test}
    stats = {}
    for split, sentences in splits.items():
        write_conllu(data / f"{split}.conllu", sentences)
        stats[split] = {"sentences": len(sentences), "words": sum(len(s.rows) for s in sentences)}
        log.info("%s: %d sentences, %d words", split, stats[split]["sentences"], stats[split]["words"])
    trusted = [s for s in padt_dev if is_trusted_text(s)]
    stats["tokenizer_train_padt_trusted"] = f"{len(trusted)}/{len(padt_dev)}"
    tok_splits = {"train": pud[:pud_train] + trusted, "dev": splits["dev"], "test": padt_test}
    prepare_tokenizer_files(data, short_name, tok_splits)
    return stats
