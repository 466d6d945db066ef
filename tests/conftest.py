"""Shared fixtures: the repo's tracker, a tiny site builder, pinned locale."""

from __future__ import annotations

import os
import shutil
import textwrap
from datetime import datetime
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Pin what could differ between machines.
os.environ["TZ"] = "UTC"
os.environ.pop("SOURCE_DATE_EPOCH", None)
os.environ.pop("X_BEARER_TOKEN", None)
os.environ.setdefault("LC_ALL", "C.UTF-8")


@pytest.fixture
def tracker_path(tmp_path) -> Path:
    """A copy of the repo's tracker.toml in a temp folder (tests may edit it)."""
    path = tmp_path / "tracker.toml"
    shutil.copy(ROOT / "tracker.toml", path)
    return path


@pytest.fixture
def tracker(tracker_path):
    from scrapers import config

    return config.load(tracker_path)


def write_post(content: Path, rel: str, *, title: str, date: str, tags: str = "",
               claims: list[str] = (), body: str = "Texte.", category: str = "notes",
               extra: str = "") -> Path:
    path = content / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [f"Title: {title}", f"Date: {date}", f"Category: {category}"]
    if tags:
        lines.append(f"Tags: {tags}")
    lines += ["Lang: fr", "Source: Test", "Link: https://example.org/a",
              f"Slug: {path.stem}"]
    lines += [f"Claim: {c}" for c in claims]
    if extra:
        lines.append(extra)
    path.write_text("\n".join(lines) + "\n\n" + textwrap.dedent(body) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def build_site(tmp_path, tracker_path):
    """Build content into tmp_path/output with Pelican and a pinned 'now'."""
    from scrapers.site import build

    def _build(content: Path, now: str, output: Path | None = None, publish: bool = False):
        output = output or tmp_path / "output"
        return build(config_path=tracker_path, content=content, output=output,
                     now=datetime.fromisoformat(now), publish=publish, search=False)

    return _build


@pytest.fixture(scope="session")
def httpserver_listen_address():
    """pytest-httpserver on 127.0.0.1 (its default is "localhost"): test servers, redirects
    and faults stay on that one address, and URLs name it as a literal."""
    return ("127.0.0.1", 0)
