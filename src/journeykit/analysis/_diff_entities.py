"""The entity half of a diff: the entities of two programmes, matched by kind and key, compared by field."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from journeykit.analysis.diff import KINDS, Change

if TYPE_CHECKING:
    from journeykit.program import Program

__all__ = ["entity_changes"]

#: Programme fields that hold entities; the others are the programme's own fields.
_LISTS = {
    "personas": "persona",
    "roles": "role",
    "touchpoints": "touchpoint",
    "use_cases": "use_case",
    "requirements": "requirement",
    "rules": "rule",
    "metrics": "metric",
}
#: The field of a nested entity that holds its children: compared as entities, never as a field.
_CHILDREN = {"journey": "stages", "stage": "steps", "step": "actions"}
#: The kind of the parent of a nested entity, and the change of parent a diff calls a move.
_PARENT = {"stage": "journey", "step": "stage", "action": "step"}
_MOVABLE = frozenset({"step", "action"})

Key = tuple[str | None, str]  # (journey, id); journey is None outside journeys


@dataclass(frozen=True)
class _Entity:
    fields: dict[str, Any]  # the JSON dump, children left out
    whole: dict[str, Any]  # the JSON dump, children included
    parent: Key | None  # the key of the stage or step holding it
    position: int  # 1 for the first among its siblings


def _entities(program: Program) -> dict[str, dict[Key, _Entity]]:
    """Kind -> key -> entity, in programme order."""
    found: dict[str, dict[Key, _Entity]] = {kind: {} for kind in KINDS}
    dump = program.model_dump(mode="json")
    own = {k: v for k, v in dump.items() if k not in _LISTS and k != "journeys"}
    found["program"][(None, "")] = _Entity(own, own, None, 1)
    for field, kind in _LISTS.items():
        for n, item in enumerate(dump[field], 1):
            found[kind][(None, item["id"])] = _Entity(item, item, None, n)
    for j, journey in enumerate(dump["journeys"], 1):
        jid = journey["id"]
        found["journey"][(None, jid)] = _nested(journey, "journey", None, j)
        for s, stage in enumerate(journey["stages"], 1):
            found["stage"][(jid, stage["id"])] = _nested(stage, "stage", (None, jid), s)
            for t, step in enumerate(stage["steps"], 1):
                found["step"][(jid, step["id"])] = _nested(step, "step", (jid, stage["id"]), t)
                for a, action in enumerate(step["actions"], 1):
                    found["action"][(jid, action["id"])] = _nested(action, "action", (jid, step["id"]), a)
    return found


def _nested(data: dict[str, Any], kind: str, parent: Key | None, position: int) -> _Entity:
    children = _CHILDREN.get(kind)
    fields = {k: v for k, v in data.items() if k != children}
    return _Entity(fields, data, parent, position)


def entity_changes(old: Program, new: Program) -> list[Change]:
    """Every entity added, removed, changed or moved, by kind, in the new programme's order."""
    before, after = _entities(old), _entities(new)
    changes: list[Change] = []
    for kind in KINDS:
        changes.extend(_kind_changes(kind, before, after))
    return changes


def _kind_changes(
    kind: str, before: dict[str, dict[Key, _Entity]], after: dict[str, dict[Key, _Entity]]
) -> Iterator[Change]:
    old, new = before[kind], after[kind]
    parent_kind = _PARENT.get(kind)
    moved_order = _reordered(old, new)
    for key, entity in new.items():
        journey, ident = key
        previous = old.get(key)
        if previous is None:
            # Added with its parent: the parent's ``after`` holds it whole.
            if parent_kind is None or entity.parent in before[parent_kind]:
                yield Change(kind, ident, "added", None, None, entity.whole, journey)
            continue
        for field, value in entity.fields.items():
            was = previous.fields.get(field)
            if was != value:
                yield Change(kind, ident, "changed", field, was, value, journey)
        if previous.parent != entity.parent and kind in _MOVABLE:
            assert previous.parent is not None
            assert entity.parent is not None
            yield Change(kind, ident, "moved", parent_kind, previous.parent[1], entity.parent[1], journey)
        elif key in moved_order:
            yield Change(kind, ident, "changed", "position", previous.position, entity.position, journey)
    for key, entity in old.items():
        if key not in new and (parent_kind is None or entity.parent in after[parent_kind]):
            yield Change(kind, key[1], "removed", None, entity.whole, None, key[0])


def _reordered(old: dict[Key, _Entity], new: dict[Key, _Entity]) -> set[Key]:
    """The fewest entities whose moves explain a new order of siblings that stayed with their parent.

    Within each parent, the siblings kept in place are a longest run whose old
    positions increase in the new order; every other sibling changed position.
    """
    groups: dict[Key | None, list[tuple[int, Key]]] = {}
    for key, entity in new.items():
        previous = old.get(key)
        if previous is not None and previous.parent == entity.parent:
            groups.setdefault(entity.parent, []).append((previous.position, key))
    moved: set[Key] = set()
    for siblings in groups.values():  # new order; each holds its old position
        kept = _longest_increasing([position for position, _key in siblings])
        moved.update(key for n, (_position, key) in enumerate(siblings) if n not in kept)
    return moved


def _longest_increasing(values: list[int]) -> set[int]:
    """Indexes of a longest strictly increasing subsequence of ``values`` (patience sorting)."""
    tails: list[int] = []  # values ending the best run of each length
    tail_index: list[int] = []
    previous: list[int] = [-1] * len(values)
    for n, value in enumerate(values):
        length = bisect_left(tails, value)
        if length == len(tails):
            tails.append(value)
            tail_index.append(n)
        else:
            tails[length] = value
            tail_index[length] = n
        previous[n] = tail_index[length - 1] if length else -1
    kept: set[int] = set()
    n = tail_index[-1] if tail_index else -1
    while n != -1:
        kept.add(n)
        n = previous[n]
    return kept
