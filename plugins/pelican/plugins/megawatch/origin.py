"""Who made a promise, through what medium, reported by whom, in what words.

A tweet is the subject's own words: the claim's quote is shown as a quotation.
An article, or an editor's note, reports someone else's words: the site names
the maker and the publisher and links to it, and shows the quote as the
editor's summary, never as the maker's words. A post may say more in its
metadata:

* ``Said-By:`` the maker (default: the tracker's subject, "Kim Dotcom");
* ``Said-In:`` tweet, interview, press, article, video, conference, document
  (a white paper, a road map);
* ``Said-Words:`` the maker's exact words, checked by an editor in the source.

For a note the publisher is the name the note's own "Sources" line gives to
its ``Link:`` (``[BBC News](https://www.bbc.com/...)``), else the link's host.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

MEDIA = ("tweet", "interview", "press", "article", "video", "conference", "document")

_LINK = re.compile(r'<a\s[^>]*href="([^"]+)"[^>]*>(.*?)</a>', re.S | re.I)


def host(url: str) -> str:
    name = urlsplit(url).hostname or ""
    return name[4:] if name.startswith("www.") else name


def publisher_name(link: str, content: str, source: str) -> str:
    """The name a post's body gives to its link, else the link's host, else the source."""
    if link:
        for href, text in _LINK.findall(content or ""):
            if html.unescape(href) == link:
                name = html.unescape(re.sub(r"<[^>]+>", "", text)).strip()
                if name:
                    return name
        if host(link):
            return host(link)
    return source


def origin(meta: dict, category: str, content: str, subject: str) -> dict:
    """said_by, medium, publisher, words for the claims of one post."""
    source = str(meta.get("source", "") or "")
    link = str(meta.get("link", "") or "")
    medium = str(meta.get("said-in", "") or "").strip().lower()
    if medium not in MEDIA:
        medium = "tweet" if category == "tweets" else "article"
    said_by = str(meta.get("said-by", "") or "").strip() or subject
    if category == "tweets":
        publisher = source or subject
    else:
        publisher = publisher_name(link, content, source)
    return {"said_by": said_by, "medium": medium, "publisher": publisher,
            "words": str(meta.get("said-words", "") or "").strip()}
