#!/usr/bin/env python3
"""Markdown summary of a scrape run, one row per source (for $GITHUB_STEP_SUMMARY).

Reads the status file the scraper keeps (.megawatch/tracker.status.json: each
source's last run, last success, last error) and, when given, the log of the
run (the lines ``python -m scrapers scrape`` prints, e.g. ``Numerama: 1 new,
12 items, ...`` or ``@KimDotcom: skipped: no X_BEARER_TOKEN ...``). Standard
library only, so it runs even when the virtualenv could not be built.

    python scripts/job_summary.py --config tracker.toml --since 2025-01-01T00:00:00+00:00 \\
        --log update.log >> "$GITHUB_STEP_SUMMARY"

It always exits 0: it reports, the run's own steps decide success.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
import tomllib
from datetime import datetime, timezone
from pathlib import Path


def _when(value) -> datetime | None:
    try:
        when = datetime.fromisoformat(str(value))
    except (TypeError, ValueError):
        return None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def _cell(value, limit: int = 200) -> str:
    text = " ".join(str(value).split())
    if len(text) > limit:
        text = text[:limit - 1] + "…"
    return html.escape(text, quote=False).replace("|", "\\|") or "–"


def load_sources(config: Path) -> list[tuple[str, bool]]:
    """(name, enabled) of each source in tracker.toml, in file order."""
    try:
        data = tomllib.loads(config.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [(str(s.get("name", "?")), bool(s.get("enabled", True)))
            for s in data.get("sources", []) if isinstance(s, dict)]


def load_status(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    sources = data.get("sources") if isinstance(data, dict) else None
    return sources if isinstance(sources, dict) else {}


def log_lines(log: Path | None, names: list[str]) -> tuple[dict[str, str], str]:
    """Per source, its line in the run's log; and the run's total line."""
    if not log:
        return {}, ""
    try:
        text = log.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return {}, ""
    lines, total = {}, ""
    for raw in text.splitlines():
        line = raw.strip()
        for name in names:
            if line.startswith(f"{name}: "):
                lines[name] = line[len(name) + 2:]
        if re.match(r"^\d+ sources: ", line):
            total = line
    return lines, total


def pending_lines(log: Path | None) -> list[str]:
    """The claims that became pending in this run (``pending: ID service | ...`` lines)."""
    if not log:
        return []
    try:
        text = log.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    return [line.strip()[len("pending: "):] for line in text.splitlines()
            if line.strip().startswith("pending: ")]


def summary(config: Path, status_path: Path, since: datetime | None = None,
            log: Path | None = None) -> str:
    sources = load_sources(config)
    status = load_status(status_path)
    names = [n for n, _ in sources] + sorted(set(status) - {n for n, _ in sources})
    enabled = dict(sources)
    from_log, total = log_lines(log, names)
    counts = {"ok": 0, "failed": 0, "not run": 0}
    rows = []
    for name in names:
        s = status.get(name) or {}
        line = from_log.get(name, "")
        last_run = _when(s.get("last_run"))
        ran = last_run is not None and (since is None or last_run >= since)
        if line.startswith("ERROR: ") or (ran and not line and s.get("ok") is False):
            state, detail = "❌ failed", line[len("ERROR: "):] if line else s.get("last_error", "")
            counts["failed"] += 1
        elif line and not line.startswith("skipped: ") or (ran and not line):
            state, detail = "✅ ok", line or f"{s.get('last_new_posts', 0)} new"
            counts["ok"] += 1
        else:
            why = line[len("skipped: "):] if line.startswith("skipped: ") else (
                "disabled in tracker.toml" if not enabled.get(name, True) else
                "not run this time" + (" (see the log)" if log else ""))
            state, detail = "⏭️ not run", why
            counts["not run"] += 1
        new = s.get("last_new_posts", "–") if ran else "–"
        rows.append(f"| {_cell(name)} | {state} | {_cell(new)} | "
                    f"{_cell(s.get('last_success', 'never'))} | {_cell(detail)} |")
    out = ["## Megawatch: sources", ""]
    if total:
        out += [f"**{_cell(total)}**", ""]
    out.append(f"{counts['ok']} ok, {counts['failed']} failed, {counts['not run']} not run. "
               "One failed source does not fail the run; every source failing does.")
    out.append("")
    if rows:
        out += ["| Source | This run | New posts | Last success | Detail |",
                "|---|---|---:|---|---|", *rows]
    else:
        out.append(f"No source status found ({_cell(status_path)} is missing or empty): "
                   "the scrape did not run.")
    pending = pending_lines(log)
    out += ["", "## Claims awaiting review", ""]
    if pending:
        out.append(f"{len(pending)} new automatic claims are pending: the site shows them under "
                   "« À vérifier » only. Decide with `python -m scrapers review`.")
        out += ["", "| ID | Service | Claim | Post |", "|---|---|---|---|"]
        for line in pending:
            ident, _, rest = line.partition(" ")
            service, _, rest = rest.partition(" | ")
            claim, _, post = rest.partition(" | ")
            out.append(f"| `{_cell(ident)}` | {_cell(service)} | {_cell(claim)} | {_cell(post)} |")
    else:
        out.append("No new claim became pending in this run.")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--config", type=Path, default=Path("tracker.toml"))
    p.add_argument("--status", type=Path,
                   help="status file (default: .megawatch/<config stem>.status.json)")
    p.add_argument("--since", type=_when,
                   help="start of this run (ISO datetime): older entries are 'not run'")
    p.add_argument("--log", type=Path, help="the run's output (scrape lines)")
    args = p.parse_args(argv)
    status = args.status or args.config.parent / ".megawatch" / f"{args.config.stem}.status.json"
    sys.stdout.write(summary(args.config, status, args.since, args.log))
    return 0


if __name__ == "__main__":
    sys.exit(main())
