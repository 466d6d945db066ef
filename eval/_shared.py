"""Where the third-party corpora are: argv[1], else MEGAWATCH_SHARED, else ../shared."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def shared_dir(argv: list[str]) -> Path:
    if len(argv) > 1:
        return Path(argv[1])
    return Path(os.environ.get("MEGAWATCH_SHARED") or REPO.parent / "shared")
