"""``journeykit requirements --format jira-csv | github-json``, and the docs' ``gh`` loop run for real."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import journeykit as jk

from .conftest import EXAMPLE
from .test_cli import run

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("fmt", "suffix"), [("jira-csv", ".csv"), ("github-json", ".json"), ("jira-csv", ".txt")]
)
def test_tracker_formats_write_what_the_backlog_gives(tmp_path: Path, fmt: str, suffix: str) -> None:
    out = tmp_path / f"backlog{suffix}"
    result = run("requirements", EXAMPLE, "--journey", "onboarding-future", "--format", fmt, "-o", out)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    backlog = jk.derive_requirements(jk.load(EXAMPLE), journey="onboarding-future")
    expected = backlog.to_jira_csv() if fmt == "jira-csv" else backlog.to_github_json()
    assert out.read_text(encoding="utf-8") == expected


def test_tracker_formats_go_to_standard_output_in_the_language_asked() -> None:
    result = run("requirements", EXAMPLE, "--format", "jira-csv", "--language", "es")
    assert result.returncode == 0, result.stderr
    header, *rows = csv.reader(io.StringIO(result.stdout, newline=""))
    assert header[:2] == ["Issue Id", "Summary"]
    assert len(rows) == len(jk.derive_requirements(jk.load(EXAMPLE)))
    assert rows[0][3].startswith("requisito: ")
    result = run("requirements", EXAMPLE, "--format", "github-json")
    assert result.returncode == 0, result.stderr
    assert [i["requirement"] for i in json.loads(result.stdout)] == jk.derive_requirements(
        jk.load(EXAMPLE)
    ).ids()


@pytest.mark.parametrize(
    ("fmt", "name"),
    [("jira-csv", "backlog.json"), ("jira-csv", "backlog.md"), ("github-json", "backlog.csv")],
)
def test_a_tracker_format_under_another_formats_suffix_is_refused(
    tmp_path: Path, fmt: str, name: str
) -> None:
    out = tmp_path / name
    result = run("requirements", EXAMPLE, "--format", fmt, "-o", out)
    assert result.returncode == 2
    assert f"--format {fmt} does not match -o" in result.stderr
    assert not out.exists()


def test_a_tracker_file_never_replaces_the_programme(tmp_path: Path) -> None:
    programme = tmp_path / "programme.csv"
    programme.write_bytes(EXAMPLE.read_bytes())
    before = programme.read_bytes()
    result = run("requirements", programme, "--format", "jira-csv", "-o", programme)
    assert result.returncode != 0
    assert programme.read_bytes() == before


# -- the gh loop of docs/history.md ------------------------------------------------------

FAKE_GH = """#!/usr/bin/env python3
# A stand-in for gh: records labels and issues, answers an issue's URL as gh does.
import json, os, sys
log = os.environ["FAKE_GH_LOG"]
args = sys.argv[1:]
with open(log, "a", encoding="utf-8") as out:
    out.write(json.dumps(args) + "\\n")
if args[:2] == ["issue", "create"]:
    with open(log, encoding="utf-8") as seen:
        number = sum(1 for line in seen if json.loads(line)[:2] == ["issue", "create"])
    print(f"https://github.com/owner/repo/issues/{number}")
"""


def _docs_script() -> str:
    text = (ROOT / "docs" / "history.md").read_text(encoding="utf-8")
    section = text.split("## Sending the backlog to a tracker", 1)[1]
    found = re.search(r"```bash\n(.*?)```", section, re.S)
    assert found, "the GitHub loop is a bash block of the section"
    return found.group(1)


@pytest.mark.skipif(shutil.which("jq") is None or shutil.which("bash") is None, reason="needs jq and bash")
def test_the_documented_gh_loop_creates_linked_issues(tmp_path: Path) -> None:
    shutil.copy(EXAMPLE, tmp_path / "programme.yaml")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    gh = bin_dir / "gh"
    gh.write_text(FAKE_GH, encoding="utf-8")
    gh.chmod(0o755)
    log = tmp_path / "gh.log"
    path = os.pathsep.join([str(bin_dir), str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", _docs_script()],
        cwd=tmp_path,
        env={**os.environ, "PATH": path, "FAKE_GH_LOG": str(log)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    calls = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    issues = json.loads((tmp_path / "backlog.json").read_text(encoding="utf-8"))
    labels = {call[2] for call in calls if call[:2] == ["label", "create"]}
    assert labels == {label for issue in issues for label in issue["labels"]}
    created = [call for call in calls if call[:2] == ["issue", "create"]]
    assert len(created) == len(issues)
    number = {issue["requirement"]: n for n, issue in enumerate(issues, start=1)}
    for call, issue in zip(created, issues, strict=True):
        options = dict(zip(call[2::2], call[3::2], strict=True))
        assert options["--title"] == issue["title"]
        assert options["--label"].split(",") == issue["labels"]
        tasks = [line for line in options["--body"].splitlines() if line.startswith("- [ ] ")]
        assert tasks == [f"- [ ] #{number[d]}" for d in issue["depends_on"]]
    assert any(issue["depends_on"] for issue in issues)
