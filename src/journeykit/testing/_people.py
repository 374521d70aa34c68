"""Synthetic people with planted segments, for examples, docs, tests and benchmarks of ``segment``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pandas as pd

__all__ = ["PlantedPeople", "synthetic_people"]

#: The informative numeric features: name -> (typical value, spread between people).
NUMERIC = {"age": (42.0, 9.0), "deals_per_quarter": (6.0, 2.5), "visits_per_month": (12.0, 4.0)}
#: The informative booleans.
BOOLEAN = ("certified", "mobile", "newsletter")
#: The informative categorical features and their levels.
CATEGORICAL = {
    "region": ("north", "south", "east", "west"),
    "tier": ("registered", "silver", "gold", "platinum"),
    "company_size": ("small", "medium", "large", "enterprise"),
}
#: How far apart (in within-segment standard deviations) two segments' means of a
#: numeric feature must be for that feature to tell them apart.
NUMERIC_GAP = 3.0
#: Every pair of segments differs clearly in at least this many of the nine
#: informative features: a persona is a pattern across several features, not one.
MIN_DIFFERENCES = 4
#: A segment's rate of a boolean is one of these.
BOOLEAN_RATES = (0.1, 0.9)
#: The share of a segment's people at its own level of a categorical feature;
#: the others are spread evenly over all levels.
DOMINANT = 0.8


class PlantedPeople(NamedTuple):
    """A population with known segments: the table, each row's segment and the shares."""

    frame: pd.DataFrame
    segments: npt.NDArray[np.int64]
    shares: tuple[float, ...]


def synthetic_people(
    n: int = 1000,
    *,
    k: int = 3,
    shares: Sequence[float] | None = None,
    irrelevant: int = 2,
    missing: float = 0.01,
    seed: int = 0,
) -> PlantedPeople:
    """People of ``k`` planted segments, described by mixed features, the same for the same arguments.

    Each segment draws a profile: a mean for each numeric feature
    (``age``, ``deals_per_quarter``, ``visits_per_month``), a rate for each
    boolean (``certified``, ``mobile``, ``newsletter``: 10% or 90%) and a
    level that 80% of its people have for each categorical feature
    (``region``, ``tier``, ``company_size``).
    Profiles are drawn again until every two segments differ clearly in at
    least ``MIN_DIFFERENCES`` features (means ``NUMERIC_GAP`` within-segment
    standard deviations apart, other rates, other levels). People then
    vary around their segment's profile (numbers are cut at 0: ages and
    counts are never negative). ``irrelevant`` columns
    (``irrelevant_1``, ...: numbers, then three-level categories, in turn)
    are drawn the same way for everyone, and each value of an informative
    feature is missing with probability ``missing`` (a numeric value is
    NaN, a category ``None``; booleans are never missing).

    Parameters
    ----------
    n
        How many people (rows).
    k
        How many segments, 1 to 10.
    shares
        The segments' parts of the population (summing to 1); by default
        unequal shares drawn between 1:4 of each other.
    irrelevant
        How many columns carry no segment information.
    missing
        The chance that a value of an informative numeric or categorical feature is missing.
    seed
        Seed of every random choice.

    Returns
    -------
    PlantedPeople
        ``frame``: a pandas DataFrame with the column ``user`` (0 to n - 1) and
        the features; ``segments``: each row's planted segment (0 to k - 1);
        ``shares``: the shares the segments were drawn with.

    Examples
    --------
    >>> from journeykit.testing import synthetic_people
    >>> people = synthetic_people(2000, k=3, seed=7)
    >>> list(people.frame.columns)  # doctest: +NORMALIZE_WHITESPACE
    ['user', 'age', 'deals_per_quarter', 'visits_per_month', 'certified', 'mobile', 'newsletter',
     'region', 'tier', 'company_size', 'irrelevant_1', 'irrelevant_2']
    >>> len(people.frame), sorted(set(people.segments.tolist()))
    (2000, [0, 1, 2])
    >>> people.frame.equals(synthetic_people(2000, k=3, seed=7).frame)
    True
    """
    try:
        import numpy as np
        import pandas as pd
    except ImportError as err:  # pragma: no cover - pandas is in the dev set
        from journeykit.exceptions import MissingDependencyError

        raise MissingDependencyError(
            "synthetic_people needs pandas; install it with: pip install 'journeykit[personas]'"
        ) from err

    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise ValueError(f"n must be a non-negative integer, not {n!r}")
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= 10:
        raise ValueError(f"k must be an integer from 1 to 10, not {k!r}")
    if not 0 <= missing < 1:
        raise ValueError(f"missing must be a probability below 1, not {missing!r}")
    rng = np.random.default_rng(seed)
    if shares is None:
        weights = rng.uniform(1.0, 4.0, size=k)
        planted = weights / weights.sum()
    else:
        planted = np.asarray(shares, dtype=float)
        if planted.shape != (k,) or (planted < 0).any() or not np.isclose(planted.sum(), 1.0):
            raise ValueError(f"shares must be {k} non-negative numbers summing to 1, not {list(shares)!r}")
    segments = rng.choice(k, size=n, p=planted)
    means, rates, levels = _profiles(rng, k)

    columns: dict[str, object] = {"user": np.arange(n, dtype=np.int64)}
    for j, (name, (typical, spread)) in enumerate(NUMERIC.items()):
        # Means are in units of the within-segment deviation, which is spread / 2.
        within = spread / 2
        # Ages and counts are never negative.
        columns[name] = np.maximum(0.0, typical + within * (means[segments, j] + rng.standard_normal(n)))
    for j, name in enumerate(BOOLEAN):
        columns[name] = rng.random(n) < rates[segments, j]
    for j, (name, names) in enumerate(CATEGORICAL.items()):
        own = rng.random(n) < DOMINANT
        level = np.where(own, levels[segments, j], rng.integers(0, len(names), size=n))
        columns[name] = np.asarray(names, dtype=object)[level]
    for i in range(irrelevant):
        name = f"irrelevant_{i + 1}"
        if i % 2 == 0:
            columns[name] = 50 + 10 * rng.standard_normal(n)
        else:
            columns[name] = np.asarray(("a", "b", "c"), dtype=object)[rng.integers(0, 3, size=n)]
    frame = pd.DataFrame(columns)
    if missing:
        for name in (*NUMERIC, *CATEGORICAL):
            gone = rng.random(n) < missing
            frame[name] = frame[name].mask(gone)
    return PlantedPeople(frame, segments.astype(np.int64), tuple(float(s) for s in planted))


def _profiles(
    rng: np.random.Generator, k: int
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.int64]]:
    """Segment means (numeric, in within-segment deviations), boolean rates and own levels,
    drawn until every two segments differ clearly in ``MIN_DIFFERENCES`` features."""
    import numpy as np

    for _ in range(10_000):
        means = rng.uniform(-4.0, 4.0, size=(k, len(NUMERIC)))
        rates = rng.choice(BOOLEAN_RATES, size=(k, len(BOOLEAN)))
        levels = np.column_stack([rng.integers(0, len(names), size=k) for names in CATEGORICAL.values()])
        differ = (
            (np.abs(means[:, None] - means[None]) >= NUMERIC_GAP).sum(-1)
            + (rates[:, None] != rates[None]).sum(-1)
            + (levels[:, None] != levels[None]).sum(-1)
        )
        np.fill_diagonal(differ, MIN_DIFFERENCES)
        if differ.min() >= MIN_DIFFERENCES:
            return means, rates, levels.astype(np.int64)
    raise AssertionError("no profiles found")  # pragma: no cover - 9 features leave room for k <= 10
