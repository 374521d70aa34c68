"""From mixed features to the numbers a clustering reads: the documented encoding rule.

For k-means every feature enters with the same weight, whatever its type:

- a numeric feature's missing values (null, NaN, infinite) become its median,
  then the feature is standardised (mean 0, standard deviation 1);
- a boolean is 1 or 0, missing values become the more frequent value (false
  on a tie), then it is standardised like a number;
- a categorical (text) feature becomes one column per level, missing values
  a level of their own, ``(missing)``. Levels held by fewer than 1% of the
  rows, and all but the 29 most frequent, are merged into ``(other)``. The
  columns are centred and divided together by the square root of their
  summed variance, so the feature's total variance is 1, as a standardised
  number's is: a feature with many levels weighs no more than one with two.

For NMF, which factorises non-negative data such as counts: numbers must not
be negative, missing ones count 0, and each becomes log(1 + x) -- counts grow
by orders of magnitude from one person to the next, and the logarithm keeps
the heaviest users from defining the segments alone; a boolean is 1 or 0
(missing 0), a category one 0/1 column per level (missing: no level). Each
column is then divided by its largest value, so a count in the thousands
does not drown one in single figures.

A feature whose values are all the same carries no information and is left
out; one whose values are all missing is an error.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np

from journeykit.exceptions import SegmentationError
from journeykit.personas._input import Column, FeatureKind

if TYPE_CHECKING:
    import numpy.typing as npt
    import pyarrow as pa

__all__ = ["MAX_LEVELS", "MIN_LEVEL_SHARE", "MISSING", "OTHER", "Encoding", "Feature", "Method", "encode"]

Method = Literal["kmeans", "nmf"]

#: The level of a categorical feature that its missing values take.
MISSING = "(missing)"
#: The level that rare levels are merged into.
OTHER = "(other)"
#: Levels held by fewer than this share of the rows are merged into ``OTHER``.
MIN_LEVEL_SHARE = 0.01
#: At most this many levels per categorical feature, ``OTHER`` included.
MAX_LEVELS = 30


@dataclass(frozen=True, eq=False)
class Feature:
    """How one feature was encoded, and what its values were.

    ``values`` holds the feature as numbers for profiling: a numeric feature
    as floats with NaN where missing, a boolean as 1.0/0.0/NaN, a
    categorical one as level positions (into ``levels``) with -1 where no
    level applies. ``fill`` is what missing values became.
    """

    name: str
    kind: FeatureKind
    missing: int
    fill: float | bool | str | None
    levels: tuple[str, ...]
    values: npt.NDArray[np.float64] | npt.NDArray[np.int64]
    center: npt.NDArray[np.float64]
    scale: npt.NDArray[np.float64]
    level_index: dict[str, int]
    log: bool = False

    @property
    def width(self) -> int:
        """How many columns of the matrix the feature takes."""
        return len(self.center)

    @property
    def labels(self) -> tuple[str, ...]:
        """One label per column: the feature's name, or ``name=level``."""
        if self.kind == "categorical":
            return tuple(f"{self.name}={level}" for level in self.levels)
        return (self.name,)


@dataclass(frozen=True, eq=False)
class Encoding:
    """The fitted rule: the features in matrix order, and the method it was fitted for."""

    features: tuple[Feature, ...]
    method: Method
    constant: tuple[str, ...]

    @property
    def width(self) -> int:
        return sum(f.width for f in self.features)

    def groups(self) -> list[npt.NDArray[np.int64]]:
        """The matrix columns of each feature, so resamples can leave whole features out."""
        out, start = [], 0
        for feature in self.features:
            out.append(np.arange(start, start + feature.width))
            start += feature.width
        return out

    def transform(self, columns: Sequence[Column]) -> npt.NDArray[np.float32]:
        """New rows encoded by the fitted rule (unknown levels: no level; missing: as fitted)."""
        by_name = {c.name: c for c in columns}
        n = len(columns[0].values) if columns else 0
        matrix = np.empty((n, self.width), dtype=np.float32)
        start = 0
        for feature in self.features:
            column = by_name[feature.name]
            raw = _raw_for(feature, column.values)
            _fill(matrix, start, feature, raw)
            start += feature.width
        return matrix


def encode(columns: Sequence[Column], method: Method) -> tuple[Encoding, npt.NDArray[np.float32]]:
    """Fit the rule to ``columns`` and encode them: the rule and the matrix (rows x columns).

    Raises
    ------
    SegmentationError
        A column's values are all missing, a column is negative for NMF, or
        every feature is constant.
    """
    features, constant = [], []
    for column in columns:
        feature = _fit(column, method)
        if feature is None:
            constant.append(column.name)
        else:
            features.append(feature)
    if not features:
        names = ", ".join(repr(c.name) for c in columns) or "(none)"
        raise SegmentationError(
            f"no usable feature: every feature has a single value ({names}); "
            "name columns whose values differ between people with features="
        )
    encoding = Encoding(tuple(features), method, tuple(constant))
    n = len(columns[0].values)
    matrix = np.empty((n, encoding.width), dtype=np.float32)
    start = 0
    for feature in features:
        _fill(matrix, start, feature, feature.values)
        start += feature.width
    return encoding, matrix


def _fit(column: Column, method: Method) -> Feature | None:
    """The encoding of one column, or ``None`` when all its values are the same."""
    if column.kind == "categorical":
        return _fit_categorical(column, method)
    values = _floats(column.values)
    present = np.isfinite(values)
    missing = int(len(values) - present.sum())
    if missing == len(values):
        raise SegmentationError(
            f"column {column.name!r} has no values (all {missing} are missing); leave it out of features=",
            column=column.name,
        )
    observed = values[present]
    if method == "nmf" and (observed < 0).any():
        raise SegmentationError(
            f"column {column.name!r} has negative values; NMF takes non-negative data such as counts "
            "(use method='kmeans', or leave the column out)",
            column=column.name,
        )
    if column.kind == "boolean":
        ones = float(observed.sum())
        fill: float | bool = 0.0 if method == "nmf" else float(ones > len(observed) - ones)
    else:
        fill = 0.0 if method == "nmf" else float(np.median(observed))
    filled = np.where(present, values, fill)
    low, high = float(filled.min()), float(filled.max())
    if low == high:
        return None
    log = method == "nmf" and column.kind == "numeric"
    if method == "nmf":
        center, scale = 0.0, 1.0 / (float(np.log1p(high)) if log else high)
    else:
        center = float(filled.mean())
        spread = float(filled.std())
        scale = 1.0 / spread if spread > 0 else 1.0
    shown_fill: float | bool = bool(fill) if column.kind == "boolean" else fill
    return Feature(
        column.name,
        column.kind,
        missing,
        shown_fill,
        (),
        values,
        np.array([center]),
        np.array([scale]),
        {},
        log,
    )


def _fit_categorical(column: Column, method: Method) -> Feature | None:
    codes, dictionary = _codes(column.values)
    n = len(codes)
    missing = int((codes < 0).sum())
    if missing == n:
        raise SegmentationError(
            f"column {column.name!r} has no values (all {missing} are missing); leave it out of features=",
            column=column.name,
        )
    counts = np.bincount(codes[codes >= 0], minlength=len(dictionary))
    order = sorted(range(len(dictionary)), key=lambda i: (-counts[i], dictionary[i]))
    kept = [i for i in order if counts[i] >= MIN_LEVEL_SHARE * n and counts[i] > 0][: MAX_LEVELS - 1]
    kept_set = set(kept)
    levels = [dictionary[i] for i in kept]
    position = np.full(len(dictionary) + 1, -1, dtype=np.int64)  # the last slot: missing
    for p, i in enumerate(kept):
        position[i] = p
    if len(kept) < int((counts > 0).sum()):
        other = len(levels)
        levels.append(OTHER)
        for i in range(len(dictionary)):
            if counts[i] > 0 and i not in kept_set:
                position[i] = other
    if missing and method == "kmeans":
        position[-1] = len(levels)
        levels.append(MISSING)
    values = position[codes]  # codes of -1 pick the last slot
    level_index = {dictionary[i]: int(position[i]) for i in range(len(dictionary)) if position[i] >= 0}
    if OTHER in levels:
        level_index.setdefault(OTHER, levels.index(OTHER))
    present_levels = np.bincount(values[values >= 0], minlength=len(levels))
    if (present_levels > 0).sum() < 2:
        return None
    if method == "nmf":
        center = np.zeros(len(levels))
        scale = np.ones(len(levels))
    else:
        shares = present_levels.astype(np.float64) / n
        total = float((shares * (1 - shares)).sum())
        center = shares
        scale = np.full(len(levels), 1.0 / math.sqrt(total))
    fill = MISSING if missing and method == "kmeans" else None
    return Feature(
        column.name,
        "categorical",
        missing,
        fill,
        tuple(levels),
        values,
        center,
        scale,
        level_index,
    )


def _fill(
    matrix: npt.NDArray[np.float32], start: int, feature: Feature, raw: npt.NDArray[np.generic]
) -> None:
    """Write ``feature``'s encoded columns into ``matrix`` from ``start``."""
    if feature.kind != "categorical":
        values = np.asarray(raw, dtype=np.float64)
        fill = float(feature.fill) if isinstance(feature.fill, (int, float)) else 0.0
        values = np.where(np.isfinite(values), values, fill)
        if feature.log:
            values = np.log1p(np.maximum(values, 0.0))  # new rows may hold a negative count
        matrix[:, start] = (values - feature.center[0]) * feature.scale[0]
        return
    codes = np.asarray(raw, dtype=np.int64)
    block = matrix[:, start : start + feature.width]
    block[:] = (-feature.center * feature.scale).astype(np.float32)
    rows = np.flatnonzero(codes >= 0)
    block[rows, codes[rows]] += (feature.scale[codes[rows]]).astype(np.float32)


def _raw_for(feature: Feature, values: pa.Array) -> npt.NDArray[np.generic]:
    """New values of ``feature`` in the form of ``Feature.values``: floats, or level positions."""
    if feature.kind != "categorical":
        return _floats(values)
    codes, dictionary = _codes(values)
    missing_level = feature.level_index.get(MISSING, -1) if feature.fill == MISSING else -1
    unknown = feature.level_index.get(OTHER, -1)
    lookup = np.array(
        [feature.level_index.get(level, unknown) for level in dictionary] + [missing_level], dtype=np.int64
    )
    return lookup[codes]


def _floats(values: pa.Array) -> npt.NDArray[np.float64]:
    """A numeric or boolean Arrow array as float64 with NaN where missing."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if pa.types.is_dictionary(values.type):
        values = values.dictionary_decode()
    floats = pc.cast(values, pa.float64(), safe=False)
    out: npt.NDArray[np.float64] = floats.to_numpy(zero_copy_only=False)
    return out


def _codes(values: pa.Array) -> tuple[npt.NDArray[np.int64], list[str]]:
    """Text as (codes with -1 where missing, the distinct texts)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    encoded = values if pa.types.is_dictionary(values.type) else pc.dictionary_encode(values)
    if isinstance(encoded, pa.ChunkedArray):
        encoded = encoded.combine_chunks()
    indices = encoded.indices
    codes = pc.fill_null(pc.cast(indices, pa.int64()), -1).to_numpy(zero_copy_only=False)
    dictionary = [str(v) for v in encoded.dictionary.to_pylist()]
    return codes.astype(np.int64, copy=False), dictionary
