"""Lookups over a programme that every analysis needs, built once per programme."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from journeykit.journeys import Journey, Requirement
    from journeykit.program import Program

__all__ = ["ProgramIndex", "StepInfo", "index"]

Key = tuple[str, str]  # (journey id, step id)


@dataclass(frozen=True)
class StepInfo:
    """What a result row says about a step, worked out once."""

    rank: int  # programme order of the step
    stage_rank: int  # programme order of its stage
    ref: str  # JOURNEY/STEP
    stage_ref: str  # JOURNEY/STAGE
    personas: tuple[str, ...]  # who takes it (the journey's personas when the step names none)


class ProgramIndex:
    """Id lookups, step facts and use-case coverage of one programme."""

    def __init__(self, program: Program) -> None:
        self.requirements: dict[str, Requirement] = {r.id: r for r in program.requirements}
        self.journeys: dict[str, Journey] = {j.id: j for j in program.journeys}
        self.channel_of: dict[str, str] = {tp.id: tp.channel for tp in program.touchpoints}
        self.persona_ids = {p.id for p in program.personas}
        self.use_case_ids = {u.id for u in program.use_cases}
        self.stage_ids: set[str] = set()
        self.steps: dict[Key, StepInfo] = {}
        stage_rank = 0
        for journey in program.journeys:
            for stage in journey.stages:
                stage_rank += 1
                self.stage_ids.update((stage.id, f"{journey.id}/{stage.id}"))
                for step in stage.steps:
                    self.steps[(journey.id, step.id)] = StepInfo(
                        rank=len(self.steps),
                        stage_rank=stage_rank,
                        ref=f"{journey.id}/{step.id}",
                        stage_ref=f"{journey.id}/{stage.id}",
                        personas=step.personas or journey.personas,
                    )
        #: (journey, step) -> ids of the use cases covering it, directly or by its journey
        self.coverage: dict[Key, set[str]] = {}
        for use_case in program.use_cases:
            for ref in use_case.covers:
                kind, _, ident = ref.partition(":")
                if kind == "journey":
                    keys: list[Key] = [(ident, s.id) for s in self.journeys[ident].steps]
                else:
                    journey_id, _, step_id = ident.partition("/")
                    keys = [(journey_id, step_id)]
                for key in keys:
                    self.coverage.setdefault(key, set()).add(use_case.id)


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
