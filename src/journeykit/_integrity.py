"""Whole-programme validation: unique ids, resolvable references, no cycles.

Journey-local checks (stage, step and action ids, ``next`` and ``triggers``)
live on ``Journey``; this module checks what only the whole
programme can tell.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from graphlib import CycleError, TopologicalSorter
from typing import TYPE_CHECKING

from journeykit._errors import ErrorCollector, Loc

if TYPE_CHECKING:
    from journeykit.journeys import Journey, Step
    from journeykit.program import Program

__all__ = ["check_program", "find_cycle"]


def check_program(program: Program) -> None:
    """Raise a ``ValidationError`` listing every integrity problem of ``program``."""
    errors = ErrorCollector()
    known: dict[str, set[str]] = {}
    for kind, field in _TOP_LEVEL.items():
        items = getattr(program, field)
        known[kind] = {item.id for item in items}
        if len(known[kind]) != len(items):
            errors.unique(kind, (((field, i), item.id) for i, item in enumerate(items)))

    def ref(loc: Loc, target: str | None, kind: str, where: str) -> None:
        if target is not None:
            errors.reference(loc, target, known[kind], kind, where)

    _check_shares(program, errors)
    journeys = {j.id: j for j in program.journeys}
    for j, journey in enumerate(program.journeys):
        at = ("journeys", j)
        where = f"journey {journey.id!r}"
        for p, persona in enumerate(journey.personas):
            ref(at + ("personas", p), persona, "persona", where)
        if journey.replaces is not None and journey.replaces != journey.id:
            ref(at + ("replaces",), journey.replaces, "journey", where)
            replaced = journeys.get(journey.replaces)
            if replaced is not None:
                _check_step_replaces(errors, at, journey, replaced)
            if replaced is not None and replaced.state != "current":
                errors.add(
                    at + ("replaces",),
                    "invalid_replaces",
                    journey.replaces,
                    f"journey {journey.id!r} replaces {replaced.id!r}, which is a "
                    f"{replaced.state!r} journey; a future journey replaces a current one",
                )
        for s, stage in enumerate(journey.stages):
            for k, step in enumerate(stage.steps):
                if _step_resolves(step, known):
                    continue  # the common case: nothing to report, no location to build
                sat = at + ("stages", s, "steps", k)
                swhere = f"step {step.id!r} of journey {journey.id!r}"
                for p, persona in enumerate(step.personas):
                    ref(sat + ("personas", p), persona, "persona", swhere)
                for persona in step.emotions:
                    ref(sat + ("emotions", persona), persona, "persona", swhere)
                for t, touchpoint in enumerate(step.touchpoints):
                    ref(sat + ("touchpoints", t), touchpoint, "touchpoint", swhere)
                for r, requirement in enumerate(step.requires):
                    ref(sat + ("requires", r), requirement, "requirement", swhere)
                ref(sat + ("sub_journey",), step.sub_journey, "journey", swhere)
                for a, action in enumerate(step.actions):
                    aat = sat + ("actions", a)
                    awhere = f"action {action.id!r} of journey {journey.id!r}"
                    ref(aat + ("actor",), action.actor, "role", awhere)
                    for r, requirement in enumerate(action.requires):
                        ref(aat + ("requires", r), requirement, "requirement", awhere)

    for r, req in enumerate(program.requirements):
        if (req.owner is None or req.owner in known["role"]) and known["requirement"].issuperset(
            req.depends_on
        ):
            continue
        at = ("requirements", r)
        where = f"requirement {req.id!r}"
        ref(at + ("owner",), req.owner, "role", where)
        for d, dependency in enumerate(req.depends_on):
            ref(at + ("depends_on", d), dependency, "requirement", where)

    for r, rule in enumerate(program.rules):
        at = ("rules", r)
        where = f"rule {rule.id!r}"
        ref(at + ("when", "actor"), rule.when.actor, "role", where)
        ref(at + ("when", "persona"), rule.when.persona, "persona", where)
        for q, requirement in enumerate(rule.requires):
            ref(at + ("requires", q), requirement, "requirement", where)

    entity_refs = _Refs(program)
    for u, use_case in enumerate(program.use_cases):
        at = ("use_cases", u)
        where = f"use case {use_case.id!r}"
        ref(at + ("sponsor",), use_case.sponsor, "role", where)
        ref(at + ("champion",), use_case.champion, "role", where)
        for c, target in enumerate(use_case.covers):
            _check_ref(errors, at + ("covers", c), target, entity_refs, where, ("journey", "step"))
    for m, metric in enumerate(program.metrics):
        where = f"metric {metric.id!r}"
        for c, target in enumerate(metric.measures):
            _check_ref(
                errors,
                ("metrics", m, "measures", c),
                target,
                entity_refs,
                where,
                ("use_case", "journey", "stage", "step"),
            )
        if metric.observe is not None:
            for point in ("start", "end"):
                target = getattr(metric.observe, point)
                if target is not None:
                    loc = ("metrics", m, "observe", point)
                    _check_ref(errors, loc, target, entity_refs, where, ("stage", "step"))

    if not errors.errors:  # cycles only make sense once every reference resolves
        _check_cycles(program, errors)
    errors.raise_if_any("Program")


#: Shares are fractions written with a few decimals; their sum may miss 1 by rounding.
_SHARE_TOLERANCE = 1e-9


def _check_shares(program: Program, errors: ErrorCollector) -> None:
    """The shares of the personas are parts of one population: together at most 1.

    The problem is located at the share that takes the running sum past 1.
    """
    total = 0.0
    for p, persona in enumerate(program.personas):
        if persona.share is None:
            continue
        total += persona.share
        if total > 1 + _SHARE_TOLERANCE:
            shares = [(q.id, q.share) for q in program.personas if q.share is not None]
            listed = ", ".join(f"{ident} {share:g}" for ident, share in shares)
            overall = sum(share for _, share in shares)
            errors.add(
                ("personas", p, "share"),
                "share_sum",
                persona.share,
                f"the shares of the personas sum to {overall:g}, more than 1 ({listed}); a share is "
                "the part of the population a persona stands for, so lower the shares or leave some out",
            )
            return


def _check_step_replaces(errors: ErrorCollector, at: Loc, journey: Journey, replaced: Journey) -> None:
    """A step's ``replaces`` names a step of the journey its journey replaces."""
    old_steps = {step.id for step in replaced.steps}
    for s, stage in enumerate(journey.stages):
        for k, step in enumerate(stage.steps):
            if step.replaces is not None:
                errors.reference(
                    (*at, "stages", s, "steps", k, "replaces"),
                    step.replaces,
                    old_steps,
                    "step",
                    f"step {step.id!r} of journey {journey.id!r} (in journey {replaced.id!r})",
                )


def _step_resolves(step: Step, known: dict[str, set[str]]) -> bool:
    """Whether every reference of a step and its actions resolves (the fast path)."""
    requirements = known["requirement"]
    return (
        known["persona"].issuperset(step.personas)
        and known["persona"].issuperset(step.emotions)
        and known["touchpoint"].issuperset(step.touchpoints)
        and requirements.issuperset(step.requires)
        and (step.sub_journey is None or step.sub_journey in known["journey"])
        and all(
            (action.actor is None or action.actor in known["role"])
            and requirements.issuperset(action.requires)
            for action in step.actions
        )
    )


#: kind of entity (as messages name it) -> the Program field that holds them.
_TOP_LEVEL = {
    "persona": "personas",
    "role": "roles",
    "touchpoint": "touchpoints",
    "use case": "use_cases",
    "journey": "journeys",
    "requirement": "requirements",
    "rule": "rules",
    "metric": "metrics",
}


class _Refs:
    """Resolves refs ('journey:x', 'step:j/s', ...) against a programme."""

    def __init__(self, program: Program) -> None:
        self.use_cases = {u.id for u in program.use_cases}
        self.journeys = {j.id: j for j in program.journeys}

    def resolves(self, kind: str, ident: str) -> bool:
        if kind == "use_case":
            return ident in self.use_cases
        if kind == "journey":
            return ident in self.journeys
        journey_id, _, local = ident.partition("/")
        journey = self.journeys.get(journey_id)
        if journey is None:
            return False
        return any(item.id == local for item in (journey.stages if kind == "stage" else journey.steps))

    def every(self, kind: str) -> set[str]:
        """Every ref of ``kind`` there is (to suggest the closest one)."""
        if kind == "use_case":
            return {f"use_case:{u}" for u in self.use_cases}
        if kind == "journey":
            return {f"journey:{j}" for j in self.journeys}
        return {
            f"{kind}:{j.id}/{item.id}"
            for j in self.journeys.values()
            for item in (j.stages if kind == "stage" else j.steps)
        }


def _check_ref(
    errors: ErrorCollector,
    loc: Loc,
    target: str,
    refs: _Refs,
    where: str,
    allowed: Sequence[str],
) -> None:
    kind, _, ident = target.partition(":")
    scoped = kind in ("stage", "step")
    if kind in allowed and scoped != ("/" in ident):
        form = f"{kind}:JOURNEY/{kind.upper()}" if scoped else f"{kind}:ID"
        errors.add(loc, "invalid_reference", target, f"{where}: {target!r} should be written {form}")
        return
    if kind not in allowed:
        errors.add(
            loc,
            "invalid_reference",
            target,
            f"{where} cannot refer to a {kind}: {target!r}; "
            f"use one of {', '.join(k + ':...' for k in allowed)}",
        )
        return
    if not refs.resolves(kind, ident):
        errors.reference(loc, target, refs.every(kind), kind.replace("_", " "), where)


def find_cycle(edges: Mapping[str, Sequence[str]]) -> list[str] | None:
    """A cycle in the directed graph ``edges`` (node -> successors), or None.

    The cycle is returned as the list of its nodes, starting from the
    smallest so the report is stable.

    >>> find_cycle({"a": ["b"], "b": ["c"], "c": ["a"]})
    ['a', 'b', 'c']
    >>> find_cycle({"a": ["b"], "b": []}) is None
    True
    """
    # graphlib (standard library) sorts in linear time and names a cycle it
    # meets; it walks from a node to what depends on it, so the cycle comes
    # back reversed with respect to ``edges``.
    sorter: TopologicalSorter[str] = TopologicalSorter()
    for node in sorted(edges):
        sorter.add(node, *edges[node])
    try:
        sorter.prepare()
    except CycleError as err:
        cycle = list(reversed(err.args[1]))[:-1]
    else:
        return None
    start = cycle.index(min(cycle))
    return cycle[start:] + cycle[:start]


def _check_cycles(program: Program, errors: ErrorCollector) -> None:
    depends = {r.id: r.depends_on for r in program.requirements}
    cycle = find_cycle(depends)
    if cycle is not None:
        index = {r.id: i for i, r in enumerate(program.requirements)}
        head, succ = cycle[0], cycle[1 % len(cycle)]
        loc = ("requirements", index[head], "depends_on", depends[head].index(succ))
        errors.add(
            loc,
            "dependency_cycle",
            head,
            "requirements depend on each other in a cycle: "
            + " -> ".join(cycle + [head])
            + "; remove one of these depends_on links",
        )
    contains: dict[str, list[str]] = {}
    where_sub: dict[tuple[str, str], Loc] = {}
    for j, journey in enumerate(program.journeys):
        contains[journey.id] = []
        for s, stage in enumerate(journey.stages):
            for k, step in enumerate(stage.steps):
                if step.sub_journey is not None:
                    contains[journey.id].append(step.sub_journey)
                    where_sub.setdefault(
                        (journey.id, step.sub_journey),
                        ("journeys", j, "stages", s, "steps", k, "sub_journey"),
                    )
    cycle = find_cycle(contains)
    if cycle is not None:
        head, succ = cycle[0], cycle[1 % len(cycle)]
        errors.add(
            where_sub[(head, succ)],
            "dependency_cycle",
            succ,
            "journeys contain each other as sub-journeys: "
            + " -> ".join(cycle + [head])
            + "; a sub-journey cannot lead back to its parent",
        )
