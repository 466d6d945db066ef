"""scrapers.parse.tweets: v2 objects, X archive exports and JSON Lines -> items.

Each fixture file (or archive folder) is one test case, compared with the
whole expected output in ``<name>.expected.json`` beside it. To rewrite the
expected files after a deliberate change, run with MEGAWATCH_REGEN=1
and review the diff.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from golden import check_golden

from scrapers.errors import ParseError
from scrapers.models import Item
from scrapers.parse.tweets import parse_archive, parse_jsonl, tweets_to_items

FIXTURES = Path(__file__).parent / "fixtures" / "x"
TZ = "Pacific/Auckland"


def item_json(item: Item) -> dict:
    return {
        "id": item.id, "source": item.source, "category": item.category, "title": item.title,
        "url": item.url, "published": item.published.isoformat(), "author": item.author,
        "summary": item.summary, "text": item.text, "lang": item.lang, "tags": item.tags,
        "services": item.services, "claims": item.claims, "extra": item.extra,
    }




# --- v2 objects ----------------------------------------------------------------

V2_CASES = sorted(p for p in (FIXTURES / "v2").glob("*.json")
                  if not p.name.endswith(".expected.json"))


@pytest.mark.parametrize("case", V2_CASES, ids=lambda p: p.stem)
def test_v2_tweets_to_items(case: Path):
    raw = json.loads(case.read_text(encoding="utf-8"))
    items = tweets_to_items(raw["tweets"], raw["includes"], account="KimDotcom",
                            source_name="@KimDotcom", tz=TZ, **raw.get("options", {}))
    for item in items:
        assert "t.co/" not in item.text
        assert item.published.utcoffset().total_seconds() == 0
    check_golden(case.with_suffix(".expected.json"), {"items": [item_json(i) for i in items]})


def test_unknown_time_zone_is_a_parse_error():
    with pytest.raises(ParseError, match="unknown time zone 'Mars/Olympus'"):
        tweets_to_items([], {}, account="KimDotcom", source_name="@KimDotcom", tz="Mars/Olympus")


# --- X archive export ------------------------------------------------------------

ARCHIVE_CASES = sorted(p for p in (FIXTURES / "archives").iterdir() if p.is_dir())


def zip_folder(folder: Path, target: Path, prefix: str = "") -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(folder.rglob("*")):
            if file.is_file():
                archive.write(file, prefix + file.relative_to(folder).as_posix())
    return target


@pytest.mark.parametrize("shape", ["folder", "zip"])
@pytest.mark.parametrize("case", ARCHIVE_CASES, ids=lambda p: p.name)
def test_archive(case: Path, shape: str, tmp_path: Path):
    path = case if shape == "folder" else zip_folder(case, tmp_path / f"{case.name}.zip")
    expected_file = case.parent / f"{case.name}.expected.json"
    try:
        batch = parse_archive(path, account="KimDotcom")
    except ParseError as exc:
        assert exc.source == str(path)
        if shape == "folder":
            check_golden(expected_file, {"error": exc.message})
        assert exc.message == json.loads(expected_file.read_text())["error"]
        return
    items = tweets_to_items(batch, batch.includes, account="KimDotcom",
                            source_name="archive", tz=TZ)
    actual = {"items": [item_json(i) for i in items],
              "errors": [e.message for e in batch.errors]}
    for error in batch.errors:
        assert error.source == str(path)
    if shape == "folder":
        check_golden(expected_file, actual)
    assert actual == json.loads(expected_file.read_text())


def test_hostile_archive_is_never_evaluated(tmp_path: Path):
    marker = Path("/tmp/megawatch-pwned")
    marker.unlink(missing_ok=True)
    with pytest.raises(ParseError, match="not JSON after the window.YTD prefix"):
        parse_archive(FIXTURES / "archives" / "hostile_eval", account="KimDotcom")
    assert not marker.exists()


def test_zip_with_a_top_folder(tmp_path: Path):
    case = FIXTURES / "archives" / "basic"
    plain = parse_archive(case, account="KimDotcom")
    wrapped = parse_archive(zip_folder(case, tmp_path / "a.zip", "twitter-2016-11-30/"),
                            account="@kimdotcom")
    assert list(wrapped) == list(plain) and wrapped.includes == plain.includes


def test_zip_path_traversal_is_refused(tmp_path: Path):
    target = tmp_path / "evil.zip"
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr("data/tweets.js", "window.YTD.tweets.part0 = []")
        archive.writestr("../../etc/cron.d/tweets.js", "window.YTD.tweets.part0 = []")
    with pytest.raises(ParseError, match=r"unsafe path in zip: '../../etc/cron.d/tweets.js'"):
        parse_archive(target, account="KimDotcom")


def test_zip_bomb_is_capped(tmp_path: Path):
    target = tmp_path / "bomb.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data/tweets.js", b"window.YTD.tweets.part0 = [" + b" " * 5_000_000 + b"]")
    assert target.stat().st_size < 50_000
    with pytest.raises(ParseError, match="declare 5000028 uncompressed bytes, more than the "
                                         "1000000 allowed"):
        parse_archive(target, account="KimDotcom", max_bytes=1_000_000)


def test_zip_lying_about_its_size_is_capped(tmp_path: Path):
    target = tmp_path / "liar.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data/tweets.js", b"window.YTD.tweets.part0 = [" + b" " * 3_000_000 + b"]")
    # Patch the declared sizes (local header and central directory) down to 10 bytes.
    data = bytearray(target.read_bytes())
    real = (3_000_028).to_bytes(4, "little")
    assert data.count(real) == 2
    target.write_bytes(bytes(data).replace(real, (10).to_bytes(4, "little")))
    with pytest.raises(ParseError) as info:
        parse_archive(target, account="KimDotcom", max_bytes=1_000_000)
    assert "data/tweets.js" in info.value.message


@pytest.mark.parametrize("content, message", [
    (b"not a zip", "not a folder nor a zip file"),
    (None, "file not found"),
])
def test_not_an_archive(tmp_path: Path, content, message):
    target = tmp_path / "archive.zip"
    if content is not None:
        target.write_bytes(content)
    with pytest.raises(ParseError, match=message) as info:
        parse_archive(target, account="KimDotcom")
    assert info.value.source == str(target)


def test_folder_without_tweets(tmp_path: Path):
    with pytest.raises(ParseError, match="no data/tweets.js nor data/tweet.js"):
        parse_archive(tmp_path, account="KimDotcom")


# --- JSON Lines --------------------------------------------------------------------

@pytest.mark.parametrize("case", sorted((FIXTURES / "jsonl").glob("*.jsonl")), ids=lambda p: p.stem)
def test_jsonl(case: Path):
    batch = parse_jsonl(case.read_bytes(), str(case.name))
    items = tweets_to_items(batch, batch.includes, account="KimDotcom",
                            source_name="import", tz=TZ)
    assert all(e.source == case.name for e in batch.errors)
    check_golden(case.with_suffix(".expected.json"), {
        "tweet_ids": [t["id"] for t in batch],
        "errors": [e.message for e in batch.errors],
        "items": [item_json(i) for i in items],
    })
