"""One package, one CLI: the import contract, the console script, messages that teach,
serve and publish, and the README's examples run as written."""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
from importlib import metadata
from pathlib import Path

import pytest

from conftest import ROOT

BIN = Path(sys.executable).parent
MEGAWATCH = BIN / "megawatch"
PLUGIN = ROOT / "plugins" / "pelican" / "plugins" / "megawatch"

# --- the import contract ------------------------------------------------------------------

# The pipeline's stages, in data-flow order. A module may import its own stage and the
# ones before it, never a later one (the plugin is the site stage).
STAGES = [
    ("base", ["scrapers", "scrapers.errors", "scrapers.models"]),
    ("config", ["scrapers.config"]),
    ("fetch", ["scrapers.fetch"]),
    ("parse", ["scrapers.parse"]),
    ("relevance", ["scrapers.relevance"]),
    ("claims", ["scrapers.claims", "scrapers.confirm"]),
    ("store", ["scrapers.posts", "scrapers.state", "scrapers.store", "scrapers.review",
               "scrapers.reextract"]),
    ("site", ["scrapers.site", "pelican.plugins.megawatch"]),
    ("app", ["scrapers.scrape", "scrapers.sources", "scrapers.cli", "scrapers.__main__"]),
]
# Stages that must not see each other although the order allows it: parsers take bytes,
# never a connection.
APART = {("parse", "fetch")}
# Only scrapers.fetch may import these (HTTP clients, sockets, the X API client).
NETWORK = ("requests", "urllib3", "httpx", "aiohttp", "http.client", "urllib.request",
           "socket", "tweepy", "ftplib", "smtplib")


def stage_of(module: str) -> str | None:
    best, best_len = None, -1
    for stage, prefixes in STAGES:
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best_len:
                best, best_len = stage, len(prefix)
    return best


def module_files() -> dict[str, Path]:
    found = {}
    for path in sorted((ROOT / "scrapers").rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    for path in sorted(PLUGIN.rglob("*.py")):
        parts = ("pelican", "plugins", "megawatch") + path.relative_to(PLUGIN).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imports_of(module: str, source: str, is_package: bool) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import, at any depth (lazy ones included)."""
    out = []
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            out += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module
            out.append((node.lineno, name))
            # "from scrapers import claims" imports the submodule scrapers.claims
            out += [(node.lineno, f"{name}.{alias.name}") for alias in node.names
                    if stage_of(f"{name}.{alias.name}") not in (None, stage_of(name))]
    return out


def violations(module: str, source: str, is_package: bool = False) -> list[str]:
    order = [s for s, _ in STAGES]
    mine = stage_of(module)
    found = []
    for line, name in imports_of(module, source, is_package):
        theirs = stage_of(name)
        if theirs and order.index(theirs) > order.index(mine):
            found.append(f"{module}:{line}: {mine} stage imports {name} ({theirs} stage)")
        elif theirs and (mine, theirs) in APART:
            found.append(f"{module}:{line}: {mine} stage imports {name} ({theirs} stage)")
        top = name.split(".")[0]
        if mine != "fetch" and any(name == n or name.startswith(n + ".") or top == n
                                   for n in NETWORK):
            found.append(f"{module}:{line}: imports {name}: only scrapers.fetch talks "
                         "to the network")
    return found


def test_every_module_has_a_stage():
    missing = [m for m in module_files() if stage_of(m) is None]
    assert not missing, f"modules outside the stage table: {missing}"


def test_no_module_imports_a_later_stage_and_only_fetch_owns_the_network():
    found = []
    for module, path in module_files().items():
        found += violations(module, path.read_text(encoding="utf-8"),
                            path.name == "__init__.py")
    assert not found, "\n".join(found)


@pytest.mark.parametrize("module,source,expected", [
    ("scrapers.parse.feeds", "from scrapers.fetch.http import Fetcher\n",
     ["scrapers.parse.feeds:1: parse stage imports scrapers.fetch.http (fetch stage)"]),
    ("scrapers.relevance", "def f():\n    from scrapers import posts\n",
     ["scrapers.relevance:2: relevance stage imports scrapers.posts (store stage)"]),
    ("scrapers.claims.extractor", "from ..store import PostStore\n",
     ["scrapers.claims.extractor:1: claims stage imports scrapers.store (store stage)"]),
    ("scrapers.posts", "import requests\n",
     ["scrapers.posts:1: imports requests: only scrapers.fetch talks to the network"]),
    ("pelican.plugins.megawatch.api", "from urllib.request import urlopen\n",
     ["pelican.plugins.megawatch.api:1: imports urllib.request: only scrapers.fetch talks "
      "to the network"]),
    ("scrapers.config", "from scrapers import cli\n",
     ["scrapers.config:1: config stage imports scrapers.cli (app stage)"]),
    ("scrapers.fetch.http", "import requests\nfrom scrapers.config import Source\n", []),
    ("scrapers.store", "from scrapers.claims import extract\n", []),
])
def test_the_contract_catches_what_it_should(module, source, expected):
    assert violations(module, source) == expected


def test_no_sys_path_edits_and_no_plugin_paths():
    files = [*sorted((ROOT / "scrapers").rglob("*.py")), *sorted(PLUGIN.rglob("*.py")),
             ROOT / "pelicanconf.py", ROOT / "publishconf.py", ROOT / "tasks.py"]
    edits = [f"{p.relative_to(ROOT)}:{n}" for p in files
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
             if re.search(r"\bsys\.path\b", line)]
    assert not edits, edits
    assert not re.search(r"^PLUGIN_PATHS\s*=", (ROOT / "pelicanconf.py").read_text(encoding="utf-8"), re.M)


def clean_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "MEGAWATCH_SITEURL", "MEGAWATCH_NOW")}
    env.update(COLUMNS="100", NO_COLOR="1", **extra)
    return env


def test_the_plugin_imports_from_anywhere_without_path_edits(tmp_path):
    code = ("import pelican.plugins.megawatch as m, scrapers\n"
            "from pelican.plugins._utils import load_plugins\n"
            "[p] = load_plugins({'PLUGINS': ['pelican.plugins.megawatch']})\n"
            "print(m.__file__); print(p.__name__); print(hasattr(m, 'register'))")
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=clean_env(),
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    where, name, register = proc.stdout.splitlines()
    assert Path(where).parent.resolve() == PLUGIN.resolve() or "site-packages" in where
    assert (name, register) == ("pelican.plugins.megawatch", "True")


def test_one_distribution_holds_the_package_and_the_plugin():
    dist = metadata.distribution("megawatch")
    assert dist.version == tomllib.loads(
        (ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    scripts = {e.name: e.value for e in dist.entry_points if e.group == "console_scripts"}
    assert scripts == {"megawatch": "scrapers.cli:main"}
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    find = config["tool"]["setuptools"]["packages"]["find"]
    assert "pelican.plugins.megawatch*" in find["include"] and "plugins" in find["where"]


# --- one program, two names ---------------------------------------------------------------


def run(*args, cwd=ROOT, exe="megawatch", stdin=None, env=None, timeout=120):
    cmd = [str(MEGAWATCH)] if exe == "megawatch" else [sys.executable, "-m", "scrapers"]
    return subprocess.run([*cmd, *map(str, args)], cwd=cwd, input=stdin, text=True,
                          capture_output=True, env=env or clean_env(), timeout=timeout)


CLAIMS_IN = ('{"id": "a1", "text": "Kim Dotcom annonce que Mega ouvrira le 19 janvier '
             'prochain.", "published": "2012-12-20", "lang": "fr"}\n'
             '{"id": "b2", "text": "Rien de daté.", "published": "hier"}\n')


@pytest.mark.parametrize("args,stdin", [
    (["--help"], None), (["--version"], None), (["build", "--help"], None),
    (["scrape", "--help"], None), (["serve", "--help"], None),
    (["claims", "--jsonl", "-"], CLAIMS_IN),
    (["build", "--content", "nope"], None), (["nope"], None),
], ids=lambda v: " ".join(v) if isinstance(v, list) else "")
def test_console_script_and_python_m_are_the_same_program(args, stdin):
    assert MEGAWATCH.is_file(), "the console script is not installed (pip install -e .)"
    a, b = run(*args, stdin=stdin), run(*args, stdin=stdin, exe="python -m")
    assert (a.returncode, a.stdout, a.stderr) == (b.returncode, b.stdout, b.stderr)
    assert a.stdout or a.stderr


def test_version():
    proc = run("--version")
    assert (proc.returncode, proc.stdout) == (0, f"megawatch {metadata.version('megawatch')}\n")


def test_every_subcommand_has_an_example_and_the_exit_codes():
    for command in ("scrape", "import-archive", "claims", "reextract", "review", "build",
                    "serve"):
        text = run(command, "--help").stdout
        assert f"examples:\n  megawatch {command}" in text or \
            (command == "claims" and "| megawatch claims --jsonl -" in text), command
        assert "exit status:\n  0    done, nothing failed" in text, command
        assert "2    usage or configuration error" in text, command


def test_the_documented_claims_example_runs_as_written():
    doc = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    block = doc.split("```console\n", 1)[1].split("```", 1)[0]
    expected = [line for line in block.splitlines() if line.startswith("{")]
    proc = run("claims", "--jsonl", "-", stdin=CLAIMS_IN)
    assert proc.returncode == 0 and proc.stdout.splitlines() == expected
    assert CLAIMS_IN.splitlines()[0] in block and '"published": "hier"' in block


# --- messages that teach (exact text) -----------------------------------------------------

@pytest.mark.parametrize("args,env,code,stderr", [
    (["build", "--content", "nope"], {}, 2,
     "megawatch: configuration error: nope: no such folder: --content must be the folder of "
     "posts (default: content/)"),
    (["reextract", "--content", "nope"], {}, 2,
     "megawatch: configuration error: nope: no such folder: --content must be the folder of "
     "posts (default: content/)"),
    (["review", "--list", "--content", "nope"], {}, 2,
     "megawatch: configuration error: nope: no such folder: --content must be the folder of "
     "posts (default: content/)"),
    (["build", "--publish", "--output", "{tmp}/out"], {}, 2,
     "megawatch: configuration error: MEGAWATCH_SITEURL: build --publish needs the site's "
     "public address: pass --siteurl https://example.org/megawatch or set MEGAWATCH_SITEURL"),
    (["build", "--publish", "--output", "{tmp}/out"], {"MEGAWATCH_SITEURL": "example.org"}, 2,
     "megawatch: configuration error: MEGAWATCH_SITEURL: 'example.org' is not a site address "
     "like https://example.org/megawatch"),
    (["build", "--siteurl", "https://example.org", "--output", "{tmp}/out"], {}, 2,
     "megawatch: configuration error: --siteurl: 'https://example.org' only applies with "
     "--publish"),
    (["scrape", "--config", "{tmp}/stauts.toml", "--dry-run"], {}, 2,
     'megawatch: configuration error: {tmp}/stauts.toml:10: services "Mega": stauts: '
     "unknown key, did you mean status?"),
    (["serve", "--port", "70000"], {}, 2,
     "usage: megawatch serve [-h] [--output OUTPUT] [--port PORT] [-v] [-q]\n"
     "megawatch serve: error: argument --port: '70000' is not a port number (0-65535)"),
])
def test_errors_name_the_problem_and_the_way_out(tmp_path, args, env, code, stderr):
    (tmp_path / "stauts.toml").write_text(
        '[subject]\nname = "Kim Dotcom"\ntimezone = "Pacific/Auckland"\n\n'
        '[[services]]\nname = "Mega"\nslug = "mega"\n# the status of the service\n\n'
        'stauts = "announced"\n', encoding="utf-8")
    proc = run(*[a.format(tmp=tmp_path) for a in args], env=clean_env(**env))
    assert (proc.returncode, proc.stderr.strip()) == (code, stderr.format(tmp=tmp_path))
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "out").exists()  # refused before building anything


def test_the_readme_config_example_is_what_the_loader_says(tmp_path):
    from scrapers.config import load
    from scrapers.errors import ConfigError

    quoted = re.search(r"\(`(tracker\.toml:(\d+): .*?)`\)", (ROOT / "README.md").read_text(
        encoding="utf-8")).group(1)
    line = int(re.match(r"tracker\.toml:(\d+):", quoted).group(1))
    lines = (ROOT / "tracker.toml").read_text(encoding="utf-8").splitlines()
    assert lines[line - 1].startswith("status = ")
    lines[line - 1] = lines[line - 1].replace("status", "stauts", 1)
    (tmp_path / "tracker.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load(tmp_path / "tracker.toml")
    assert str(err.value) == f"{tmp_path}/{quoted}"


def test_the_readme_tells_the_truth_about_the_shipped_posts():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    count, first, last = map(int, re.search(
        r"ships (\d+) dated posts from (\d{4}) to (\d{4})", readme).groups())
    years = [int(m) for p in (ROOT / "content").rglob("*.md")
             for m in re.findall(r"^Date: (\d{4})", p.read_text(encoding="utf-8"), re.M)]
    assert (count, first, last) == (len(years), min(years), max(years))
    assert "open `output/index.html`" not in readme and "make serve" in readme


# --- serve ---------------------------------------------------------------------------------


@pytest.fixture
def site_dir(tmp_path):
    out = tmp_path / "output"
    out.mkdir()
    (out / "index.html").write_text("<!doctype html><title>Megawatch</title>", encoding="utf-8")
    return out


def test_serve_says_when_the_port_is_busy(site_dir):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = run("serve", "--port", port, "--output", site_dir)
    assert proc.returncode == 2
    assert proc.stderr.strip() == (
        f"megawatch: configuration error: 127.0.0.1:{port}: port {port} is busy (another "
        f"server is running?): use another one, megawatch serve --port {port + 1} "
        f"(make serve PORT={port + 1})")


def test_serve_without_a_site_says_how_to_build_one(tmp_path):
    proc = run("serve", "--output", tmp_path / "none")
    assert (proc.returncode, proc.stderr.strip()) == (2, (
        f"megawatch: configuration error: {tmp_path / 'none'}: no built site here (no "
        "index.html): run 'megawatch build' or 'make site' first"))


def _started(proc) -> int:
    line = proc.stdout.readline()
    match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    assert match, line + proc.stderr.read()
    return int(match.group(1))


def _refused(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    except OSError:
        return True
    return False


def test_serve_answers_then_stops_cleanly_on_sigterm(site_dir):
    proc = subprocess.Popen([str(MEGAWATCH), "serve", "--port", "0", "--output", str(site_dir)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=clean_env())
    try:
        port = _started(proc)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as resp:
            assert b"Megawatch" in resp.read()
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=20)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    assert out == "Server stopped.\n" and "Traceback" not in err
    assert _refused(port)


def made_by_make() -> bool:
    """Whether this venv carries make's stamp for the current pyproject.toml and lock: a
    copy of the Makefile beside it then installs nothing (else it would reinstall)."""
    digest = subprocess.run("cat pyproject.toml requirements.lock | cksum", shell=True,
                            cwd=ROOT, capture_output=True, text=True).stdout.split()[0]
    return shutil.which("make") is not None and \
        (Path(sys.prefix) / f".installed-{digest}").is_file()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("how", ["invoke", "make"])
def test_invoke_and_make_serve_leave_no_server_behind_on_sigterm(tmp_path, site_dir, how):
    port = free_port()
    if how == "invoke":
        cmd = [str(BIN / "invoke"), "--search-root", str(ROOT), "serve", "--port", str(port)]
    else:
        if not made_by_make():
            pytest.skip("needs make and a venv made by make for these files (its stamp)")
        for name in ("Makefile", "pyproject.toml", "requirements.lock", "tasks.py"):
            shutil.copy(ROOT / name, tmp_path / name)
        (tmp_path / ".venv").symlink_to(Path(sys.prefix))
        cmd = ["make", "-s", "serve", f"PORT={port}"]
    proc = subprocess.Popen(cmd, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=clean_env(), start_new_session=True)
    try:
        assert _started(proc) == port
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as resp:
            assert resp.status == 200
        # What a service manager does: SIGTERM to the process it started.
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=20)
        deadline = time.monotonic() + 10
        while not _refused(port) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _refused(port), f"{how} serve left its server running on {port}"
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


# --- progress and JSON -----------------------------------------------------------------------


@pytest.fixture
def content_copy(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    return content


def test_long_runs_print_plain_progress_lines_off_a_terminal(tmp_path, content_copy):
    proc = run("reextract", "--content", content_copy, "--state", tmp_path / "s.json")
    assert proc.returncode == 0, proc.stderr
    n = len(list(content_copy.rglob("*.md")))
    lines = proc.stderr.splitlines()
    assert lines[0] == f"reextract: 0/{n}" and lines[-1] == f"reextract: {n}/{n}"
    assert 5 <= len(lines) <= 11 and all(re.fullmatch(rf"reextract: \d+/{n}", x) for x in lines)
    assert run("reextract", "-q", "--content", content_copy,
               "--state", tmp_path / "s.json").stderr == ""


def test_long_runs_draw_a_bar_on_a_terminal(tmp_path, content_copy):
    import pty

    leader, follower = pty.openpty()
    proc = subprocess.Popen([str(MEGAWATCH), "reextract", "--content", str(content_copy),
                             "--state", str(tmp_path / "s.json")], stdout=subprocess.PIPE,
                            stderr=follower, env=clean_env(TERM="xterm"), text=True)
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    out, _ = proc.communicate(timeout=60)
    os.close(leader)
    terminal = b"".join(chunks).decode("utf-8", "replace")
    assert proc.returncode == 0
    assert "reextract" in terminal and "━" in terminal, terminal[-500:]
    assert "reextract: 0/" not in terminal  # the bar, not the plain lines
    assert out.endswith("reviewed claims kept\n")


def test_build_and_review_speak_json(tmp_path, content_copy):
    proc = run("build", "--json", "--content", content_copy, "--output", tmp_path / "out",
               "--no-search", "--now", "2026-12-03T12:00:00+13:00",
               "--cache", tmp_path / "cache")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert sorted(report) == ["claims", "files", "mode", "output", "posts", "rendered",
                              "reused", "seconds", "services", "siteurl"]
    assert (report["mode"], report["siteurl"], report["services"]) == ("cold", None, 8)
    assert report["posts"] == len(list(content_copy.rglob("*.md")))
    quiet = run("build", "-q", "--content", content_copy, "--output", tmp_path / "out2",
                "--no-search", "--now", "2026-12-03T12:00:00+13:00", "--cache", tmp_path / "c2")
    assert (quiet.returncode, quiet.stderr) == (0, "")  # -q: not even Pelican's Done line
    queue = json.loads(run("review", "--json", "--content", content_copy).stdout)
    assert sorted(queue) == ["errors", "pending"] and queue["errors"] == []


# --- publishing ------------------------------------------------------------------------------


def test_invoke_publish_refuses_without_an_address(tmp_path):
    proc = subprocess.run([str(BIN / "invoke"), "--search-root", str(ROOT), "publish",
                           "--target", str(tmp_path / "www")], cwd=tmp_path,
                          capture_output=True, text=True, env=clean_env(), timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.strip() == (
        "publish: no site address: set MEGAWATCH_SITEURL=https://example.org/megawatch (or "
        "pass --siteurl); refusing to build a site that links to the wrong place")
    assert not (tmp_path / "www").exists() and not (tmp_path / "output").exists()


FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Le Journal du Test</title><link>{base}/</link>
<description>t</description>
<item><title>Mega ouvrira le 19 janvier 2013, annonce Kim Dotcom</title>
<link>{base}/mega.html</link><guid>{base}/mega.html</guid>
<pubDate>Wed, 28 Nov 2012 09:30:00 +0100</pubDate>
<description>Kim Dotcom annonce que Mega ouvrira le 19 janvier 2013.</description></item>
</channel></rss>"""


@pytest.mark.slow
def test_the_readme_cron_line_runs_as_written(tmp_path, httpserver):
    """The README's crontab line, with its two folders replaced, on a copy of the project
    whose one source is served on 127.0.0.1: the site lands in the target, built for the
    address the line gives, and nothing points to another address."""
    if not made_by_make():
        pytest.skip("needs make and a venv made by make for these files (its stamp)")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    cron = readme.split("```cron\n", 1)[1].split("\n```", 1)[0].strip()
    command = cron.split(None, 5)[5]
    assert command.startswith("cd /srv/megawatch && ")
    url = re.search(r"MEGAWATCH_SITEURL=(\S+)", command).group(1)

    base = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/feed.xml").respond_with_data(
        FEED.format(base=base), content_type="application/rss+xml")
    httpserver.expect_request("/mega.html").respond_with_data(
        "<html><body><article><p>Kim Dotcom annonce que Mega ouvrira le 19 janvier 2013."
        "</p></article></body></html>", content_type="text/html")
    repo = tmp_path / "srv"
    repo.mkdir()
    for name in ("Makefile", "pyproject.toml", "requirements.lock", "tasks.py"):
        shutil.copy(ROOT / name, repo / name)
    (repo / ".venv").symlink_to(Path(sys.prefix))
    (repo / "content").mkdir()
    tracker = (ROOT / "tracker.toml").read_text(encoding="utf-8").split("[[sources]]", 1)[0]
    (repo / "tracker.toml").write_text(
        tracker + f'[[sources]]\nname = "Le Journal du Test"\nkind = "feed"\n'
        f'url = "{base}/feed.xml"\nallow_private = true\ndelay = 0\n', encoding="utf-8")
    target = tmp_path / "www" / "megawatch"
    line = command.replace("/srv/megawatch", str(repo)).replace("/var/www/megawatch",
                                                                  str(target))
    proc = subprocess.run(["sh", "-c", line], capture_output=True, text=True, timeout=600,
                          env=clean_env(NO_PROXY="127.0.0.1", no_proxy="127.0.0.1"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"Published {url}/ to {target}/" in proc.stdout
    assert "Le Journal du Test: 1 new" in proc.stdout
    index = (target / "index.html").read_text(encoding="utf-8")
    assert f'href="{url}/' in index
    feed = (target / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    assert f"{url}/posts/2012/" in feed
    # No link to the old default address (feeds' tag: ids are names, not links).
    others = [p for p in target.rglob("*") if p.is_file() and p.suffix in (".html", ".xml")
              and "://megawatch.github.io" in p.read_text(encoding="utf-8", errors="replace")]
    assert not others


def test_the_changelog_has_the_installed_version():
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert changelog.startswith("# Changelog") and "## [Unreleased]" in changelog
    assert f"## [{metadata.version('megawatch')}] - " in changelog
