"""The JSON API: api/services.json, api/claims.json, api/posts.json.

Plain files, sorted keys, compact, one record per line (see dumps), UTF-8, so
that the same content and the same 'now' give the same bytes. docs/site.md
documents every field; each file names its JSON Schema (``"$schema":
"claims.schema.json"``), which is published beside it (schemas/ in this
package; the tests validate every build's files against them).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

from . import frdates, tracking

VERSION = 1
SCHEMAS = Path(__file__).resolve().parent / "schemas"


def write_with_schema(folder: Path, name: str, data: dict) -> None:
    """One document, naming its ``$schema``, and that schema file, into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    schema = f"{name.removesuffix('.json')}.schema.json"
    write(folder / name, {"$schema": schema, **data})
    (folder / schema).write_bytes((SCHEMAS / schema).read_bytes())


def _d(value: date | datetime | None) -> str | None:
    return value.isoformat() if value else None


def _compact(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def dumps(data: dict) -> str:
    """Keys sorted, no spaces, one item of each top-level list per line:

        {"claims":[
        {"conflict":false,...},
        {"conflict":false,...}
        ],"version":1}

    A third of the size of an indented file (api/posts.json and api/claims.json
    were 11 MB at 10,000 posts), written by json's C encoder, and still read
    line by line in a diff."""
    return "".join(_pieces(data))


def _pieces(data: dict):
    yield "{"
    for n, key in enumerate(sorted(data)):
        value = data[key]
        yield ("," if n else "") + _compact(key) + ":"
        if isinstance(value, list) and value:
            yield "[\n"
            for i, item in enumerate(value):
                yield (",\n" if i else "") + _compact(item)
            yield "\n]"
        else:
            yield _compact(value)
    yield "}\n"


def write(path, data: dict) -> None:
    """dumps(data) into path, one record at a time (the whole text of
    api/posts.json at 10,000 posts was the build's peak of memory)."""
    with open(path, "w", encoding="utf-8") as f:
        f.writelines(_pieces(data))


def _window(claim) -> dict:
    return {"earliest": _d(claim.earliest), "latest": _d(claim.latest),
            "precision": claim.precision,
            "text": frdates.window(claim.earliest, claim.latest)}


def services(views: list[tracking.ServiceView], now: datetime, timezone: str) -> dict:
    rows = []
    for v in views:
        s, cd, p = v.service, v.countdown, v.promise
        m = v.metrics
        rows.append({
            "slug": s.slug, "name": s.name, "status": s.status,
            "description": s.description, "url": s.url or None,
            "launched_on": _d(v.launch),
            "page": f"services/{s.slug}/",
            "calendar": f"services/{s.slug}/calendar.ics" if (v.launch or p) else None,
            "feed": f"feeds/services/{s.slug}.atom.xml",
            "current_promise": None if p is None else {
                **_window(p.claim), "stated_on": _d(p.claim.stated_on),
                "quote": p.claim.quote, "post": p.url or None, "source": p.source or None},
            "countdown": {"state": cd.state, "days": cd.days, "headline": cd.headline,
                          "text": cd.text, "start": cd.start or None, "end": cd.end or None},
            "metrics": {"promised_dates": m["promises"], "claims": m["claims"],
                        "slipped_days": m["slipped_days"], "waited_days": m["waited_days"],
                        "first_stated": _d(m["first_stated"])},
            "moves": len(v.moves),
        })
    return {"version": VERSION, "now": now.isoformat(), "timezone": timezone,
            "services": rows}


def _claim_row(v, e, outcome, conflict) -> dict:
    c = e.claim
    return {
        "service": v.service.slug, "kind": c.kind, **_window(c),
        "stated_on": _d(c.stated_on), "quote": c.quote, "status": e.status,
        "reviewed": c.reviewed, "confidence": round(c.confidence, 2),
        "outcome": outcome, "conflict": conflict, "flags": list(e.flags),
        "corroborated_by": list(e.backers), "same_words_as": list(e.copies),
        "id": e.ident or None,
        "post": e.url or None, "source": e.source or None, "link": e.link or None,
    }


def claims(views: list[tracking.ServiceView]) -> dict:
    """Every claim but the rejected ones, each with its status.

    Confirmed claims (reviewed, corroborated) carry their ledger outcome;
    pending ones have ``"outcome": null``: the site states nothing from them.
    """
    rows = []
    for v in views:
        for row in v.ledger:
            for e in row.entries:
                rows.append(_claim_row(v, e, row.outcome, row.conflict))
        for e in v.pending:
            rows.append(_claim_row(v, e, None, e.claim.conflict or "two_readings" in e.flags))
    rows.sort(key=lambda r: (r["service"], r["stated_on"], r["post"] or "",
                             r["earliest"] or "", r["latest"] or "", r["quote"], r["status"]))
    return {"version": VERSION, "claims": rows}


def posts(articles: list, slugs: dict[str, str]) -> dict:
    rows = []
    for a in articles:
        meta = a.metadata
        rows.append({
            "url": a.url, "title": a.title, "date": a.date.isoformat(),
            "modified": _d(getattr(a, "modified", None)),
            "category": str(a.category), "source": meta.get("source") or None,
            "link": meta.get("link") or None, "item_id": meta.get("item-id") or None,
            "services": [slugs[n] for n in getattr(a, "services", [])],
            "claims": [{"service": slugs.get(e.claim.service, e.claim.service),
                        "kind": e.claim.kind, **_window(e.claim),
                        "stated_on": _d(e.claim.stated_on), "status": e.status}
                       for e in getattr(a, "entries", [])],
        })
    rows.sort(key=lambda r: (r["date"], r["url"]), reverse=True)
    return {"version": VERSION, "posts": rows}
