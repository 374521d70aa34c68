"""What each segment is like: profiles, distinguishing features with effect sizes, representatives.

Effect sizes compare a segment with the whole population, on one scale for
every kind of feature (Cohen 1988: 0.2 small, 0.5 medium, 0.8 large):

- a numeric feature: the standardised mean difference, (segment mean -
  population mean) / population standard deviation;
- a boolean, or one level of a categorical feature: Cohen's h, the
  difference of the arcsine-square-root transformed shares,
  2·asin(√p_segment) - 2·asin(√p_population).

Missing values are left out of a numeric mean and a boolean share; a
categorical feature's shares count them as the level ``(missing)`` (k-means)
or as no level (NMF).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from journeykit.personas._encode import Feature

if TYPE_CHECKING:
    import numpy.typing as npt
    import pandas as pd

__all__ = ["MIN_EFFECT", "Profile", "Trait", "effect_rows", "profile", "representatives", "segments_frame"]

#: A feature (or level) sets a segment apart when its effect size is at least this large.
MIN_EFFECT = 0.2


@dataclass(frozen=True)
class Trait:
    """One distinguishing feature (or level) of one segment."""

    persona: int
    feature: str
    level: str | None
    kind: str
    value: float
    population: float
    effect: float


@dataclass(frozen=True, eq=False)
class Profile:
    """Per segment (rows, in persona order) and per feature: sizes, means or shares.

    ``columns`` names each profile column (a feature, or ``feature=level``);
    ``table`` holds the segments' values (k x columns), ``population`` the
    whole population's, ``spread`` the population's standard deviation of
    numeric features (NaN for shares).
    """

    sizes: npt.NDArray[np.int64]
    columns: tuple[str, ...]
    features: tuple[tuple[Feature, str | None], ...]
    table: npt.NDArray[np.float64]
    population: npt.NDArray[np.float64]
    spread: npt.NDArray[np.float64]

    @property
    def total(self) -> int:
        return int(self.sizes.sum())

    def shares(self) -> npt.NDArray[np.float64]:
        out: npt.NDArray[np.float64] = self.sizes / max(self.total, 1)
        return out


def profile(features: Sequence[Feature], labels: npt.NDArray[np.int64], k: int) -> Profile:
    """Sizes and the mean (numbers) or share (booleans, levels) of every feature, per segment.

    One ``bincount`` per feature: O(n) for n people.
    """
    sizes = np.bincount(labels, minlength=k).astype(np.int64)
    columns: list[str] = []
    owners: list[tuple[Feature, str | None]] = []
    table: list[npt.NDArray[np.float64]] = []
    population: list[float] = []
    spread: list[float] = []
    for feature in features:
        if feature.kind == "categorical":
            codes = np.asarray(feature.values, dtype=np.int64)
            width = len(feature.levels)
            known = codes >= 0
            counts = np.bincount(labels[known] * width + codes[known], minlength=k * width)
            counts = counts.reshape(k, width).astype(np.float64)
            shares = counts / np.maximum(sizes, 1)[:, None]
            overall = counts.sum(axis=0) / max(len(codes), 1)
            for j, level in enumerate(feature.levels):
                columns.append(f"{feature.name}={level}")
                owners.append((feature, level))
                table.append(shares[:, j])
                population.append(float(overall[j]))
                spread.append(math.nan)
            continue
        values = np.asarray(feature.values, dtype=np.float64)
        present = np.isfinite(values)
        counts = np.bincount(labels[present], minlength=k).astype(np.float64)
        sums = np.bincount(labels[present], weights=values[present], minlength=k)
        with np.errstate(invalid="ignore", divide="ignore"):
            means = np.where(counts > 0, sums / np.maximum(counts, 1), math.nan)
        observed = values[present]
        columns.append(feature.name)
        owners.append((feature, None))
        table.append(means)
        population.append(float(observed.mean()))
        spread.append(float(observed.std()) if feature.kind == "numeric" else math.nan)
    return Profile(
        sizes,
        tuple(columns),
        tuple(owners),
        np.column_stack(table) if table else np.zeros((k, 0)),
        np.array(population),
        np.array(spread),
    )


def effect_rows(prof: Profile, min_effect: float = MIN_EFFECT) -> list[Trait]:
    """The traits whose effect size reaches ``min_effect``, per segment, largest first."""
    rows: list[Trait] = []
    for persona in range(len(prof.sizes)):
        traits = []
        for j, (feature, level) in enumerate(prof.features):
            value, overall = float(prof.table[persona, j]), float(prof.population[j])
            effect = _effect(feature.kind, value, overall, float(prof.spread[j]))
            if math.isfinite(effect) and abs(effect) >= min_effect:
                traits.append(Trait(persona, feature.name, level, feature.kind, value, overall, effect))
        traits.sort(key=lambda t: -abs(t.effect))  # stable: ties keep feature order
        rows.extend(traits)
    return rows


def _effect(kind: str, value: float, overall: float, spread: float) -> float:
    if not (math.isfinite(value) and math.isfinite(overall)):
        return math.nan
    if kind == "numeric":
        return (value - overall) / spread if spread > 0 else math.nan
    # Cohen's h; shares are clipped against rounding just outside [0, 1].
    return 2 * math.asin(math.sqrt(min(max(value, 0.0), 1.0))) - 2 * math.asin(
        math.sqrt(min(max(overall, 0.0), 1.0))
    )


def segments_frame(prof: Profile, persona_ids: Sequence[str]) -> pd.DataFrame:
    """The profile as a table: ``persona``, ``size``, ``share``, then one column per profile column."""
    import pandas as pd

    frame = pd.DataFrame(
        {"persona": list(persona_ids), "size": prof.sizes, "share": prof.shares()},
    )
    values = pd.DataFrame(prof.table, columns=list(prof.columns))
    joined: pd.DataFrame = pd.concat([frame, values], axis=1)
    return joined


def representatives(
    distance: npt.NDArray[np.float64], labels: npt.NDArray[np.int64], k: int, per_segment: int
) -> list[tuple[int, int, float]]:
    """(segment, row, distance) of the ``per_segment`` rows nearest each segment's centre.

    Rows are ordered by distance, then row; one sort, O(n log n) for n people.
    """
    out: list[tuple[int, int, float]] = []
    order = np.lexsort((np.arange(len(labels)), distance, labels))
    starts = np.searchsorted(labels[order], np.arange(k))
    ends = np.searchsorted(labels[order], np.arange(k), side="right")
    for segment in range(k):
        for row in order[starts[segment] : min(ends[segment], starts[segment] + per_segment)]:
            out.append((segment, int(row), float(distance[row])))
    return out
