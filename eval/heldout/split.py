"""The locked half of the held-out conventions sets (eval/heldout/*.jsonl).

conventions-2.jsonl was written blind to the extractor and scored once, whole,
before anyone read an error (F1 0.864). Then, by a fixed hash of the id, half
became a dev half (its errors may be read and fixed) and half stays locked:
never print its errors, never write a rule from it; score it at the end of a
session (eval/claims_eval.py --file ... --split test).
"""

from __future__ import annotations

import hashlib

TEST_SHARE = 50  # percent
SALT = "megawatch-heldout-2026-12-03"


def split_of(item_id: str) -> str:
    digest = hashlib.sha256(f"{SALT}:{item_id}".encode("utf-8")).hexdigest()
    return "test" if int(digest[:8], 16) % 100 < TEST_SHARE else "dev"
