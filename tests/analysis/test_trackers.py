"""The backlog for trackers: Jira's CSV importer layout and GitHub issues, read back as a tracker would."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import journeykit as jk
from journeykit._csv_text import FORMULA_STARTS
from journeykit._i18n import use_language
from journeykit.testing import programs

SECONDS_PER_PERSON_DAY = 8 * 3600


def _jira(text: str) -> tuple[list[str], list[list[str]]]:
    """The header and the rows, as Jira's importer (an RFC 4180 reader) sees them."""
    header, *rows = csv.reader(io.StringIO(text, newline=""))
    assert all(len(row) == len(header) for row in rows)
    return header, rows


def _cells(header: list[str], row: list[str], name: str) -> list[str]:
    """Every non-empty cell of the columns called ``name`` (Jira's repeated headers)."""
    return [value for column, value in zip(header, row, strict=True) if column == name and value]


def _expected_links(program: jk.Program, backlog: jk.Backlog) -> set[tuple[str, str]]:
    """``depends_on`` of the programme, restricted to the backlog's requirements."""
    present = set(backlog.ids())
    return {(r.id, d) for r in program.requirements if r.id in present for d in r.depends_on if d in present}


@pytest.fixture(scope="module")
def portal() -> jk.Program:
    return jk.example()


# -- Jira -------------------------------------------------------------------------------


def test_jira_csv_has_one_issue_per_requirement_with_its_fields(portal: jk.Program) -> None:
    backlog = jk.derive_requirements(portal, journey="deal-registration-future")
    header, rows = _jira(backlog.to_jira_csv())
    assert header[:5] == ["Issue Id", "Summary", "Issue Type", "Description", "Original Estimate"]
    assert header.count("Labels") == 3
    assert set(header[8:]) == {"Blocked By"}
    assert len(rows) == len(backlog)
    for n, (row, need) in enumerate(zip(rows, backlog, strict=True), start=1):
        assert row[0] == str(n)
        assert row[1] == need.title
        assert row[2] == "Task"
        description = row[3].splitlines()
        assert description[0] == f"requirement: {need.requirement}"
        assert f"owner: {need.owner}" in description
        assert "steps: " + ", ".join(need.steps) in description
        assert "journeys: " + ", ".join(need.journeys) in description
        assert "via: " + ", ".join(need.via) in description
        assert "lanes: " + ", ".join(need.lanes) in description
        assert need.effort is not None
        assert int(row[4]) == round(need.effort * SECONDS_PER_PERSON_DAY)
        expected = [f"owner-{need.owner}", f"wave-{need.wave}"] + (["critical-path"] if need.critical else [])
        assert _cells(header, row, "Labels") == expected


def test_jira_links_resolve_to_earlier_issues_and_are_the_dependencies(portal: jk.Program) -> None:
    backlog = jk.derive_requirements(portal)
    header, rows = _jira(backlog.to_jira_csv())
    requirement_of = {row[0]: need.requirement for row, need in zip(rows, backlog, strict=True)}
    links = set()
    for row in rows:
        for blocker in _cells(header, row, "Blocked By"):
            assert int(blocker) < int(row[0])  # prerequisites come first: Jira links as it reads
            links.add((requirement_of[row[0]], requirement_of[blocker]))
    assert links == _expected_links(portal, backlog)
    assert links  # the example has dependencies to follow


def test_jira_issue_type_and_hours_per_day_are_options(portal: jk.Program) -> None:
    backlog = jk.derive_requirements(portal, journey="onboarding-future")
    _header, rows = _jira(backlog.to_jira_csv(issue_type="Story", hours_per_day=7.5))
    assert {row[2] for row in rows} == {"Story"}
    assert [int(row[4]) for row in rows] == [round((r.effort or 0) * 7.5 * 3600) for r in backlog]


def test_an_empty_backlog_is_a_header_and_an_empty_array() -> None:
    empty = jk.Backlog([])
    assert empty.to_jira_csv().splitlines() == [
        "Issue Id,Summary,Issue Type,Description,Original Estimate,Labels,Labels,Labels,Blocked By"
    ]
    assert json.loads(empty.to_github_json()) == []


def test_the_description_is_written_in_the_language_in_force(portal: jk.Program) -> None:
    backlog = jk.derive_requirements(portal, journey="deal-registration-future")
    with use_language("es"):
        header, rows = _jira(backlog.to_jira_csv())
        issue = json.loads(backlog.to_github_json())[0]
    assert rows[0][3].splitlines()[:2] == ["requisito: deal-rules", "estado: parcial"]
    assert header[0] == "Issue Id"
    assert issue["labels"][1] == "wave-0"
    assert issue["body"].startswith("requisito: `deal-rules`")


# -- GitHub -----------------------------------------------------------------------------


def test_github_issues_carry_title_body_labels_and_a_task_list(portal: jk.Program) -> None:
    backlog = jk.derive_requirements(portal)
    issues = json.loads(backlog.to_github_json())
    assert [issue["requirement"] for issue in issues] == backlog.ids()
    for issue, need in zip(issues, backlog, strict=True):
        assert set(issue) == {"requirement", "title", "body", "labels", "depends_on"}
        assert issue["title"] == need.title
        assert issue["body"].startswith(f"requirement: `{need.requirement}`\n")
        assert f"- **owner**: `{need.owner}`" in issue["body"]
        tasks = [line for line in issue["body"].splitlines() if line.startswith("- [ ] ")]
        assert tasks == [f"- [ ] `{d}`" for d in issue["depends_on"]]
        assert issue["depends_on"] == list(backlog.prerequisites(need.requirement))
        assert all(" " not in label for label in issue["labels"])
        seen = {i["requirement"] for i in issues[: issues.index(issue)]}
        assert set(issue["depends_on"]) <= seen  # created in order, numbers known when needed


# -- generated programmes ---------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(programs(max_journeys=3, max_steps=3, max_requirements=6), st.booleans())
def test_trackers_hold_every_requirement_once_and_the_dependency_graph(
    program: jk.Program, include_available: bool
) -> None:
    backlog = jk.derive_requirements(program, include_available=include_available)
    expected = _expected_links(program, backlog)

    header, rows = _jira(backlog.to_jira_csv())
    ids = [row[3].splitlines()[0].removeprefix("requirement: ") for row in rows]
    assert ids == backlog.ids()
    assert len(set(ids)) == len(ids)
    assert [row[0] for row in rows] == [str(n) for n in range(1, len(rows) + 1)]
    by_issue = dict(zip((row[0] for row in rows), ids, strict=True))
    links = {(by_issue[row[0]], by_issue[b]) for row in rows for b in _cells(header, row, "Blocked By")}
    assert links == expected
    for row, need in zip(rows, backlog, strict=True):
        assert "\n" not in row[1]
        assert len(row[1]) <= 255
        assert row[4] == ("" if need.effort is None else str(round(need.effort * SECONDS_PER_PERSON_DAY)))

    issues = json.loads(backlog.to_github_json())
    assert [issue["requirement"] for issue in issues] == backlog.ids()
    assert {(i["requirement"], d) for i in issues for d in i["depends_on"]} == expected
    assert all("\n" not in issue["title"] for issue in issues)


# -- hostile text -----------------------------------------------------------------------

HOSTILE = [
    "=cmd|' /C calc'!A0",
    "+1+1",
    "@SUM(A1:A2)",
    "-2",
    " =1",
    '"quoted", with a comma',
    "two\nlines\r\nand a return\r",
    "tab\tand \x1b[31mescape\x1b[0m",
    "@octocat please look #1",
]


def _hostile_program() -> jk.Program:
    requirements = [
        jk.Requirement(id=f"r{n}", title=title, effort=1, depends_on=[f"r{n - 1}"] if n else [])
        for n, title in enumerate(HOSTILE)
    ]
    step = jk.Step(id="a", name="A", requires=[r.id for r in requirements])
    stage = jk.Stage(id="s", name="S", steps=[step])
    return jk.Program(
        name="P", requirements=requirements, journeys=[jk.Journey(id="j", name="J", stages=[stage])]
    )


def test_hostile_titles_are_disarmed_in_jira_csv() -> None:
    backlog = jk.derive_requirements(_hostile_program())
    text = backlog.to_jira_csv()
    _header, rows = _jira(text)
    assert len(rows) == len(HOSTILE)
    summaries = {row[3].splitlines()[0]: row[1] for row in rows}
    for n, title in enumerate(HOSTILE):
        summary = summaries[f"requirement: r{n}"]
        one_line = " ".join("".join(c if c.isprintable() else " " for c in title).split())
        starts_formula = one_line.lstrip(" ")[:1] in FORMULA_STARTS
        assert summary == ("'" + one_line if starts_formula else one_line)
    for row in rows:
        for value in row:  # no cell a spreadsheet would run
            assert value.lstrip(" ")[:1] not in FORMULA_STARTS or value.lstrip("-").isdigit()
    assert "\x1b" not in text
    assert "\r" not in text


def test_hostile_titles_stay_out_of_github_markdown() -> None:
    backlog = jk.derive_requirements(_hostile_program())
    text = backlog.to_github_json()
    assert "\x1b" not in text  # escaped in the JSON text, as terminals would act on it
    issues = json.loads(text)
    for issue in issues:
        assert "\n" not in issue["title"]
        assert "\x1b" not in issue["title"]
        # the body holds ids and journeykit's words only: no title to mention @octocat or link #1
        assert "@" not in issue["body"]
        assert "#1" not in issue["body"]
    assert issues[-1]["title"] == "@octocat please look #1"


# -- the backlog's dependencies ----------------------------------------------------------


def test_prerequisites_of_an_unknown_requirement_name_it(portal: jk.Program) -> None:
    backlog = jk.derive_requirements(portal, journey="deal-registration-future")
    with pytest.raises(jk.exceptions.UnknownIdError, match="'nope'"):
        backlog.prerequisites("nope")


def test_the_backstage_delta_of_a_comparison_keeps_its_links(portal: jk.Program) -> None:
    delta = jk.compare("deal-registration-future", program=portal).backstage
    assert len(delta) > 1
    header, rows = _jira(delta.to_jira_csv())
    by_issue = {row[0]: need.requirement for row, need in zip(rows, delta, strict=True)}
    links = {(by_issue[row[0]], by_issue[b]) for row in rows for b in _cells(header, row, "Blocked By")}
    assert links == _expected_links(portal, delta)
