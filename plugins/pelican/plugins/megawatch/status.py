"""The Sources page: every source of tracker.toml with its last fetch outcome.

Outcomes come from the status file the scrapers write
(``.megawatch/<config-stem>.status.json``, see scrapers/state.py); without
that file the page says that no run happened yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from scrapers.errors import reason_fr
from scrapers.state import Status, default_status_path


@dataclass
class SourceRow:
    name: str
    kind: str
    location: str
    enabled: bool
    ok: bool | None = None
    last_run: datetime | None = None
    last_success: datetime | None = None
    last_error: str = ""
    last_reason: str = ""   # the error in a few French words (scrapers.errors.reason_fr)
    last_error_at: datetime | None = None
    fetches: int = 0
    not_modified: int = 0

    @property
    def share_304(self) -> str:
        if not self.fetches:
            return "—"
        return f"{round(100 * self.not_modified / self.fetches)} %"


def _when(value) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def rows(tracker, config_path: Path) -> tuple[list[SourceRow], bool]:
    """(one row per source, whether a status file exists)."""
    path = default_status_path(Path(config_path))
    present = path.is_file()
    status = Status.load(path) if present else None
    result = []
    for source in tracker.sources:
        row = SourceRow(source.name, source.kind, source.location, source.enabled)
        data = status.sources.get(source.name, {}) if status else {}
        if data:
            row.ok = bool(data.get("ok"))
            row.last_run = _when(data.get("last_run"))
            row.last_success = _when(data.get("last_success"))
            row.last_error = str(data.get("last_error") or "")
            # The scraper stores the short reason in last_error and the message in
            # last_error_detail; an older status file holds only the message.
            row.last_reason = reason_fr(str(data.get("last_error_detail") or row.last_error))
            row.last_error_at = _when(data.get("last_error_at"))
            row.fetches = int(data.get("fetches") or 0)
            row.not_modified = int(data.get("not_modified") or 0)
        result.append(row)
    return result, present
