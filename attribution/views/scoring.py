"""Score predicted claims against gold attributions (format and rules: ``shared/eval/README.md``).

A prediction matches a gold event when their cue spans overlap or their contents share at least
half of their words (token F1 >= 0.5; complementizers and و ignored, letters normalised).
Matching is one-to-one, best pairs first.  Gold events marked ``optional`` neither reward nor
penalise: a prediction matched to one is left out of precision, and missing one costs nothing.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from attribution.claims.read import parse_records
from attribution.parse.document import split_paragraphs
from attribution.parse.normalize import normalize, words

IGNORED_TOKENS = {normalize(w) for w in "أن إن أنّ إنّ بأن بان أنه أنها أنهم إنه إنها إنهم بأنه بأنها و".split()}
SPEAKER_STOP = {normalize(w) for w in "في من على إلى الى عن مع ب ل و ضد باسم".split()}


class EvaluationError(Exception):
    """Bad gold, article or prediction input; the message names the file."""


@dataclass
class Event:
    paragraph: int | None
    cue: str
    content: str
    speaker_resolved: str | None
    optional: bool = False
    cue_span: tuple[int, int] | None = None
    content_span: tuple[int, int] | None = None


@dataclass
class Scores:
    gold: int = 0            # non-optional gold events
    predicted: int = 0       # predictions not matched to optional gold
    matched: int = 0
    speaker_correct: int = 0
    strict: int = 0
    content_f1_sum: float = 0.0
    per_article: dict = field(default_factory=dict)

    def add(self, other: "Scores") -> None:
        for name in ("gold", "predicted", "matched", "speaker_correct", "strict", "content_f1_sum"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def summary(self) -> dict:
        def prf(tp: int) -> tuple[float, float, float]:
            p = tp / self.predicted if self.predicted else 0.0
            r = tp / self.gold if self.gold else 0.0
            return p, r, (2 * p * r / (p + r) if p + r else 0.0)
        dp, dr, df = prf(self.matched)
        sp, sr, sf = prf(self.strict)
        return {"gold": self.gold, "predicted": self.predicted, "matched": self.matched,
                "detection": {"precision": round(dp, 4), "recall": round(dr, 4), "f1": round(df, 4)},
                "speaker_accuracy": round(self.speaker_correct / self.matched, 4) if self.matched else 0.0,
                "content_f1": round(self.content_f1_sum / self.matched, 4) if self.matched else 0.0,
                "strict": {"precision": round(sp, 4), "recall": round(sr, 4), "f1": round(sf, 4)}}


def content_tokens(text: str) -> list[str]:
    return [w for w in words(text) if w not in IGNORED_TOKENS]


def token_f1(a: str, b: str) -> float:
    ta, tb = Counter(content_tokens(a)), Counter(content_tokens(b))
    common = sum((ta & tb).values())
    if not common:
        return 0.0
    p, r = common / sum(ta.values()), common / sum(tb.values())
    return 2 * p * r / (p + r)


def speaker_matches(predicted: str | None, gold: str | None) -> bool:
    if not predicted or not gold:
        return False
    pw = {w for w in words(predicted) if w not in SPEAKER_STOP}
    gw = {w for w in words(gold) if w not in SPEAKER_STOP}
    return bool(pw & gw)


def _find(text: str, needle: str, start: int, end: int) -> list[int]:
    hits, pos = [], text.find(needle, start, end)
    while needle and pos >= 0:
        hits.append(pos)
        pos = text.find(needle, pos + 1, end)
    return hits


def locate(article: str, paragraph: int | None, cue: str, content: str) -> tuple[tuple | None, tuple | None]:
    """Spans of a gold event's content and cue inside its paragraph (the cue occurrence nearest
    the content, preferring one before it)."""
    paragraphs = {p.index: p for p in split_paragraphs(article)}
    para = paragraphs.get(paragraph) if paragraph is not None else None
    lo, hi = (para.start, para.end) if para else (0, len(article))
    content_hits = _find(article, content, lo, hi) if content else []
    content_span = (content_hits[0], content_hits[0] + len(content)) if content_hits else None
    cue_hits = _find(article, cue, lo, hi)
    if not cue_hits:
        return None, content_span
    anchor = content_span[0] if content_span else lo
    best = min(cue_hits, key=lambda h: (h > anchor, abs(anchor - h)))
    return (best, best + len(cue)), content_span


def _gold_events(data: list, where: str) -> list[Event]:
    if not all(isinstance(e, dict) for e in data):
        raise EvaluationError(f"{where}: every gold event must be a JSON object")
    return [Event(e.get("paragraph"), e.get("cue") or "", e.get("content") or "", e.get("speaker_resolved"),
                  bool(e.get("optional", False))) for e in data]


def load_gold(path: Path) -> list[Event]:
    data = _read_json(path)
    if not isinstance(data, list):
        raise EvaluationError(f"{path}: gold must be a JSON list of events")
    return _gold_events(data, str(path))


def load_gold_file(path: Path) -> list[tuple[str, list[Event]]]:
    """The gold one file holds, as (article stem, events): ``<stem>.gold.json`` holding a list is
    that article's; a file holding ``{"articles": {"<stem>": [events ...], ...}}`` (what the review
    page exports when several articles were reviewed) gives each of its articles."""
    data = _read_json(path)
    if isinstance(data, list):
        name = path.name
        stem = name[: -len(".gold.json")] if name.endswith(".gold.json") else path.stem
        return [(stem, _gold_events(data, str(path)))]
    articles = data.get("articles") if isinstance(data, dict) else None
    if not isinstance(articles, dict):
        raise EvaluationError(f"{path}: gold must be a JSON list of events, or {{\"articles\": {{stem: [events]}}}}")
    out = []
    for stem, events in articles.items():
        if not isinstance(events, list):
            raise EvaluationError(f"{path}: articles.{stem}: gold must be a JSON list of events")
        if not stem or "/" in stem or "\\" in stem or stem in (".", ".."):
            raise EvaluationError(f"{path}: articles.{stem!r}: not a file stem")
        out.append((stem, _gold_events(events, f"{path}: articles.{stem}")))
    return out


def load_predictions(path: Path) -> list[Event]:
    """A claims document (JSON or the first record of JSONL) or a gold-format list."""
    return predictions_from(read_prediction(path), path)


def read_prediction(path: Path):
    """The JSON of a prediction file: the document (or list) it holds, the first record of a JSONL
    file, None for an empty JSONL file."""
    if path.suffix == ".jsonl":
        first = next(parse_records(path.read_text(encoding="utf-8"), jsonl=True), None)
        if first is None:
            return None
        if first.error is not None:
            raise EvaluationError(f"{path}: line 1 is not JSON ({first.error.msg})")
        return first.data
    return _read_json(path)


def predictions_from(data, path: Path) -> list[Event]:
    """The events of a prediction read by :func:`read_prediction` from ``path``."""
    if data is None:
        return []
    if isinstance(data, list):
        return [Event(e.get("paragraph"), e.get("cue") or "", e.get("content") or "",
                      e.get("speaker_resolved") or e.get("speaker"), False) for e in data]
    if not isinstance(data, dict) or "claims" not in data:
        raise EvaluationError(f"{path}: not a claims document (no 'claims')")
    events = []
    for c in data["claims"]:
        spk = c.get("speaker") or {}
        resolved = spk.get("entity") or (spk.get("resolved") or {}).get("text") or spk.get("text")
        events.append(Event(c.get("paragraph"), c["cue"]["text"], c["content"]["text"], resolved, False,
                            (c["cue"]["start"], c["cue"]["end"]), (c["content"]["start"], c["content"]["end"])))
    return events


def _read_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise EvaluationError(f"{path}: not JSON ({err.msg} at line {err.lineno})") from None
    except (OSError, UnicodeDecodeError) as err:
        raise EvaluationError(f"{path}: cannot read ({err})") from None


def _overlap(a: tuple | None, b: tuple | None) -> bool:
    return a is not None and b is not None and min(a[1], b[1]) > max(a[0], b[0])


def match_events(gold: list[Event], predicted: list[Event], article: str) -> list[tuple[int, int, float]]:
    """The one-to-one matching of predictions to gold events, best pairs first: (gold index,
    prediction index, content token F1) for every matched pair."""
    for event in gold:
        event.cue_span, event.content_span = locate(article, event.paragraph, event.cue, event.content)
    for event in predicted:
        if event.cue_span is None:
            event.cue_span, event.content_span = locate(article, event.paragraph, event.cue, event.content)
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            f1 = token_f1(g.content, p.content)
            cue_hit = _overlap(g.cue_span, p.cue_span)
            if cue_hit or f1 >= 0.5:
                pairs.append((cue_hit, f1, gi, pi))
    pairs.sort(key=lambda t: (-t[0], -t[1]))
    used_g, used_p, matches = set(), set(), []
    for cue_hit, f1, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        matches.append((gi, pi, f1))
    return matches


def is_strict(gold: Event, predicted: Event, f1: float) -> bool:
    """A matched pair that strict F1 counts: the right speaker and content token F1 >= 0.5."""
    return speaker_matches(predicted.speaker_resolved, gold.speaker_resolved) and f1 >= 0.5


def judge_predictions(gold: list[Event], predicted: list[Event], article: str) -> list[bool | None]:
    """Each prediction as strict precision sees it: True when matched and strictly right, False
    when wrong or unmatched, None when matched to an optional gold event (not judged)."""
    verdicts: list[bool | None] = [False] * len(predicted)
    for gi, pi, f1 in match_events(gold, predicted, article):
        verdicts[pi] = None if gold[gi].optional else is_strict(gold[gi], predicted[pi], f1)
    return verdicts


def score_article(gold: list[Event], predicted: list[Event], article: str) -> tuple[Scores, list[dict]]:
    matches = match_events(gold, predicted, article)
    used_g = {gi for gi, _, _ in matches}
    used_p = {pi for _, pi, _ in matches}
    scores = Scores(gold=sum(not g.optional for g in gold))
    details = []
    optional_hits = sum(1 for gi, _, _ in matches if gold[gi].optional)
    scores.predicted = len(predicted) - optional_hits
    for gi, pi, f1 in matches:
        g, p = gold[gi], predicted[pi]
        if g.optional:
            continue
        ok_speaker = speaker_matches(p.speaker_resolved, g.speaker_resolved)
        scores.matched += 1
        scores.content_f1_sum += f1
        scores.speaker_correct += ok_speaker
        scores.strict += is_strict(g, p, f1)
        details.append({"gold_cue": g.cue, "pred_cue": p.cue, "speaker_ok": ok_speaker,
                        "gold_speaker": g.speaker_resolved, "pred_speaker": p.speaker_resolved,
                        "content_f1": round(f1, 3)})
    for gi, g in enumerate(gold):
        if gi not in used_g and not g.optional:
            details.append({"missed": g.cue, "paragraph": g.paragraph, "content": g.content[:60]})
    for pi, p in enumerate(predicted):
        if pi not in used_p:
            details.append({"spurious": p.cue, "paragraph": p.paragraph, "content": p.content[:60]})
    return scores, details


def _prediction_for(pred_dir: Path, stem: str) -> Path | None:
    for suffix in (".json", ".jsonl", ".claims.json"):
        path = pred_dir / f"{stem}{suffix}"
        if path.exists():
            return path
    return None


def evaluate_dirs(gold_dir: Path, articles_dir: Path | None, pred_dir: Path) -> tuple[Scores, dict]:
    """Score every ``<stem>.gold.json`` in ``gold_dir`` (or the one gold file it names) against
    ``pred_dir/<stem>.json``, and every article of a multi-article export there
    (:func:`load_gold_file`).  A missing prediction counts as no claims (all its gold events are
    missed); an article with gold in two files is an error.  Each article is read as
    ``articles_dir/<stem>.txt``, else found through its prediction (:func:`_article_text`)."""
    gold_files = [gold_dir] if gold_dir.is_file() else sorted(gold_dir.glob("*.gold.json"))
    if not gold_files:
        raise EvaluationError(f"{gold_dir}: no *.gold.json files")
    golds: dict[str, tuple[Path, list[Event]]] = {}
    for gold_path in gold_files:
        for stem, events in load_gold_file(gold_path):
            if stem in golds:
                raise EvaluationError(f"{gold_path}: gold for {stem!r} is also in {golds[stem][0].name}")
            golds[stem] = (gold_path, events)
    total, per_article = Scores(), {}
    for stem in sorted(golds):
        gold_path, gold_events = golds[stem]
        pred_path = _prediction_for(pred_dir, stem)
        data = read_prediction(pred_path) if pred_path else None   # read once: the events, maybe the article
        article = _article_text(stem, gold_path, articles_dir, pred_path, data)
        predicted = predictions_from(data, pred_path) if pred_path else []
        scores, details = score_article(gold_events, predicted, article)
        total.add(scores)
        per_article[stem] = {"summary": scores.summary(), "details": details,
                             "prediction": str(pred_path) if pred_path else None}
    return total, per_article


def _article_text(stem: str, gold_path: Path, articles_dir: Path | None, pred_path: Path | None, data) -> str:
    """The article gold and prediction refer to: ``articles_dir/<stem>.txt``; else the one the
    prediction (``data``, read from ``pred_path``) was made from, as ``report`` finds it (the text
    a claims document carries for HTML, JSONL and standard input, or the file its ``input`` names,
    checked by sha256)."""
    if articles_dir is not None and (articles_dir / f"{stem}.txt").is_file():
        return (articles_dir / f"{stem}.txt").read_text(encoding="utf-8")
    if pred_path is not None and pred_path.suffix == ".json":
        from pydantic import ValidationError

        from attribution.claims.model import ClaimsDocument
        from attribution.views.sources import find_article_text
        try:
            doc = ClaimsDocument.model_validate(data) if isinstance(data, dict) else None
        except ValidationError:
            doc = None
        text = find_article_text(doc, pred_path, articles_dir) if doc is not None else None
        if text is not None:
            return text
    where = articles_dir / f"{stem}.txt" if articles_dir is not None else stem
    raise EvaluationError(f"{where}: article for {gold_path.name} not found (nor through its prediction: pass "
                          "--articles DIR)")


def format_summary(name: str, summary: dict) -> str:
    d, s = summary["detection"], summary["strict"]
    return (f"{name}: gold={summary['gold']} pred={summary['predicted']} matched={summary['matched']} "
            f"detection P={d['precision']:.3f} R={d['recall']:.3f} F1={d['f1']:.3f} "
            f"speaker={summary['speaker_accuracy']:.3f} content_f1={summary['content_f1']:.3f} "
            f"strict P={s['precision']:.3f} R={s['recall']:.3f} F1={s['f1']:.3f}")
