"""Draft personas from segments: names, descriptions and attributes written from the data.

A draft is a starting point an analyst edits, not a finished persona: its
name and description say what sets the segment apart, with the figures.
Every phrase is one template here, so the message catalogue can hold them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from journeykit.personas._encode import MISSING, OTHER
from journeykit.personas._profile import Profile, Trait

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = ["attributes", "description", "name", "rounded_shares"]

#: A trait makes it into a draft's description at this effect size (Cohen's "medium").
DESCRIBED_EFFECT = 0.5
#: At most this many traits in a description, and in a name.
DESCRIBED_TRAITS = 4
NAMED_TRAITS = 2

_PHRASES = {
    "name": "Persona {number}",
    "named": "Persona {number}: {traits}",
    "high": "high {feature}",
    "low": "low {feature}",
    "is": "{feature}",
    "is_not": "not {feature}",
    "level": "{feature} {level}",
    "opening": "Drafted from data: {share} of the people ({size} of {total}).",
    "compared": "Compared with everyone, {traits}.",
    "plain": "It does not differ clearly from the whole population in any feature.",
    "higher": "{feature} is higher ({value} against {population} on average)",
    "lower": "{feature} is lower ({value} against {population} on average)",
    "more_true": "{feature} is true more often ({value} against {population})",
    "less_true": "{feature} is true less often ({value} against {population})",
    "more_level": "{feature} is {level} more often ({value} against {population})",
    "less_level": "{feature} is {level} less often ({value} against {population})",
    "and": "and",
}


def _telling(traits: Sequence[Trait]) -> list[Trait]:
    """The traits that say what a persona is or has: a level it holds *less* often says
    little (it holds another level more often instead), so it is left to ``.distinguishing``."""
    return [t for t in traits if t.level is None or t.effect > 0]


def name(number: int, traits: Sequence[Trait]) -> str:
    """``Persona 2: high visits_per_month, tier gold`` -- the strongest traits, or just the number."""
    phrases = [_short(t) for t in _telling(traits)][:NAMED_TRAITS]
    if not phrases:
        return _PHRASES["name"].format(number=number)
    return _PHRASES["named"].format(number=number, traits=", ".join(phrases))


def description(size: int, total: int, traits: Sequence[Trait]) -> str:
    """How big the segment is and what sets it apart, with the figures."""
    opening = _PHRASES["opening"].format(
        share=_percent(size / max(total, 1)), size=f"{size:,}", total=f"{total:,}"
    )
    described = [t for t in _telling(traits) if abs(t.effect) >= DESCRIBED_EFFECT][:DESCRIBED_TRAITS]
    if not described:
        return f"{opening} {_PHRASES['plain']}"
    phrases = [_long(t) for t in described]
    if len(phrases) > 1:
        phrases[-1] = f"{_PHRASES['and']} {phrases[-1]}"
    # "a and b", but "a; b; and c": the phrases carry commas of their own.
    joined = " ".join(phrases) if len(phrases) == 2 else "; ".join(phrases)
    return f"{opening} {_PHRASES['compared'].format(traits=joined)}"


def attributes(prof: Profile, segment: int) -> dict[str, str | bool | int | float]:
    """The segment's typical value of every feature: the mean of a number (3 significant
    digits), the majority of a boolean, the most frequent level of a category."""
    out: dict[str, str | bool | int | float] = {}
    best_level: dict[str, tuple[float, str]] = {}
    for j, (feature, level) in enumerate(prof.features):
        value = float(prof.table[segment, j])
        if not math.isfinite(value):
            continue
        if feature.kind == "numeric":
            out[feature.name] = _significant(value)
        elif feature.kind == "boolean":
            out[feature.name] = value >= 0.5
        elif level not in (MISSING, OTHER) and level is not None:
            current = best_level.get(feature.name)
            if current is None or value > current[0]:
                best_level[feature.name] = (value, level)
            out.setdefault(feature.name, level)
            out[feature.name] = best_level[feature.name][1]
    return out


def rounded_shares(sizes: npt.NDArray[np.int64], decimals: int = 4) -> list[float]:
    """Shares rounded to ``decimals`` by largest remainder, so they still sum to exactly 1."""
    import numpy as np

    total = int(sizes.sum())
    if total == 0:
        return [0.0] * len(sizes)
    unit = 10**decimals
    exact = sizes.astype(np.float64) * unit / total
    floors = np.floor(exact).astype(np.int64)
    short = unit - int(floors.sum())
    for i in np.argsort(-(exact - floors), kind="stable")[:short]:
        floors[i] += 1
    return [int(f) / unit for f in floors]


def _short(trait: Trait) -> str:
    if trait.kind == "numeric":
        return _PHRASES["high" if trait.effect > 0 else "low"].format(feature=trait.feature)
    if trait.kind == "boolean":
        return _PHRASES["is" if trait.effect > 0 else "is_not"].format(feature=trait.feature)
    return _PHRASES["level"].format(feature=trait.feature, level=trait.level)


def _long(trait: Trait) -> str:
    up = trait.effect > 0
    if trait.kind == "numeric":
        key, value, overall = ("higher" if up else "lower"), _number(trait.value), _number(trait.population)
    elif trait.kind == "boolean":
        key, value, overall = (
            ("more_true" if up else "less_true"),
            _percent(trait.value),
            _percent(trait.population),
        )
    else:
        key, value, overall = (
            ("more_level" if up else "less_level"),
            _percent(trait.value),
            _percent(trait.population),
        )
    return _PHRASES[key].format(feature=trait.feature, level=trait.level, value=value, population=overall)


def _significant(value: float) -> float | int:
    rounded = float(f"{value:.3g}")
    return int(rounded) if rounded.is_integer() and abs(rounded) < 2**53 else rounded


def _number(value: float) -> str:
    return f"{_significant(value):,}"


def _percent(share: float) -> str:
    return f"{100 * share:.0f}%"
