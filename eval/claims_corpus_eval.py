"""Score the claims extractor on the real-news corpus (eval/corpus/).

Usage: python eval/claims_corpus_eval.py [SHARED] [--split dev|test|both] [--show N]
                                         [--keep-vague] [--json]

Each excerpt's text is read with its annotated publication day and language,
through scrapers.claims.extract, and scored on (service, kind, earliest,
latest) tuples, each counted once per excerpt. Undated claims are ignored on
both sides unless --keep-vague (the spec allows leaving them out).

Figures: per split, per language and per hard-case class (an excerpt's
``classes``). The test split (eval/corpus/split.py) is locked: --show prints
errors of the dev split only.

The texts are not in the repository (eval/corpus/texts/ is git-ignored); when
they are absent this says so and exits 0. SHARED (what `make eval` passes) is
accepted and not needed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter, defaultdict
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "eval" / "corpus"))

from split import split_of  # noqa: E402

from scrapers.claims import default_tracker, extract  # noqa: E402

# MEGAWATCH_CORPUS points at another checkout's corpus (a worktree sharing the texts).
CORPUS = Path(os.environ.get("MEGAWATCH_CORPUS") or REPO / "eval" / "corpus")


def load(corpus: Path = CORPUS) -> tuple[list[dict], int]:
    """Annotated excerpts whose text is present, and how many texts are missing."""
    rows, missing = [], 0
    for path in sorted((corpus / "annotations").glob("part-*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            text = corpus / "texts" / f"{row['id']}.txt"
            if not text.exists():
                missing += 1
                continue
            row["text"] = text.read_text(encoding="utf-8")
            row["split"] = split_of(row["id"])
            rows.append(row)
    return rows, missing


def key(c) -> tuple:
    get = (lambda k: c.get(k)) if isinstance(c, dict) else (lambda k: getattr(c, k))
    iso = lambda d: d.isoformat() if hasattr(d, "isoformat") else d  # noqa: E731
    return (get("service"), get("kind"), iso(get("earliest")), iso(get("latest")))


def predict(row: dict, tracker) -> set:
    published = datetime.fromisoformat(row["published"]).replace(hour=12, tzinfo=timezone.utc)
    return {key(c) for c in extract(row["text"], published, row.get("lang"), tracker)}


def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": round(p, 3), "recall": round(r, 3),
            "f1": round(f, 3)}


def evaluate(rows: list[dict], keep_vague: bool = False) -> dict:
    tracker = default_tracker()
    groups: dict[str, Counter] = defaultdict(Counter)
    errors = []
    for row in rows:
        got = predict(row, tracker)
        want = {key(c) for c in row["claims"]}
        if not keep_vague:
            got = {k for k in got if k[2] or k[3]}
            want = {k for k in want if k[2] or k[3]}
        tp, fp, fn = len(got & want), len(got - want), len(want - got)
        labels = [f"{row['split']}", f"{row['split']}/lang={row.get('lang')}"]
        labels += [f"{row['split']}/class={c}" for c in row.get("classes", [])]
        if not row["claims"]:
            labels.append(f"{row['split']}/no-claim excerpts")
        for label in labels:
            groups[label].update(tp=tp, fp=fp, fn=fn, excerpts=1)
        if row["split"] == "dev":
            errors += [("FP", row["id"], k) for k in sorted(got - want, key=str)]
            errors += [("FN", row["id"], k) for k in sorted(want - got, key=str)]
    figures = {label: {**prf(c["tp"], c["fp"], c["fn"]), "excerpts": c["excerpts"]}
               for label, c in sorted(groups.items())}
    return {"figures": figures, "dev_errors": errors}


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("shared", nargs="?", help="(accepted from make eval; not needed)")
    p.add_argument("--split", choices=("dev", "test", "both"), default="both")
    p.add_argument("--show", type=int, default=0, help="print N dev-split errors")
    p.add_argument("--keep-vague", action="store_true")
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    rows, missing = load()
    if not rows:
        print(f"claims corpus: no excerpt texts in {CORPUS / 'texts'} ({missing} annotated); "
              "they are kept out of the repository. Nothing to score.")
        return 0
    if args.split != "both":
        rows = [r for r in rows if r["split"] == args.split]
    result = evaluate(rows, args.keep_vague)
    if args.json:
        print(json.dumps(result["figures"], indent=2, ensure_ascii=False))
    else:
        print(f"claims corpus: {len(rows)} excerpts ({missing} texts missing)")
        for label, f in result["figures"].items():
            print(f"  {label:<40} n={f['excerpts']:>3}  P={f['precision']:.3f} "
                  f"R={f['recall']:.3f} F1={f['f1']:.3f}  (tp={f['tp']} fp={f['fp']} fn={f['fn']})")
    for kind, ident, k in result["dev_errors"][:args.show]:
        print(f"  {kind} {ident} {k}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
