"""Lookups over a programme that every analysis needs, built once per programme."""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from journeykit.journeys import Journey, Requirement
    from journeykit.program import Program

__all__ = ["ProgramIndex", "StepInfo", "index"]

Key = tuple[str, str]  # (journey id, step id)

#: Decimals a reach (a summed share) is rounded to.
REACH_DIGITS = 6


@dataclass(frozen=True)
class StepInfo:
    """What a result row says about a step, worked out once."""

    rank: int  # programme order of the step
    stage_rank: int  # programme order of its stage
    journey: str
    ref: str  # JOURNEY/STEP
    stage_ref: str  # JOURNEY/STAGE
    personas: tuple[str, ...]  # who takes it (the journey's personas when the step names none)
    use_cases: frozenset[str]  # the use cases that cover it, directly or through its journey


class ProgramIndex:
    """Id lookups, step facts and use-case coverage of one programme."""

    def __init__(self, program: Program) -> None:
        self.requirements: dict[str, Requirement] = {r.id: r for r in program.requirements}
        self.journeys: dict[str, Journey] = {j.id: j for j in program.journeys}
        self.channel_of: dict[str, str] = {tp.id: tp.channel for tp in program.touchpoints}
        self.persona_ids = {p.id for p in program.personas}
        #: persona id -> share, for the personas that declare one
        self.shares: dict[str, float] = {p.id: p.share for p in program.personas if p.share is not None}
        self.use_case_ids = {u.id for u in program.use_cases}
        self.stage_ids: set[str] = set()
        coverage: dict[Key, set[str]] = {}
        for use_case in program.use_cases:
            for ref in use_case.covers:
                kind, _, ident = ref.partition(":")
                if kind == "journey":
                    keys: list[Key] = [(ident, s.id) for s in self.journeys[ident].steps]
                else:
                    journey_id, _, step_id = ident.partition("/")
                    keys = [(journey_id, step_id)]
                for key in keys:
                    coverage.setdefault(key, set()).add(use_case.id)
        #: every step, in programme order; a step's rank is its position here
        self.order: list[StepInfo] = []
        self.rank: dict[Key, int] = {}
        stage_rank = 0
        for journey in program.journeys:
            for stage in journey.stages:
                stage_rank += 1
                self.stage_ids.update((stage.id, f"{journey.id}/{stage.id}"))
                for step in stage.steps:
                    key = (journey.id, step.id)
                    self.rank[key] = len(self.order)
                    self.order.append(
                        StepInfo(
                            rank=len(self.order),
                            stage_rank=stage_rank,
                            journey=journey.id,
                            ref=f"{journey.id}/{step.id}",
                            stage_ref=f"{journey.id}/{stage.id}",
                            personas=step.personas or journey.personas,
                            use_cases=frozenset(coverage.get(key, ())),
                        )
                    )

        self._columns: dict[str, list[Any]] = {}

    def column(self, name: str) -> list[Any]:
        """One field of every step's ``StepInfo``, by rank (built on first use)."""
        values = self._columns.get(name)
        if values is None:
            values = self._columns[name] = [getattr(info, name) for info in self.order]
        return values

    def reach(self, personas: Iterable[str]) -> float | None:
        """The summed share of ``personas`` (each counted once); None when none of them declares one.

        Rounded to ``REACH_DIGITS`` decimals: shares are written with a few
        decimals, and their float sum should not print as 0.30000000000000004.
        """
        if not self.shares:
            return None
        shares = [self.shares[p] for p in set(personas) if p in self.shares]
        return round(math.fsum(shares), REACH_DIGITS) if shares else None

    def covered_by(self, use_case_ids: set[str]) -> set[Key]:
        """The (journey, step) keys the given use cases cover."""
        return {(f.journey, f.ref.split("/", 1)[1]) for f in self.order if f.use_cases & use_case_ids}


_LOCK = threading.Lock()
_RECENT: list[tuple[Program, ProgramIndex]] = []
#: How many programmes' indexes are kept (an index is about the size of its programme).
_KEEP = 4


def index(program: Program) -> ProgramIndex:
    """The index of ``program``, built on first use and kept for the last few programmes.

    Programmes are immutable, so an index never goes stale; it is found by
    identity, not equality, so an equal but separate programme gets its own.
    """
    with _LOCK:
        for known, built in _RECENT:
            if known is program:
                return built
    built = ProgramIndex(program)
    with _LOCK:
        _RECENT.insert(0, (program, built))
        del _RECENT[_KEEP:]
    return built
