"""Settings for publishing: pelicanconf plus an absolute SITEURL.

SITEURL comes from the MEGAWATCH_SITEURL environment variable (the GitHub
workflow sets it to the Pages URL); feeds then use absolute URLs.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pelicanconf import *  # noqa: E402,F401,F403

SITEURL = os.environ.get("MEGAWATCH_SITEURL", "https://megawatch.github.io/megawatch").rstrip("/")
FEED_DOMAIN = SITEURL
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
