"""CSV for spreadsheets: no user text reaches a cell as a formula."""

from __future__ import annotations

import csv
import io

from hypothesis import given
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
    # the text itself is kept, behind the quote (line breaks written as "\n")
    assert "'" + name.replace("\r\n", "\n").replace("\r", "\n") in cells


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True
