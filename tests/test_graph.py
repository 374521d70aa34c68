"""The graph view: node kinds, relations and their counts, checked against the model itself."""

from __future__ import annotations

from collections import Counter

import networkx as nx
from hypothesis import given, settings

import journeykit as jk
from journeykit.graph import NODE_KINDS, RELATIONS
from journeykit.testing import programs


def _expected_relations(program: jk.Program) -> Counter[str]:
    """Edge counts per relation, computed straight from the model (the oracle)."""
    counts: Counter[str] = Counter()
    for journey in program.journeys:
        counts["has_stage"] += len(journey.stages)
        steps = journey.steps
        counts["has_step"] += len(steps)
        for i, step in enumerate(steps):
            if step.next is None:
                counts["next"] += 1 if i + 1 < len(steps) else 0
            else:
                counts["next"] += len(set(step.next))
            counts["performs"] += len(set(step.personas or journey.personas))
            counts["via"] += len(set(step.touchpoints))
            counts["requires"] += len(set(step.requires))
            counts["sub_journey"] += step.sub_journey is not None
            counts["replaces"] += step.replaces is not None
            counts["supported_by"] += len(step.actions)
            for action in step.actions:
                counts["triggers"] += len(set(action.triggers))
                counts["requires"] += len(set(action.requires))
                counts["owns"] += action.actor is not None
        counts["replaces"] += journey.replaces is not None
    for requirement in program.requirements:
        counts["depends_on"] += len(set(requirement.depends_on))
        counts["owns"] += requirement.owner is not None
    counts["covers"] += sum(len(set(u.covers)) for u in program.use_cases)
    counts["measures"] += sum(len(set(m.measures)) for m in program.metrics)
    return +counts


def _check(program: jk.Program) -> None:
    graph = program.graph()
    assert isinstance(graph, nx.MultiDiGraph)
    kinds = Counter(kind for _, kind in graph.nodes(data="kind"))
    assert set(kinds) <= set(NODE_KINDS)
    assert kinds["step"] == sum(len(j.steps) for j in program.journeys)
    assert kinds["action"] == sum(len(j.actions) for j in program.journeys)
    assert kinds["requirement"] == len(program.requirements)
    assert kinds["persona"] == len(program.personas)
    relations = Counter(rel for _, _, rel in graph.edges(data="relation"))
    assert relations == _expected_relations(program)
    for u, v, key, rel in graph.edges(keys=True, data="relation"):
        assert key == rel
        sources, targets = RELATIONS[rel]
        assert graph.nodes[u]["kind"] in sources, (u, rel, v)
        assert graph.nodes[v]["kind"] in targets, (u, rel, v)


def test_the_example_graph_matches_the_model(portal: jk.Program) -> None:
    _check(portal)


def test_the_example_uses_every_relation(portal: jk.Program) -> None:
    used = {rel for _, _, rel in portal.graph().edges(data="relation")}
    assert used == set(RELATIONS)


@settings(max_examples=60, deadline=None)
@given(programs())
def test_any_programme_graph_matches_its_model(program: jk.Program) -> None:
    _check(program)


def test_node_keys_are_namespaced_and_attributes_hold_the_fields(portal: jk.Program) -> None:
    graph = jk.to_networkx(portal)
    journey = portal.journeys[0]
    step = journey.steps[0]
    node = graph.nodes[f"step:{journey.id}/{step.id}"]
    assert node["kind"] == "step"
    assert node["name"] == step.name
    assert node["journey"] == journey.id
    assert node["emotion"] == step.emotion
    assert "actions" not in node  # children are nodes of their own
    assert graph.graph["name"] == portal.name


def test_the_graph_is_a_view_and_leaves_the_model_alone(portal: jk.Program) -> None:
    before = portal.model_dump()
    graph = portal.graph()
    graph.clear()
    assert portal.model_dump() == before
    assert portal.graph().number_of_nodes() > 0


def test_implicit_and_explicit_next_edges_are_marked() -> None:
    program = jk.Program(
        name="P",
        journeys=[
            jk.Journey(
                id="j",
                name="J",
                stages=[
                    jk.Stage(
                        id="s",
                        name="S",
                        steps=[
                            jk.Step(id="a", name="A"),
                            jk.Step(id="b", name="B", next=["a", "c"]),
                            jk.Step(id="c", name="C"),
                        ],
                    )
                ],
            )
        ],
    )
    edges = {(u, v): d["implicit"] for u, v, d in program.graph().edges(data=True) if d["relation"] == "next"}
    assert edges == {
        ("step:j/a", "step:j/b"): True,
        ("step:j/b", "step:j/a"): False,
        ("step:j/b", "step:j/c"): False,
    }
