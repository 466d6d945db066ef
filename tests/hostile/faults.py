"""Inputs of the second hostile round (issue 16), built here, served on 127.0.0.1.

Each builder returns bytes; the tests feed them to the real CLI.
"""

from __future__ import annotations

import io
import json
import zipfile

RELEVANT = "Mega ouvrira le 19 janvier 2013, annonce Kim Dotcom"


def item(n: int, *, title: str = "", author: str = "", extra: str = "",
         link: str = "") -> str:
    title = title or f"{RELEVANT} ({n})"
    link = link or f"http://127.0.0.1/articles/{n}"
    author_xml = f"<author>{author}</author>" if author else ""
    return (f"<item><title>{title}</title><link>{link}</link><guid>g{n}</guid>"
            f"<pubDate>Wed, 28 Nov 2012 10:{n % 60:02d}:00 +0000</pubDate>{author_xml}"
            f"<description>{RELEVANT}. Texte {n}.</description>{extra}</item>")


def rss(items: list[str], *, prolog: str = "") -> bytes:
    return ("<?xml version='1.0' encoding='utf-8'?>" + prolog +
            "<rss version='2.0'><channel><title>Flux</title><link>http://127.0.0.1/</link>"
            "<description>d</description>" + "".join(items) + "</channel></rss>").encode("utf-8")


def quadratic_author(size: int) -> bytes:
    """Row 1: one <author> of 'a.a.a...' (feedparser's e-mail pattern is quadratic)."""
    return rss([item(1), item(2, author="a." * (size // 2)), item(3)])


def lone_surrogate_entity() -> bytes:
    """Row 3: '&#xD800;' in one entry among good ones."""
    return rss([item(1), item(2, title=f"{RELEVANT} &#xD800; (2)"), item(3)])


def marked_section() -> bytes:
    """Row 6: '<![' followed by markup, in an entry's description."""
    return rss([item(1), item(2, extra="<content:encoded xmlns:content='http://purl.org/rss/1.0/"
                                        "modules/content/'>&lt;![ &lt;p&gt;Mega&lt;/p&gt;"
                                        "</content:encoded>"), item(3)])


def marked_section_page() -> bytes:
    return ("<!DOCTYPE html><html lang='fr'><head><title>" + RELEVANT + "</title>"
            "<meta property='og:title' content='" + RELEVANT + "'>"
            "<meta property='article:published_time' content='2012-11-28T10:00:00+00:00'>"
            "</head><body><article><h1>" + RELEVANT + "</h1><p>" + RELEVANT +
            ". Le site ouvrira ses portes.</p><![ <p>x</p> <![CDATA[ y ]]> <![if !IE]>"
            "</article></body></html>").encode("utf-8")


def billion_laughs(levels: int = 10, width: int = 10) -> bytes:
    """Row 8: nested entity expansion."""
    decl = ['<!ENTITY l0 "ha">']
    for i in range(1, levels):
        decl.append(f'<!ENTITY l{i} "' + f"&l{i - 1};" * width + '">')
    prolog = "<!DOCTYPE rss [" + "".join(decl) + "]>"
    return rss([item(1, title=f"{RELEVANT} &l{levels - 1};")], prolog=prolog)


# --- X archives and JSON Lines ---------------------------------------------------------

def archive_tweet(n: int, **over) -> dict:
    tweet = {"id_str": str(1300000000000000000 + n), "full_text": f"{RELEVANT} ({n})",
             "created_at": "Wed Nov 28 10:00:00 +0000 2012", "lang": "fr",
             "entities": {"urls": []}}
    tweet.update(over)
    return {"tweet": tweet}


def ytd(entries: list, name: str = "tweets") -> bytes:
    return f"window.YTD.{name}.part0 = ".encode() + json.dumps(entries).encode()


def bad_indices_archive(values) -> bytes:
    """Row 4: entity 'indices' of strings, nulls or 1e400, beside good tweets."""
    entries = [archive_tweet(0)]
    for i, value in enumerate(values, 1):
        url = {"url": "https://t.co/abc", "expanded_url": "https://mega.co.nz/",
               "display_url": "mega.co.nz"}
        entries.append(archive_tweet(i, entities={"urls": [dict(url, indices=value)]}))
    text = ytd(entries).decode()
    return text.replace('"1e400"', "1e400").encode()


def nested_brackets(depth: int = 100_000) -> bytes:
    return b"[" * depth + b"]" * depth


def zip_of(files: dict[str, bytes], *, level: int = 9) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buf.getvalue()


def spaces_zip(mib: int = 400) -> bytes:
    """Row 9: a small zip whose tweets.js inflates to ``mib`` MiB of spaces."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        with z.open("data/tweets.js", "w", force_zip64=True) as member:
            member.write(b"window.YTD.tweets.part0 = [")
            block = b" " * (1 << 20)
            for _ in range(mib):
                member.write(block)
            member.write(b"]")
    return buf.getvalue()
