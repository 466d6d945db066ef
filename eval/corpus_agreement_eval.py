"""Agreement of two independent annotators on the real-news corpus sample.

Usage: python eval/corpus_agreement_eval.py [SHARED]

eval/corpus/annotations/second-*.jsonl annotate random samples again, each by an
annotator who saw neither the first annotation nor the extractor: second-a, 50
excerpts of parts c1-c3; second-c78, 40 excerpts of the blind parts c7 and c8;
second-c910, 40 excerpts of the blind parts c9 and c10.
Each sample is reported alone, then all together.
Prints, over (service, kind, earliest, latest) tuples counted once per excerpt:
the second annotator scored against the first (P, R, F1; F1 is symmetric), with
and without undated claims; and Cohen's kappa on "this excerpt has a dated
claim". Needs no excerpt text.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ANNOTATIONS = Path(__file__).resolve().parent / "corpus" / "annotations"


def rows(pattern: str) -> dict[str, dict]:
    out = {}
    for path in sorted(ANNOTATIONS.glob(pattern)):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                out[row["id"]] = row
    return out


def tuples(row: dict, keep_vague: bool) -> set:
    keys = {(c["service"], c["kind"], c.get("earliest"), c.get("latest")) for c in row["claims"]}
    return keys if keep_vague else {k for k in keys if k[2] or k[3]}


def main() -> int:
    first = rows("part-*.jsonl")
    samples = sorted(ANNOTATIONS.glob("second-*.jsonl"))
    if not samples:
        print("agreement: no second annotation found")
        return 0
    for path in samples:
        report(first, rows(path.name), path.stem)
    if len(samples) > 1:
        report(first, rows("second-*.jsonl"), "all samples")
    return 0


def report(first: dict, second: dict, label_set: str) -> None:
    ids = sorted(set(first) & set(second))
    print(f"{label_set}:")
    for keep_vague in (False, True):
        tp = fp = fn = 0
        for i in ids:
            a, b = tuples(first[i], keep_vague), tuples(second[i], keep_vague)
            tp, fp, fn = tp + len(a & b), fp + len(b - a), fn + len(a - b)
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        label = "with undated claims" if keep_vague else "dated claims"
        print(f"  agreement ({len(ids)} excerpts, {label}): second vs first P={p:.3f} R={r:.3f} "
              f"F1={f:.3f} (both {tp}, second only {fp}, first only {fn})")
    a = [bool(tuples(first[i], False)) for i in ids]
    b = [bool(tuples(second[i], False)) for i in ids]
    n = len(ids)
    observed = sum(x == y for x, y in zip(a, b)) / n
    pa, pb = sum(a) / n, sum(b) / n
    expected = pa * pb + (1 - pa) * (1 - pb)
    kappa = (observed - expected) / (1 - expected) if expected < 1 else 1.0
    print(f"  agreement on 'has a dated claim': {observed:.1%} observed, Cohen's kappa {kappa:.3f}")


if __name__ == "__main__":
    sys.exit(main())
