"""Golden files: a parser's whole output compared with ``<case>.expected.json``.

After a deliberate change, rewrite them with ``MEGAWATCH_REGEN=1`` and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

REGEN = os.environ.get("MEGAWATCH_REGEN") == "1"


def check_golden(expected_file: Path, got) -> None:
    if REGEN:
        expected_file.write_text(json.dumps(got, indent=2, ensure_ascii=False) + "\n",
                                 encoding="utf-8")
    assert expected_file.exists(), f"missing {expected_file.name}; run with MEGAWATCH_REGEN=1"
    assert got == json.loads(expected_file.read_text(encoding="utf-8"))


def assert_no_orphans(folder: Path, cases: list[Path]) -> None:
    """Every ``<case>.expected.json`` in ``folder`` belongs to one of ``cases``."""
    stems = {p.stem for p in cases}
    for expected in folder.glob("*.expected.json"):
        assert expected.name.removesuffix(".expected.json") in stems, f"orphan {expected.name}"
