"""The Sources page: every source of tracker.toml with its last fetch outcome.

Outcomes come from the status file the scrapers write
(``.megawatch/<config-stem>.status.json``, see scrapers/state.py); without
that file the page says that no run happened yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

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
    last_reason: str = ""   # the error in a few French words (reason())
    last_error_at: datetime | None = None
    fetches: int = 0
    not_modified: int = 0

    @property
    def share_304(self) -> str:
        if not self.fetches:
            return "—"
        return f"{round(100 * self.not_modified / self.fetches)} %"


# A short French reason for a fetch error, from the words of the message; the
# full message stays in the status file and in the run's log.
REASONS = (
    (("rate limited", "http 429"), "trop de requêtes : la source demande d’attendre"),
    (("bearer", "token", "http 401", "http 403"), "accès refusé (jeton ou droits)"),
    (("robots",), "interdit par le fichier robots.txt du site"),
    (("http 404", "http 410"), "adresse introuvable (la page a disparu)"),
    (("http 5",), "le serveur de la source est en panne"),
    (("timed out", "timeout", "read timeout"), "pas de réponse à temps"),
    (("name or service not known", "nodename nor servname", "getaddrinfo", "name resolution",
      "nameresolution", "failed to resolve"), "nom de domaine introuvable"),
    (("certificate", "ssl"), "certificat de sécurité refusé"),
    (("connection refused", "connectionrefused", "connection reset", "remote end closed",
      "max retries", "connectionerror", "network is unreachable"),
     "connexion impossible"),
    (("not json", "not xml", "parse", "malformed", "syntax", "not a feed", "bozo"),
     "réponse illisible"),
    (("too large", "too big", "exceeds"), "réponse trop volumineuse"),
    (("scheme",), "adresse refusée (ni http ni https)"),
)


def reason(error: str) -> str:
    """'nom de domaine introuvable' for "GET https://…: NameResolutionError(…)"."""
    low = error.lower()
    status = None
    import re as _re
    found = _re.search(r"\b(?:http|status)\s*(\d{3})\b", low)
    if found:
        status = found.group(1)
    for words, text in REASONS:
        if any(w in low for w in words):
            return text
    if status:
        return f"erreur HTTP {status}"
    # The scraper already stores a short French reason ("hôte introuvable",
    # "délai dépassé": scrapers.errors.reason_fr), the full message beside it.
    if error and len(error) <= 60 and not any(ch in error for ch in ":()<>"):
        return error
    return "lecture impossible" if error else ""


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
            row.last_reason = reason(row.last_error)
            row.last_error_at = _when(data.get("last_error_at"))
            row.fetches = int(data.get("fetches") or 0)
            row.not_modified = int(data.get("not_modified") or 0)
        result.append(row)
    return result, present
