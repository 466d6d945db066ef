"""reextract: auto claims recomputed; reviewed claims, reviewed posts and hand edits kept."""

from __future__ import annotations

from scrapers.posts import read_claims, sha256
from scrapers.reextract import reextract
from scrapers.state import State

from conftest import write_post

BODY = "Kim Dotcom l’assure : Mega ouvrira le 19 janvier 2013."
STALE = "Mega | planned | 2013-05-01 | 2013-05-31 | month | 2012-11-28 | auto 0.40 | vieux"
REVIEWED = ("Megabox | planned | 2012-10-01 | 2012-11-30 | month | 2012-07-01 | reviewed | "
            "Megabox en octobre ou novembre.")


def run(tracker, tmp_path, include_edited=False):
    return reextract(tracker, tmp_path / "content", state_path=tmp_path / "state.json",
                     texts_dir=tmp_path / "texts", include_edited=include_edited)


def test_reextract_policy(tracker, tmp_path):
    content = tmp_path / "content"
    auto = write_post(content, "articles/2012/a.md", title="Mega en janvier",
                      date="2012-11-28 10:00:00+01:00", tags="Mega", body=BODY,
                      claims=[STALE, REVIEWED])
    closed = write_post(content, "notes/2012/b.md", title="Mega en janvier",
                        date="2012-11-28 10:00:00+01:00", tags="Mega", body=BODY,
                        extra="Claims-Reviewed: yes")
    edited = write_post(content, "articles/2012/c.md", title="Mega en janvier",
                        date="2012-11-28 10:00:00+01:00", tags="Mega", body=BODY)
    state = State(tmp_path / "state.json")
    for name, path in (("a", auto), ("b", closed), ("c", edited)):
        state.record(f"feed:{name}", path.relative_to(content).as_posix(),
                     sha256(path.read_bytes()))
    state.save()
    edited.write_text(edited.read_text(encoding="utf-8") + "Ajout à la main.\n",
                      encoding="utf-8")
    closed_before, edited_before = closed.read_bytes(), edited.read_bytes()

    report = run(tracker, tmp_path)
    assert (report.posts, report.changed, report.edited_skipped) == (3, 1, 1)
    claims = read_claims(auto)
    assert [(c.service, c.earliest.isoformat(), c.reviewed) for c in claims] == [
        ("Megabox", "2012-10-01", True), ("Mega", "2013-01-19", False)]
    assert closed.read_bytes() == closed_before and edited.read_bytes() == edited_before
    # The state follows our own rewrite, so the post still counts as untouched.
    assert State.load(tmp_path / "state.json").items["feed:a"]["sha256"] == sha256(
        auto.read_bytes())
    assert run(tracker, tmp_path).changed == 0

    report = run(tracker, tmp_path, include_edited=True)
    assert report.changed == 1
    assert [c.earliest.isoformat() for c in read_claims(edited)] == ["2013-01-19"]
    assert edited.read_text(encoding="utf-8").endswith("Ajout à la main.\n")
