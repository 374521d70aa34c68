"""What the event log says, drawn on the designed journey: map and blueprint lanes, the flow graph."""

from __future__ import annotations

import re

import pygraphviz
import pytest
from matplotlib.patches import Rectangle

import journeykit as jk
from journeykit.analytics import conformance, funnel
from journeykit.render.flow import DEVIATION
from journeykit.testing import synthetic_events

from ._figures import overlaps as _overlaps
from ._figures import texts as _texts


@pytest.fixture(scope="module")
def onboarding() -> tuple[jk.Program, jk.Journey, jk.analytics.Funnel, jk.analytics.Conformance]:
    portal = jk.example()
    journey = portal.journey("onboarding-future")
    events = synthetic_events(portal, journey.id, cases=400, seed=3)
    return portal, journey, funnel(events, journey), conformance(events, journey)


def _bars(fig: object) -> dict[str, float]:
    return {
        patch.get_label().removeprefix("reach:"): patch.get_width()
        for ax in fig.axes  # type: ignore[attr-defined]
        for patch in ax.patches
        if isinstance(patch, Rectangle) and patch.get_label().startswith("reach:")
    }


@pytest.mark.parametrize("view", [jk.render.journey_map, jk.render.blueprint])
def test_each_step_shows_its_reach_loss_and_wait(view: object, onboarding: tuple) -> None:  # type: ignore[type-arg]
    portal, journey, observed, _ = onboarding
    fig = view(journey, program=portal, funnel=observed)  # type: ignore[operator]
    drawn = " ".join(" ".join(_texts(fig)).split())
    assert "Observed" in _texts(fig)
    bars = _bars(fig)
    widest = max(bars.values())
    for step in journey.steps:
        row = observed.step(step.id)
        assert f"{int(row['reached']):,} cases ({row['share_of_start']:.0%} of all)" in drawn
        if int(row["dropped"]):
            assert f"lost {int(row['dropped']):,} since previous" in drawn
        # bars are as long as the share of all cases: the first step, reached by all, is the widest
        assert bars[step.id] == pytest.approx(widest * row["share_of_start"])
    assert _overlaps(fig) == []


def test_without_events_there_is_no_observed_lane(onboarding: tuple) -> None:  # type: ignore[type-arg]
    portal, journey, _, _ = onboarding
    assert "Observed" not in _texts(jk.render.journey_map(journey, program=portal))
    assert "Observed" not in _texts(jk.render.blueprint(journey, program=portal))


def test_a_segmented_funnel_is_refused(onboarding: tuple) -> None:  # type: ignore[type-arg]
    portal, journey, _, _ = onboarding
    events = synthetic_events(portal, journey.id, cases=50, seed=1)
    by_persona = funnel(events, journey, persona="persona", segment="persona")
    for view in (jk.render.journey_map, jk.render.blueprint):
        with pytest.raises(jk.ArgumentError, match="without segment="):
            view(journey, funnel=by_persona)


def test_a_split_conformance_is_drawn_one_persona_at_a_time(onboarding: tuple) -> None:  # type: ignore[type-arg]
    portal, journey, _, _ = onboarding
    events = synthetic_events(portal, journey.id, cases=80, seed=1)
    by_persona = conformance(events, journey, persona="persona", segment="persona")
    with pytest.raises(jk.ArgumentError, match=r"conformance=result.for_segment\(value\)"):
        jk.render.flow(journey, conformance=by_persona)
    persona = str(by_persona.segments["segment"].dropna().iloc[0])
    one = by_persona.for_segment(persona)
    drawn = jk.render.flow(journey, conformance=one).source
    # The persona's own counts label the edges, not the counts of everyone.
    labels = {int(n) for n in re.findall(r"-> n\d+ \[label=(\d+)", drawn)}
    assert labels == set(one.transitions.loc[one.transitions["allowed"], "count"].astype(int))


def _graph(dot: object) -> pygraphviz.AGraph:
    return pygraphviz.AGraph(string=dot.source)  # type: ignore[attr-defined]


def test_the_flow_draws_the_design_and_labels_what_cases_did(onboarding: tuple) -> None:  # type: ignore[type-arg]
    _, journey, _, observed = onboarding
    graph = _graph(jk.render.flow(journey, conformance=observed))
    labels = {n: graph.get_node(n).attr["label"] for n in graph.nodes()}
    assert sorted(labels.values()) == sorted(s.name for s in journey.steps)
    by_name = {label: node for node, label in labels.items()}
    node = {s.id: by_name[s.name] for s in journey.steps}
    taken = {(r.source, r.target): r.count for r in observed.transitions.itertuples(index=False)}
    designed = {(s.id, t) for s in journey.steps for t in journey.successors(s.id)}
    for source, target in designed:
        edge = graph.get_edge(node[source], node[target])
        assert edge.attr["label"] == f"{taken.get((source, target), 0):,}"
    red = [e for e in graph.edges() if e.attr["color"] == DEVIATION]
    assert len(red) == len(observed.disallowed)
    # colour is not the only carrier: a move off the design is bold and says so in words
    assert all(e.attr["style"] == "bold" and e.attr["label"].endswith(" off design") for e in red)


def test_deviations_below_the_threshold_are_left_out_and_unseen_steps_are_pale() -> None:
    journey = jk.Journey(
        id="j",
        name="J",
        stages=[jk.Stage(id="s", name="S", steps=[jk.Step(id=x, name=x.upper()) for x in "abcd"])],
    )
    import pandas as pd

    log = pd.DataFrame(
        {
            "case:concept:name": ["1", "1", "2", "2", "3", "3"],
            "concept:name": ["a", "c", "a", "c", "a", "b"],
            "time:timestamp": pd.to_datetime(["2026-01-01 10:00", "2026-01-01 11:00"] * 3),
        }
    )
    observed = conformance(log, journey)
    graph = _graph(jk.render.flow(journey, conformance=observed, min_count=2))
    red = [e for e in graph.edges() if e.attr["color"] == DEVIATION]
    assert [
        (graph.get_node(e[0]).attr["label"], graph.get_node(e[1]).attr["label"], e.attr["label"]) for e in red
    ] == [("A", "C", "2 off design")]
    assert (
        len(
            [
                e
                for e in _graph(jk.render.flow(journey, conformance=observed, min_count=3)).edges()
                if e.attr["color"] == DEVIATION
            ]
        )
        == 0
    )
    pale = [n for n in graph.nodes() if "dashed" in graph.get_node(n).attr["style"]]
    assert [graph.get_node(n).attr["label"] for n in pale] == ["D"]
    with pytest.raises(jk.ArgumentError, match="not 'other'"):
        jk.render.flow(journey.model_copy(update={"id": "other"}), conformance=observed)


@pytest.mark.parametrize(
    "text", ['a "quote"', "back\\slash", "<b>bold</b>", "line\nbreak", "{curly} [square]"]
)
def test_hostile_step_names_stay_labels(text: str) -> None:
    journey = jk.Journey(
        id="j",
        name=text,
        stages=[jk.Stage(id="s", name=text, steps=[jk.Step(id="a", name=text), jk.Step(id="b", name="B")])],
    )
    graph = _graph(jk.render.flow(journey))
    assert sorted(graph.nodes()) == ["n1", "n2"]
    assert str(graph.get_node("n1").attr["label"]).replace("\\\\", "\\") == text
