"""Browser tests: Playwright driving Debian's Chromium against a local server.

Skipped at collection, with one line, when /usr/bin/chromium is missing
(`apt-get install chromium` enables them). Playwright never downloads a
browser here: executable_path points at Debian's.
"""

from __future__ import annotations

import functools
import os
import http.server
import threading
from datetime import datetime
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("MEGAWATCH_CHROMIUM", "/usr/bin/chromium"))
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SKIP = "browser tests need Chromium: apt-get install chromium (then /usr/bin/chromium exists)"
ROOT = Path(__file__).resolve().parents[2]
DEFAULT_NOW = "2026-11-22T00:00:00+00:00"


class _NoChromium(pytest.Module):
    def collect(self):
        pytest.skip(SKIP)


def pytest_pycollect_makemodule(module_path, parent):
    if not CHROMIUM.exists():
        return _NoChromium.from_parent(parent, path=module_path)
    return None


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def serve():
    """serve(folder) -> 'http://127.0.0.1:PORT', a static server in a thread."""
    servers = []

    def _serve(folder: Path) -> str:
        handler = functools.partial(_Quiet, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}"

    yield _serve
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser():
    """Module-scoped: Playwright's sync API allows one running instance, and other
    test modules (tests/test_hostile.py) start their own."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def default_site(tmp_path_factory, serve):
    """The repository's own content, built once with the search index."""
    from scrapers.site import build

    out = tmp_path_factory.mktemp("default-site") / "output"
    build(config_path=ROOT / "tracker.toml", content=ROOT / "content", output=out,
          now=datetime.fromisoformat(DEFAULT_NOW), search=True, cache=out.parent / "cache")
    return serve(out)


@pytest.fixture
def page_factory(browser):
    """New pages that record every URL they request (page.requested)."""
    contexts = []

    def _page(*, javascript: bool = True, width: int = 1280, scheme: str = "light"):
        ctx = browser.new_context(java_script_enabled=javascript,
                                  viewport={"width": width, "height": 900},
                                  color_scheme=scheme, service_workers="block")
        contexts.append(ctx)
        page = ctx.new_page()
        page.requested = []

        def record(route):
            page.requested.append(route.request.url)
            if route.request.url.startswith(("http://127.0.0.1:", "data:")):
                route.continue_()
            else:
                route.abort()

        page.route("**/*", record)
        return page

    yield _page
    for ctx in contexts:
        ctx.close()
