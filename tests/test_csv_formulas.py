"""CSV for spreadsheets: no user text reaches a cell as a formula."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

import journeykit as jk

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def _programme(name: str) -> jk.Program:
    portal = jk.example()
    # the first requirement of the backlog, renamed
    needed = jk.derive_requirements(portal).ids()[0]
    requirements = tuple(
        r.model_copy(update={"title": name}) if r.id == needed else r for r in portal.requirements
    )
    return portal.model_copy(update={"requirements": requirements})


@given(st.sampled_from(FORMULA_STARTS), st.text(max_size=20))
def test_no_cell_of_the_backlog_csv_starts_a_formula(start: str, rest: str) -> None:
    name = (start + rest).strip("\x00") or "="
    program = jk.Program.model_validate(_programme(name).model_dump())
    rows = list(csv.reader(io.StringIO(jk.derive_requirements(program).to_csv())))
    cells = [cell for row in rows[1:] for cell in row]
    assert not [cell for cell in cells if cell[:1] in FORMULA_STARTS and not _is_number(cell)]
    # the text itself is kept, behind the quotes (line breaks written as "\n")
    written = [cell for cell in cells if cell.startswith("'") and _unmarked(cell) == _unmarked(name)]
    assert written, (name, cells)


def _unmarked(text: str) -> str:
    """``text`` without a ``'`` at its start or after a ``;`` or a line break, its line breaks
    as ``\\n``: what a spreadsheet shows, give or take the quotes a person typed there."""
    return re.sub(r"(^|[;\n])'", r"\1", text.replace("\r\n", "\n").replace("\r", "\n"))


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


# -- spreadsheet CSV: formulas disarmed, whatever separator the spreadsheet assumes ----------------


def _starts_a_formula(cell: str) -> bool:
    return cell.lstrip(" ")[:1] in FORMULA_STARTS and not _is_number(cell)


@settings(max_examples=150, deadline=None)
@given(st.text(min_size=1, max_size=40).filter(lambda t: t.strip() and "\x00" not in t))
@example("\r@")  # a line break: a reader splitting on ";" starts a row there
@example("a;=HYPERLINK(1)")  # and a cell after a ";"
@example("total\n-1+1")
def test_no_text_starts_a_formula_with_either_separator(title: str) -> None:
    program = jk.Program.model_validate(_programme(title).model_dump())
    text = jk.derive_requirements(program).to_csv()
    for delimiter in (",", ";"):  # Excel in many locales splits on ";"
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        assert not [cell for row in rows[1:] for cell in row if _starts_a_formula(cell)]
    # A reader that does not see the quotes (the other separator) starts a row at each line break.
    for line in text.split("\n")[1:]:  # spreadsheets break rows at LF (CR is written as LF)
        for cell in line.split(";"):
            assert not _starts_a_formula(cell.removeprefix('"')), (title, line)
    titles = [row["title"] for row in csv.DictReader(io.StringIO(text, newline=""))]
    assert [t for t in titles if _unmarked(t) == _unmarked(title)], (title, titles)


@given(st.integers(-(10**12), 10**12) | st.floats(allow_nan=False, allow_infinity=False))
def test_numbers_stay_numbers_in_spreadsheet_csv(number: float) -> None:
    from journeykit._csv_text import spreadsheet_csv
    from journeykit._text import cell_text

    line = spreadsheet_csv(["n", "text"], [{"n": number, "text": str(number)}]).splitlines()[1]
    written, as_text = line.split(",", 1)
    assert written == cell_text(number)  # bare: a spreadsheet reads a number, "-3" included
    assert float(written) == number
    if str(number).startswith("-"):
        assert as_text == f'"\'{number}"'  # the same characters as text are text, and disarmed


def test_the_priority_table_and_the_responsibility_matrix_are_spreadsheet_csv() -> None:
    portal = jk.example()
    case = portal.use_cases[0].model_copy(update={"name": "=HYPERLINK(1)", "theme": "@SUM(A1)"})
    role = portal.roles[0].model_copy(update={"name": "-2+3"})
    program = jk.Program.model_validate(
        portal.model_copy(
            update={"use_cases": (case, *portal.use_cases[1:]), "roles": (role, *portal.roles[1:])}
        ).model_dump()
    )
    for table in (jk.prioritize(program), jk.analysis.responsibilities(program)):
        rows = list(csv.reader(io.StringIO(table.to_csv(), newline="")))
        assert not [cell for row in rows[1:] for cell in row if _starts_a_formula(cell)]
    cells = {cell for row in csv.reader(io.StringIO(jk.prioritize(program).to_csv())) for cell in row}
    assert {"'=HYPERLINK(1)", "'@SUM(A1)"} <= cells


# -- data CSV: the values, exactly ----------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text() | st.integers() | st.none(), min_size=1, max_size=4))
def test_data_csv_reads_back_exactly(values: list[object]) -> None:
    from journeykit._csv_text import data_csv
    from journeykit._text import cell_text

    columns = [f"c{n}" for n in range(len(values))]
    text = data_csv(columns, [dict(zip(columns, values, strict=True))])
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows == [columns, [cell_text(v) for v in values]]


def test_tables_from_event_logs_are_written_exactly(tmp_path: Path) -> None:
    import pandas as pd

    from journeykit.cli import main

    names = ['=HYPERLINK("x")', "-3", "@SUM(A1)", "+1"]
    log = pd.DataFrame(
        {
            "case": ["1"] * len(names),
            "activity": names,
            "time": pd.date_range("2024-01-01", periods=len(names), freq="h"),
        }
    )
    log.to_csv(tmp_path / "log.csv", index=False)
    out = tmp_path / "edges.csv"
    argv = ["discover", str(tmp_path / "log.csv"), "--case", "case", "--activity", "activity"]
    assert main([*argv, "--timestamp", "time", "-o", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
    assert {row["source"] for row in rows} | {row["target"] for row in rows} == set(names)
    assert not jk.analytics.Measurements.for_spreadsheets  # measure's table is data too
