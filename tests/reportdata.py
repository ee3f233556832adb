"""Claims documents built by hand for report/speaker/export tests, where the parse is irrelevant."""
from __future__ import annotations

from attribution.claims.model import Claim, ClaimsDocument, Cue, Span, Speaker
from attribution.run.build import build_document

# Article text holding markup that must stay text in the report.
INJECTED = (
    'قال الوزير "<script>window.__pwned = 1</script>" إن الأمر '
    '"><img src=x onerror="window.__pwned=2"> محسوم.\n\n'
    "وأضافت المتحدثة أن <svg onload=\"window.__pwned=3\"></svg> الخطة جاهزة.\n\n"
    "وأكد أن الاتفاق </textarea><iframe src=javascript:window.__pwned=4> قريب.\n\n"
    "وقالت المتحدثة إن الوفد سيصل غدا."
)
# a canonical speaker name that is itself markup (entity names come from article text too)
EVIL_ENTITY = '"><img src=y onerror="window.__pwned=5">الوزير'


def span(text: str, needle: str, after: int = 0) -> Span:
    start = text.index(needle, after)
    return Span(text=needle, start=start, end=start + len(needle))


def claim(text: str, n: int, cue: str, content: str, speaker: str | None, entity: str | None,
          kind: str = "indirect", after: int = 0, resolved: str | None = None, confidence: float = 0.9) -> Claim:
    c = span(text, cue, after)
    body = span(text, content, c.end)
    written = span(text, speaker, after) if speaker else None
    res = written if written else (span(text, resolved) if resolved else None)
    return Claim(
        id=f"c{n}", type=kind,
        cue=Cue(text=c.text, start=c.start, end=c.end, lemma=cue),
        speaker=Speaker(text=written.text if written else None, start=written.start if written else None,
                        end=written.end if written else None, implicit=written is None, resolved=res,
                        entity=entity),
        content=body, paragraph=text.count("\n\n", 0, c.start), sentence=n - 1, confidence=confidence)


def injected_document(name: str = "evil.txt") -> ClaimsDocument:
    t = INJECTED
    claims = [
        claim(t, 1, "قال", '<script>window.__pwned = 1</script>" إن الأمر "><img src=x onerror="window.__pwned=2"> محسوم',
              "الوزير", EVIL_ENTITY, kind="mixed"),
        claim(t, 2, "وأضافت", 'الخطة جاهزة', "المتحدثة", "المتحدثة"),
        claim(t, 3, "وأكد", 'الاتفاق </textarea><iframe src=javascript:window.__pwned=4> قريب', None, EVIL_ENTITY,
              resolved="الوزير", confidence=0.75),
        claim(t, 4, "وقالت", "الوفد سيصل غدا", "المتحدثة", "المتحدثة", after=t.index("وقالت")),
    ]
    return build_document(t, claims, name, "test:fake")
