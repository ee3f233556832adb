"""Let the tokenizer's postprocessor see the text it tokenizes.

Stanza hands a ``tokenize_postprocessor`` only token strings, then finds each returned token in
the text again (``reassemble_doc_from_tokens``) and raises if two merged tokens had a space
between them.  :class:`attribution.parse.tokenfix.CliticMerger` merges only tokens that touch, so
it needs the text: while Stanza's ``postprocess_doc`` runs, the postprocessor's ``text``
attribute holds it (and ``None`` otherwise).
"""
from __future__ import annotations

import functools


def install() -> None:
    from stanza.models.tokenization import utils

    original = utils.postprocess_doc
    if getattr(original, "_with_text", False):
        return

    @functools.wraps(original)
    def postprocess_doc(doc, postprocessor, orig_text=None):
        if not hasattr(postprocessor, "text"):
            return original(doc, postprocessor, orig_text)
        postprocessor.text = orig_text
        try:
            return original(doc, postprocessor, orig_text)
        finally:
            postprocessor.text = None

    postprocess_doc._with_text = True
    utils.postprocess_doc = postprocess_doc
