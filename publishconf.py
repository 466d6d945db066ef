"""Settings for publishing: pelicanconf plus an absolute SITEURL.

SITEURL comes from the MEGAWATCH_SITEURL environment variable (the GitHub
workflow sets it to the Pages URL); feeds then use absolute URLs. Without it
there is no safe address to publish for, so loading these settings fails
with a message saying what to set (``megawatch build --publish`` and
``invoke publish`` check it first, with exit status 2).
"""

import os
import runpy
from pathlib import Path

# pelicanconf.py beside this file, read by its path (no import path to change).
globals().update({name: value for name, value in
                  runpy.run_path(str(Path(__file__).with_name("pelicanconf.py"))).items()
                  if name.isupper()})

_SITEURL = os.environ.get("MEGAWATCH_SITEURL", "").strip().rstrip("/")
if not _SITEURL.startswith(("https://", "http://")):
    raise SystemExit("publishconf.py: MEGAWATCH_SITEURL must be the site's public address "
                     f"(https://...), got {os.environ.get('MEGAWATCH_SITEURL')!r}")
SITEURL = _SITEURL
FEED_DOMAIN = SITEURL
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
