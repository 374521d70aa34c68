"""Control characters of user text never reach a terminal raw, whatever the command prints;
data formats (CSV, JSON) keep the values; ``--budget`` takes finite numbers only."""

from __future__ import annotations

import csv
import io
import json
import math
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import journeykit as jk
from journeykit._text import terminal_json, terminal_text
from journeykit.cli import main

from .conftest import EXAMPLE
from .render._programs import hostile_program
from .test_cli import run

#: An escape sequence, a bell, a carriage return, a backspace, a C1 control (CSI),
#: a right-to-left override, a bidi isolate, a lone surrogate's neighbour: DEL.
HOSTILE = "Bad\x1b[31mred\x07bell\rCR\x08bs\x9b2J\u202eRLO\u2066iso\x7fdel"
#: What may not reach a terminal: control characters but line break and tab, bidi controls.
#: The same in an event log (DuckDB does not sniff a CSV whose cells hold a carriage return).
IN_LOG = HOSTILE.replace("\r", " ")
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    program = hostile_program(HOSTILE)
    jk.save(program, folder / "programme.yaml")
    events = pd.DataFrame(
        {
            "case": ["1", "1", "2", "2"],
            "activity": [IN_LOG, "a", IN_LOG, "b"],
            "persona": ["p", "p", IN_LOG, IN_LOG],
            "time": pd.to_datetime(
                ["2024-01-01 10:00", "2024-01-01 11:00", "2024-01-02 10:00", "2024-01-02 12:00"]
            ),
        }
    )
    events.to_csv(folder / "log.csv", index=False)
    return {"programme": folder / "programme.yaml", "log": folder / "log.csv"}


def _run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    try:
        status = main([str(a) for a in args])
    except SystemExit as stop:  # argparse's usage errors
        status = int(stop.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


LOG = ("--case", "case", "--activity", "activity", "--timestamp", "time")
TEXT_COMMANDS = [
    ("validate", "{programme}"),
    ("requirements", "{programme}"),
    ("requirements", "{programme}", "--format", "md"),
    ("compare", "{programme}", "now", "next"),
    ("impact", "{programme}", "r"),
    ("check", "{programme}"),
    ("prioritize", "{programme}", "--budget", "30"),
    ("responsibilities", "{programme}"),
    ("responsibilities", "{programme}", "--use-cases"),
    ("personas", "coverage", "{programme}"),
    ("discover", "{log}", *LOG),
    ("discover", "{log}", *LOG, "--persona", "persona", "--program", "{programme}"),
    ("funnel", "{programme}", "{log}", "--journey", "now", *LOG, "--steps", "id"),
    ("conformance", "{programme}", "{log}", "--journey", "now", *LOG, "--steps", "id"),
    ("measure", "{programme}", "{log}", *LOG),
    ("export", "{programme}", "--journey", "now", "--format", "mermaid"),
    ("export", "{programme}", "--journey", "next", "--format", "mermaid-blueprint"),
]


#: The commands whose text shows the names (the others show ids and counts).
SHOW_NAMES = ("requirements", "prioritize", "discover", "funnel", "conformance", "measure")


@pytest.mark.parametrize("command", TEXT_COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_no_raw_control_character_reaches_the_terminal(
    command: tuple[str, ...], files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    args = [a.format(**{k: str(v) for k, v in files.items()}) for a in command]
    status, out, err = _run(capsys, *args)
    assert status == 0, err
    assert "Traceback" not in err
    assert not RAW.findall(out), out[:500]
    assert not RAW.findall(err), err[:500]
    if command[0] in SHOW_NAMES:
        assert "\\x1b[31m" in out + err  # the user text is there, escaped


def test_the_hostile_title_is_shown_escaped(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _err = _run(capsys, "requirements", files["programme"])
    assert status == 0
    flat = "".join(out.split())  # the table wraps the title over lines
    assert r"Bad\x1b[31mred\x07bell" in flat
    assert r"\x9b2J\u202eRLO\u2066iso\x7fdel" in flat


@pytest.mark.parametrize(
    "args",
    [
        ("impact", "{programme}", HOSTILE),  # an error quoting the id asked for
        ("requirements", "{programme}", "--format", HOSTILE),  # argparse quoting an argument
        ("validate", "{programme}", "missing" + HOSTILE + ".yaml"),  # a file that is not there
        ("discover", "{log}", "--case", HOSTILE),  # a column the log has not
    ],
    ids=["error", "usage", "file", "column"],
)
def test_error_messages_quoting_user_text_are_escaped(
    args: tuple[str, ...], files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = _run(capsys, *[a.format(**{k: str(v) for k, v in files.items()}) for a in args])
    assert status in (1, 2)
    assert err.strip()
    assert "Traceback" not in err
    assert not RAW.findall(err), err
    assert not RAW.findall(out), out


def test_a_subprocess_prints_no_raw_control_character(files: dict[str, Path]) -> None:
    result = run("requirements", files["programme"])
    assert result.returncode == 0
    assert not RAW.findall(result.stdout)
    assert "Bad\\x1b[31mred" in result.stdout


# -- data formats keep the values -----------------------------------------------------------


def test_csv_on_standard_output_keeps_the_values(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _err = _run(capsys, "discover", files["log"], *LOG, "--format", "csv")
    assert status == 0
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert IN_LOG in {row["source"] for row in rows} | {row["target"] for row in rows}
    status, out, _err = _run(capsys, "requirements", files["programme"], "--format", "csv")
    titles = [row["title"] for row in csv.DictReader(io.StringIO(out, newline=""))]
    assert titles == [HOSTILE.replace("\r", "\n")]  # spreadsheet CSV: line breaks as "\n"


@pytest.mark.parametrize(
    "args",
    [
        ("requirements", "{programme}", "--format", "json"),
        ("discover", "{log}", *LOG, "--format", "json"),
        ("prioritize", "{programme}", "--format", "json", "--budget", "10"),
    ],
    ids=["requirements", "discover", "prioritize"],
)
def test_json_is_escaped_and_keeps_the_values(
    args: tuple[str, ...], files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _err = _run(capsys, *[a.format(**{k: str(v) for k, v in files.items()}) for a in args])
    assert status == 0
    assert not RAW.findall(out)
    assert {HOSTILE, IN_LOG} & _strings(json.loads(out))


def _strings(value: object) -> set[str]:
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return set().union(*map(_strings, value)) if value else set()
    return set()


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_terminal_text_escapes_every_control_character_and_keeps_the_rest(text: str) -> None:
    shown = terminal_text(text, one_line=False)
    assert not RAW.findall(shown)
    assert not re.search("[\ud800-\udfff]", shown)
    shown.encode("utf-8")  # writable, a lone surrogate included
    if all(ch.isprintable() or ch in "\n\t" for ch in text):
        assert shown == text
    one_line = terminal_text(text)
    assert "\n" not in one_line
    assert "\t" not in one_line
    assert all(ch.isprintable() for ch in one_line)


@settings(max_examples=200, deadline=None)
@given(st.recursive(st.text() | st.integers() | st.none(), lambda inner: st.lists(inner, max_size=3)))
def test_terminal_json_is_the_same_json_value(value: object) -> None:
    text = terminal_json(json.dumps(value, ensure_ascii=False, indent=2))
    assert json.loads(text) == value
    assert not RAW.findall(text)
    text.encode("utf-8")


# -- --budget and select_pilot(budget=) ------------------------------------------------------


@pytest.mark.parametrize("budget", ["nan", "NaN", "inf", "-inf", "Infinity", "-1", "-0.5", "1e400", "x"])
def test_a_budget_that_is_no_finite_number_of_days_is_a_usage_error(budget: str) -> None:
    result = run("prioritize", EXAMPLE, f"--budget={budget}")
    assert result.returncode == 2
    assert "--budget" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_a_zero_budget_is_a_budget() -> None:
    assert run("prioritize", EXAMPLE, "--budget", "0").returncode == 0


@pytest.mark.parametrize("budget", [math.nan, math.inf, -math.inf, -1, -0.001])
def test_select_pilot_refuses_a_budget_it_cannot_use(budget: float) -> None:
    with pytest.raises(jk.JourneyKitError, match="budget") as caught:
        jk.analysis.select_pilot(jk.example(), budget=budget)
    assert isinstance(caught.value, ValueError)
    assert type(caught.value).__name__ == "ArgumentValueError"


@pytest.mark.parametrize("budget", ["30", None, True])
def test_select_pilot_refuses_a_budget_that_is_no_number(budget: object) -> None:
    with pytest.raises(jk.ArgumentError, match="budget"):
        jk.analysis.select_pilot(jk.example(), budget=budget)  # type: ignore[arg-type]
