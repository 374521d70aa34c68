"""Persona coverage against oracles: the graph's ``performs`` edges and derivation per stage."""

from __future__ import annotations

import importlib
from statistics import mean
from typing import Any

import networkx as nx
import pytest
from hypothesis import given, settings

import journeykit as jk
from journeykit.personas import Coverage, coverage
from journeykit.testing import programs


def _performs(graph: nx.MultiDiGraph) -> set[tuple[str, str]]:
    """(persona id, JOURNEY/STEP) for every step a persona takes, read off the graph."""
    return {
        (u.split(":", 1)[1], v.split(":", 1)[1])
        for u, v, relation in graph.edges(keys=True)
        if relation == "performs"
    }


def _mood(scores: list[int | None]) -> float | None:
    known = [s for s in scores if s is not None]
    return round(mean(known), 2) if known else None


@settings(max_examples=80, deadline=None)
@given(programs(max_journeys=3, max_stages=3, max_steps=3, max_requirements=6))
def test_every_row_agrees_with_the_graph_and_with_derivation_per_stage(program: jk.Program) -> None:
    before = program.model_dump()
    table = coverage(program)
    performs = _performs(program.graph())
    share = {p.id: p.share for p in program.personas}

    # rows: every stage of every journey a persona takes a step of, in programme order
    expected_keys = [
        (p.id, j.id, s.id)
        for p in program.personas
        for j in program.journeys
        if any((p.id, f"{j.id}/{step.id}") in performs for step in j.steps)
        for s in j.stages
    ]
    assert [(r.persona, r.journey, r.stage) for r in table] == expected_keys

    for row in table:
        journey = program.journey(row.journey)
        stage = next(s for s in journey.stages if s.id == row.stage)
        taken = [s for s in stage.steps if (row.persona, f"{journey.id}/{s.id}") in performs]
        assert row.steps == tuple(f"{journey.id}/{s.id}" for s in taken)
        assert row.share == share[row.persona]
        own = [s.emotions.get(row.persona, s.emotion) for s in taken]
        assert row.mean_emotion == _mood(own)
        assert row.pain_points == tuple(p for s in taken for p in s.pain_points)
        assert row.requirements == tuple(
            jk.derive_requirements(
                program, personas=[row.persona], journey=journey.id, stages=[f"{journey.id}/{stage.id}"]
            ).ids()
        )
        counts = (row.step_count, row.pain_point_count, row.requirement_count)
        assert counts == (len(row.steps), len(row.pain_points), len(row.requirements))

    # the roll-up: one row per persona and journey, derived for the whole journey
    pairs = list(dict.fromkeys((p, j) for p, j, _ in expected_keys))
    assert [(r.persona, r.journey) for r in table.by_journey] == pairs
    for rolled in table.by_journey:
        stages = [r for r in table if (r.persona, r.journey) == (rolled.persona, rolled.journey)]
        assert rolled.steps == tuple(step for r in stages for step in r.steps)
        assert rolled.stage_count == sum(r.step_count > 0 for r in stages)
        journey = program.journey(rolled.journey)
        taken = [s for s in journey.steps if f"{journey.id}/{s.id}" in rolled.steps]
        assert rolled.mean_emotion == _mood([s.emotion_of(rolled.persona) for s in taken])
        assert rolled.requirements == tuple(
            jk.derive_requirements(program, personas=[rolled.persona], journey=journey.id).ids()
        )
        assert set(rolled.requirements) == {r for row in stages for r in row.requirements}

    takers = {p for p, _ in performs}
    assert table.personas_without_journey == tuple(p.id for p in program.personas if p.id not in takers)
    taken_journeys = {ref.split("/", 1)[0] for _, ref in performs}
    assert table.journeys_without_persona == tuple(
        j.id for j in program.journeys if j.id not in taken_journeys
    )
    assert program.model_dump() == before  # the analysis leaves its input alone


def test_the_example(portal: jk.Program) -> None:
    table = jk.personas.coverage(portal)
    assert isinstance(table, Coverage)
    # worked out from the YAML: the marketing manager takes no step of discovering or applying
    rows = {(r.persona, r.journey, r.stage): r for r in table}
    for stage in ("discover", "apply"):
        assert rows[("marketing-manager", "onboarding-current", stage)].step_count == 0
        assert rows[("marketing-manager", "onboarding-current", stage)].mean_emotion is None
    # onboarding-current/get-portal-access: shared emotion 2, the sales manager's own 1;
    # with receive-welcome (3) and get-help (2) in get-started: (3 + 1 + 2) / 3
    assert rows[("sales-manager", "onboarding-current", "get-started")].mean_emotion == 2.0
    assert rows[("marketing-manager", "onboarding-current", "get-started")].mean_emotion == pytest.approx(
        2.33
    )
    # the marketing manager takes part in no deal registration
    assert ("marketing-manager", "deal-registration-current") not in {(r.persona, r.journey) for r in table}
    assert table.personas_without_journey == ()
    assert table.journeys_without_persona == ()
    assert {r.share for r in table if r.persona == "senior-executive"} == {0.1}


def _gappy() -> jk.Program:
    """A persona in no journey, a journey with no persona, and a journey without steps."""
    return jk.Program(
        name="P",
        personas=[jk.Persona(id="a", name="A"), jk.Persona(id="b", name="B"), jk.Persona(id="c", name="C")],
        requirements=[
            jk.Requirement(id="r", title="R"),
            jk.Requirement(id="done", title="D", status="available"),
        ],
        journeys=[
            jk.Journey(
                id="j",
                name="J",
                personas=["a"],
                stages=[
                    jk.Stage(
                        id="s",
                        name="S",
                        steps=[
                            jk.Step(id="x", name="X", emotion=4, emotions={"b": 1}, requires=["r", "done"]),
                            jk.Step(id="y", name="Y", personas=["b"], pain_points=["slow", "dull"]),
                        ],
                    ),
                    jk.Stage(id="t", name="T"),
                ],
            ),
            jk.Journey(
                id="nobody", name="N", stages=[jk.Stage(id="s", name="S", steps=[jk.Step(id="z", name="Z")])]
            ),
            jk.Journey(id="empty", name="E", personas=["c"]),
        ],
    )


def test_personas_in_no_journey_and_journeys_with_no_persona() -> None:
    table = coverage(_gappy())
    assert [(r.persona, r.stage, r.step_count, r.mean_emotion, r.requirements) for r in table] == [
        ("a", "s", 1, 4.0, ("r",)),  # "done" is available: not needed any more
        ("a", "t", 0, None, ()),
        # b does not take x (it names nobody, and the journey names only a): its score there is unused
        ("b", "s", 1, None, ()),
        ("b", "t", 0, None, ()),
    ]
    assert table[2].pain_points == ("slow", "dull")
    assert table.personas_without_journey == ("c",)  # named by a journey that has no step
    assert table.journeys_without_persona == ("nobody", "empty")


def test_printing_and_conversions() -> None:
    table = coverage(_gappy())
    text = str(table)
    assert text.splitlines()[0] == "Coverage"
    assert "share" not in text.splitlines()[1].split()  # nobody declares a share
    assert text.splitlines()[-2:] == ["personas in no journey: c", "journeys with no persona: nobody, empty"]
    markdown = table.to_markdown()
    assert markdown.startswith("| persona | journey | stage | step count |")  # headed for readers
    assert markdown.endswith("- personas in no journey: c\n- journeys with no persona: nobody, empty\n")
    assert table.to_csv().splitlines()[0] == (
        "persona,journey,stage,share,step_count,mean_emotion,pain_point_count,requirement_count,"
        "steps,pain_points,requirements"
    )
    assert len(table.to_csv().splitlines()) == len(table) + 1
    frame = table.to_frame()
    assert frame.shape == (4, 11)
    assert list(frame["requirement_count"]) == [1, 0, 0, 0]
    assert table.to_records()[0]["requirements"] == ["r"]
    html = table._repr_html_()
    assert "<table>" in html
    assert "<li>journeys with no persona: nobody, empty</li>" in html
    assert coverage(_gappy()) == table
    assert table != coverage(_gappy().model_copy(update={"personas": ()}))


def test_share_is_shown_when_a_persona_declares_one(portal: jk.Program) -> None:
    table = coverage(portal)
    assert str(table).splitlines()[1].split()[:4] == ["persona", "journey", "stage", "share"]
    assert str(table.by_journey).splitlines()[1].split()[:3] == ["persona", "journey", "share"]


def test_an_empty_programme() -> None:
    table = coverage(jk.Program(name="P"))
    assert len(table) == 0
    assert len(table.by_journey) == 0
    assert "(no rows)" in str(table)
    assert list(table.to_frame().columns)[:3] == ["persona", "journey", "stage"]
    assert list(table.by_journey.to_frame().columns)[:3] == ["persona", "journey", "share"]


def test_the_function_is_found_however_the_module_was_imported() -> None:
    # Importing the defining module must not hide the function of the same name.
    module = importlib.import_module("journeykit.personas._coverage")
    assert jk.personas.coverage is module.coverage
    assert callable(jk.personas.coverage)


def test_one_derivation_per_persona(monkeypatch: pytest.MonkeyPatch, portal: jk.Program) -> None:
    module = importlib.import_module("journeykit.personas._coverage")
    calls: list[object] = []
    real = module.derive_requirements

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, "derive_requirements", counting)
    coverage(portal)
    assert calls == [{"personas": [p.id]} for p in portal.personas]
