"""CoNLL-U output of a parsed text, with offsets into the whole input (``start_char``/``end_char``)
and, for words inside a named entity, its BIO tag (``NER=B-PER``) in MISC."""
from __future__ import annotations

from attribution.parse.document import ParsedText


def parsed_to_conllu(parsed: ParsedText) -> str:
    out = []
    current_para = None
    for sentence in parsed.sentences:
        if sentence.paragraph != current_para:
            out.append(f"# newpar id = p{sentence.paragraph}")
            current_para = sentence.paragraph
        out.append(f"# sent_id = {sentence.index}")
        out.append(f"# text = {parsed.text[sentence.start:sentence.end].replace(chr(10), ' ')}")
        sentence.entities  # noqa: B018 -- a sentence left untagged by the parse sets its words' tags now
        for w in sentence.words:
            feats = "|".join(f"{k}={v}" for k, v in sorted(w.feats.items())) or "_"
            misc = f"start_char={w.start}|end_char={w.end}" + (f"|NER={w.ner}" if w.ner != "O" else "")
            out.append("\t".join([str(w.id), w.text, w.lemma or "_", w.upos, "_", feats, str(w.head),
                                  w.deprel, "_", misc]))
        out.append("")
    return "\n".join(out) + ("\n" if out else "")
