"""Schema 1.3's claim details end to end, with the bundled model: one short article per detail."""
from __future__ import annotations

from attribution.claims.validate import document_problems
from attribution.run.build import extract_text

ARTICLE = """وقال نائب وزير العدل رود روزنستاين في مؤتمر صحفي إن التحقيق مستمر.

وقال مصدر مطلع طلب عدم الكشف عن هويته إن الاجتماع تأجل.

ونفت وزارة الخارجية في بيان أن يكون الوزير قد استقال.

"لن نتراجع عن هذا القرار"، قال الوزير، "وسنواصل العمل حتى النهاية".

وقال الرئيس الفرنسي ونظيره الألماني في بيان مشترك إن الاتفاق ضروري.

وكتب ترامب عبر تويتر أن الانتخابات مزورة.
"""


def text(span):
    return None if span is None else span.text


def test_claim_details_end_to_end(nlp):
    doc = extract_text(ARTICLE, nlp, "bundled:ar_attr", name="details.txt")
    assert document_problems(doc.model_dump(), ARTICLE, 50) == ([], 0)
    got = [(c.cue.text, c.speaker.text, text(c.speaker.title), text(c.speaker.name), c.speaker.anonymous,
            c.stance, text(c.setting), [p.text for p in c.content.parts]) for c in doc.claims]
    assert got == [
        ("وقال", "نائب وزير العدل رود روزنستاين", "نائب وزير العدل", "رود روزنستاين", False, "assertion",
         "في مؤتمر صحفي", []),
        ("وقال", "مصدر مطلع", None, None, True, "assertion", None, []),
        ("ونفت", "وزارة الخارجية", None, None, False, "denial", "في بيان", []),
        ("قال", "الوزير", "الوزير", None, False, "assertion", None,
         ["لن نتراجع عن هذا القرار", "وسنواصل العمل حتى النهاية"]),
        ("وقال", "الرئيس الفرنسي ونظيره الألماني", None, None, False, "assertion", "في بيان مشترك", []),
        ("وكتب", "ترامب", None, "ترامب", False, "assertion", "عبر تويتر", []),
    ]
    assert all(c.sentence_span.text.rstrip(".").endswith(c.content.text.split()[-1].rstrip('"'))
               or c.content.parts for c in doc.claims)
    coordination = doc.entity_of(doc.claims[4])
    assert coordination.name == "الرئيس الفرنسي ونظيره الألماني" and len(coordination.mentions) == 1
