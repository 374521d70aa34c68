"""`journeykit diff OLD NEW`: files and git revisions, every format, exit statuses."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

import journeykit as jk

from .conftest import EXAMPLE
from .conftest import run_cli as run

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
        check=True,
        capture_output=True,
    )


def _edited(text: str) -> str:
    """The example with partner single sign-on made available."""
    program = jk.loads(text)
    dumped = program.model_dump(mode="json")
    for requirement in dumped["requirements"]:
        if requirement["id"] == "partner-sso":
            requirement["status"] = "available"
    return jk.dumps(jk.Program.model_validate(dumped))


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with two commits of portal.yaml and two of a folder programme."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    git(tmp_path, "init", "-q")
    original = EXAMPLE.read_text(encoding="utf-8")
    (tmp_path / "portal.yaml").write_text(original, encoding="utf-8")
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "portal.yaml").write_text(original, encoding="utf-8")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "first")
    (tmp_path / "portal.yaml").write_text(_edited(original), encoding="utf-8")
    (tmp_path / "folder" / "portal.yaml").write_text(_edited(original), encoding="utf-8")
    git(tmp_path, "commit", "-qam", "second")
    return tmp_path


@needs_git
def test_two_revisions_of_a_file(repo: Path) -> None:
    done = run("diff", "HEAD~1:portal.yaml", "HEAD:portal.yaml", "--format", "json", cwd=repo)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert (data["old"], data["new"]) == ("HEAD~1:portal.yaml", "HEAD:portal.yaml")
    assert [(c["kind"], c["id"], c["field"], c["before"], c["after"]) for c in data["changes"]] == [
        ("requirement", "partner-sso", "status", "missing", "available")
    ]
    assert data["backlog"][0]["requirement"] == "partner-sso"


@needs_git
def test_two_revisions_of_a_folder_and_a_revision_against_a_file(repo: Path) -> None:
    done = run("diff", "HEAD~1:folder", "HEAD:folder/", "--exit-code", cwd=repo)
    assert done.returncode == 1, done.stderr
    assert "partner-sso  status: missing -> available" in done.stdout
    same = run("diff", "HEAD:portal.yaml", "portal.yaml", "--exit-code", cwd=repo)
    assert (same.returncode, same.stderr) == (0, "")
    assert "No differences." in same.stdout


@needs_git
@pytest.mark.parametrize(
    ("old", "message"),
    [
        ("HEAD~9:portal.yaml", "unknown revision 'HEAD~9'"),
        ("HEAD:nothing.yaml", "the revision HEAD has no 'nothing.yaml'"),
        ("HEAD~1:", "the folder holds no .yaml"),
    ],
)
def test_errors_name_the_revision_and_what_to_do(repo: Path, old: str, message: str) -> None:
    if old == "HEAD~1:":
        (repo / "empty").mkdir()
        (repo / "empty" / "notes.txt").write_text("x", encoding="utf-8")
        git(repo, "add", ".")
        git(repo, "commit", "-qm", "third")
        old = "HEAD:empty"
    done = run("diff", old, "HEAD:portal.yaml", cwd=repo)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert message in done.stderr
    assert len(done.stderr.splitlines()) == 1
    trouble = run("diff", old, "HEAD:portal.yaml", "--exit-code", cwd=repo)
    assert trouble.returncode == 2
    assert message in trouble.stderr


@needs_git
def test_an_invalid_revision_names_rev_path_and_line(repo: Path) -> None:
    (repo / "portal.yaml").write_text("name: x\npersonas:\n  - id: a\n    nme: b\n", encoding="utf-8")
    git(repo, "commit", "-qam", "broken")
    done = run("diff", "HEAD~1:portal.yaml", "HEAD:portal.yaml", cwd=repo)
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1].startswith("HEAD:portal.yaml:4: personas.0: unknown key 'nme'")


def test_outside_a_repository(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    done = run("diff", "HEAD:portal.yaml", EXAMPLE, cwd=tmp_path)
    assert done.returncode == 1
    assert "is not in a git repository" in done.stderr


def test_files_in_markdown_and_to_a_file(tmp_path: Path) -> None:
    new = tmp_path / "new.yaml"
    new.write_text(_edited(EXAMPLE.read_text(encoding="utf-8")), encoding="utf-8")
    out = tmp_path / "diff.md"
    done = run("diff", EXAMPLE, new, "-o", out)
    assert done.returncode == 0, done.stderr
    markdown = out.read_text(encoding="utf-8")
    assert markdown.startswith("## Programme changes: ")
    assert "### Backlog" in markdown
    spanish = run("diff", EXAMPLE, new, "--format", "markdown", "--language", "es")
    assert spanish.stdout != markdown
    assert "partner-sso" in spanish.stdout
    overwrite = run("diff", EXAMPLE, new, "-o", new)
    assert overwrite.returncode == 2
    assert new.read_text(encoding="utf-8") != markdown
