"""Post format: claims round trip, rendering, slugs, paths, the store's promises."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from scrapers.errors import PostError
from scrapers.models import Claim, Item
from scrapers.posts import (format_claim, md_escape, parse_claim, render_post, replace_claims,
                            slugify, split_post)
from scrapers.state import State
from scrapers.store import PostStore, scan

CLAIM = Claim("Mega", "planned", date(2013, 1, 19), date(2013, 1, 19), "day",
              "Le lancement est prévu le 19 janvier 2013 | date anniversaire.",
              date(2012, 11, 28), 0.9)


def test_claim_round_trip():
    line = format_claim(CLAIM)
    assert line == ("Mega | planned | 2013-01-19 | 2013-01-19 | day | 2012-11-28 | auto 0.90 | "
                    "Le lancement est prévu le 19 janvier 2013 | date anniversaire.")
    assert parse_claim(line) == CLAIM


def test_open_and_reviewed_claims():
    line = "Megaupload 2.0 | planned | 2018-01-01 | - | open | 2017-06-02 | reviewed | Pas avant 2018."
    claim = parse_claim(line)
    assert (claim.earliest, claim.latest, claim.reviewed) == (date(2018, 1, 1), None, True)
    assert format_claim(claim) == line


@pytest.mark.parametrize("line,words", [
    ("Mega | planned | 2013-01-19", ["3 fields"]),
    ("Mega | promised | 2013-01-19 | 2013-01-19 | day | 2012-11-28 | auto | q", ["'promised'"]),
    ("Mega | planned | 2013-19-01 | 2013-01-19 | day | 2012-11-28 | auto | q", ["'2013-19-01'"]),
    ("Mega | planned | 2013-02-01 | 2013-01-19 | day | 2012-11-28 | auto | q", ["ends before"]),
    ("Mega | planned | 2013-01-19 | 2013-01-19 | daily | 2012-11-28 | auto | q", ["'daily'"]),
    ("Mega | planned | 2013-01-19 | 2013-01-19 | day | - | auto | q", ["stated_on"]),
    ("Mega | planned | 2013-01-19 | 2013-01-19 | day | 2012-11-28 | maybe | q", ["'maybe'"]),
])
def test_bad_claim_lines_name_post_and_value(line, words):
    with pytest.raises(PostError) as err:
        parse_claim(line, "content/x.md")
    assert "content/x.md" in str(err.value)
    for word in words:
        assert word in str(err.value)


@pytest.mark.parametrize("title,slug", [
    ("Kim Dotcom dévoile les premières images de Mega", "kim-dotcom-devoile-les-premieres-images-de-mega"),
    ("../../etc/passwd", "etc-passwd"),
    ("/absolute/path", "absolute-path"),
    ("nul\x00byte", "nul-byte"),
    ("CON", "post-con"),
    ("index", "post-index"),
    ("", "post"),
    ("???", "post"),
    ("Cafe\u0301 ou Café", "cafe-ou-cafe"),
    ("Ｍｅｇａ　２０１３", "mega-2013"),
    ("Megaupload 2.0 : « c’est pour janvier »", "megaupload-2-0-c-est-pour-janvier"),
])
def test_slugify(title, slug):
    assert slugify(title) == slug


def test_slug_length_capped():
    assert len(slugify("mot " * 1000)) <= 80


def test_md_escape_renders_as_text():
    import markdown

    raw = "<script>alert(1)</script> *gras* [lien](javascript:x) & `code` # titre"
    html = markdown.markdown(md_escape(raw))
    assert "<script" not in html and "<em>" not in html and "<a " not in html
    assert "&lt;script&gt;" in html and "&amp;" in html


def _item(i: int, title: str = "Mega arrive", **kw) -> Item:
    return Item(id=f"feed:https://example.org/{i}", source="Numerama", category="articles",
                title=title, url=f"https://example.org/{i}",
                published=datetime(2012, 11, 28, 9, 30, tzinfo=timezone.utc),
                summary="Mega ouvrira le 19 janvier 2013.", services=["Mega"],
                claims=[CLAIM], **kw)


def test_render_post_metadata():
    text = render_post(_item(1), "mega-arrive")
    meta, body = split_post(text)
    keys = [k for k, _ in meta]
    assert keys == ["Title", "Date", "Category", "Tags", "Slug", "Lang", "Source", "Link",
                    "Summary", "Item-Id", "Claim"]
    assert dict(meta)["Date"] == "2012-11-28 09:30:00+00:00"
    assert parse_claim(dict(meta)["Claim"]) == CLAIM
    assert "[Lire l’article sur Numerama](https://example.org/1)" in body


def test_replace_claims_keeps_everything_else():
    text = render_post(_item(1), "mega-arrive") + "Une note ajoutée à la main.\n"
    other = CLAIM.replace(earliest=date(2013, 3, 19), latest=date(2013, 3, 19))
    updated = replace_claims(text, [other, CLAIM])
    assert updated.replace(format_claim(other) + "\nClaim: ", "") == text


def test_store_writes_once_and_keeps_hand_edits(tmp_path):
    content = tmp_path / "content"
    state = State.load(tmp_path / "state.json")
    store = PostStore(content, state)
    path = store.write(_item(1))
    assert path.read_text(encoding="utf-8").startswith("Title: Mega arrive\n")
    with pytest.raises(PostError, match="already known"):
        store.write(_item(1))
    # Same title, other item: a distinct slug, never an overwrite.
    second = store.write(_item(2))
    assert second != path and second.name == "mega-arrive-2.md"

    path.write_text(path.read_text(encoding="utf-8") + "\nNote de l’éditeur.\n", encoding="utf-8")
    second.unlink()
    again = PostStore(content, State.load(tmp_path / "state.json"))
    assert again.known("feed:https://example.org/1") and again.edited_by_hand(
        "feed:https://example.org/1")
    assert again.known("feed:https://example.org/2")  # deleted stays deleted
    assert not second.exists()


def test_store_adopts_posts_of_a_killed_run(tmp_path):
    content = tmp_path / "content"
    store = PostStore(content, State.load(tmp_path / "state.json"))
    path = store.write(_item(7))
    (tmp_path / "state.json").unlink()  # the run died before saving its state
    (path.parent / ".mega-arrive.md.abc.tmp").write_text("partial", encoding="utf-8")
    store = PostStore(content, State.load(tmp_path / "state.json"))
    assert store.known("feed:https://example.org/7")
    assert not list(content.rglob("*.tmp"))
    assert scan(content)[0] == {"feed:https://example.org/7": path}


def test_post_path_stays_inside(tmp_path):
    content = tmp_path / "content"
    store = PostStore(content, State.load(tmp_path / "s.json"))
    for i, title in enumerate(["../../../etc/x", "/tmp/evil", "..", "a/../../b", "\x00"]):
        path = store.write(_item(100 + i, title=title))
        assert content.resolve() in path.parents


def test_the_shipped_state_knows_every_shipped_post():
    """make site on a fresh clone must leave git status clean: every post of content/
    is in tracker.state.json with its current hash (else the scrape adopts it and
    rewrites the committed state)."""
    import json
    from pathlib import Path

    from scrapers.posts import sha256

    root = Path(__file__).resolve().parent.parent
    state = json.loads((root / "tracker.state.json").read_text(encoding="utf-8"))["items"]
    known = {v["path"]: v["sha256"] for v in state.values()}
    for path in sorted((root / "content").rglob("*.md")):
        rel = path.relative_to(root / "content").as_posix()
        assert known.get(rel) == sha256(path.read_bytes()), rel


@pytest.mark.parametrize("text,expected", [
    ("plain  text ", "plain text"),              # printable: whitespace collapsed only
    ("a\tb\nc", "a b c"),                          # control characters are spaces
    ("x\x00y\x7f", "x y"),
    ("zéro\u200blargeur", "zéro largeur"),         # format character (Cf)
    ("insé\u00a0cable\u2028ligne", "insé cable ligne"),  # separators split words
])
def test_one_line(text, expected):
    from scrapers.posts import one_line

    assert one_line(text) == expected
