"""Property: whatever the text, every span of every claim indexes it exactly."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from attribution.run.build import extract_text

PIECES = ["وقال", "الوزير", "إن", "أن", "وأضاف", "مضيفًا", "بحسب", "مصادر", "الوضع", "صعب", "قالت", "الوزارة",
          "كما قال", "تأكد", "لم يقل", ":", "،", ".", "..", '"', "«", "»", "“", "”", "\n", "\n\n", "\r\n", " ",
          "أنّ", "ً", "ـ", "abc", "123", "\u200f", "(واس)"]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=40).map(" ".join) | st.text(max_size=60))
def test_every_span_indexes_the_text(nlp, text):
    doc = extract_text(text, nlp, "bundled:ar_attr")
    assert doc.input.chars == len(text)
    for claim in doc.claims:
        spans = [claim.cue, claim.content]
        if claim.speaker.resolved is not None:
            spans.append(claim.speaker.resolved)
        for span in spans:
            assert 0 <= span.start <= span.end <= len(text)
            assert text[span.start:span.end] == span.text
        if claim.speaker.text is not None:
            assert text[claim.speaker.start:claim.speaker.end] == claim.speaker.text
        assert claim.content.text.strip(), "content is never empty"
