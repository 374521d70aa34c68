"""Synthetic event logs of a designed journey, for examples, docs, notebooks and tests."""

from __future__ import annotations

import datetime as dt
import math
import random
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from journeykit.journeys import Step
    from journeykit.program import Program

__all__ = ["synthetic_events"]

#: The chance that a case stops after a step, by the step's emotion (None:
#: unknown). Unhappy steps lose more customers.
DROP_OFF = {1: 0.2, 2: 0.12, 3: 0.07, 4: 0.04, 5: 0.02, None: 0.07}

#: Where the design branches, the first step in ``next`` is the main path:
#: it is taken this many times as often as each of the others.
MAIN_PATH_WEIGHT = 4

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


def synthetic_events(
    program: Program,
    journey_id: str,
    *,
    cases: int = 1000,
    seed: int = 0,
    start: dt.datetime | str = "2024-01-01",
    spread_days: float = 90.0,
    drop_off: float = 1.0,
    max_events: int | None = None,
) -> pd.DataFrame:
    """An event log of customers walking a designed journey, the same for the same arguments.

    Each case starts at the journey's first step and walks its ``next``
    links (``Journey.successors``): where the design branches, the first
    successor is the main path (taken ``MAIN_PATH_WEIGHT`` times as often as
    each other); after each step a case may stop, more often after steps with
    a low emotion (``DROP_OFF``, scaled by ``drop_off``); a case also stops
    where the design ends, or after ``max_events`` events (loops). The time
    to the next step is random (log-normal) around a typical time that
    each step draws once, from minutes to a few days.

    Parameters
    ----------
    program
        The programme that holds the journey.
    journey_id
        Id of the journey to simulate.
    cases
        How many cases (customers); they start at random moments over
        ``spread_days`` days from ``start``.
    seed
        Seed of every random choice: the same arguments give the same log.
    start
        The earliest start, a datetime or ISO text, read as UTC when it has
        no time zone.
    spread_days
        Over how many days the cases start.
    drop_off
        Multiplies the drop-off chances: 0 means every case walks to an end
        of the journey, 2 twice the drop-off (at most 1).
    max_events
        The longest case, in events; by default four times the number of steps.

    Returns
    -------
    pandas.DataFrame
        One row per event, sorted by time (then case), with the XES columns
        ``case:concept:name`` (``case-0001``...), ``concept:name`` (the step
        id), ``time:timestamp`` (UTC, whole seconds) and the attributes
        ``stage`` (stage id), ``persona`` (persona id: one of the journey's
        per case, or none) and ``channel`` (the channel of one of the step's
        touchpoints, or none).

    Examples
    --------
    >>> import journeykit as jk
    >>> from journeykit.testing import synthetic_events
    >>> log = synthetic_events(jk.example(), "deal-registration-future", cases=200, seed=1)
    >>> list(log.columns)
    ['case:concept:name', 'concept:name', 'time:timestamp', 'stage', 'persona', 'channel']
    >>> log["case:concept:name"].nunique()
    200
    >>> log.equals(synthetic_events(jk.example(), "deal-registration-future", cases=200, seed=1))
    True
    """
    from journeykit._extras import require

    require("pandas", "synthetic_events")
    import pandas as pd

    journey = program.journey(journey_id)
    if isinstance(cases, bool) or not isinstance(cases, int) or cases < 0:
        raise ValueError(f"cases must be a non-negative integer, not {cases!r}")
    if not math.isfinite(drop_off) or drop_off < 0:
        raise ValueError(f"drop_off must be a finite number of at least 0, not {drop_off!r}")
    if not math.isfinite(spread_days) or spread_days < 0:
        raise ValueError(f"spread_days must be a finite number of at least 0, not {spread_days!r}")
    steps = journey.steps
    limit = 4 * len(steps) if max_events is None else max_events
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise ValueError(f"max_events must be a positive integer, not {max_events!r}")

    rng = random.Random(seed)
    origin = int((_as_utc(start) - _EPOCH).total_seconds())
    stage_of = {step.id: stage.id for stage in journey.stages for step in stage.steps}
    channels = {t.id: t.channel for t in program.touchpoints}
    typical = {step.id: _typical_seconds(rng) for step in steps}
    leave = {step.id: min(1.0, DROP_OFF[step.emotion] * drop_off) for step in steps}
    follow = {step.id: journey.successors(step.id) for step in steps}
    by_id = {step.id: step for step in steps}
    personas = journey.personas

    width = len(str(max(cases, 1)))
    rows: list[tuple[int, str, str, str, str | None, str | None]] = []
    for number in range(1, cases + 1):
        case = f"case-{number:0{width}d}"
        persona = rng.choice(personas) if personas else None
        when = origin + int(rng.random() * spread_days * 86400)
        current: Step | None = steps[0] if steps else None
        for _ in range(limit):
            if current is None:
                break
            channel = _channel(rng, current, channels)
            rows.append((when, case, current.id, stage_of[current.id], persona, channel))
            nexts = follow[current.id]
            if not nexts or rng.random() < leave[current.id]:
                break
            current = _next_step(rng, by_id, nexts)
            when += max(1, round(rng.lognormvariate(math.log(typical[current.id]), 0.8)))

    rows.sort(key=lambda row: (row[0], row[1]))
    log: pd.DataFrame = pd.DataFrame(
        {
            "case:concept:name": pd.Series([r[1] for r in rows], dtype="str"),
            "concept:name": pd.Series([r[2] for r in rows], dtype="str"),
            "time:timestamp": pd.to_datetime(
                pd.Series([r[0] for r in rows], dtype="int64"), unit="s", utc=True
            ),
            "stage": pd.Series([r[3] for r in rows], dtype="str"),
            "persona": pd.Series([r[4] for r in rows], dtype="object"),
            "channel": pd.Series([r[5] for r in rows], dtype="object"),
        }
    )
    return log


def _as_utc(start: dt.datetime | str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(start) if isinstance(start, str) else start
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(dt.timezone.utc)


def _typical_seconds(rng: random.Random) -> float:
    """A step's typical time after the step before it: five minutes to five days,
    evenly spread on a log scale."""
    return math.exp(rng.uniform(math.log(300), math.log(5 * 86400)))


def _channel(rng: random.Random, step: Step, channels: dict[str, str]) -> str | None:
    options = [channels[t] for t in step.touchpoints if t in channels]
    return rng.choice(options) if options else None


def _next_step(rng: random.Random, by_id: dict[str, Step], nexts: tuple[str, ...]) -> Step:
    weights = [MAIN_PATH_WEIGHT, *([1] * (len(nexts) - 1))]
    return by_id[rng.choices(nexts, weights=weights)[0]]
