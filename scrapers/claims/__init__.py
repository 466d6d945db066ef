"""Launch claims: what a text promises (or reports) about a service's launch.

Public API:

* :func:`extract` — pure function, text + publication date -> claims;
* :func:`default_tracker` — the repository's tracker.toml, loaded once;
* :func:`run_jsonl` — the evaluation format used by ``python -m scrapers claims``.

Conventions: /docs/claims.md (this project's choices where the shared spec is
silent).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Iterable, Iterator

from scrapers.claims.extractor import extract, flag_conflicts, validate
from scrapers.config import Tracker, load
from scrapers.models import Claim

__all__ = ["Claim", "extract", "default_tracker", "run_jsonl", "parse_published", "validate", "flag_conflicts"]

from scrapers.config import TRACKER_PATH, default_tracker  # noqa: E402,F401  (re-exported)


def parse_published(value) -> date:
    """YYYY-MM-DD or an ISO datetime (a trailing Z is accepted) -> its date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"published must be an ISO date, got {value!r}")
    value = value.strip()
    if len(value) == 10:
        return date.fromisoformat(value)
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    return datetime.fromisoformat(value).date()


def _claim_json(c: Claim) -> dict:
    """The evaluation CLI's shape: Claim.to_json without the editor's flag."""
    return {k: v for k, v in c.to_json().items() if k != "reviewed"}


def run_one(line: str, tracker: Tracker) -> str:
    """One input JSON line -> one output JSON line; errors are reported, not raised."""
    ident = None
    try:
        item = json.loads(line)
        if not isinstance(item, dict):
            raise ValueError("expected a JSON object")
        ident = item.get("id")
        text = item.get("text")
        if not isinstance(text, str):
            raise ValueError("text must be a string")
        lang = item.get("lang") or None
        if lang is not None and not isinstance(lang, str):
            raise ValueError("lang must be a string")
        claims = extract(text, parse_published(item.get("published")), lang, tracker)
        out = {"id": ident, "claims": [_claim_json(c) for c in claims]}
    except Exception as exc:  # noqa: BLE001 - one bad line must not stop a batch
        out = {"id": ident, "claims": [], "error": f"{type(exc).__name__}: {exc}"}
    return json.dumps(out, ensure_ascii=False)


def run_jsonl(lines: Iterable[str], tracker: Tracker | None = None) -> Iterator[str]:
    """Claims for each JSONL input line {"id", "text", "published", "lang"?}.

    Yields one JSON line (without newline) per non-blank input line:
    {"id", "claims": [...]} or, for a bad line, {"id", "claims": [], "error"}.
    """
    tracker = tracker or default_tracker()
    for line in lines:
        if line.strip():
            yield run_one(line, tracker)
