"""The locked test split of the real-news claims corpus.

Chosen before any tuning, by a fixed hash of the excerpt's id: about 35 % of
the excerpts (at least 100 of the 300+) are in the test split. Never read the
test split's errors and never write a rule from it: score it at the end of a
session and report the figure (eval/claims_corpus_eval.py --split test).
Everything else is the dev split, the only one to tune on.
"""

from __future__ import annotations

import hashlib

TEST_SHARE = 35  # percent
SALT = "megawatch-corpus-2026-12-03"


def hashed_split(item_id: str, salt: str, test_share: int) -> str:
    """"test" for about test_share percent of ids, fixed by a salted hash of the id; else "dev".
    (Also the split of the held-out conventions sets: eval/claims_eval.py.)"""
    digest = hashlib.sha256(f"{salt}:{item_id}".encode("utf-8")).hexdigest()
    return "test" if int(digest[:8], 16) % 100 < test_share else "dev"


def split_of(excerpt_id: str) -> str:
    return hashed_split(excerpt_id, SALT, TEST_SHARE)


if __name__ == "__main__":
    import json
    import sys
    from pathlib import Path

    rows = [json.loads(line) for p in sorted((Path(__file__).parent / "annotations").glob("part-*.jsonl"))
            for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
    counts = {"dev": 0, "test": 0}
    for row in rows:
        counts[split_of(row["id"])] += 1
    json.dump(counts, sys.stdout)
    print()
