"""The programme a journeykit graph holds (``to_networkx``, in reverse).

Every entity is a node whose attributes are its fields (see
``journeykit.graph``), so the programme is rebuilt from the nodes alone, in
their order; the edges repeat what the fields say.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from journeykit.exceptions import JourneyKitError, SchemaError
from journeykit.io._fields import field_kinds
from journeykit.journeys import Action, Journey, Requirement, Stage, Step, Touchpoint
from journeykit.personas import Persona
from journeykit.program import Metric, Program, Role, UseCase

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["program_from_graph"]

Loc = tuple[str | int, ...]

#: The model of each node kind, and the attributes that say where the node belongs.
_KINDS: dict[str, tuple[type[BaseModel], tuple[str, ...]]] = {
    "persona": (Persona, ()),
    "role": (Role, ()),
    "touchpoint": (Touchpoint, ()),
    "use_case": (UseCase, ()),
    "journey": (Journey, ()),
    "stage": (Stage, ("journey",)),
    "step": (Step, ("journey", "stage")),
    "action": (Action, ("journey", "step")),
    "requirement": (Requirement, ()),
    "metric": (Metric, ()),
}
_LISTS = {
    "persona": "personas",
    "role": "roles",
    "touchpoint": "touchpoints",
    "use_case": "use_cases",
    "journey": "journeys",
    "requirement": "requirements",
    "metric": "metrics",
}


class _NodeError(Exception):
    def __init__(self, node: str, message: str) -> None:
        super().__init__(message)
        self.node = node


def program_from_graph(graph: nx.Graph, *, display: str, graphml: bool) -> Program:
    """The programme ``graph`` holds; ``graphml`` when lists and mappings are JSON text.

    Raises a ``SchemaError`` naming the file and the node when the graph is
    not one journeykit wrote, or its attributes are not a valid programme.
    """
    try:
        data, where = _data(graph, graphml)
    except _NodeError as err:
        raise SchemaError(f"node {err.node!r}: {err}", file=display) from None
    try:
        return Program.model_validate(data)
    except ValidationError as err:
        raise _located(err, where, display) from None


def _decode(value: Any, kind: str, graphml: bool, node: str, name: str) -> Any:
    if not graphml or not isinstance(value, str):
        return value
    if kind in ("ids", "texts", "mapping") or (kind == "text" and value.startswith('"')):
        try:  # written as JSON text: a list, a mapping, or a text GraphML cannot hold as it is
            return json.loads(value)
        except ValueError:
            if kind == "text" or (kind == "mapping" and not value.startswith("{")):
                return value
            raise _NodeError(node, f"attribute {name!r} is not the JSON text of a list or mapping") from None
    return value


def _data(graph: nx.Graph, graphml: bool) -> tuple[dict[str, Any], dict[Loc, str]]:
    if not graph.is_directed():
        raise _NodeError("(graph)", "the graph is undirected; journeykit writes a directed multigraph")
    attrs = graph.graph
    if "name" not in attrs:
        raise _NodeError("(graph)", "the graph has no 'name': it is not a graph journeykit wrote")
    data: dict[str, Any] = {
        key: _decode(attrs[key], "text", graphml, "(graph)", key)
        for key in ("name", "purpose", "description", "language")
        if attrs.get(key) is not None
    }
    rules = attrs.get("rules", [])
    data["rules"] = _decode(rules, "ids", graphml, "(graph)", "rules")
    for name in _LISTS.values():
        data[name] = []
    where: dict[Loc, str] = {}
    journeys: dict[str, tuple[dict[str, Any], Loc]] = {}
    stages: dict[tuple[str, str], tuple[dict[str, Any], Loc]] = {}
    steps: dict[tuple[str, str], tuple[dict[str, Any], Loc]] = {}
    for node, node_attrs in graph.nodes(data=True):
        key = str(node)
        kind = node_attrs.get("kind")
        if kind not in _KINDS:
            found = "no 'kind' attribute" if kind is None else f"the kind {kind!r}"
            raise _NodeError(key, f"{found}; a journeykit graph's nodes are {', '.join(_KINDS)}")
        model, parents = _KINDS[kind]
        prefix, _, path = key.partition(":")
        if prefix != kind or not path:
            raise _NodeError(key, f"a {kind} node's key should be '{kind}:ID'")
        kinds = field_kinds(model)
        entity: dict[str, Any] = {"id": path.rpartition("/")[2]}
        for name, value in node_attrs.items():
            if name == "kind" or name in parents or value is None:
                continue
            field = "kind" if name == f"{kind}_kind" else name
            entity[field] = _decode(value, kinds.get(field, "text"), graphml, key, name)
        ids = [str(node_attrs.get(p, "")) for p in parents]
        loc: Loc
        if kind == "stage":
            journey, parent = _parent(journeys, ids[0], key, "journey")
            loc = (*parent, "stages", len(journey["stages"]))
            journey["stages"].append(entity)
            entity["steps"] = []
            stages[ids[0], entity["id"]] = entity, loc
        elif kind == "step":
            stage, parent = _parent(stages, (ids[0], ids[1]), key, "stage")
            loc = (*parent, "steps", len(stage["steps"]))
            stage["steps"].append(entity)
            entity["actions"] = []
            steps[ids[0], entity["id"]] = entity, loc
        elif kind == "action":
            step, parent = _parent(steps, (ids[0], ids[1]), key, "step")
            loc = (*parent, "actions", len(step["actions"]))
            step["actions"].append(entity)
        else:
            items = data[_LISTS[kind]]
            loc = (_LISTS[kind], len(items))
            items.append(entity)
            if kind == "journey":
                entity["stages"] = []
                journeys[entity["id"]] = entity, loc
        where[loc] = key
    return data, where


def _parent(
    known: dict[Any, tuple[dict[str, Any], Loc]], ident: Any, node: str, kind: str
) -> tuple[dict[str, Any], Loc]:
    found = known.get(ident)
    if found is None:
        shown = ident if isinstance(ident, str) else "/".join(ident)
        raise _NodeError(node, f"its {kind} {shown!r} is not a node before it")
    return found


def _located(err: ValidationError, where: dict[Loc, str], display: str) -> JourneyKitError:
    detail = err.errors(include_url=False, include_context=False)[0]
    loc = tuple(detail["loc"])
    for size in range(len(loc), -1, -1):
        if loc[:size] in where:
            rest = ".".join(str(part) for part in loc[size:])
            node = where[loc[:size]]
            return SchemaError(
                f"node {node!r}" + (f", attribute {rest}" if rest else "") + f": {detail['msg']}",
                file=display,
            )
    rest = ".".join(str(part) for part in loc)
    return SchemaError(
        f"graph attribute {rest}: {detail['msg']}" if rest else str(detail["msg"]), file=display
    )
