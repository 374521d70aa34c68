"""No command destroys data through -o: inputs, FIFOs, --force, --into, suffixes, demo, Ctrl-C."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import journeykit as jk
from journeykit.cli import _parser, main
from journeykit.cli._common import INPUTS

from .conftest import EXAMPLE

SCRIPT = Path(sys.executable).with_name("journeykit")


def cli(*args: str | Path) -> tuple[int, str]:
    """Run the command line in this process as ``journeykit ARGS`` does: (exit status, standard error)."""
    import contextlib
    import io

    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            status = main([str(a) for a in args])
        except SystemExit as exit:
            status = int(exit.code or 0)
    return status, err.getvalue()


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    """A programme, an event log, a Mermaid diagram and a table of people, in a folder of their own."""
    folder = tmp_path / "in"
    folder.mkdir()
    programme = folder / "portal.yaml"
    programme.write_bytes(EXAMPLE.read_bytes())
    log = folder / "log.csv"
    log.write_text(
        "case:concept:name,concept:name,time:timestamp,persona\n"
        "1,submit-application,2024-01-01 10:00:00,sales\n"
        "1,review-application,2024-01-01 11:00:00,sales\n"
    )
    diagram = folder / "j.mmd"
    diagram.write_text(jk.to_mermaid(jk.example().journey("onboarding-future")))
    users = folder / "users.csv"
    users.write_text("id,a,b\n" + "".join(f"{i},{i % 3},{i % 5}\n" for i in range(30)))
    return {"programme": programme, "log": log, "diagram": diagram, "users": users}


#: Every command that writes -o, with its arguments; ``{x}`` is a file of ``files``.
COMMANDS: list[list[str]] = [
    ["requirements", "{programme}", "-o"],
    ["graph", "{programme}", "--format", "node-link", "-o"],
    ["export", "{programme}", "--format", "mermaid", "--journey", "onboarding-future", "-o"],
    ["render", "{programme}", "--view", "matrix", "-o"],
    ["report", "{programme}", "-o"],
    ["import-mermaid", "{diagram}", "--force", "-o"],
    ["personas", "coverage", "{programme}", "-o"],
    ["personas", "segment", "{users}", "-o"],
    ["discover", "{log}", "-o"],
    ["discover", "{log}", "--persona", "persona", "--program", "{programme}", "-o"],
    ["funnel", "{programme}", "{log}", "--journey", "onboarding-future", "-o"],
    ["conformance", "{programme}", "{log}", "--journey", "onboarding-future", "-o"],
    ["measure", "{programme}", "{log}", "-o"],
]


def _args(command: list[str], files: dict[str, Path]) -> list[str]:
    return [part.format(**{k: str(v) for k, v in files.items()}) for part in command]


def _inputs(command: list[str]) -> list[str]:
    return [part[1:-1] for part in command if part.startswith("{")]


def _aliases(target: Path) -> dict[str, Callable[[Path], Path]]:
    """Ways to name ``target`` other than its own path, each made in ``folder``."""

    def symlink(folder: Path) -> Path:
        link = folder / f"link-{target.name}"
        link.symlink_to(target)
        return link

    def hardlink(folder: Path) -> Path:
        link = folder / f"hard-{target.name}"
        os.link(target, link)
        return link

    return {
        "same": lambda folder: target,
        "dotdot": lambda folder: target.parent / ".." / target.parent.name / target.name,
        "relative": lambda folder: Path(os.path.relpath(target)),
        "symlink": symlink,
        "hardlink": hardlink,
    }


@pytest.mark.parametrize("alias", ["same", "dotdot", "relative", "symlink", "hardlink"])
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:3]))
def test_an_output_that_is_an_input_is_refused_and_the_input_unchanged(
    tmp_path: Path, files: dict[str, Path], command: list[str], alias: str
) -> None:
    elsewhere = tmp_path / "links"
    elsewhere.mkdir()
    for name in _inputs(command):
        before = {p: p.read_bytes() for p in files.values()}
        output = _aliases(files[name])[alias](elsewhere)
        status, err = cli(*_args(command, files), output)
        assert status == 2, err
        assert "is an input of the command" in err
        assert "Traceback" not in err
        assert {p: p.read_bytes() for p in files.values()} == before
        assert not any(p.name.endswith(".tmp") for p in files["programme"].parent.iterdir())


@pytest.mark.parametrize("command", [*COMMANDS, ["schema", "-o"]], ids=lambda c: " ".join(c[:3]))
@pytest.mark.parametrize("kind", ["fifo", "folder", "device"])
def test_a_fifo_a_folder_or_a_device_as_output_is_refused_and_never_replaced(
    tmp_path: Path, files: dict[str, Path], command: list[str], kind: str
) -> None:
    output = tmp_path / "out"
    if kind == "fifo":
        os.mkfifo(output)
    elif kind == "folder":
        output.mkdir()
    else:
        output = Path(os.devnull)
    status, err = cli(*_args(command, files), output)
    assert status == 1, err
    assert err.count("\n") == 1
    assert err.startswith(f"{output}: is ")
    assert (
        output.is_fifo()
        if kind == "fifo"
        else output.is_dir()
        if kind == "folder"
        else output.is_char_device()
    )


def test_every_file_argument_of_every_command_is_checked_as_an_input_or_is_the_output() -> None:
    """A new command, or a new input of one, cannot slip past the check."""

    def walk(parser: argparse.ArgumentParser) -> list[tuple[str, str]]:
        found = []
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub in action.choices.values():
                    found += walk(sub)
            elif action.type is Path:
                found.append((parser.prog, action.dest))
        return found

    for prog, dest in walk(_parser()):
        assert dest in (*INPUTS, "output") or (prog, dest) == ("journeykit demo", "out"), (prog, dest)


# -- programme folders ------------------------------------------------------------------------------


def test_an_output_a_programme_folder_would_load_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "programme"
    (folder / "journeys").mkdir(parents=True)
    (folder / "programme.yaml").write_bytes(EXAMPLE.read_bytes())
    before = sorted(folder.rglob("*"))
    for output in (folder / "programme.yaml", folder / "journeys" / "new.json", folder / "new.YML"):
        status, err = cli("requirements", folder, "--format", "json", "-o", output)
        assert status == 2, err
        assert "is a programme file of the input folder" in err
    assert sorted(folder.rglob("*")) == before
    # A file the folder does not load is fine: a CSV, or a hidden file.
    assert cli("requirements", folder, "-o", folder / "backlog.csv")[0] == 0
    assert cli("requirements", folder, "--format", "json", "-o", folder / ".backlog.json")[0] == 0
    assert jk.load(folder) == jk.load(EXAMPLE)


def test_an_output_linked_to_a_file_of_a_programme_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "programme"
    folder.mkdir()
    real = tmp_path / "elsewhere.yaml"
    real.write_bytes(EXAMPLE.read_bytes())
    (folder / "portal.yaml").symlink_to(real)
    status, err = cli("requirements", folder, "--format", "json", "-o", real)
    assert status == 2
    assert "input folder" in err
    assert real.read_bytes() == EXAMPLE.read_bytes()


# -- symbolic links ---------------------------------------------------------------------------------


def test_a_symlinked_output_keeps_its_link(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("{}")
    link = tmp_path / "schema.json"
    link.symlink_to(real)
    assert cli("schema", "-o", link)[0] == 0
    assert link.is_symlink()
    assert '"$schema"' in real.read_text()


# -- import-mermaid: --force and --into -------------------------------------------------------------


def test_import_mermaid_refuses_to_replace_a_file_unless_forced(
    files: dict[str, Path], tmp_path: Path
) -> None:
    existing = tmp_path / "mine.yaml"
    existing.write_text("name: Mine\n")
    status, err = cli("import-mermaid", files["diagram"], "-o", existing)
    assert status == 2
    assert "exists; add --force" in err
    assert existing.read_text() == "name: Mine\n"
    assert cli("import-mermaid", files["diagram"], "-o", existing, "--force")[0] == 0
    assert [j.id for j in jk.load(existing).journeys] == ["onboarding-future"]
    assert cli("import-mermaid", files["diagram"], "-o", tmp_path / "new.yaml")[0] == 0


@pytest.mark.parametrize("suffix", [".json", ".yml"])
def test_import_mermaid_into_adds_the_journey_and_keeps_the_format(tmp_path: Path, suffix: str) -> None:
    programme = jk.save(jk.example(), tmp_path / f"portal{suffix}")
    diagram = tmp_path / "new.mmd"
    diagram.write_text(
        "journey\n  title Partner renewal\n  section Renew\n    Sign again: 4: sales-manager, auditor\n"
    )
    status, err = cli("import-mermaid", diagram, "--into", programme)
    assert status == 0, err
    after = jk.load(programme)
    assert [j.id for j in after.journeys] == [*(j.id for j in jk.example().journeys), "partner-renewal"]
    assert [p.id for p in after.personas] == [*(p.id for p in jk.example().personas), "auditor"]
    assert programme.read_bytes() == jk.dumps(after, format="json" if suffix == ".json" else "yaml").encode()


def test_import_mermaid_into_refuses_a_journey_id_the_programme_has(files: dict[str, Path]) -> None:
    programme = jk.save(jk.example(), files["programme"].with_suffix(".json"))
    before = programme.read_bytes()
    status, err = cli("import-mermaid", files["diagram"], "--into", programme)
    assert status == 1
    assert err == f"{programme}: the programme already has a journey 'onboarding-future'; " + (
        "rename the diagram's title (the id is made from it), or remove that journey first\n"
    )
    assert programme.read_bytes() == before


def test_import_mermaid_into_a_commented_yaml_file_needs_force(tmp_path: Path) -> None:
    programme = tmp_path / "portal.yaml"
    programme.write_bytes(EXAMPLE.read_bytes())  # the example has comments
    diagram = tmp_path / "new.mmd"
    diagram.write_text("journey\n  title Renewal\n  section Renew\n    Sign again: 4: sales\n")
    status, err = cli("import-mermaid", diagram, "--into", programme)
    assert status == 2
    assert "holds comments" in err
    assert programme.read_bytes() == EXAMPLE.read_bytes()
    assert cli("import-mermaid", diagram, "--into", programme, "--force")[0] == 0
    assert "renewal" in [j.id for j in jk.load(programme).journeys]


def test_import_mermaid_takes_one_of_o_and_into(files: dict[str, Path], tmp_path: Path) -> None:
    assert cli("import-mermaid", files["diagram"])[0] == 2
    assert (
        cli("import-mermaid", files["diagram"], "-o", tmp_path / "a.yaml", "--into", files["programme"])[0]
        == 2
    )
    status, err = cli("import-mermaid", files["diagram"], "--into", files["diagram"])
    assert status == 2
    assert "is an input" in err


# -- suffixes that name another format --------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "output", "message"),
    [
        (
            ["export", "{programme}", "--format", "mermaid", "--journey", "onboarding-future"],
            "j.yaml",
            "name it j.mmd",
        ),
        (
            ["export", "{programme}", "--format", "mermaid-blueprint", "--journey", "onboarding-future"],
            "b.svg",
            ".mmd",
        ),
        (["graph", "{programme}", "--format", "graphml"], "g.json", "name it g.graphml"),
        (["graph", "{programme}", "--format", "node-link"], "g.yaml", "name it g.json"),
        (["requirements", "{programme}", "--format", "csv"], "r.json", "does not match -o"),
        (["personas", "coverage", "{programme}", "--format", "md"], "c.csv", "does not match -o"),
        (["discover", "{log}", "--format", "csv"], "d.svg", "does not match -o"),
        (["measure", "{programme}", "{log}", "--format", "text"], "m.json", "does not match -o"),
    ],
)
def test_a_suffix_for_another_format_is_refused(
    tmp_path: Path, files: dict[str, Path], command: list[str], output: str, message: str
) -> None:
    status, err = cli(*_args(command, files), "-o", tmp_path / output)
    assert status == 2, err
    assert message in err
    assert not (tmp_path / output).exists()


def test_export_and_graph_write_files_with_their_own_suffix(tmp_path: Path) -> None:
    for args, name in [
        (["export", EXAMPLE, "--format", "mermaid", "--journey", "onboarding-future"], "j.mmd"),
        (["export", EXAMPLE, "--format", "mermaid", "--journey", "onboarding-future"], "j.mermaid"),
        (["graph", EXAMPLE, "--format", "graphml"], "g.graphml"),
        (["graph", EXAMPLE, "--format", "node-link"], "g.json"),
    ]:
        assert cli(*args, "-o", tmp_path / name)[0] == 0
        assert (tmp_path / name).stat().st_size > 0


# -- demo --out -------------------------------------------------------------------------------------


def test_demo_into_an_existing_file_is_a_clear_error(tmp_path: Path) -> None:
    file = tmp_path / "notes.txt"
    file.write_text("keep me")
    for out in (file, file / "sub"):
        status, err = cli("demo", "--out", out)
        assert status == 1
        assert err.count("\n") == 1
        assert err.startswith(str(out))
        assert "Traceback" not in err
    assert file.read_text() == "keep me"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders; /proc below covers it")
def test_demo_into_a_read_only_folder_is_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        status, err = cli("demo", "--out", folder / "out")
        assert status == 1
        assert "choose a place you may write to" in err
        status, err = cli("demo", "--out", folder)
        assert status == 1
        assert "choose a" in err
        assert err.count("\n") == 1
    finally:
        folder.chmod(0o755)


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs /proc")
def test_demo_into_a_place_nobody_may_write_is_a_clear_error() -> None:
    status, err = cli("demo", "--out", "/proc/journeykit-demo")  # even root cannot create folders here
    assert status == 1
    assert err.startswith("/proc/journeykit-demo: cannot create the folder")
    assert err.count("\n") == 1


# -- Ctrl-C -----------------------------------------------------------------------------------------


@pytest.mark.skipif(
    not SCRIPT.exists(), reason="the journeykit script is not installed beside the interpreter"
)
def test_ctrl_c_at_any_moment_of_startup_ends_with_130_and_one_line(tmp_path: Path) -> None:
    """SIGINT at several delays after start: some land while journeykit is imported, some later."""
    landed = 0
    for delay in (0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.6, 0.8):
        with subprocess.Popen(
            [SCRIPT, "demo", "--out", tmp_path / f"demo-{delay}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        ) as child:
            time.sleep(delay)
            if child.poll() is not None:
                continue
            child.send_signal(signal.SIGINT)
            _, err = child.communicate(timeout=60)
        if child.returncode == 0:
            continue  # it finished before the signal was delivered
        if child.returncode == -signal.SIGINT and err == "":
            continue  # before Python itself handles SIGINT: the shell's 130, and nothing printed
        landed += 1
        assert child.returncode == 130, err
        assert err == "journeykit: interrupted\n", err
    assert landed >= 3
