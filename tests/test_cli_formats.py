"""``--format json``/``csv`` and ``--language`` of the analysis commands, called as users call them."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

import journeykit as jk
from journeykit.analysis import responsibilities_by_use_case

from .conftest import EXAMPLE, EXAMPLE_ES
from .test_cli import run


def _json(*args: str | Path) -> object:
    result = run(*args)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return json.loads(result.stdout)


def _csv(*args: str | Path) -> list[dict[str, str]]:
    result = run(*args)
    assert result.returncode == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout, newline="")))


@pytest.fixture(scope="module")
def portal() -> jk.Program:
    return jk.load(EXAMPLE)


# -- JSON: the Python result, as data ---------------------------------------------------


def test_compare_as_json_is_the_comparison(portal: jk.Program) -> None:
    data = _json("compare", EXAMPLE, "deal-registration-future", "--format", "json")
    result = jk.compare("deal-registration-future", program=portal)
    assert data == json.loads(json.dumps(result.to_dict()))
    assert data["current"] == "deal-registration-current"
    assert [s["future"] for s in data["steps"]] == [c.future for c in result.steps]
    assert [r["requirement"] for r in data["backstage"]] == result.backstage.ids()
    assert data["channels_added"] == ["portal"]


def test_impact_as_json(portal: jk.Program) -> None:
    data = _json("impact", EXAMPLE, "deal-conflict-check", "--format", "json")
    impact = jk.impact_of(portal, "deal-conflict-check")
    assert data == {
        "requirement": "deal-conflict-check",
        "dependents": list(impact.dependents),
        "steps": list(impact.steps),
        "stages": list(impact.stages),
        "journeys": list(impact.journeys),
        "personas": list(impact.personas),
        "use_cases": list(impact.use_cases),
        "metrics": list(impact.metrics),
    }


def test_prioritize_as_json_holds_the_priorities_and_the_pilot(portal: jk.Program) -> None:
    data = _json("prioritize", EXAMPLE, "--budget", "30", "--format", "json")
    assert isinstance(data, dict)
    assert [row["id"] for row in data["priorities"]] == jk.prioritize(portal).ids()
    assert data["priorities"][0]["quadrant"] == "quick win"  # data, never translated
    pilot = jk.select_pilot(portal, budget=30)
    assert data["pilot"] == {
        "use_cases": list(pilot.use_cases),
        "total_impact": pilot.total_impact,
        "total_ease": pilot.total_ease,
        "effort": pilot.effort,
        "budget": 30.0,
        "requirements": list(pilot.requirements),
    }
    assert _json("prioritize", EXAMPLE, "--format", "json")["pilot"] is None  # type: ignore[index]


@pytest.mark.parametrize("by_use_case", [False, True])
def test_responsibilities_as_json_and_csv(portal: jk.Program, by_use_case: bool) -> None:
    option = ["--use-cases"] if by_use_case else []
    table = responsibilities_by_use_case(portal) if by_use_case else jk.responsibilities(portal)
    assert _json("responsibilities", EXAMPLE, *option, "--format", "json") == table.to_records()
    rows = _csv("responsibilities", EXAMPLE, *option, "--format", "csv")
    assert [(r["role"], r["use_case" if by_use_case else "journey"]) for r in rows] == [
        (t.role, getattr(t, "use_case" if by_use_case else "journey")) for t in table
    ]
    assert [r["owns"].split(";") if r["owns"] else [] for r in rows] == [list(t.owns) for t in table]


def test_responsibilities_by_use_case_name_the_sponsor_and_the_champion(portal: jk.Program) -> None:
    rows = _csv("responsibilities", EXAMPLE, "--use-cases", "--format", "csv")
    for case in portal.use_cases:
        mine = [r for r in rows if r["use_case"] == case.id]
        assert [r["role"] for r in mine if r["sponsor"] == "True"] == [case.sponsor]
        assert [r["role"] for r in mine if r["champion"] == "True"] == [case.champion]
    text = run("responsibilities", EXAMPLE, "--use-cases").stdout
    header = re.split(r"\s{2,}", text.splitlines()[1])
    assert header[:4] == ["role", "use case", "sponsor", "champion"]
    # the sponsor of portal-support does nothing else for it, yet has a row that says so
    assert re.search(r"^executive-sponsor\s+portal-support\s+yes\s+no\s", text, flags=re.M)


def test_check_as_csv_and_json(tmp_path: Path) -> None:
    path = tmp_path / "j.yaml"
    path.write_text(
        "name: P\njourneys:\n  - id: j\n    name: J\n    stages:\n      - id: s\n        name: S\n"
        "        steps:\n          - id: a\n            name: A\n            next: []\n"
        "          - id: b\n            name: B\n",
        encoding="utf-8",
    )
    as_csv = run("check", path, "--format", "csv")
    assert as_csv.returncode == 1  # an error is found, whatever the format
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout, newline="")))
    as_json = json.loads(run("check", path, "--format", "json").stdout)
    assert [r["code"] for r in rows] == [f["code"] for f in as_json]
    assert [int(r["line"]) for r in rows] == [f["line"] for f in as_json]
    assert {r["severity"] for r in rows} == {"error", "warning", "info"}


def test_personas_coverage_as_json(portal: jk.Program, tmp_path: Path) -> None:
    coverage = jk.personas.coverage(portal)
    data = _json("personas", "coverage", EXAMPLE, "--by-journey", "--format", "json")
    assert data == {
        "rows": json.loads(json.dumps(coverage.by_journey.to_records())),
        "personas_without_journey": list(coverage.personas_without_journey),
        "journeys_without_persona": list(coverage.journeys_without_persona),
    }
    out = tmp_path / "coverage.json"
    result = run("personas", "coverage", EXAMPLE, "-o", out)
    assert result.stdout == f"wrote {out}\n"
    assert len(json.loads(out.read_text(encoding="utf-8"))["rows"]) == len(coverage)


def test_requirements_json_has_numbers_lists_and_no_nan(portal: jk.Program) -> None:
    result = run("requirements", EXAMPLE, "--all", "--format", "json")
    assert "NaN" not in result.stdout
    data = json.loads(result.stdout)
    assert data == jk.derive_requirements(portal, include_available=True).to_records()
    assert all(isinstance(row["steps"], list) and isinstance(row["wave"], int) for row in data)
    assert run("requirements", EXAMPLE, "--format", "table").stdout == run("requirements", EXAMPLE).stdout


# -- text: whole cells, safe text -----------------------------------------------------------


def test_text_tables_show_whole_cells(portal: jk.Program) -> None:
    text = run("requirements", EXAMPLE, "--all").stdout
    assert "…" not in text
    words = set(text.split())
    for requirement in portal.requirements:
        assert requirement.id in words  # ids are never broken across lines
        assert set(requirement.title.split()) <= words
    responsibilities = run("responsibilities", EXAMPLE).stdout
    assert "…" not in responsibilities
    owned = {r for row in jk.responsibilities(portal) for r in row.owns}
    assert owned <= set(responsibilities.replace(",", " ").split())


def _hostile(tmp_path: Path) -> Path:
    long_name = "Very long title " * 10
    program = jk.Program(
        name="P",
        roles=[jk.Role(id="ops", name="Ops")],
        requirements=[
            jk.Requirement(id="r", title="Red \x1b[31malert\x1b[0m\nand a new line", owner="ops"),
            jk.Requirement(id="long", title=long_name.strip(), owner="ops"),
        ],
        journeys=[
            jk.Journey(
                id="j",
                name="J",
                stages=[
                    jk.Stage(id="s", name="S", steps=[jk.Step(id="a", name="A", requires=["r", "long"])])
                ],
            )
        ],
    )
    return jk.save(program, tmp_path / "hostile.json")


def test_control_characters_are_escaped_and_long_cells_wrapped(tmp_path: Path) -> None:
    path = _hostile(tmp_path)
    result = run("requirements", path)
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout
    assert r"Red \x1b[31malert\x1b[0m and a new line" in " ".join(result.stdout.split())
    lines = result.stdout.splitlines()
    start, end = lines[1].index("title"), lines[1].index("wave")
    column = " ".join(line[start:end].strip() for line in lines[3:])  # the title column, line by line
    assert column.count("Very long title") == 10
    assert all(len(line[start:end].rstrip()) <= 40 for line in lines[3:])
    assert max(len(line) for line in result.stdout.splitlines()) < 200
    data = _json("requirements", path, "--format", "json")
    titles = {row["requirement"]: row["title"] for row in data}  # type: ignore[union-attr]
    assert titles["r"] == "Red \x1b[31malert\x1b[0m\nand a new line"  # data is kept as written


# -- compare says when a step replaced another -----------------------------------------------


def test_compare_says_which_step_replaced_which(tmp_path: Path) -> None:
    def journey(ident: str, steps: list[jk.Step], **more: str) -> jk.Journey:
        return jk.Journey(id=ident, name=ident, stages=[jk.Stage(id="s", name="S", steps=steps)], **more)

    program = jk.Program(
        name="P",
        journeys=[
            journey("now", [jk.Step(id="email", name="Email the sheet"), jk.Step(id="wait", name="Wait")]),
            journey(
                "later",
                [
                    jk.Step(id="fill-form", name="Fill the form", replaces="email"),
                    jk.Step(id="wait", name="Wait"),
                ],
                state="future",
                replaces="now",
            ),
        ],
    )
    path = jk.save(program, tmp_path / "p.yaml")
    text = run("compare", path, "later").stdout
    assert "steps replaced:   fill-form replaces email (name)" in text
    data = _json("compare", path, "now", "later", "--format", "json")
    steps = {s["future"]: s for s in data["steps"]}  # type: ignore[index]
    assert steps["fill-form"]["replaces"] == "email"
    assert steps["wait"]["replaces"] is None
    assert jk.compare("later", program=program).replaced == {"fill-form": "email"}


# -- options ---------------------------------------------------------------------------------


def test_an_output_file_never_replaces_the_input(tmp_path: Path) -> None:
    copy = tmp_path / "portal.yaml"
    copy.write_bytes(EXAMPLE.read_bytes())
    result = run("requirements", copy, "--format", "csv", "-o", copy)
    assert result.returncode == 2
    assert "is an input of the command" in result.stderr
    assert copy.read_bytes() == EXAMPLE.read_bytes()


@pytest.mark.parametrize("command", [["check"], ["prioritize"], ["responsibilities"], ["impact"]])
def test_a_bad_language_tag_is_a_usage_error(command: list[str]) -> None:
    result = run(*command, EXAMPLE, *(["partner-sso"] if command == ["impact"] else []), "--language", "e s")
    assert result.returncode == 2
    assert "not a BCP 47 language tag" in result.stderr


def test_a_language_without_catalogue_writes_english_and_says_so() -> None:
    result = run("prioritize", EXAMPLE, "--language", "de")
    assert result.returncode == 0
    assert result.stdout == run("prioritize", EXAMPLE).stdout
    assert result.stderr.strip().startswith(
        "journeykit: warning: journeykit has no catalogue for language 'de'"
    )


def test_csv_with_a_pilot_is_a_usage_error() -> None:
    result = run("prioritize", EXAMPLE, "--budget", "30", "--format", "csv")
    assert result.returncode == 2
    assert "use --format json" in result.stderr


def test_english_tables_by_default_and_with_language_en() -> None:
    english = run("prioritize", EXAMPLE_ES, "--language", "en").stdout
    assert re.split(r"\s{2,}", english.splitlines()[1])[:3] == ["id", "name", "quadrant"]
    assert "quick win" in english


# -- Spanish: the tables in the programme's language, or in --language ----------------------------


def test_spanish_tables_follow_the_programme_or_language() -> None:
    spanish = run("prioritize", EXAMPLE_ES, "--budget", "30").stdout
    assert spanish.splitlines()[0] == "Prioridades"
    assert "cuadrante" in spanish.splitlines()[1]
    assert "victoria rápida" in spanish
    assert "Piloto: 1 caso de uso" in spanish
    assert run("prioritize", EXAMPLE, "--language", "es").stdout.splitlines()[0] == "Prioridades"
    assert run("check", EXAMPLE, "--language", "es").stdout == "0 errores, 0 avisos, 0 informativos\n"
    compared = run("compare", EXAMPLE, "onboarding-future", "--language", "es").stdout
    assert "pasos añadidos:" in compared
    # JSON is data: the same in every language
    assert run("prioritize", EXAMPLE, "--format", "json", "--language", "es").stdout == (
        run("prioritize", EXAMPLE, "--format", "json").stdout
    )
