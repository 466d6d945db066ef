"""The JSON API's schemas: published beside api/*.json, and every build's files match them.

The schemas (pelican/plugins/megawatch/schemas/) forbid unknown fields, so a field
added to the API without its schema fails here, as does a value outside the
documented ones.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest

from conftest import ROOT

NAMES = ("services", "claims", "posts")
NOW = "2026-12-03T12:00:00+13:00"


def schema_of(name: str) -> dict:
    import pelican.plugins.megawatch.api as api

    return json.loads((api.SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The repository's own posts (reviewed claims, launched and closed services) and one
    automatic claim that awaits review, built once."""
    import shutil
    from datetime import datetime

    from conftest import write_post
    from scrapers.site import build

    base = tmp_path_factory.mktemp("api")
    content = base / "content"
    shutil.copytree(ROOT / "content", content)
    write_post(content, "articles/2026/k-im-bientot.md", title="K.im pour mars 2027",
               date="2026-11-20 10:00:00+13:00", tags="K.im",
               claims=["K.im | planned | 2027-03-01 | 2027-03-31 | month | 2026-11-20 | "
                       "auto 0.80 | K.im ouvrira en mars 2027."], category="articles")
    out = base / "output"
    build(config_path=ROOT / "tracker.toml", content=content, output=out,
          now=datetime.fromisoformat(NOW), search=False, cache=base / "cache")
    return out


@pytest.mark.parametrize("name", NAMES)
def test_schema_is_valid_json_schema(name):
    jsonschema.Draft202012Validator.check_schema(schema_of(name))


@pytest.mark.parametrize("name", NAMES)
def test_built_file_matches_its_published_schema(site, name):
    doc = json.loads((site / "api" / f"{name}.json").read_text(encoding="utf-8"))
    published = site / "api" / f"{name}.schema.json"
    assert doc["$schema"] == published.name
    schema = json.loads(published.read_text(encoding="utf-8"))
    assert schema == schema_of(name)
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(doc), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])
    rows = doc[name]
    assert rows, f"api/{name}.json is empty: the check would prove nothing"


def test_the_built_claims_cover_every_status(site):
    """The repository's posts hold confirmed and pending claims: both shapes are checked."""
    claims = json.loads((site / "api" / "claims.json").read_text(encoding="utf-8"))["claims"]
    assert {"reviewed", "pending"} <= {c["status"] for c in claims}
    assert any(c["outcome"] is None for c in claims) and any(c["outcome"] for c in claims)


# A valid document, broken one way: the schema must say no.
BREAKS = [
    ("claims", lambda d: d["claims"][0].update(status="maybe"), "'maybe' is not one of"),
    ("claims", lambda d: d["claims"][0].update(earliest="19/01/2013"),
     "'19/01/2013' is not valid under any of the given schemas"),
    ("claims", lambda d: d["claims"][0].update(extra=1), "Additional properties"),
    ("claims", lambda d: d.update(version=2), "1 was expected"),
    ("services", lambda d: d["services"][0]["countdown"].update(state="soon"), "is not one of"),
    ("services", lambda d: d["services"][0].pop("slug"), "'slug' is a required property"),
    ("posts", lambda d: d["posts"][0].update(date="2016-07-10"), "does not match"),
    ("posts", lambda d: d["posts"][0]["services"].append("Bad Slug"), "does not match"),
]


@pytest.mark.parametrize("name,breaking,message", BREAKS,
                         ids=[f"{n}-{m[:20]}" for n, _, m in BREAKS])
def test_schema_refuses_a_broken_document(site, name, breaking, message):
    doc = json.loads((site / "api" / f"{name}.json").read_text(encoding="utf-8"))
    broken = copy.deepcopy(doc)
    breaking(broken)
    errors = [e.message for e in jsonschema.Draft202012Validator(schema_of(name))
              .iter_errors(broken)]
    assert any(message in e for e in errors), errors


def test_docs_name_the_schemas():
    text = (ROOT / "docs" / "site.md").read_text(encoding="utf-8")
    for name in NAMES:
        assert f"api/{name}.schema.json" in text
    cli = Path(ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert "megawatch claims --jsonl" in cli and '"stated_on"' in cli
