"""Issue 13's mirror on the real excerpts: serve them on 127.0.0.1, run the real
scrape and build, and score what the site publishes against the annotation.

Usage: python eval/mirror_eval.py [SHARED] [--split dev|test|all] [--json]

The excerpts (eval/corpus/texts/, git-ignored) become article pages, one feed
per publisher (tests/mirror.py). Prints: claims published (reviewed or
corroborated) and how many are right, annotated claims shown (published or
pending), cards resting on a claim the annotation lacks. Wrong published
claims are listed for the dev split only (the test split is locked).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import tomllib
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "eval"))

import mirror  # noqa: E402
from claims_corpus_eval import load  # noqa: E402


def article(row: dict) -> mirror.Article:
    text = row["text"].strip()
    first, _, rest = text.partition("\n")
    if 15 <= len(first) <= 160 and rest.strip():
        title, body = first.strip(), rest.strip()
    else:
        title, body = f"{row['publisher']} : " + " ".join(text.split()[:10]) + " …", text
    published = datetime.fromisoformat(row["published"]).replace(hour=9, tzinfo=timezone.utc)
    body = "\n\n".join(p.strip() for p in body.split("\n") if p.strip())
    return mirror.Article(row["id"], row["publisher"], published, row.get("lang") or "fr", title,
                          body, row["claims"], bool(row.get("lookalike")), row.get("about", []))


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("shared", nargs="?", help="(accepted from make eval; not needed)")
    p.add_argument("--split", choices=("dev", "test", "all"), default="all")
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    rows, missing = load()
    if not rows:
        print(f"mirror: no excerpt texts ({missing} annotated); they are kept out of the "
              "repository. Nothing to score.")
        return 0
    if args.split != "all":
        rows = [r for r in rows if r["split"] == args.split]
    articles = [article(r) for r in rows]
    from pytest_httpserver import HTTPServer

    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            base = mirror.serve(server, articles)
            result = mirror.scrape_and_build(folder, base, articles)
            if result["build"].returncode != 0:
                print(result["build"].stdout[-2000:], result["build"].stderr[-2000:])
                return 1
            tracker = tomllib.loads((folder / "tracker.toml").read_text(encoding="utf-8"))
            names = {s["slug"]: s["name"] for s in tracker["services"]}
            figures = mirror.score(folder / "output", articles, names)
    finally:
        server.stop()
    split_of = {r["id"]: r["split"] for r in rows}
    shown_wrong = [w for w in figures.pop("wrong") if split_of.get(w[0]) == "dev"]
    if args.json:
        print(json.dumps(figures, indent=2, ensure_ascii=False))
        return 0
    print(f"mirror ({args.split}): {figures['articles']} articles, {figures['annotated']} annotated "
          f"claims; published {figures['published']}, right {figures['published_right']} "
          f"({figures['precision_published']:.1%}); shown {figures['shown']} "
          f"({figures['recall_shown']:.1%}); pending {figures['pending']}; "
          f"cards on unannotated claims: {figures['bad_cards'] or 'none'}")
    for w in shown_wrong:
        print(f"  wrong (dev): {w}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
