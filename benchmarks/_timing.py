"""Helpers shared by the benchmark scripts: the programmes measured, and timing."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from journeykit.program import Program

__all__ = ["best_of", "programme", "verdict"]


def best_of(repeat: int, run: Callable[[], object]) -> float:
    """Best CPU time of ``run()`` in this process, building only: what it returns
    is freed after the clock stops, and garbage from earlier runs is collected
    before it starts. CPU time, not wall time, because other jobs on a shared
    machine take the CPU away at random; the kernel's time for this process
    (page faults, reading files) is included."""
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.process_time()
        result = run()
        times.append(time.process_time() - start)
        del result
    return min(times)


def programme(steps: int) -> Program:
    """The synthetic programme of ``steps`` steps every benchmark measures: 100
    steps a journey, 3 actions a step, one requirement per 10 steps."""
    from journeykit.testing import synthetic_program

    journeys = max(1, steps // 100)
    return synthetic_program(
        journeys=journeys,
        steps_per_journey=steps // journeys,
        actions_per_step=3,
        requirements=max(1, steps // 10),
        seed=0,
    )


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"
