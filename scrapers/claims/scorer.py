"""The learned scorer over launch-claim candidates (issue 14).

The extractor's rules propose candidates; with a model present they also keep
the dates their soft rules reject (a cue too far, a cue that vouches for
another date, an event nearer), and every dated candidate carries a few
features (:func:`scrapers.claims.extractor._features`). This module reads
the weights of a logistic regression, ``scorer.json`` beside it, trained by
``eval/train_claims_scorer.py`` on the real-news corpus's dev split and the
case table; inference is a dot product in pure Python. Pure and
deterministic: the file is read once.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

MODEL_PATH = Path(__file__).with_name("scorer.json")


class Model:
    def __init__(self, weights: dict[str, float], bias: float, threshold: float):
        self.weights = weights
        self.bias = bias
        self.threshold = threshold
        # keep() compares the raw score: no exp at run time
        self.cut = math.log(threshold / (1.0 - threshold))

    def score(self, feats: dict[str, float]) -> float:
        w = self.weights
        return self.bias + sum(w.get(k, 0.0) * v for k, v in feats.items())

    def probability(self, feats: dict[str, float]) -> float:
        return 1.0 / (1.0 + math.exp(-self.score(feats)))

    def keep(self, feats: dict[str, float]) -> bool:
        return self.score(feats) >= self.cut

    @classmethod
    def from_json(cls, data: dict) -> "Model":
        return cls({k: float(v) for k, v in data["weights"].items()}, float(data["bias"]),
                   float(data["threshold"]))


@lru_cache(maxsize=1)
def _stored() -> Model | None:
    if not MODEL_PATH.exists():
        return None
    return Model.from_json(json.loads(MODEL_PATH.read_text(encoding="utf-8")))


def model() -> Model | None:
    """The stored model, or None when scorer.json is absent (the rules decide alone)."""
    return _stored()
