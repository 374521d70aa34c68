"""The programme as pandas tables (`to_frames`) and back (`Program.from_frames`)."""

import csv
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings

import journeykit as jk
from journeykit.testing import programs

_SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@_SETTINGS
@given(program=programs())
def test_frames_round_trip(program: jk.Program) -> None:
    assert jk.Program.from_frames(program.to_frames()) == program


def test_every_table_has_ids_and_references(portal: jk.Program) -> None:
    frames = portal.to_frames()
    assert list(frames) == [
        "program", "personas", "roles", "use_cases", "journeys", "stages", "steps", "actions",
        "touchpoints", "requirements", "rules", "metrics",
    ]  # fmt: skip
    steps = frames["steps"]
    first = portal.journeys[0].stages[0].steps[0]
    assert steps.loc[0, ["journey", "stage", "id"]].tolist() == [
        portal.journeys[0].id,
        portal.journeys[0].stages[0].id,
        first.id,
    ]
    assert len(steps) == portal.summary()["steps"]
    assert list(frames["requirements"]["id"]) == [r.id for r in portal.requirements]


@settings(_SETTINGS, max_examples=20)
@given(program=programs())
def test_the_requirements_table_round_trips_through_csv(program: jk.Program, tmp_path: Path) -> None:
    frames = program.to_frames()
    path = tmp_path / "requirements.csv"
    # quoted, so that a carriage return inside a text is not read as the end of a row
    frames["requirements"].to_csv(path, index=False, quoting=csv.QUOTE_ALL)
    # text stays text; an empty cell is NaN
    frames["requirements"] = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    assert jk.Program.from_frames(frames) == program


def test_an_analyst_edits_requirements_in_a_spreadsheet(portal: jk.Program, tmp_path: Path) -> None:
    frames = portal.to_frames()
    path = tmp_path / "requirements.csv"
    frames["requirements"].to_csv(path, index=False)
    edited = pd.read_csv(path)
    row, before = next((i, r) for i, r in enumerate(portal.requirements) if r.depends_on)
    edited.loc[row, "status"] = "available"
    edited.loc[row, "effort"] = 8
    edited.loc[row, "depends_on"] = "; ".join(before.depends_on)  # as an analyst types a list
    frames["requirements"] = edited
    requirement = jk.Program.from_frames(frames).requirement(before.id)
    assert (requirement.status, requirement.effort) == ("available", 8)
    assert requirement.depends_on == before.depends_on


@pytest.mark.parametrize(
    ("table", "column", "value", "message"),
    [
        ("requirements", "effort", -1, "greater than or equal to 0"),
        ("requirements", "status", "done", "'available', 'partial' or 'missing'"),
        ("steps", "emotion", 9, "less than or equal to 5"),
        ("steps", "touchpoints", "nowhere", "item 0: unknown touchpoint 'nowhere'"),
        ("actions", "lane", "sideways", "frontstage"),
    ],
)
def test_errors_name_the_table_row_and_column(
    portal: jk.Program, table: str, column: str, value: object, message: str
) -> None:
    frames = portal.to_frames()
    frames[table] = frames[table].astype(object)
    frames[table].loc[2, column] = value
    with pytest.raises(
        jk.TableError, match=rf"^table '{table}', row 2, column '{column}': .*{message}"
    ) as info:
        jk.Program.from_frames(frames)
    assert (info.value.table, info.value.row, info.value.column) == (table, 2, column)


def test_a_row_of_an_unknown_stage_or_column_is_located(portal: jk.Program) -> None:
    frames = portal.to_frames()
    frames["steps"].loc[1, "stage"] = "nowhere"
    with pytest.raises(jk.TableError, match=r"table 'steps', row 1, column 'stage': no stage"):
        jk.Program.from_frames(frames)
    frames = portal.to_frames()
    frames["requirements"] = frames["requirements"].rename(columns={"status": "state"})
    with pytest.raises(jk.TableError, match=r"column 'state': unknown column; did you mean 'status'"):
        jk.Program.from_frames(frames)


def test_without_the_program_table_a_name_is_needed(portal: jk.Program) -> None:
    frames = portal.to_frames()
    del frames["program"]
    with pytest.raises(jk.TableError, match="no name"):
        jk.Program.from_frames(frames)
    assert jk.Program.from_frames(frames, name="Portal").name == "Portal"
