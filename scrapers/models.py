"""Plain data passed between pipeline stages."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime

KINDS = ("planned", "launched")
PRECISIONS = ("day", "week", "month", "quarter", "season", "year", "open", "vague")


@dataclass(frozen=True)
class Claim:
    """One launch promise (or launch) of a service, resolved to dates.

    ``earliest`` and ``latest`` are inclusive; None means no bound.
    ``reviewed`` is set by an editor in the post; re-extraction keeps it.
    ``rejected`` is set by an editor who said no: the claim stays in the post
    (so re-extraction never brings it back) but the site never shows it.
    """

    service: str
    kind: str
    earliest: date | None
    latest: date | None
    precision: str
    quote: str
    stated_on: date
    confidence: float = 1.0
    reviewed: bool = False
    conflict: bool = False
    rejected: bool = False

    def to_json(self) -> dict:
        return {
            "service": self.service,
            "kind": self.kind,
            "earliest": self.earliest.isoformat() if self.earliest else None,
            "latest": self.latest.isoformat() if self.latest else None,
            "precision": self.precision,
            "quote": self.quote,
            "stated_on": self.stated_on.isoformat(),
            "confidence": round(self.confidence, 2),
            "reviewed": self.reviewed,
            "conflict": self.conflict,
            **({"rejected": True} if self.rejected else {}),
        }

    def replace(self, **changes) -> "Claim":
        return dataclasses.replace(self, **changes)


@dataclass
class Item:
    """One scraped thing (article, tweet or thread) before it becomes a post.

    ``id`` is stable across runs (feed guid, canonical link, tweet id) and
    prefixed by its kind, e.g. ``feed:https://...`` or ``x:123``.
    ``text`` is the full plain text used for claims; it is never published.
    """

    id: str
    source: str
    category: str  # articles, tweets, notes
    title: str
    url: str
    published: datetime
    author: str = ""
    summary: str = ""
    text: str = ""
    lang: str = ""
    tags: list[str] = field(default_factory=list)
    services: list[str] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    extra: dict = field(default_factory=dict)
