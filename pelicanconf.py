"""Pelican settings for the Megawatch site (local builds).

Everything about the subject and the services comes from tracker.toml; this
file only says how the site is built. publishconf.py adds what publishing
needs. 'Now' for countdowns: MEGAWATCH_NOW (ISO datetime, e.g. passed with
``pelican -e MEGAWATCH_NOW='"2013-01-01T00:00:00+00:00"'``), else the
SOURCE_DATE_EPOCH environment variable, else the clock.
"""

import os
from pathlib import Path

from scrapers import config as _tracker_config

HERE = Path(__file__).resolve().parent

MEGAWATCH_CONFIG = os.environ.get("MEGAWATCH_CONFIG", str(HERE / "tracker.toml"))
MEGAWATCH_NOW = os.environ.get("MEGAWATCH_NOW") or None
_tracker = _tracker_config.load(MEGAWATCH_CONFIG)

AUTHOR = "Megawatch"
SITENAME = "Megawatch"
SITESUBTITLE = f"Les promesses de lancement de {_tracker.subject.name}, datées et suivies"
SITEURL = ""
FEED_DOMAIN = os.environ.get("MEGAWATCH_FEED_DOMAIN", "http://localhost:8000")
RELATIVE_URLS = True

PATH = "content"
THEME = str(HERE / "theme")
# A namespace plugin installed with the project (plugins/pelican/plugins/megawatch):
# named in full, Pelican imports it like any module, with no PLUGIN_PATHS.
PLUGINS = ["pelican.plugins.megawatch"]

TIMEZONE = _tracker.subject.timezone
DEFAULT_LANG = "fr"
LOCALE = ("fr_FR.UTF-8", "C.UTF-8", "")
DEFAULT_DATE_FORMAT = "%Y-%m-%d"
DEFAULT_PAGINATION = False
DELETE_OUTPUT_DIRECTORY = True
OUTPUT_RETENTION = [".git", ".nojekyll", "CNAME"]
LOAD_CONTENT_CACHE = False
CACHE_CONTENT = False
WITH_FUTURE_DATES = True
SUMMARY_MAX_LENGTH = 60

# Autoescape every template: only HTML that went through our sanitizer is |safe.
JINJA_ENVIRONMENT = {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True,
                     "extensions": []}

ARTICLE_URL = "posts/{date:%Y}/{slug}/"
ARTICLE_SAVE_AS = "posts/{date:%Y}/{slug}/index.html"
ARTICLE_LANG_URL = "posts/{date:%Y}/{slug}-{lang}/"
ARTICLE_LANG_SAVE_AS = "posts/{date:%Y}/{slug}-{lang}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
# No category pages: no page links to them (the home timeline and the service pages
# list every post; each category keeps its feeds, listed on the "Flux et données"
# page), and at 10,000 posts they weighed 10 MB. Set CATEGORY_SAVE_AS to
# "categories/{slug}/index.html" to write them (theme/templates/category.html).
CATEGORY_URL = "categories/{slug}/"
CATEGORY_SAVE_AS = ""
# Service pages replace tag pages; authors and archives add nothing here.
TAG_SAVE_AS = TAGS_SAVE_AS = AUTHOR_SAVE_AS = AUTHORS_SAVE_AS = ""
CATEGORIES_SAVE_AS = ARCHIVES_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = MONTH_ARCHIVE_SAVE_AS = DAY_ARCHIVE_SAVE_AS = ""
# The home page (index.html, then page/<n>/) is written by the plugin, paginated.
DIRECT_TEMPLATES = []
# Category pages, when written: 100 posts a page, like the home timeline, so no page
# grows with the corpus: categories/<slug>/, then categories/<slug>/page/<n>/.
PAGINATED_TEMPLATES = {"category": 100}
PAGINATION_PATTERNS = [(1, "{url}", "{save_as}"),
                       (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html")]

# Feeds, calendars and the JSON API are written by the plugin (stable
# entry ids, <updated> from the post, per-service paths from tracker.toml), so
# every Pelican feed is off.
FEED_ALL_ATOM = FEED_ALL_RSS = CATEGORY_FEED_ATOM = CATEGORY_FEED_RSS = None
TAG_FEED_ATOM = TAG_FEED_RSS = FEED_ATOM = FEED_RSS = None
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = TRANSLATION_FEED_ATOM = TRANSLATION_FEED_RSS = None

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.smarty": {"smart_quotes": False},
    },
    "output_format": "html5",
}
