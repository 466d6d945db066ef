#!/usr/bin/env python3
"""Markdown summary of a scrape run, one row per source (for $GITHUB_STEP_SUMMARY).

Reads the status file the scraper keeps (.megawatch/tracker.status.json: each
source's last run, last success, last error) and the run's report, the JSON
document ``megawatch scrape --json`` prints (``invoke update`` keeps it in
.megawatch/<config stem>.scrape.json): each source's outcome and the claims
that became pending. Standard library only, so it runs even when the
virtualenv could not be built.

    python scripts/job_summary.py --config tracker.toml --since 2025-01-01T00:00:00+00:00 \\
        >> "$GITHUB_STEP_SUMMARY"

It always exits 0: it reports, the run's own steps decide success.
"""

from __future__ import annotations

import argparse
import html
import json
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


def load_report(path: Path | None) -> dict:
    """The run's ``scrape --json`` document, {} when absent or unreadable."""
    if not path:
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and isinstance(data.get("sources"), list) else {}


def summary(config: Path, status_path: Path, since: datetime | None = None,
            report_path: Path | None = None) -> str:
    sources = load_sources(config)
    status = load_status(status_path)
    report = load_report(report_path)
    outcomes = {str(r.get("name")): r for r in report.get("sources", []) if isinstance(r, dict)}
    names = [n for n, _ in sources] + sorted((set(status) | set(outcomes))
                                             - {n for n, _ in sources})
    enabled = dict(sources)
    total = str(report.get("line", ""))
    counts = {"ok": 0, "failed": 0, "not run": 0}
    rows = []
    for name in names:
        s = status.get(name) or {}
        r = outcomes.get(name, {})
        outcome = r.get("outcome", "")
        last_run = _when(s.get("last_run"))
        ran = last_run is not None and (since is None or last_run >= since)
        if outcome == "failed" or (ran and not outcome and s.get("ok") is False):
            state, detail = "❌ failed", r.get("error") or s.get("last_error", "")
            counts["failed"] += 1
        elif outcome == "ok" or (ran and not outcome):
            line = str(r.get("line", ""))
            state, detail = "✅ ok", (line.split(": ", 1)[1] if ": " in line
                                     else f"{s.get('last_new_posts', 0)} new")
            counts["ok"] += 1
        else:
            why = r.get("skipped") or (
                "disabled in tracker.toml" if not enabled.get(name, True) else
                "not run this time" + (" (see the log)" if report else ""))
            state, detail = "⏭️ not run", why
            counts["not run"] += 1
        new = r["new_posts"] if "new_posts" in r else s.get("last_new_posts", "–") if ran else "–"
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
    pending = [p for p in report.get("pending", []) if isinstance(p, dict)]
    out += ["", "## Claims awaiting review", ""]
    if not report:
        out.append("No report of this run's scrape: the claims that became pending are "
                   "not known (`megawatch review --list` shows all of them).")
    elif pending:
        out.append(f"{len(pending)} new automatic claims are pending: the site shows them under "
                   "« À vérifier » only. Decide with `megawatch review`.")
        out += ["", "| ID | Service | Claim | Post |", "|---|---|---|---|"]
        for p in pending:
            claim = f"{p.get('kind', '')} {p.get('window', '')}"
            out.append(f"| `{_cell(p.get('id', ''))}` | {_cell(p.get('service', ''))} | "
                       f"{_cell(claim)} | {_cell(p.get('post', ''))} |")
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
    p.add_argument("--report", type=Path,
                   help="the run's 'megawatch scrape --json' document "
                   "(default: .megawatch/<config stem>.scrape.json)")
    args = p.parse_args(argv)
    folder = args.config.parent / ".megawatch"
    status = args.status or folder / f"{args.config.stem}.status.json"
    report = args.report or folder / f"{args.config.stem}.scrape.json"
    sys.stdout.write(summary(args.config, status, args.since, report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
