"""Relevance: which services a title and text are about (scrapers.relevance)."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from scrapers.config import load
from scrapers.relevance import fold, is_relevant, mentions, services_in

ROOT = Path(__file__).resolve().parent.parent
TRACKER = load(ROOT / "tracker.toml")
CASES_FILE = Path(__file__).parent / "data" / "relevance_cases.tsv"


def _cases():
    with CASES_FILE.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    for i, row in enumerate(rows, start=2):
        expected = [s for s in row["expected"].split(",") if s]
        on = date.fromisoformat(row["on"]) if row["on"] else None
        yield pytest.param(on, row["title"], row["text"], expected, id=f"line{i}")


CASES = list(_cases())


def test_table_is_big_and_balanced():
    assert len(CASES) >= 80
    negatives = [c for c in CASES if not c.values[3]]
    assert len(negatives) >= 25


@pytest.mark.parametrize("on,title,text,expected", CASES)
def test_is_relevant(on, title, text, expected):
    assert is_relevant(title, text, TRACKER, on) == expected


def test_fold_keeps_length_and_offsets():
    text = "Méga fête, l’été — « Megaupload » à 9,99 €"
    folded = fold(text)
    assert len(folded) == len(text)
    assert folded == "mega fete, l'ete - \" megaupload \" a 9,99 €"


def test_mentions_offsets_and_aliases():
    text = "Après Megaupload, Kim lance Megaupload 2.0 et Megachat sur mega.nz."
    found = mentions(text, TRACKER, date(2016, 7, 1))
    assert [(m.service, m.alias) for m in found] == [
        ("Megaupload", "Megaupload"), ("Megaupload 2.0", "Megaupload 2.0"),
        ("Megachat", "Megachat"), ("Mega", "mega.nz")]
    for m in found:
        assert text[m.start:m.end] == m.alias


def test_time_bounded_alias():
    text = "Le nouveau Megaupload sera lancé."
    assert services_in(text, TRACKER, date(2012, 10, 1)) == ["Mega"]
    assert services_in(text, TRACKER, date(2016, 10, 1)) == ["Megaupload 2.0"]
    # Valid on neither side: only the unbounded name is left.
    assert services_in(text, TRACKER, date(2014, 10, 1)) == ["Megaupload"]
    assert services_in(text, TRACKER, None) == ["Megaupload"]


def test_services_in_tracker_order_and_deduplicated():
    text = "K.im, Bitcache, MU2, Mega, Megaupload, Mega, K.im"
    assert services_in(text, TRACKER, date(2017, 1, 1)) == [
        "Megaupload", "Mega", "Megaupload 2.0", "Bitcache", "K.im"]


def test_empty_text():
    assert mentions("", TRACKER, None) == []
    assert is_relevant("", "", TRACKER, None) == []
