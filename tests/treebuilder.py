"""Build parsed texts from small hand-written trees, so rules are tested without a model.

Each word is one line ``FORM UPOS HEAD DEPREL [FEATS] [lemma=LEMMA]``; a FORM ending in ``+`` has
no space after it (و+ قال → وقال).  The lemma is the form unless given (``lemma=`` a word's own,
or ``build(rows, lemmas={form: lemma})`` for every word written so), as a real lemmatizer would.  Sentences are separated by a blank line and paragraphs by a line
holding ``¶``.  ``ner=S-PER`` (or any BIOES/BIO tag) gives a word its named-entity tag, as
Stanza's NER stage would.  The rows become CoNLL-U, read by ``stanza.utils.conll.CoNLL.conll2doc``.
"""
from __future__ import annotations

from stanza.utils.conll import CoNLL

from attribution.parse.document import from_stanza_document


def to_conllu(rows: str, lemmas: dict[str, str] | None = None) -> str:
    sentences: list[list[list[str]]] = [[]]
    for line in rows.strip().splitlines():
        line = line.strip()
        if not line:
            if sentences[-1]:
                sentences.append([])
            continue
        if line == "¶":
            if sentences[-1]:
                sentences[-1][-1][9] = _misc(sentences[-1][-1][9], "SpacesAfter=\\n\\n")
                sentences.append([])
            else:
                sentences[-2][-1][9] = _misc(sentences[-2][-1][9], "SpacesAfter=\\n\\n")
            continue
        parts = line.split()
        lemma = next((p[len("lemma="):] for p in parts[4:] if p.startswith("lemma=")), None)
        ner = next((p for p in parts[4:] if p.startswith("ner=")), None)
        parts = [p for p in parts if not p.startswith(("lemma=", "ner="))]
        form, upos, head, deprel = parts[:4]
        feats = parts[4] if len(parts) > 4 else "_"
        misc = "_"
        if form.endswith("+") and len(form) > 1:
            form, misc = form[:-1], "SpaceAfter=No"
        if ner:
            misc = ner if misc == "_" else f"{misc}|{ner}"
        sent = sentences[-1]
        if lemma is None:
            lemma = (lemmas or {}).get(form, form)
        sent.append([str(len(sent) + 1), form, lemma, upos, "_", feats, head, deprel, "_", misc])
    out = []
    for sent in sentences:
        if sent:
            out.extend("\t".join(row) for row in sent)
            out.append("")
    return "\n".join(out) + "\n"


def _misc(misc: str, item: str) -> str:
    parts = [m for m in misc.split("|") if m not in ("_", "SpaceAfter=No")]
    return "|".join(parts + [item])


def build(rows: str, lemmas: dict[str, str] | None = None):
    doc = CoNLL.conll2doc(input_str=to_conllu(rows, lemmas), reconstruct_text=True)
    return from_stanza_document(doc)
