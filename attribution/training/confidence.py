"""``python -m attribution.training.confidence``: refit the confidence model and measure its calibration.

    python -m attribution.training.confidence                      # extract ../shared/eval/dev, cross-validate, fit, write
    python -m attribution.training.confidence --pred OUT/ --no-write   # score claims already extracted into OUT/

Every claim of the development set is judged as ``attribution evaluate``'s strict precision judges it
(matched to a gold event, right speaker, content token F1 >= 0.5; a claim matched to an optional gold
event is not judged and left out).  The features of :func:`attribution.rules.confidence.features`
(the claim's evidence and its speaker's entity kind) feed an L2-regularised logistic regression
written here with numpy.  Calibration is measured by cross-validation over articles: the articles are
dealt into ``--folds`` folds, and each fold's claims are scored by a model fitted on the other folds
only.  The report gives the reliability table (10 bins of confidence: claims, mean confidence,
share right), the expected calibration error and how many claims at confidence >= 0.9 are right.
The final model is fitted on every article and written to ``attribution/rules/data/confidence.json``.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from attribution.claims.model import ClaimsDocument
from attribution.rules.confidence import MODEL_FILE, features
from attribution.views.scoring import judge_predictions, load_gold, load_predictions

ROOT = Path(__file__).resolve().parents[2]
DEV = ROOT.parent / "shared" / "eval" / "dev"
MODEL_PATH = ROOT / "attribution" / "rules" / "data" / MODEL_FILE
BINS = 10
HIGH = 0.9
DEFAULT_L2 = 2.0
REPEATS = 20


@dataclass
class Example:
    article: str
    claim_id: str
    features: dict[str, float]
    right: bool


def load_examples(gold_dir: Path, articles_dir: Path, pred_dir: Path) -> list[Example]:
    """The judged claims of every article with a gold file, with their features."""
    examples = []
    for gold_path in sorted(gold_dir.glob("*.gold.json")):
        stem = gold_path.name[: -len(".gold.json")]
        article = (articles_dir / f"{stem}.txt").read_text(encoding="utf-8")
        pred_path = pred_dir / f"{stem}.json"
        if not pred_path.exists():
            continue
        doc = ClaimsDocument.model_validate_json(pred_path.read_text(encoding="utf-8"))
        verdicts = judge_predictions(load_gold(gold_path), load_predictions(pred_path), article)
        for claim, right in zip(doc.claims, verdicts):
            if right is None:
                continue
            entity = doc.entity_of(claim)
            examples.append(Example(stem, claim.id, features(claim.evidence, entity.kind if entity else None), right))
    return examples


def design(examples: list[Example], names: list[str] | None = None) -> tuple[np.ndarray, list[str]]:
    if names is None:
        names = sorted({n for e in examples for n in e.features})
    index = {n: k for k, n in enumerate(names)}
    X = np.zeros((len(examples), len(names)))
    for row, e in enumerate(examples):
        for name, value in e.features.items():
            if name in index:
                X[row, index[name]] = value
    return X, names


def fit_logistic(X: np.ndarray, y: np.ndarray, l2: float, iterations: int = 100) -> tuple[np.ndarray, float]:
    """Weights and bias minimising the mean log-loss plus ``l2 / n`` times half the squared weights
    (the bias is not penalised), by Newton's method."""
    n, d = X.shape
    A = np.hstack([X, np.ones((n, 1))])
    theta = np.zeros(d + 1)
    penalty = np.full(d + 1, l2)
    penalty[-1] = 0.0
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-(A @ theta)))
        grad = A.T @ (p - y) + penalty * theta
        hess = (A * (p * (1 - p))[:, None]).T @ A + np.diag(penalty) + 1e-9 * np.eye(d + 1)
        step = np.linalg.solve(hess, grad)
        theta -= step
        if np.max(np.abs(step)) < 1e-10:
            break
    return theta[:-1], float(theta[-1])


def predict(X: np.ndarray, weights: np.ndarray, bias: float) -> np.ndarray:
    """Probabilities rounded to 2 places, as the claims carry them."""
    return np.round(1.0 / (1.0 + np.exp(-(X @ weights + bias))), 2)


def folds_of(articles: list[str], k: int, seed: int | None = None) -> dict[str, int]:
    """Articles dealt into k folds: in sorted order (article i goes to fold i mod k), or shuffled
    first with ``seed``."""
    order = sorted(set(articles))
    if seed is not None:
        order = [order[i] for i in np.random.default_rng(seed).permutation(len(order))]
    return {a: i % k for i, a in enumerate(order)}


def cross_validate(examples: list[Example], k: int, l2: float, seed: int | None = None) -> np.ndarray:
    """Out-of-fold confidence of every example: each fold scored by a model fitted on the others."""
    fold = folds_of([e.article for e in examples], k, seed)
    which = np.array([fold[e.article] for e in examples])
    y = np.array([e.right for e in examples], dtype=float)
    out = np.zeros(len(examples))
    for f in range(k):
        train, test = which != f, which == f
        X_train, names = design([e for e, t in zip(examples, train) if t])
        w, b = fit_logistic(X_train, y[train], l2)
        X_test, _ = design([e for e, t in zip(examples, test) if t], names)
        out[test] = predict(X_test, w, b)
    return out


def reliability(confidence: np.ndarray, right: np.ndarray, bins: int = BINS) -> list[dict]:
    """Equal-width bins over [0, 1] (the last one closed): claims, mean confidence, share right."""
    rows = []
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        inside = (confidence >= lo) & ((confidence < hi) if b < bins - 1 else (confidence <= hi))
        n = int(inside.sum())
        rows.append({"bin": f"{lo:.1f}–{hi:.1f}", "claims": n,
                     "confidence": float(confidence[inside].mean()) if n else None,
                     "accuracy": float(right[inside].mean()) if n else None})
    return rows


def expected_calibration_error(confidence: np.ndarray, right: np.ndarray, bins: int = BINS) -> float:
    """Sum over bins of (share of claims in the bin) × |mean confidence − share right|."""
    total = len(confidence)
    return float(sum(r["claims"] / total * abs(r["confidence"] - r["accuracy"])
                     for r in reliability(confidence, right, bins) if r["claims"]))


def high_confidence(confidence: np.ndarray, right: np.ndarray, threshold: float = HIGH) -> dict:
    sure = confidence >= threshold
    n = int(sure.sum())
    return {"threshold": threshold, "claims": n, "right": int(right[sure].sum()),
            "accuracy": float(right[sure].mean()) if n else None}


def log_loss(confidence: np.ndarray, right: np.ndarray) -> float:
    p = np.clip(confidence, 1e-3, 1 - 1e-3)
    return float(-np.mean(right * np.log(p) + (1 - right) * np.log(1 - p)))


def measure(examples: list[Example], k: int, l2: float, repeats: int = 0) -> dict:
    """Calibration out of fold: the table for articles dealt in sorted order, and the spread of
    ECE and of accuracy at confidence >= 0.9 over ``repeats`` shuffled deals."""
    confidence = cross_validate(examples, k, l2)
    right = np.array([e.right for e in examples], dtype=float)
    report = {"folds": k, "l2": l2, "claims": len(examples), "right": int(right.sum()),
              "articles": len({e.article for e in examples}),
              "ece": round(expected_calibration_error(confidence, right), 4),
              "log_loss": round(log_loss(confidence, right), 4),
              "high": high_confidence(confidence, right),
              "reliability": reliability(confidence, right)}
    if repeats:
        eces, highs = [], []
        for seed in range(repeats):
            shuffled = cross_validate(examples, k, l2, seed)
            eces.append(expected_calibration_error(shuffled, right))
            highs.append(high_confidence(shuffled, right)["accuracy"] or 0.0)
        report["repeats"] = {"deals": repeats, "ece_mean": round(float(np.mean(eces)), 4),
                             "ece_max": round(float(np.max(eces)), 4),
                             "high_accuracy_mean": round(float(np.mean(highs)), 4),
                             "high_accuracy_min": round(float(np.min(highs)), 4)}
    return report


def format_report(report: dict) -> str:
    lines = [f"{report['claims']} judged claims in {report['articles']} articles, {report['right']} strictly right "
             f"({report['right'] / report['claims']:.1%}); {report['folds']}-fold cross-validation by article, "
             f"L2 {report['l2']}",
             "", "| confidence | claims | mean confidence | strictly right |", "|---|---:|---:|---:|"]
    for row in report["reliability"]:
        if row["claims"]:
            lines.append(f"| {row['bin']} | {row['claims']} | {row['confidence']:.3f} | {row['accuracy']:.3f} |")
        else:
            lines.append(f"| {row['bin']} | 0 | – | – |")
    high = report["high"]
    share = f"{high['accuracy']:.1%}" if high["claims"] else "–"
    lines += ["", f"ECE {report['ece']:.3f} · log-loss {report['log_loss']:.3f} · confidence ≥ {high['threshold']}: "
              f"{high['right']} of {high['claims']} right ({share})"]
    if "repeats" in report:
        r = report["repeats"]
        lines.append(f"over {r['deals']} shuffled deals of the articles: ECE mean {r['ece_mean']:.3f}, max "
                     f"{r['ece_max']:.3f}; right at confidence ≥ {high['threshold']}: mean {r['high_accuracy_mean']:.1%}, "
                     f"min {r['high_accuracy_min']:.1%}")
    return "\n".join(lines)


def fit_final(examples: list[Example], l2: float, report: dict) -> dict:
    X, names = design(examples)
    y = np.array([e.right for e in examples], dtype=float)
    w, b = fit_logistic(X, y, l2)
    return {"about": "logistic model of P(claim strictly right) from attribution.rules.confidence.features; "
                     "refit with python -m attribution.training.confidence",
            "fitted_on": f"shared/eval/dev: {report['claims']} judged claims in {report['articles']} articles",
            "l2": l2, "bias": round(b, 6),
            "weights": {n: round(float(v), 6) for n, v in sorted(zip(names, w), key=lambda t: t[0])},
            "cross_validation": {k: report[k] for k in ("folds", "ece", "log_loss", "high", "repeats") if k in report}}


def extract(articles: Path, out: Path) -> None:
    subprocess.run([sys.executable, "-m", "attribution", "extract", str(articles), "-o", f"{out}/", "-q"], check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m attribution.training.confidence", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dev", type=Path, default=DEV, help="folder with gold/ and articles/ (default %(default)s)")
    parser.add_argument("--pred", type=Path, default=None,
                        help="claims already extracted from the dev articles (default: extract them now)")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--l2", type=float, default=DEFAULT_L2, help="L2 penalty (default %(default)s)")
    parser.add_argument("--repeats", type=int, default=REPEATS,
                        help="shuffled deals of the articles to report the spread over (default %(default)s; 0: none)")
    parser.add_argument("--write", type=Path, default=MODEL_PATH, help="where the fitted model goes")
    parser.add_argument("--no-write", action="store_true", help="measure only")
    parser.add_argument("--json", action="store_true", help="print the measurement as JSON")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        pred = args.pred
        if pred is None:
            pred = Path(tmp)
            extract(args.dev / "articles", pred)
        examples = load_examples(args.dev / "gold", args.dev / "articles", pred)
    if not examples:
        print("no judged claims: nothing to fit", file=sys.stderr)
        return 1
    report = measure(examples, args.folds, args.l2, args.repeats)
    print(json.dumps(report, ensure_ascii=False, indent=1) if args.json else format_report(report))
    if not args.no_write:
        model = fit_final(examples, args.l2, report)
        args.write.write_text(json.dumps(model, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {args.write}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
