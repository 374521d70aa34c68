"""The event-log commands as users call them: discover, funnel, conformance."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
import xml.etree.ElementTree as ET
from functools import partial
from pathlib import Path

import pandas as pd
import pytest

import journeykit as jk
from journeykit.analytics import discover, read_xes

from .conftest import LOGS, needs_logs
from .test_cli import run

XES = Path(__file__).parent / "data" / "xes"


@needs_logs
def test_discover_prints_a_summary() -> None:
    log = LOGS / "running-example.xes"
    result = run("discover", log)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{discover(read_xes(log))}\n"
    assert result.stdout.startswith("ObservedJourney: 6 cases, 42 events, 8 activities, 16 edges, 6 variants")


@needs_logs
def test_discover_writes_transitions_and_the_graph(tmp_path: Path) -> None:
    log = LOGS / "receipt.csv"
    observed = discover(jk.analytics.read_events(log))
    csv, dot, svg = tmp_path / "edges.csv", tmp_path / "graph.dot", tmp_path / "graph.svg"
    for out in (csv, dot, svg):
        result = run("discover", log, "--min-count", "5", "-o", out)
        assert result.returncode == 0, result.stderr
        assert result.stdout == f"wrote {out}\n"
    pd.testing.assert_frame_equal(pd.read_csv(csv), observed.edges.reset_index(drop=True), check_dtype=False)
    assert dot.read_text(encoding="utf-8") == observed.to_dot(min_count=5).source
    assert ET.parse(svg).getroot().tag == "{http://www.w3.org/2000/svg}svg"


def test_discover_with_the_log_s_own_column_names(tmp_path: Path) -> None:
    log = tmp_path / "orders.csv"
    log.write_text(
        "order,step,at\n1,open,2026-01-01 10:00:00\n1,pay,2026-01-01 10:05:00\n"
        "2,open,2026-01-02 09:00:00\n2,cancel,2026-01-02 09:30:00\n",
        encoding="utf-8",
    )
    result = run(
        "discover",
        log,
        "--case",
        "order",
        "--activity",
        "step",
        "--timestamp",
        "at",
        "-o",
        tmp_path / "e.csv",
    )
    assert result.returncode == 0, result.stderr
    edges = pd.read_csv(tmp_path / "e.csv")
    assert sorted(zip(edges.source, edges.target, edges["count"], edges["median"], strict=True)) == [
        ("open", "cancel", 1, 1800.0),
        ("open", "pay", 1, 300.0),
    ]
    missing = run("discover", log)  # the XES names are not there
    assert missing.returncode == 1
    assert "case:concept:name" in missing.stderr
    assert "order" in missing.stderr  # the columns the log has
    assert "Traceback" not in missing.stderr


@pytest.mark.parametrize("name", ["billion-laughs.xes", "xxe.xes", "truncated.xes.gz", "not-xes.xes"])
def test_a_hostile_log_is_refused_with_its_file(name: str, tmp_path: Path) -> None:
    result = run("discover", XES / name, "-o", tmp_path / "out.csv")
    assert result.returncode == 1
    assert result.stderr.startswith(str(XES / name))
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out.csv").exists()


def test_usage_errors(tmp_path: Path) -> None:
    assert run("discover", XES / "empty.xes", "--min-count", "0").returncode == 2
    assert run("discover").returncode == 2


@needs_logs
def test_a_progress_bar_on_a_terminal_and_none_otherwise() -> None:
    log = LOGS / "08_receipt.xes.gz"
    primary, replica = pty.openpty()
    fcntl.ioctl(replica, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a terminal 100 wide
    child = subprocess.Popen(
        [sys.executable, "-m", "journeykit", "discover", str(log)], stdout=subprocess.DEVNULL, stderr=replica
    )
    os.close(replica)
    shown = b""
    while True:  # read while the child writes: a terminal keeps nothing once its last writer is gone
        try:
            chunk = os.read(primary, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    os.close(primary)
    assert child.wait(timeout=120) == 0
    assert b"reading 08_receipt.xes.gz" in shown
    assert "reading" not in run("discover", log).stderr  # not a terminal: no bar


RECEIPT = Path(__file__).parents[1] / "examples" / "permit-receipt.yaml"


@needs_logs
@pytest.mark.parametrize("command", ["funnel", "conformance"])
def test_funnel_and_conformance_print_what_python_gives(command: str, tmp_path: Path) -> None:
    log = LOGS / "receipt.csv"
    journey = jk.load(RECEIPT).journey("receipt")
    analysis = getattr(jk.analytics, command)
    expected = analysis(jk.analytics.read_events(log), journey)
    result = run(command, RECEIPT, log, "--journey", "receipt")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{expected}\n"
    out = tmp_path / "rows.csv"
    assert run(command, RECEIPT, log, "--journey", "receipt", "-o", out).returncode == 0
    rows = expected.steps if command == "funnel" else expected.cases
    assert_csv_holds(out, rows)


@needs_logs
def test_the_designed_receipt_against_the_real_log() -> None:
    result = run("conformance", RECEIPT, LOGS / "08_receipt.xes.gz", "--journey", "receipt")
    assert result.returncode == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert first.startswith("Conformance to journey 'receipt': 1434 cases, fitness 0.8")
    assert "confirmation -> stop-advice: 239" in result.stdout


def test_funnel_usage_and_input_errors(tmp_path: Path) -> None:
    log = tmp_path / "log.csv"
    log.write_text(
        "case:concept:name,concept:name,time:timestamp\n1,Confirmation of receipt,2026-01-01 10:00:00\n",
        encoding="utf-8",
    )
    by = run("funnel", RECEIPT, log, "--journey", "receipt", "--by", "persona")
    assert by.returncode == 2
    assert "--by persona needs --persona COLUMN" in by.stderr
    unknown = run("funnel", RECEIPT, log, "--journey", "reciept")
    assert unknown.returncode == 1
    assert "receipt" in unknown.stderr
    assert "Traceback" not in unknown.stderr
    wrong = run("conformance", RECEIPT, log, "--journey", "receipt", "-o", tmp_path / "cases.txt")
    assert wrong.returncode == 2
    assert "-o writes CSV" in wrong.stderr


# -- personas ---------------------------------------------------------------------------


PORTAL = Path(__file__).parents[1] / "examples" / "partner-portal.yaml"


def typo_log(tmp_path: Path, *, odd: bool = False) -> tuple[Path, pd.DataFrame]:
    """600 synthetic partners of the portal example as CSV; 148 of the sales managers'
    cases with the persona "sales-manger" (and with ``odd``, one with a terminal escape)."""
    from journeykit.testing import synthetic_events

    log = synthetic_events(jk.load(PORTAL), "onboarding-future", cases=600, seed=3)
    sales = sorted(log.loc[log["persona"] == "sales-manager", "case:concept:name"].unique())
    log.loc[log["case:concept:name"].isin(sales[:148]), "persona"] = "sales-manger"
    if odd:
        log.loc[log["case:concept:name"] == sales[148], "persona"] = "boss\n\x1b[31m"
    path = tmp_path / "typo.csv"
    log.to_csv(path, index=False)
    return path, log


def typo_line(path: Path, log: pd.DataFrame) -> str:
    events = int((log["persona"] == "sales-manger").sum())
    return (
        f"{path}: warning: persona 'sales-manger' (column 'persona') is no persona of the programme: "
        f"148 cases, {events} events; did you mean 'sales-manager'?"
    )


@pytest.mark.parametrize("command", ["discover", "funnel", "conformance"])
def test_unknown_personas_are_one_line_each_on_standard_error(command: str, tmp_path: Path) -> None:
    path, log = typo_log(tmp_path)
    if command == "discover":
        args: list[str | Path] = ["discover", path, "--program", PORTAL]
    else:
        args = [command, PORTAL, path, "--journey", "onboarding-future"]
    result = run(*args, "--persona", "persona")
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [typo_line(path, log)]
    assert "Traceback" not in result.stderr
    assert "1 persona value is no persona of the programme" in result.stdout
    quiet = run(*args[:2]) if command == "discover" else run(*args)  # no --persona: as before
    assert (quiet.returncode, quiet.stderr) == (0, "")
    assert "persona" not in quiet.stdout


def test_persona_values_are_escaped_on_standard_error(tmp_path: Path) -> None:
    path, log = typo_log(tmp_path, odd=True)
    result = run("discover", path, "--program", PORTAL, "--persona", "persona")
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines[0] == typo_line(path, log)
    assert lines[1].startswith(f"{path}: warning: persona 'boss\\n\\x1b[31m' (column 'persona')")
    assert len(lines) == 2
    assert "\x1b" not in result.stderr


@pytest.mark.parametrize("command", ["discover", "conformance"])
def test_by_persona_prints_and_writes_what_python_gives(command: str, tmp_path: Path) -> None:
    path, _ = typo_log(tmp_path)
    events = jk.analytics.read_events(path)
    portal = jk.load(PORTAL)
    options = {"persona": "persona", "segment": "persona", "program": portal}
    if command == "discover":
        analysis = partial(jk.analytics.discover, events)
    else:
        analysis = partial(jk.analytics.conformance, events, portal.journey("onboarding-future"))
    with pytest.warns(jk.UnknownPersonaWarning, match="sales-manger"):
        expected = analysis(**options)
    if command == "discover":
        args: list[str | Path] = ["discover", path, "--program", PORTAL]
    else:
        args = ["conformance", PORTAL, path, "--journey", "onboarding-future"]
    result = run(*args, "--persona", "persona", "--by", "persona")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{expected}\n"
    assert "by persona (4 segments)" in result.stdout.splitlines()[0]
    out = tmp_path / "rows.csv"
    written = run(*args, "--persona", "persona", "--by", "persona", "-o", out)
    assert written.returncode == 0, written.stderr
    rows = expected.edges if command == "discover" else expected.cases
    assert_csv_holds(out, rows)
    assert out.read_text(encoding="utf-8").startswith("segment,")


def test_persona_usage_errors(tmp_path: Path) -> None:
    path, _ = typo_log(tmp_path)
    for args, message in [
        (["discover", path, "--by", "persona"], "--by persona needs --persona COLUMN"),
        (["discover", path, "--program", PORTAL], "--program checks the persona column"),
        (["discover", path, "--persona", "persona", "--by", "persona", "-o", tmp_path / "g.svg"], "as CSV"),
        (
            ["conformance", PORTAL, path, "--journey", "onboarding-future", "--by", "persona"],
            "--persona COLUMN",
        ),
        (
            ["conformance", PORTAL, path, "--journey", "onboarding-future", "--by", "channel"],
            "invalid choice",
        ),
    ]:
        result = run(*args)
        assert result.returncode == 2, args
        assert message in result.stderr
        assert "Traceback" not in result.stderr
    assert not (tmp_path / "g.svg").exists()
    missing = run("discover", path, "--persona", "who")
    assert missing.returncode == 1
    assert "no column 'who' (persona=)" in missing.stderr
    assert "Traceback" not in missing.stderr


def assert_csv_holds(path: Path, frame: pd.DataFrame) -> None:
    """The CSV file, read with the csv module, holds the frame's columns and values
    (missing values as empty cells, whole floats without a decimal part)."""
    import csv

    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == [str(c) for c in frame.columns]
    assert len(rows) == len(frame) + 1
    for written, expected in zip(rows[1:], frame.itertuples(index=False), strict=True):
        for cell, value in zip(written, expected, strict=True):
            if pd.isna(value):
                assert cell == ""
            elif isinstance(value, (bool, str)) or not isinstance(value, (int, float)):
                assert cell == str(value)
            else:
                assert float(cell) == pytest.approx(float(value))
