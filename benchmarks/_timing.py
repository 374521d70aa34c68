"""Timing helpers shared by the benchmark scripts."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

__all__ = ["best_of", "verdict"]


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


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"
