"""Build parsed texts from small hand-written trees, so rules are tested without a model.

Each word is one line ``FORM UPOS HEAD DEPREL [FEATS]``; a FORM ending in ``+`` has no space
after it (و+ قال → وقال).  Sentences are separated by a blank line and paragraphs by a line
holding ``¶``.  The rows become CoNLL-U, read by ``stanza.utils.conll.CoNLL.conll2doc``.
"""
from __future__ import annotations

from stanza.utils.conll import CoNLL

from attribution.parse.document import from_stanza_document


def to_conllu(rows: str) -> str:
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
        form, upos, head, deprel = parts[:4]
        feats = parts[4] if len(parts) > 4 else "_"
        misc = "_"
        if form.endswith("+") and len(form) > 1:
            form, misc = form[:-1], "SpaceAfter=No"
        sent = sentences[-1]
        sent.append([str(len(sent) + 1), form, form, upos, "_", feats, head, deprel, "_", misc])
    out = []
    for sent in sentences:
        if sent:
            out.extend("\t".join(row) for row in sent)
            out.append("")
    return "\n".join(out) + "\n"


def _misc(misc: str, item: str) -> str:
    parts = [m for m in misc.split("|") if m not in ("_", "SpaceAfter=No")]
    return "|".join(parts + [item])


def build(rows: str):
    doc = CoNLL.conll2doc(input_str=to_conllu(rows), reconstruct_text=True)
    return from_stanza_document(doc)
