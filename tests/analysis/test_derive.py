"""derive_requirements against an independent oracle: a walk over the networkx graph."""

from __future__ import annotations

import dataclasses
import math

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import journeykit as jk
from journeykit.testing import programs

LINKS = {"supported_by", "triggers", "requires", "depends_on"}


def _rule_applies(rule: jk.Rule, graph: nx.MultiDiGraph, step: str, action: str | None) -> bool:
    """The rule semantics, written again from the docs, over graph attributes."""
    when = rule.when
    if action is None and (when.lane or when.actor):
        return False
    if action is not None:
        data = graph.nodes[action]
        if when.lane and data["lane"] != when.lane:
            return False
        if when.actor and data["actor"] != when.actor:
            return False
    if when.persona and not graph.has_edge(f"persona:{when.persona}", step, "performs"):
        return False
    tags = graph.nodes[action or step]["tags"]
    if not set(when.tags) <= set(tags):
        return False
    if when.channel is not None:
        channels = {
            graph.nodes[t]["channel"] for _, t, rel in graph.out_edges(step, keys=True) if rel == "via"
        }
        if when.channel not in channels:
            return False
    return True


def _oracle(program: jk.Program, selected: list[str]) -> dict[str, set[str]]:
    """requirement id -> the selected steps (``JOURNEY/STEP``) that need it, by brute force."""
    graph = program.graph()
    needed: dict[str, set[str]] = {}
    for origin in selected:
        start = f"step:{origin}"
        # the steps the origin stands for: itself and every step of its sub-journeys
        steps, frontier = {start}, [start]
        while frontier:
            node = frontier.pop()
            for _, journey, rel in graph.out_edges(node, keys=True):
                if rel == "sub_journey":
                    for stage in graph.successors(journey):
                        for step in graph.successors(stage):
                            if graph.nodes[step]["kind"] == "step" and step not in steps:
                                steps.add(step)
                                frontier.append(step)
        reached: set[str] = set()
        for step in steps:
            reached |= {step} | nx.descendants(
                nx.subgraph_view(graph, filter_edge=lambda u, v, k: k in LINKS), step
            )
        roots = {n for n in reached if graph.nodes[n]["kind"] == "requirement"}
        for rule in program.rules:
            for step in steps:
                actions = [a for a in reached if graph.nodes[a]["kind"] == "action"]
                owner = {a: f"step:{graph.nodes[a]['journey']}/{graph.nodes[a]['step']}" for a in actions}
                hits = _rule_applies(rule, graph, step, None) or any(
                    _rule_applies(rule, graph, owner[a], a) for a in actions
                )
                if hits:
                    roots |= {f"requirement:{r}" for r in rule.requires}
        deps = nx.subgraph_view(graph, filter_edge=lambda u, v, k: k == "depends_on")
        for root in list(roots):
            roots |= nx.descendants(deps, root)
        for requirement in roots:
            needed.setdefault(requirement.split(":", 1)[1], set()).add(origin)
    return needed


def _all_steps(program: jk.Program) -> list[str]:
    return [f"{j.id}/{s.id}" for j in program.journeys for s in j.steps]


@settings(max_examples=120, deadline=None)
@given(programs(max_journeys=3, max_steps=3, max_requirements=6))
def test_derivation_is_sound_and_complete(program: jk.Program) -> None:
    backlog = jk.derive_requirements(program, include_available=True)
    oracle = _oracle(program, _all_steps(program))
    assert {row.requirement: set(row.steps) for row in backlog} == oracle


@settings(max_examples=80, deadline=None)
@given(programs(max_journeys=3, max_steps=3, max_requirements=6), st.data())
def test_a_journey_selection_matches_the_oracle_and_narrows(program: jk.Program, data: st.DataObject) -> None:
    if not program.journeys:
        return
    journey = data.draw(st.sampled_from(program.journeys))
    backlog = jk.derive_requirements(program, journey=journey.id, include_available=True)
    selected = [f"{journey.id}/{s.id}" for s in journey.steps]
    assert {row.requirement: set(row.steps) for row in backlog} == _oracle(program, selected)
    everything = set(jk.derive_requirements(program, include_available=True).ids())
    assert set(backlog.ids()) <= everything


@settings(max_examples=80, deadline=None)
@given(programs(max_journeys=3, max_steps=3, max_requirements=6))
def test_order_puts_prerequisites_first_and_waves_count_generations(program: jk.Program) -> None:
    before = program.model_dump()
    backlog = jk.derive_requirements(program, include_available=True)
    position = {rid: i for i, rid in enumerate(backlog.ids())}
    wave = {row.requirement: row.wave for row in backlog}
    for row in backlog:
        deps = program.requirement(row.requirement).depends_on
        for dep in deps:
            assert position[dep] < position[row.requirement]
        assert row.wave == (1 + max(wave[d] for d in deps) if deps else 0)
    assert program.model_dump() == before  # the analysis leaves its input alone


@settings(max_examples=60, deadline=None)
@given(programs(max_journeys=3, max_steps=3, max_requirements=6))
def test_leaving_out_available_keeps_the_rest_in_the_same_order(program: jk.Program) -> None:
    everything = jk.derive_requirements(program, include_available=True)
    open_work = jk.derive_requirements(program)
    assert open_work.ids() == [r.requirement for r in everything if r.status != "available"]


def _chain() -> jk.Program:
    return jk.Program(
        name="P",
        roles=[jk.Role(id="it", name="IT")],
        touchpoints=[jk.Touchpoint(id="web", name="Web", channel="portal")],
        requirements=[
            jk.Requirement(id="accounts", title="Accounts", status="available", effort=3),
            jk.Requirement(id="sso", title="SSO", effort=5, depends_on=["accounts"]),
            jk.Requirement(id="form", title="Form", effort=2, depends_on=["sso"]),
            jk.Requirement(id="docs", title="Docs", effort=1),
            jk.Requirement(id="unused", title="Unused", effort=9),
        ],
        rules=[jk.Rule(id="portal-sso", when=jk.Match(channel="portal"), requires=["sso"])],
        journeys=[
            jk.Journey(
                id="j",
                name="J",
                stages=[
                    jk.Stage(id="a", name="A", steps=[jk.Step(id="read", name="Read", requires=["docs"])]),
                    jk.Stage(
                        id="b",
                        name="B",
                        steps=[
                            jk.Step(
                                id="apply",
                                name="Apply",
                                touchpoints=["web"],
                                actions=[
                                    jk.Action(
                                        id="submit", name="Submit", lane="frontstage", requires=["form"]
                                    ),
                                ],
                            )
                        ],
                    ),
                ],
            )
        ],
    )


def test_a_worked_example() -> None:
    backlog = jk.derive_requirements(_chain())
    # accounts is available: left out, but it still makes sso wave 1 and form wave 2
    assert [(r.requirement, r.wave, r.critical) for r in backlog] == [
        ("docs", 0, False),
        ("sso", 1, True),
        ("form", 2, True),
    ]
    sso = backlog[1]
    assert sso.via == ("link", "portal-sso")
    assert sso.steps == ("j/apply",)
    assert sso.lanes == ("customer", "frontstage")
    assert sso.stages == ("j/b",)
    assert backlog[0].lanes == ("customer",)


def test_selections_narrow_by_stage_and_report_unknown_ids() -> None:
    program = _chain()
    assert jk.derive_requirements(program, stages=["a"]).ids() == ["docs"]
    assert jk.derive_requirements(program, stages=["j/b"]).ids() == ["sso", "form"]
    with pytest.raises(jk.UnknownReferenceError, match="did you mean 'j'"):
        jk.derive_requirements(program, journey="jj")


def test_conversions(portal: jk.Program) -> None:
    backlog = jk.derive_requirements(portal, journey="onboarding-future")
    frame = backlog.to_frame()
    assert list(frame["requirement"]) == backlog.ids()
    for column in (
        "requirement",
        "title",
        "wave",
        "critical",
        "status",
        "owner",
        "effort",
        "via",
        "steps",
        "stages",
        "journeys",
        "personas",
        "use_cases",
        "lanes",
    ):
        assert column in frame.columns
    assert backlog.to_csv().splitlines()[0].startswith("requirement,title,wave,critical")
    assert len(backlog.to_csv().splitlines()) == len(backlog) + 1
    assert backlog.to_markdown().count("\n") == len(backlog) + 2
    assert "<table>" in backlog._repr_html_()
    assert backlog.to_records()[0]["requirement"] == backlog[0].requirement


@settings(max_examples=60, deadline=None)
@given(programs(max_journeys=3, max_steps=3, max_requirements=6), st.data())
def test_narrowing_by_stage_or_persona_never_adds_a_requirement(
    program: jk.Program, data: st.DataObject
) -> None:
    everything = set(jk.derive_requirements(program, include_available=True).ids())
    stages = [f"{j.id}/{s.id}" for j in program.journeys for s in j.stages]
    if stages:
        some = data.draw(st.lists(st.sampled_from(stages), min_size=1, unique=True))
        narrow = set(jk.derive_requirements(program, stages=some, include_available=True).ids())
        assert narrow <= everything
        fewer = set(jk.derive_requirements(program, stages=some[:1], include_available=True).ids())
        assert fewer <= narrow
    if program.personas:
        persona = data.draw(st.sampled_from(program.personas)).id
        by_persona = set(jk.derive_requirements(program, personas=[persona], include_available=True).ids())
        assert by_persona <= everything


# -- reach: the summed share of the personas whose steps need a requirement ----------


def _shares(program: jk.Program) -> dict[str, float]:
    return {p.id: p.share for p in program.personas if p.share is not None}


def _without_shares(program: jk.Program) -> jk.Program:
    personas = tuple(p.model_copy(update={"share": None}) for p in program.personas)
    return program.model_copy(update={"personas": personas})


@settings(max_examples=100, deadline=None)
@given(programs(max_journeys=3, max_steps=3, max_requirements=6))
def test_reach_sums_the_shares_of_the_personas_whose_steps_need_it(program: jk.Program) -> None:
    graph = program.graph()
    performs = {(u, v) for u, v, relation in graph.edges(keys=True) if relation == "performs"}
    needed_by = _oracle(program, _all_steps(program))
    shares = _shares(program)
    for row in jk.derive_requirements(program, include_available=True):
        # the personas, from the oracle's steps and the graph's `performs` edges
        personas = {
            p
            for p in shares
            if any((f"persona:{p}", f"step:{s}") in performs for s in needed_by[row.requirement])
        }
        assert personas == {p for p in row.personas if p in shares}
        if not personas:
            assert row.reach is None
            continue
        assert row.reach is not None
        assert 0 <= row.reach <= 1
        assert row.reach == pytest.approx(math.fsum(shares[p] for p in personas), abs=1e-6)


@settings(max_examples=60, deadline=None)
@given(programs(max_journeys=3, max_steps=3, max_requirements=6), st.data())
def test_reach_follows_the_selection(program: jk.Program, data: st.DataObject) -> None:
    if not program.personas:
        return
    persona = data.draw(st.sampled_from(program.personas))
    shares = _shares(program)
    for row in jk.derive_requirements(program, personas=[persona.id]):
        assert persona.id in row.personas
        expected = [shares[p] for p in row.personas if p in shares]
        assert row.reach == (pytest.approx(math.fsum(expected), abs=1e-6) if expected else None)


@settings(max_examples=60, deadline=None)
@given(programs(max_journeys=3, max_steps=3, max_requirements=6))
def test_shares_change_nothing_but_reach(program: jk.Program) -> None:
    plain = _without_shares(program)
    backlog, before = jk.derive_requirements(program), jk.derive_requirements(plain)
    assert all(row.reach is None for row in before)
    assert list(before) == [dataclasses.replace(row, reach=None) for row in backlog]
    # without shares the table shows what it showed before reach existed
    assert before._shown() == jk.Backlog.display_columns
    assert "reach" not in before.to_markdown().splitlines()[0]
    if before:
        assert "reach" not in str(before).splitlines()[1].split()
    if any(row.reach is not None for row in backlog):
        assert "reach" in str(backlog).splitlines()[1].split()
