"""Tests of impact × ease quadrants, readiness and pilot selection."""

from __future__ import annotations

import dataclasses
import math
import re
from itertools import combinations, pairwise

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import journeykit as jk
from journeykit.analysis.derive import derive_requirements
from journeykit.analysis.pilot import Pilot, select_pilot
from journeykit.analysis.prioritize import Priorities, prioritize, quadrant
from journeykit.testing import programs


def _use_case(ident: str = "uc", **fields: object) -> jk.UseCase:
    return jk.UseCase.model_validate({"id": ident, "name": ident.upper(), "theme": "t", **fields})


@pytest.mark.parametrize(
    ("impact", "ease", "expected"),
    [
        (3, 3, "quick win"),  # the midpoint counts as high on both scales
        (5, 5, "quick win"),
        (3, 5, "quick win"),
        (5, 3, "quick win"),
        (3, 2, "major project"),
        (5, 1, "major project"),
        (2, 3, "fill-in"),
        (1, 5, "fill-in"),
        (2, 2, "thankless task"),
        (1, 1, "thankless task"),
        (None, 3, "unscored"),
        (3, None, "unscored"),
        (None, None, "unscored"),
    ],
)
def test_quadrant(impact: int | None, ease: int | None, expected: str) -> None:
    assert quadrant(impact, ease) == expected
    row = prioritize([_use_case(impact=impact, ease=ease)])[0]
    assert row.quadrant == expected
    assert row.score == (impact * ease if impact is not None and ease is not None else None)


def test_readiness_without_a_programme_does_not_check_metrics() -> None:
    full = _use_case("full", process="Sales", sponsor="vp", champion="mgr")
    bare = _use_case("bare", process="   ")
    rows = {row.id: row for row in prioritize([full, bare])}
    assert rows["full"].ready
    assert rows["full"].missing == ()
    assert rows["full"].has_metric is None
    assert not rows["bare"].ready
    assert rows["bare"].missing == ("process", "sponsor", "champion")
    assert (rows["bare"].has_process, rows["bare"].has_sponsor, rows["bare"].has_champion) == (
        False,
        False,
        False,
    )


def _readiness_program() -> jk.Program:
    roles = [jk.Role(id="vp", name="VP"), jk.Role(id="mgr", name="Manager")]
    cases = [
        _use_case("measured", process="Sales", sponsor="vp", champion="mgr"),
        _use_case("unmeasured", process="Sales", sponsor="vp", champion="mgr"),
        _use_case("no-champion", process="Sales", sponsor="vp"),
    ]
    metrics = [
        jk.Metric(id="m", name="M", measures=["use_case:measured", "use_case:no-champion"]),
    ]
    return jk.Program(name="P", roles=roles, use_cases=cases, metrics=metrics)


def test_readiness_with_a_programme_checks_metrics() -> None:
    program = _readiness_program()
    rows = {row.id: row for row in prioritize(program)}
    assert rows["measured"].ready
    assert rows["measured"].has_metric is True
    assert rows["unmeasured"].missing == ("metric",)
    assert not rows["unmeasured"].ready
    assert rows["no-champion"].missing == ("champion",)
    # The same programme given as program= to a list of its use cases.
    assert prioritize(list(program.use_cases), program=program) == prioritize(program)


def test_a_different_program_is_an_error() -> None:
    with pytest.raises(ValueError, match="different"):
        prioritize(_readiness_program(), program=jk.Program(name="Other"))


def test_order_is_quadrant_then_score_then_ease_then_id() -> None:
    cases = [
        _use_case("unscored", impact=5),
        _use_case("thankless", impact=2, ease=2),
        _use_case("fill-in", impact=1, ease=5),
        _use_case("major", impact=5, ease=2),
        _use_case("win-b", impact=4, ease=4),  # score 16, ease 4
        _use_case("win-c", impact=3, ease=5),  # score 15
        _use_case("win-a", impact=4, ease=4),  # ties win-b: id decides
        _use_case("win-ease", impact=4, ease=4),
        _use_case("win-top", impact=5, ease=5),
        _use_case("major-ease", impact=4, ease=2),  # score 8 < 10
        _use_case("major-tie", impact=4, ease=2),
    ]
    ids = prioritize(cases).ids()
    assert ids == [
        "win-top",
        "win-a",
        "win-b",
        "win-ease",
        "win-c",
        "major",
        "major-ease",
        "major-tie",
        "fill-in",
        "thankless",
        "unscored",
    ]


def test_order_breaks_equal_scores_by_ease() -> None:
    cases = [_use_case("a", impact=4, ease=3), _use_case("b", impact=3, ease=4)]  # both score 12
    assert prioritize(cases).ids() == ["b", "a"]


def test_example_priorities(portal: jk.Program) -> None:
    priorities = prioritize(portal)
    assert isinstance(priorities, Priorities)
    assert [(row.id, row.quadrant) for row in priorities] == [
        ("guided-onboarding", "quick win"),
        ("online-application", "quick win"),
        ("portal-support", "quick win"),
        ("online-deal-registration", "major project"),
        ("certification", "major project"),
        ("lead-distribution", "major project"),
        ("asset-library", "fill-in"),
        ("mdf-requests", "thankless task"),
    ]
    # Every use case of the example has a process, sponsor, champion and metric.
    assert priorities.ready() == priorities.ids()
    assert "quick win" in str(priorities)
    assert priorities.to_frame().shape == (8, 15)


def test_empty_priorities_keep_every_column() -> None:
    assert prioritize([]).to_frame().columns.tolist()[-2:] == ["ready", "missing"]


# -- select_pilot -------------------------------------------------------------


def _costed_program(efforts: dict[str, tuple[str, float | None]]) -> jk.Program:
    """One journey, one step per use case; each step needs one requirement.

    ``efforts`` maps a use case id to (status, effort) of its requirement.
    """
    steps = [jk.Step(id=f"s-{u}", name=u, requires=[f"r-{u}"]) for u in efforts]
    return jk.Program(
        name="P",
        roles=[jk.Role(id="vp", name="VP")],
        journeys=[jk.Journey(id="j", name="J", stages=[jk.Stage(id="st", name="St", steps=steps)])],
        requirements=[
            jk.Requirement(id=f"r-{u}", title=u, status=status, effort=effort)
            for u, (status, effort) in efforts.items()
        ],
        use_cases=[
            _use_case(u, impact=3, ease=3, process="p", sponsor="vp", champion="vp", covers=[f"step:j/s-{u}"])
            for u in efforts
        ],
        metrics=[jk.Metric(id="m", name="M", measures=[f"use_case:{u}" for u in efforts])],
    )


def test_budget_zero_takes_only_what_needs_no_effort() -> None:
    program = _costed_program(
        {
            "done": ("available", 9.0),  # available: nothing left to do
            "unestimated": ("missing", None),  # no estimate counts 0
            "free": ("partial", 0.0),
            "costly": ("missing", 5.0),
        }
    )
    pilot = select_pilot(program, budget=0)
    assert pilot.use_cases == ("done", "unestimated", "free")
    assert pilot.effort == 0
    assert pilot.requirements == ("r-free", "r-unestimated")
    assert select_pilot(program, budget=5).use_cases == ("done", "unestimated", "free", "costly")


def test_shared_requirements_count_once() -> None:
    steps = [jk.Step(id=f"s{i}", name="S", requires=["shared"]) for i in range(2)]
    program = jk.Program(
        name="P",
        journeys=[jk.Journey(id="j", name="J", stages=[jk.Stage(id="st", name="St", steps=steps)])],
        requirements=[jk.Requirement(id="shared", title="Shared", effort=10)],
        use_cases=[
            _use_case("a", impact=2, covers=["step:j/s0"]),
            _use_case("b", impact=2, covers=["step:j/s1"]),
        ],
    )
    pilot = select_pilot(program, budget=10, require_ready=False)
    assert pilot.use_cases == ("a", "b")
    assert pilot.effort == 10
    assert pilot.total_impact == 4
    assert select_pilot(program, budget=10).use_cases == ()  # neither is ready


@pytest.mark.parametrize("budget", [-1, -0.5, math.nan])
def test_bad_budget(budget: float) -> None:
    with pytest.raises(ValueError, match="budget"):
        select_pilot(jk.Program(name="P"), budget=budget)


def test_example_pilot(portal: jk.Program) -> None:
    # Impact 8 fits in 60 person-days three ways; the greatest total ease wins.
    pilot = select_pilot(portal, budget=60)
    assert pilot.use_cases == ("asset-library", "mdf-requests", "portal-support")
    assert (pilot.total_impact, pilot.total_ease, pilot.effort, pilot.budget) == (8, 10, 60.0, 60.0)
    assert pilot.requirements == tuple(derive_requirements(portal, use_cases=list(pilot.use_cases)).ids())
    text = str(pilot)
    assert "impact 8" in text
    assert "- portal-support" in text
    assert "partner-sso" in text
    html = pilot._repr_html_()
    assert "<li>portal-support</li>" in html
    assert html.startswith("<div>")
    assert "no use case fits" in str(select_pilot(portal, budget=0))


def test_inputs_are_unchanged(portal: jk.Program) -> None:
    before = portal.model_dump()
    prioritize(portal)
    select_pilot(portal, budget=100)
    assert portal.model_dump() == before


def _brute_force(program: jk.Program, budget: float, require_ready: bool) -> tuple[int, int, tuple[str, ...]]:
    """The best (impact, ease, sorted ids) over every subset, derived independently."""
    ready = {row.id for row in prioritize(program) if row.ready}
    candidates = [u for u in program.use_cases if u.id in ready or not require_ready]
    needs = {u.id: set(derive_requirements(program, use_cases=[u.id]).ids()) for u in candidates}
    effort = {r.id: r.effort or 0.0 for r in program.requirements}
    best: tuple[int, int, tuple[str, ...]] = (0, 0, ())
    for size in range(1, len(candidates) + 1):
        for subset in combinations(candidates, size):
            union: set[str] = set().union(*(needs[u.id] for u in subset))
            if math.fsum(effort[r] for r in union) > budget:
                continue
            impact = sum(u.impact or 0 for u in subset)
            ease = sum(u.ease or 0 for u in subset)
            ids = tuple(sorted(u.id for u in subset))
            if (impact, ease) > best[:2] or ((impact, ease) == best[:2] and ids < best[2]):
                best = (impact, ease, ids)
    return best


def _check_against_brute_force(program: jk.Program, budget: float, require_ready: bool) -> None:
    pilot = select_pilot(program, budget=budget, require_ready=require_ready)
    impact, ease, ids = _brute_force(program, budget, require_ready)
    assert (pilot.total_impact, pilot.total_ease, tuple(sorted(pilot.use_cases))) == (impact, ease, ids)
    assert pilot.effort <= budget
    effort = {r.id: r.effort or 0.0 for r in program.requirements}
    assert pilot.effort == math.fsum(effort[r] for r in pilot.requirements)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    program=programs(max_journeys=2, max_steps=3, max_requirements=5),
    budget=st.floats(0, 2e6, allow_nan=False),
    require_ready=st.booleans(),
)
def test_select_pilot_equals_brute_force_on_generated_programmes(
    program: jk.Program, budget: float, require_ready: bool
) -> None:
    _check_against_brute_force(program, budget, require_ready)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_select_pilot_equals_brute_force_on_the_example_with_random_efforts(
    portal: jk.Program, data: st.DataObject
) -> None:
    # The example's use cases share requirements heavily, which is what makes
    # pilot selection more than a knapsack; vary efforts, scores and budget.
    requirements = [
        r.model_copy(update={"effort": data.draw(st.none() | st.integers(0, 30).map(float))})
        for r in portal.requirements
    ]
    use_cases = [
        u.model_copy(
            update={"impact": data.draw(st.none() | st.integers(1, 5)), "ease": data.draw(st.integers(1, 5))}
        )
        for u in portal.use_cases
    ]
    program = portal.model_copy(update={"requirements": tuple(requirements), "use_cases": tuple(use_cases)})
    budget = data.draw(st.integers(0, 250).map(float))
    _check_against_brute_force(program, budget, data.draw(st.booleans()))


def test_pilot_is_a_frozen_value() -> None:
    pilot = Pilot(("a",), 1, 1, 0.0, 0.0, ())
    with pytest.raises(AttributeError):
        pilot.budget = 1.0  # type: ignore[misc]


@st.composite
def _shared_programs(draw: st.DrawFn) -> tuple[jk.Program, float]:
    """Up to 7 use cases over up to 6 steps needing overlapping sets of up to 6 requirements."""
    n_req = draw(st.integers(1, 6))
    requirements = [
        jk.Requirement(
            id=f"r{i}",
            title=f"R{i}",
            status=draw(st.sampled_from(["missing", "partial", "available"])),
            effort=draw(st.none() | st.integers(0, 20)),
            depends_on=[f"r{k}" for k in range(i) if draw(st.booleans()) and k % 3 == 0],
        )
        for i in range(n_req)
    ]
    req_ids = [r.id for r in requirements]
    steps = [
        jk.Step(id=f"s{i}", name="S", requires=draw(st.lists(st.sampled_from(req_ids), unique=True)))
        for i in range(draw(st.integers(1, 6)))
    ]
    step_refs = [f"step:j/{s.id}" for s in steps]
    use_cases = [
        _use_case(
            f"u{i}",
            impact=draw(st.none() | st.integers(1, 5)),
            ease=draw(st.none() | st.integers(1, 5)),
            covers=draw(st.lists(st.sampled_from(step_refs), unique=True, max_size=3)),
        )
        for i in range(draw(st.integers(0, 7)))
    ]
    program = jk.Program(
        name="P",
        journeys=[jk.Journey(id="j", name="J", stages=[jk.Stage(id="st", name="St", steps=steps)])],
        requirements=requirements,
        use_cases=use_cases,
    )
    return program, float(draw(st.integers(0, 60)))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=_shared_programs())
def test_select_pilot_equals_brute_force_with_shared_requirements(case: tuple[jk.Program, float]) -> None:
    program, budget = case
    _check_against_brute_force(program, budget, require_ready=False)


# -- reach and weighing by share ------------------------------------------------


def _reach_oracle(program: jk.Program) -> dict[str, float | None]:
    """use case -> summed share of the personas performing the steps it covers, read off the graph."""
    graph = program.graph()
    shares = {p.id: p.share for p in program.personas if p.share is not None}
    reach: dict[str, float | None] = {}
    for case in program.use_cases:
        steps: set[str] = set()
        for _, target, relation in graph.out_edges(f"use_case:{case.id}", keys=True):
            if relation != "covers":
                continue
            if target.startswith("journey:"):  # a journey covers its steps: journey -> stage -> step
                steps |= {s for stage in graph.successors(target) for s in graph.successors(stage)}
            else:
                steps.add(target)
        personas = {
            u.split(":", 1)[1]
            for step in steps
            for u, _, relation in graph.in_edges(step, keys=True)
            if relation == "performs"
        }
        known = [shares[p] for p in personas if p in shares]
        reach[case.id] = math.fsum(known) if known else None
    return reach


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programs(max_journeys=3, max_steps=3, max_requirements=4))
def test_reach_of_a_use_case_sums_the_shares_of_the_personas_it_serves(program: jk.Program) -> None:
    expected = _reach_oracle(program)
    for row in prioritize(program):
        if expected[row.id] is None:
            assert row.reach is None
        else:
            assert row.reach is not None
            assert 0 <= row.reach <= 1
            assert row.reach == pytest.approx(expected[row.id], abs=1e-6)
        assert row.weighted_score is None


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programs(max_journeys=3, max_steps=3, max_requirements=4))
def test_weighing_by_share_reorders_within_quadrants_only(program: jk.Program) -> None:
    plain, weighed = prioritize(program), prioritize(program, weigh_by_share=True)
    assert sorted(plain.ids()) == sorted(weighed.ids())
    assert [r.quadrant for r in weighed] == [r.quadrant for r in plain]  # quadrants do not move
    for row in weighed:
        if row.score is None or row.reach is None:
            assert row.weighted_score is None
        else:
            assert row.weighted_score == pytest.approx(row.score * row.reach, abs=1e-6)
    for first, second in pairwise(weighed):
        if first.quadrant == second.quadrant and second.weighted_score is not None:
            assert first.weighted_score is not None  # those with a weighted score come first
            assert first.weighted_score >= second.weighted_score
    # without shares there is nothing to weigh: the order, and every other field, stay
    personas = tuple(p.model_copy(update={"share": None}) for p in program.personas)
    bare = program.model_copy(update={"personas": personas})
    assert list(prioritize(bare, weigh_by_share=True)) == [
        dataclasses.replace(row, reach=None) for row in plain
    ]
    assert prioritize(bare)._shown() == Priorities.display_columns


def test_weighing_needs_the_programme(portal: jk.Program) -> None:
    with pytest.raises(ValueError, match="weigh_by_share needs the programme"):
        prioritize(portal.use_cases, weigh_by_share=True)
    weighed = prioritize(portal.use_cases, program=portal, weigh_by_share=True)
    assert weighed == prioritize(portal, weigh_by_share=True)


def test_the_example_weighed_by_share(portal: jk.Program) -> None:
    # Shares: sales manager 0.5, marketing manager 0.35, senior executive 0.1. Certification
    # covers complete-training (sales and marketing managers): 0.85, 8 x 0.85 = 6.8. Online deal
    # registration covers deal-registration-future (sales managers; review-pipeline the
    # executives): 0.6, 10 x 0.6 = 6.0. Lead distribution: receive-lead, sales managers: 8 x 0.5 = 4.
    weighed = prioritize(portal, weigh_by_share=True)
    major = [(r.id, r.reach, r.weighted_score) for r in weighed if r.quadrant == "major project"]
    assert major == [
        ("certification", 0.85, 6.8),
        ("online-deal-registration", 0.6, 6.0),
        ("lead-distribution", 0.5, 4.0),
    ]
    headers = re.split(r"\s{2,}", str(weighed).splitlines()[1])
    assert headers[headers.index("score") + 1 : headers.index("score") + 3] == ["reach", "weighted score"]
    assert "weighted score" not in re.split(r"\s{2,}", str(prioritize(portal)).splitlines()[1])


def test_reach_counts_each_persona_once_and_skips_those_without_a_share() -> None:
    steps = [
        jk.Step(id="a", name="A", personas=["p", "q"]),
        jk.Step(id="b", name="B", personas=["q", "r"]),
        jk.Step(id="c", name="C"),  # the journey's personas: p
    ]
    program = jk.Program(
        name="P",
        personas=[
            jk.Persona(id="p", name="P", share=0.25),
            jk.Persona(id="q", name="Q", share=0.5),
            jk.Persona(id="r", name="R"),
        ],
        journeys=[
            jk.Journey(id="j", name="J", personas=["p"], stages=[jk.Stage(id="s", name="S", steps=steps)])
        ],
        use_cases=[
            _use_case("all", impact=3, ease=3, covers=["journey:j", "step:j/a"]),
            _use_case("shared", impact=3, ease=4, covers=["step:j/b"]),
            _use_case("alone", impact=3, ease=3, covers=["step:j/c"]),
            _use_case("none", impact=5, ease=5),
        ],
    )
    rows = {row.id: row for row in prioritize(program, weigh_by_share=True)}
    assert {u: rows[u].reach for u in rows} == {"all": 0.75, "shared": 0.5, "alone": 0.25, "none": None}
    # 9 x 0.75 = 6.75 before 12 x 0.5 = 6, before 9 x 0.25; unweighed, "none" (25) would lead
    assert prioritize(program, weigh_by_share=True).ids() == ["all", "shared", "alone", "none"]
    assert prioritize(program).ids() == ["none", "shared", "all", "alone"]
