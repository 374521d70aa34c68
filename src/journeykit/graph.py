"""The programme as one directed graph (a networkx ``MultiDiGraph``).

Node keys are namespaced ids: ``persona:ID``, ``role:ID``, ``touchpoint:ID``,
``use_case:ID``, ``journey:ID``, ``requirement:ID``, ``metric:ID``, and, for
what lives inside a journey, ``stage:JOURNEY/ID``, ``step:JOURNEY/ID`` and
``action:JOURNEY/ID``. Every node has a ``kind`` attribute and the entity's
fields (children such as a journey's stages become nodes of their own, and
the id is the last part of the key; a role's or a requirement's own ``kind``
is ``role_kind`` or ``requirement_kind``). Nodes are in the programme's order.
Every edge has a ``relation`` attribute, also used as its multigraph key; see
``RELATIONS``. The graph's own attributes are the programme's ``name``,
``purpose``, ``description``, ``language`` and ``rules`` (a list of mappings,
as in a file), so that the graph holds the whole programme.

The graph is a derived view: the pydantic model is the source of truth.
"""

from __future__ import annotations

import functools
import itertools
import typing
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from journeykit._gc import gc_paused

if TYPE_CHECKING:
    from collections.abc import Iterator

    import networkx as nx

    from journeykit.journeys import Step
    from journeykit.program import Program

__all__ = ["NODE_KINDS", "RELATIONS", "to_networkx"]

#: Every node kind.
NODE_KINDS = (
    "persona",
    "role",
    "touchpoint",
    "use_case",
    "journey",
    "stage",
    "step",
    "action",
    "requirement",
    "metric",
)

#: Every edge relation: (relation, source kinds, target kinds).
RELATIONS = {
    "has_stage": (("journey",), ("stage",)),
    "has_step": (("stage",), ("step",)),
    "next": (("step",), ("step",)),
    "performs": (("persona",), ("step",)),
    "via": (("step",), ("touchpoint",)),
    "supported_by": (("step",), ("action",)),
    "triggers": (("action",), ("action",)),
    "requires": (("step", "action"), ("requirement",)),
    "depends_on": (("requirement",), ("requirement",)),
    "owns": (("role",), ("requirement", "action")),
    "covers": (("use_case",), ("journey", "step")),
    "measures": (("metric",), ("use_case", "journey", "stage", "step")),
    "sub_journey": (("step",), ("journey",)),
    "replaces": (("journey", "step"), ("journey", "step")),
}

_RELATION_ONLY = {relation: {"relation": relation} for relation in RELATIONS}

#: Fields that hold child entities: they become nodes and edges, not attributes.
_CHILDREN = {"id", "stages", "steps", "actions"}
_FIELDS: dict[type[BaseModel], tuple[str, ...]] = {}


@functools.cache
def _nested(cls: type[BaseModel]) -> tuple[str, ...]:
    """The fields of ``cls`` that hold a model (or ``None``), not a plain value."""

    def is_model(annotation: object) -> bool:
        return isinstance(annotation, type) and issubclass(annotation, BaseModel)

    return tuple(
        name
        for name, field in cls.model_fields.items()
        if name not in _CHILDREN
        and (is_model(field.annotation) or any(is_model(a) for a in typing.get_args(field.annotation)))
    )


def _attrs(kind: str, entity: BaseModel, **extra: Any) -> dict[str, Any]:
    cls = type(entity)
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = tuple(n for n in cls.model_fields if n not in _CHILDREN)
    attrs = {name: getattr(entity, name) for name in names}
    for name in _nested(cls):  # a model inside (a metric's `observe`): plain data, as in a file
        value = attrs[name]
        if value is not None:
            attrs[name] = value.model_dump(mode="json", exclude_none=True)
    if "kind" in attrs:  # a role's or a requirement's own kind: `kind` is the node's
        attrs[f"{kind}_kind"] = attrs.pop("kind")
    attrs["kind"] = kind
    attrs.update(extra)
    return attrs


def to_networkx(program: Program) -> nx.MultiDiGraph:
    """Build the graph of ``program``.

    Edges of the same relation between the same two nodes appear once.
    Time and memory are linear in the size of the programme.

    Examples
    --------
    >>> G = jk.to_networkx(jk.example())
    >>> G.nodes["persona:sales-manager"]["kind"]
    'persona'
    >>> sorted({rel for _, _, rel in G.edges(keys=True)}) == sorted(jk.graph.RELATIONS)
    True
    """
    import networkx as nx

    with gc_paused():
        graph = nx.MultiDiGraph(
            name=program.name,
            purpose=program.purpose,
            description=program.description,
            language=program.language,
            rules=[rule.model_dump(mode="json", exclude_defaults=True) for rule in program.rules],
        )
        return _build(program, graph)


def _build(program: Program, graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    # Nodes first, then edges, each streamed from the model: no list of a
    # million tuples is built in between.
    graph.add_nodes_from(_nodes(program))
    graph.add_edges_from(_edges(program))
    return graph


Node = tuple[str, dict[str, Any]]
Edge = tuple[str, str, str, dict[str, Any]]


def _nodes(program: Program) -> Iterator[Node]:
    for kind, items in (
        ("persona", program.personas),
        ("role", program.roles),
        ("touchpoint", program.touchpoints),
        ("use_case", program.use_cases),
    ):
        for item in items:
            yield f"{kind}:{item.id}", _attrs(kind, item)
    for journey in program.journeys:
        yield f"journey:{journey.id}", _attrs("journey", journey)
        for stage in journey.stages:
            yield f"stage:{journey.id}/{stage.id}", _attrs("stage", stage, journey=journey.id)
            for step in stage.steps:
                yield f"step:{journey.id}/{step.id}", _attrs("step", step, journey=journey.id, stage=stage.id)
                for action in step.actions:
                    yield (
                        f"action:{journey.id}/{action.id}",
                        _attrs("action", action, journey=journey.id, step=step.id),
                    )
    for req in program.requirements:
        yield f"requirement:{req.id}", _attrs("requirement", req)
    for metric in program.metrics:
        yield f"metric:{metric.id}", _attrs("metric", metric)


def _edge(u: str, v: str, relation: str, **attrs: Any) -> Edge:
    # networkx copies edge attributes into a dict of its own, so edges with
    # no attribute but the relation can all pass the same dict.
    return u, v, relation, ({"relation": relation, **attrs} if attrs else _RELATION_ONLY[relation])


def _edges(program: Program) -> Iterator[Edge]:
    for journey in program.journeys:
        jkey = f"journey:{journey.id}"
        if journey.replaces is not None:
            yield _edge(jkey, f"journey:{journey.replaces}", "replaces")
        order = [step.id for step in journey.steps]
        following = dict(itertools.pairwise(order))
        for s, stage in enumerate(journey.stages):
            stkey = f"stage:{journey.id}/{stage.id}"
            yield _edge(jkey, stkey, "has_stage", order=s)
            for k, step in enumerate(stage.steps):
                skey = f"step:{journey.id}/{step.id}"
                yield _edge(stkey, skey, "has_step", order=k)
                yield from _step_edges(journey.id, journey.personas, step, following.get(step.id))
                if step.replaces is not None:
                    yield _edge(skey, f"step:{journey.replaces}/{step.replaces}", "replaces")
                for action in step.actions:
                    akey = f"action:{journey.id}/{action.id}"
                    yield _edge(skey, akey, "supported_by")
                    for target in action.triggers:
                        yield _edge(akey, f"action:{journey.id}/{target}", "triggers")
                    for requirement in action.requires:
                        yield _edge(akey, f"requirement:{requirement}", "requires")
                    if action.actor is not None:
                        yield _edge(f"role:{action.actor}", akey, "owns")
    for req in program.requirements:
        rkey = f"requirement:{req.id}"
        for dependency in req.depends_on:
            yield _edge(rkey, f"requirement:{dependency}", "depends_on")
        if req.owner is not None:
            yield _edge(f"role:{req.owner}", rkey, "owns")
    for use_case in program.use_cases:
        for target in use_case.covers:
            yield _edge(f"use_case:{use_case.id}", target, "covers")
    for metric in program.metrics:
        for target in metric.measures:
            yield _edge(f"metric:{metric.id}", target, "measures")


def _step_edges(
    journey_id: str, journey_personas: tuple[str, ...], step: Step, following: str | None
) -> Iterator[Edge]:
    skey = f"step:{journey_id}/{step.id}"
    if step.next is None:
        if following is not None:  # by default a step leads to the next one in the journey
            yield _edge(skey, f"step:{journey_id}/{following}", "next", implicit=True)
    else:
        for target in step.next:
            yield _edge(skey, f"step:{journey_id}/{target}", "next", implicit=False)
    for persona in step.personas or journey_personas:
        yield _edge(f"persona:{persona}", skey, "performs")
    for touchpoint in step.touchpoints:
        yield _edge(skey, f"touchpoint:{touchpoint}", "via")
    for requirement in step.requires:
        yield _edge(skey, f"requirement:{requirement}", "requires")
    if step.sub_journey is not None:
        yield _edge(skey, f"journey:{step.sub_journey}", "sub_journey")
