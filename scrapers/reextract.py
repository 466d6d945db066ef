"""Recompute the claims of existing posts.

Claims an editor marked ``reviewed`` or ``rejected`` are kept as they are;
the others are replaced by what the extractor finds now, less any that an
editor rejected (same service, kind and window, or same service, kind and
quote), so a rejection is never undone. A post with ``Claims-Reviewed: yes``
(an editor checked its whole list, absences included) is left alone. The text read is the item's full
text when the scraper kept it (``.megawatch/texts/``, never published), else
the post's own title and body. Posts edited by hand (their hash differs from
the state's) are left alone unless ``include_edited``.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable

from scrapers import claims as claims_mod
from scrapers.config import Tracker
from scrapers.errors import MegawatchError
from scrapers.posts import atomic_write, parse_claims, replace_claims, sha256, split_post
from scrapers.state import State

log = logging.getLogger(__name__)


@dataclass
class ReextractReport:
    posts: int = 0
    changed: int = 0
    edited_skipped: int = 0
    reviewed_kept: int = 0
    rejected_kept: int = 0
    errors: list[str] = field(default_factory=list)


def text_cache_path(texts_dir: Path, item_id: str) -> Path:
    return texts_dir / (hashlib.sha1(item_id.encode("utf-8")).hexdigest() + ".txt")


def save_full_text(texts_dir: Path, item_id: str, text: str) -> None:
    if text:
        atomic_write(text_cache_path(texts_dir, item_id), text)


_LINK_LINE = re.compile(r"^\s*(\[[^\]]*\]\([^)]*\)\s*)+$|^Sources?\s*:", re.M)


def post_text(meta: dict, body: str) -> str:
    """What the extractor reads from a post itself: title and body, links dropped."""
    body = "\n".join(line.lstrip("> ") for line in body.splitlines()
                     if not _LINK_LINE.match(line))
    body = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", body).replace("\\", "")
    return f"{meta.get('title', '')}\n\n{body}".strip()


def reextract(tracker: Tracker, content: Path, *, state_path: Path, texts_dir: Path,
              include_edited: bool = False,
              progress: Callable[[int, int, str], None] | None = None) -> ReextractReport:
    """``progress(done, total, label)`` is called before each post and once at the end."""
    state = State.load(state_path)
    by_path = {v["path"]: (k, v) for k, v in state.items.items()}
    report = ReextractReport()
    content = content.resolve()
    paths = [p for p in sorted(content.rglob("*.md")) if not p.name.startswith(".")]
    for done, path in enumerate(paths):
        if progress:
            progress(done, len(paths), path.name)
        report.posts += 1
        rel = path.relative_to(content).as_posix()
        raw = path.read_text(encoding="utf-8")
        item_id, entry = by_path.get(rel, (None, None))
        if entry and entry.get("sha256") != sha256(raw) and not include_edited:
            report.edited_skipped += 1
            continue
        try:
            meta_list, body = split_post(raw)
            meta = {k.lower(): v for k, v in meta_list}
            old = parse_claims(raw, str(path))
            if meta.get("claims-reviewed", "").lower() in ("yes", "oui", "true"):
                # An editor checked the whole list, including what is absent.
                report.reviewed_kept += len(old)
                continue
            published = datetime.fromisoformat(meta["date"])
            item_id = item_id or meta.get("item-id", "")
            cached = text_cache_path(texts_dir, item_id) if item_id else None
            if cached and cached.exists():
                text = f"{meta.get('title', '')}\n\n{cached.read_text(encoding='utf-8')}"
            else:
                text = post_text(meta, body)
            kept = [c for c in old if c.reviewed or c.rejected]
            report.reviewed_kept += sum(1 for c in kept if c.reviewed)
            report.rejected_kept += sum(1 for c in kept if c.rejected)
            fresh = claims_mod.extract(text, published, meta.get("lang") or None, tracker)
            reviewed_keys = {(c.service, c.kind) for c in kept if c.reviewed}
            rejected = {(c.service, c.kind, c.earliest, c.latest) for c in kept if c.rejected} | {
                (c.service, c.kind, " ".join(c.quote.split())) for c in kept if c.rejected}
            new = kept + [c for c in fresh if (c.service, c.kind) not in reviewed_keys
                          and (c.service, c.kind, c.earliest, c.latest) not in rejected
                          and (c.service, c.kind, " ".join(c.quote.split())) not in rejected]
        except (MegawatchError, KeyError, ValueError) as exc:
            report.errors.append(f"{path}: {exc}")
            continue
        if new == old:
            continue
        updated = replace_claims(raw, new)
        if updated != raw:
            atomic_write(path, updated)
            report.changed += 1
            if entry is not None:
                entry["sha256"] = sha256(updated)
    if state.items:
        state.save()
    if progress:
        progress(len(paths), len(paths), "")
    return report
