"""Train the claims scorer (scrapers/claims/scorer.json) and cross-validate it.

Usage: MEGAWATCH_CORPUS=... python eval/train_claims_scorer.py [--folds 5] [--l2 1.0]
           [--table-weight W] [--threshold T] [--write] [--json]

Training data: every dated candidate the extractor proposes with its soft rules
relaxed (``scored_candidates(..., overgen=True)``) on

* the dev split of the real-news corpus (eval/corpus/, never the test split:
  rows whose split is "test" are dropped before anything is read), and
* the case table tests/data/claims_cases.jsonl (our own sentences; weight W),

labelled 1 when its (service, kind, earliest, latest) is one the excerpt's
annotators (or the table row) give. A logistic regression with an L2 penalty,
fitted by Newton's method in pure Python: deterministic, no dependency, no seed
needed (the folds are a fixed hash of the excerpt id).

Cross-validation: the dev excerpts are cut into K folds by a hash of their id
(grouped: every candidate of one excerpt is in one fold); each fold is scored
by a model trained on the other folds and the whole table, through the same
keep rule as the extractor. The script prints, for dev pooled over folds,
rules alone (every fold: the same rules, written on all of dev, so this is
plain dev) and rules + scorer, per language and class.

--write stores the model trained on all of dev and the table in
scrapers/claims/scorer.json (with its CV figures).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "eval"))

import claims_corpus_eval as CE  # noqa: E402

from scrapers.claims import default_tracker  # noqa: E402
from scrapers.claims import scorer as S  # noqa: E402
from scrapers.claims.extractor import scored_candidates  # noqa: E402

TABLE = REPO / "tests" / "data" / "claims_cases.jsonl"


def _key(claim) -> tuple:
    iso = lambda d: d.isoformat() if d is not None else None  # noqa: E731
    return (claim.service, claim.kind, iso(claim.earliest), iso(claim.latest))


def examples(tracker) -> tuple[list[dict], list[dict]]:
    """(dev excerpts, table rows), each {"id", "lang", "classes", "gold", "cands"}.

    cands: [(key, feats or None)] for every validated candidate, duplicates kept.
    """
    rows, _ = CE.load()
    dev = []
    for row in rows:
        if row["split"] != "dev":
            continue  # the locked test split is never read here
        pub = date.fromisoformat(row["published"])
        cands = [(_key(cl), c.feats) for cl, c in scored_candidates(row["text"], pub, row.get("lang"), tracker, True)]
        gold = {CE.key(c) for c in row["claims"]}
        dev.append({"id": row["id"], "lang": row.get("lang"), "classes": row.get("classes", []),
                    "no_claim": not row["claims"], "gold": gold, "cands": cands})
    table = []
    for i, line in enumerate(TABLE.read_text(encoding="utf-8").splitlines()):
        if not line.strip():
            continue
        case = json.loads(line)
        pub = date.fromisoformat(case["published"])
        cands = [(_key(cl), c.feats) for cl, c in scored_candidates(case["text"], pub, case.get("lang"), tracker, True)]
        gold = {(e["service"], e["kind"], e["earliest"], e["latest"]) for e in case["expected"]}
        table.append({"id": f"table-{i + 1}", "lang": case.get("lang"), "classes": [], "no_claim": not gold,
                      "gold": gold, "cands": cands})
    return dev, table


def design(items: list[dict], weight: float = 1.0) -> list[tuple[dict, int, float]]:
    """(features, label, weight) for every dated candidate carrying features."""
    out = []
    for it in items:
        for key, feats in it["cands"]:
            if feats is None or not (key[2] or key[3]):
                continue
            out.append((feats, int(key in it["gold"]), weight))
    return out


def fit(data: list[tuple[dict, int, float]], l2: float) -> S.Model:
    """L2-penalised logistic regression by Newton's method (the bias is not penalised)."""
    names = sorted({k for x, _, _ in data for k in x})
    n = len(names) + 1
    index = {k: i + 1 for i, k in enumerate(names)}
    rows = [([(0, 1.0)] + [(index[k], v) for k, v in x.items() if v], y, w) for x, y, w in data]
    beta = [0.0] * n
    for _ in range(50):
        grad = [0.0] * n
        hess = [[0.0] * n for _ in range(n)]
        for xs, y, w in rows:
            z = sum(beta[i] * v for i, v in xs)
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            g = w * (p - y)
            h = w * p * (1.0 - p)
            for i, v in xs:
                grad[i] += g * v
                hi = hess[i]
                for j, u in xs:
                    hi[j] += h * v * u
        for i in range(1, n):
            grad[i] += l2 * beta[i]
            hess[i][i] += l2
        hess[0][0] += 1e-6
        step = _solve(hess, grad)
        beta = [b - s for b, s in zip(beta, step)]
        if max(abs(s) for s in step) < 1e-8:
            break
    weights = {k: round(beta[index[k]], 6) for k in names}
    return S.Model(weights, round(beta[0], 6), 0.5)


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (a is symmetric positive definite here)."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        piv = m[c][c] or 1e-12
        for r in range(c + 1, n):
            f = m[r][c] / piv
            if f:
                mr, mc = m[r], m[c]
                for k in range(c, n + 1):
                    mr[k] -= f * mc[k]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        x[r] = (m[r][n] - sum(m[r][k] * x[k] for k in range(r + 1, n))) / (m[r][r] or 1e-12)
    return x


def predict(item: dict, model: S.Model | None) -> set:
    """The dated keys the extractor gives: the rules' own choice when model is None."""
    got = set()
    for key, feats in item["cands"]:
        if not (key[2] or key[3]):
            continue
        if feats is None or (feats.get("rule", 1.0) == 1.0 if model is None else model.keep(feats)):
            got.add(key)
    return got


def score(items: list[dict], preds: dict[str, set]) -> dict:
    groups: dict[str, Counter] = defaultdict(Counter)
    for it in items:
        got = preds[it["id"]]
        want = {k for k in it["gold"] if k[2] or k[3]}
        tp, fp, fn = len(got & want), len(got - want), len(want - got)
        labels = ["all", f"lang={it['lang']}"] + [f"class={c}" for c in it["classes"]]
        if it["no_claim"]:
            labels.append("no-claim excerpts")
        for label in labels:
            groups[label].update(tp=tp, fp=fp, fn=fn, excerpts=1)
    return {label: {**CE.prf(c["tp"], c["fp"], c["fn"]), "excerpts": c["excerpts"]}
            for label, c in sorted(groups.items())}


def fold_of(ident: str, k: int) -> int:
    return int(hashlib.sha256(f"megawatch-scorer-folds:{ident}".encode()).hexdigest()[:8], 16) % k


def cross_validate(dev: list[dict], table: list[dict], k: int, l2: float, table_weight: float,
                   threshold: float) -> dict[str, set]:
    preds = {}
    for fold in range(k):
        train = [it for it in dev if fold_of(it["id"], k) != fold]
        model = fit(design(train) + design(table, table_weight), l2)
        model = S.Model(model.weights, model.bias, threshold)
        for it in dev:
            if fold_of(it["id"], k) == fold:
                preds[it["id"]] = predict(it, model)
    return preds


def show(title: str, figures: dict) -> None:
    print(title)
    for label, f in figures.items():
        print(f"  {label:<32} n={f['excerpts']:>3}  P={f['precision']:.3f} R={f['recall']:.3f} "
              f"F1={f['f1']:.3f}  (tp={f['tp']} fp={f['fp']} fn={f['fn']})")


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--folds", type=int, default=5)
    p.add_argument("--l2", type=float, default=1.0)
    p.add_argument("--table-weight", type=float, default=1.0)
    p.add_argument("--threshold", type=float, default=0.5)
    p.add_argument("--write", action="store_true")
    p.add_argument("--json", action="store_true")
    p.add_argument("--quiet", action="store_true", help="overall lines only")
    args = p.parse_args(argv)
    tracker = default_tracker()
    dev, table = examples(tracker)
    if not dev:
        print("no dev excerpts (texts missing): nothing to train on")
        return 1
    rules = score(dev, {it["id"]: predict(it, None) for it in dev})
    cv = score(dev, cross_validate(dev, table, args.folds, args.l2, args.table_weight, args.threshold))
    final = fit(design(dev) + design(table, args.table_weight), args.l2)
    final = S.Model(final.weights, final.bias, args.threshold)
    fitted = score(dev, {it["id"]: predict(it, final) for it in dev})
    table_fig = score(table, {it["id"]: predict(it, final) for it in table})
    table_rules = score(table, {it["id"]: predict(it, None) for it in table})
    if args.json:
        print(json.dumps({"rules": rules, "cv": cv, "fitted": fitted, "table": table_fig}, indent=1))
    elif args.quiet:
        for name, fig in (("rules", rules), ("cv", cv), ("fitted", fitted), ("table", table_fig)):
            for label in ("all", "lang=fr", "lang=en", "class=cross_sentence"):
                f = fig.get(label)
                if f:
                    print(f"{name:<7} {label:<22} P={f['precision']:.3f} R={f['recall']:.3f} F1={f['f1']:.3f} "
                          f"(tp={f['tp']} fp={f['fp']} fn={f['fn']})")
    else:
        show("dev, rules alone (plain dev):", rules)
        show(f"dev, rules + scorer, {args.folds}-fold grouped cross-validation:", cv)
        show("dev, rules + scorer trained on all of dev (fitted, flattering):", fitted)
        show("table, rules alone:", {"all": table_rules["all"]})
        show("table, rules + scorer:", {"all": table_fig["all"]})
        print("weights:", json.dumps(dict(sorted(final.weights.items(), key=lambda kv: -abs(kv[1])))),
              "bias", final.bias)
    if args.write:
        data = {"about": "Logistic regression over launch-claim candidates; trained by eval/train_claims_scorer.py "
                         "on the corpus dev split and the case table. Keep a candidate when its probability "
                         ">= threshold.",
                "threshold": args.threshold, "bias": final.bias, "l2": args.l2, "table_weight": args.table_weight,
                "folds": args.folds,
                "trained_on": {"dev_excerpts": len(dev), "table_rows": len(table),
                               "candidates": len(design(dev)) + len(design(table))},
                "cv_dev": {k: cv[k] for k in ("all", "lang=fr", "lang=en") if k in cv},
                "weights": dict(sorted(final.weights.items()))}
        S.MODEL_PATH.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"written: {S.MODEL_PATH.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
