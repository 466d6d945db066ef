"""Persistent run state, written atomically.

Two files, on purpose:

* the *state* (``tracker.state.json`` beside tracker.toml, committed): per item
  id the post path and its hash at write time, and per X source its since_id.
  It changes only when a post is written, so a run with nothing new leaves
  the repository clean;
* the *status* (``.megawatch/status.json``, not committed, kept as a CI
  cache): HTTP validators (ETag, Last-Modified) per URL and each source's last
  fetch outcome, which change on every run.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from scrapers.errors import PostError, reason_fr
from scrapers.posts import atomic_write

log = logging.getLogger(__name__)


def default_state_path(config_path: Path) -> Path:
    return config_path.with_name(f"{config_path.stem}.state.json")


def default_status_path(config_path: Path) -> Path:
    return config_path.parent / ".megawatch" / f"{config_path.stem}.status.json"


def default_report_path(config_path: Path) -> Path:
    """The last scrape's JSON report (what ``scrape --json`` prints), beside the status."""
    return config_path.parent / ".megawatch" / f"{config_path.stem}.scrape.json"


def _load(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise PostError(str(path), f"state file is unreadable: {exc}") from None
    if not isinstance(data, dict):
        raise PostError(str(path), f"state file holds {type(data).__name__}, expected an object")
    return data


def _dump(path: Path, data: dict) -> None:
    atomic_write(path, _text(data))


def _text(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


@dataclass
class State:
    path: Path
    items: dict[str, dict] = field(default_factory=dict)
    cursors: dict[str, dict] = field(default_factory=dict)
    # What the file holds now (None: unknown), so that a run with nothing new
    # leaves the committed file untouched, not even rewritten.
    _on_disk: str | None = field(default=None, repr=False, compare=False)

    @classmethod
    def load(cls, path: Path) -> "State":
        data = _load(path)
        state = cls(path, dict(data.get("items", {})), dict(data.get("cursors", {})))
        if data:
            try:
                state._on_disk = path.read_text(encoding="utf-8")
            except OSError:
                pass
        return state

    def save(self) -> bool:
        """Write the state if it changed; True when the file was written."""
        cursors = {k: v for k, v in self.cursors.items() if v}  # no empty cursor
        text = _text({"version": 1, "items": self.items, "cursors": cursors})
        if text == self._on_disk:
            return False
        atomic_write(self.path, text)
        self._on_disk = text
        return True

    def record(self, item_id: str, rel_path: str, digest: str, *, pending: str = "") -> None:
        """``pending``: the temp file's name while the post is not yet renamed into
        place (see PostStore.write); cleared once it is."""
        self.items[item_id] = {"path": rel_path, "sha256": digest}
        if pending:
            self.items[item_id]["pending"] = pending


@dataclass
class Status:
    path: Path
    http: dict[str, dict] = field(default_factory=dict)
    sources: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> "Status":
        try:
            data = _load(path)
        except PostError as exc:  # a cache: start again rather than stop
            log.warning("%s; starting with an empty status", exc)
            data = {}
        return cls(path, dict(data.get("http", {})), dict(data.get("sources", {})))

    def save(self) -> None:
        _dump(self.path, {"version": 1, "http": self.http, "sources": self.sources})

    def note(self, source: str, *, when: str, ok: bool, error: str = "",
             fetches: int = 0, not_modified: int = 0, new_posts: int = 0) -> None:
        """Record one source's run. On failure, ``last_error`` is a short French
        reason ("hôte introuvable", "HTTP 503": the public /sources/ page shows
        it) and ``last_error_detail`` the full one-line message."""
        s = self.sources.setdefault(source, {"fetches": 0, "not_modified": 0})
        s["last_run"] = when
        s["fetches"] = s.get("fetches", 0) + fetches
        s["not_modified"] = s.get("not_modified", 0) + not_modified
        s["last_new_posts"] = new_posts
        if ok:
            s["last_success"] = when
            s.pop("last_error_now", None)
        else:
            s["last_error"] = reason_fr(error)
            s["last_error_detail"] = error
            s["last_error_at"] = when
        s["ok"] = ok
