"""Allow-list sanitizing of rendered HTML with nh3 (ammonia).

It runs last, on the HTML Markdown produced, because cleaning before a
format conversion lets the conversion re-create what was removed.
"""

from __future__ import annotations

import nh3

TAGS = {"a", "abbr", "b", "blockquote", "br", "cite", "code", "del", "em", "h2", "h3", "h4",
        "hr", "i", "li", "ol", "p", "pre", "q", "s", "strong", "sub", "sup", "ul"}
ATTRIBUTES = {"a": {"href", "title", "hreflang"}, "abbr": {"title"}, "q": {"cite"},
              "blockquote": {"cite"}}
SCHEMES = {"http", "https", "mailto"}


def html(fragment: str) -> str:
    return nh3.clean(fragment, tags=TAGS, attributes=ATTRIBUTES, url_schemes=SCHEMES,
                     link_rel="nofollow noopener noreferrer", strip_comments=True)
