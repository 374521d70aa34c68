"""How many segments: stability across resamples of people and of features.

For every candidate k, the *reference* segments are fitted on a sample of at
most ``SAMPLE_ROWS`` people with all the features (k-means started
``REFERENCE_INIT`` times). Then k is fitted ``RESAMPLES`` times more, each
time on a random ``ROW_FRACTION`` of those people and ``FEATURE_FRACTION`` of
the features: the others are left out in turn, in a random order, so each
feature is left out about as often as the next (a categorical feature's
columns are kept or left out together). Each fit labels the whole sample. The
*stability* of k is the mean adjusted Rand index between those labelings and
the reference, clipped to [0, 1] (1: the same segments every time).

Segments that stand on several features at once survive losing some people
and some features. A split along one feature alone -- an irrelevant column,
or a minority inside a real segment -- comes and goes with that feature, and
a k above the true one splits a segment differently each time: both lower
the stability, where a silhouette (Rousseeuw 1987), which rewards any gap in
any direction, can rise. But stability alone favours too few segments:
merging two real segments is just as reproducible. So ``k="auto"`` takes the
candidate with the largest *score*, its stability times the silhouette of its
reference segments (negative silhouettes count 0): segments that are both
reproducible and apart. A tie (scores within ``TIE``) goes to the smaller k:
where the data has no clear division -- the scores lie flat -- fewer personas
say as much.

This is the resampling idea of consensus clustering (Monti et al. 2003) and
of stability-based validation (Ben-Hur et al. 2002; Lange et al. 2004), with
features subsampled as in random-subspace cluster ensembles. On planted
populations with noise columns (``tests/personas/test_segment.py``), the
score found the planted k more often than either figure alone: in 29 of the
30 populations it was chosen on (stability alone 27, silhouette alone 23), and
in 9 of 10 kept apart to test it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from journeykit.personas._encode import Method

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = [
    "CANDIDATES",
    "FEATURE_FRACTION",
    "REFERENCE_INIT",
    "RESAMPLES",
    "ROW_FRACTION",
    "SAMPLE_ROWS",
    "TIE",
    "Candidate",
    "choose_k",
    "fit_labels",
    "measure",
]

#: The k that ``k="auto"`` chooses from.
CANDIDATES = tuple(range(2, 9))
#: The stability is measured on a sample of at most this many people.
SAMPLE_ROWS = 2000
#: Fits per candidate.
RESAMPLES = 10
#: The part of the sample each fit sees.
ROW_FRACTION = 0.8
#: The part of the features each fit sees.
FEATURE_FRACTION = 0.7
#: Starts of k-means per resample fit (the best is kept).
N_INIT = 5
#: Starts of k-means for the reference segments.
REFERENCE_INIT = 10
#: Scores closer than this count as a tie.
TIE = 0.01
#: The silhouette of the final segments is computed on at most this many people.
SILHOUETTE_ROWS = 5000


@dataclass(frozen=True)
class Candidate:
    """One candidate k and its figures."""

    k: int
    stability: float
    silhouette: float

    @property
    def score(self) -> float:
        """What ``k="auto"`` maximises: stability times the silhouette (at least 0)."""
        return self.stability * max(self.silhouette, 0.0)


def choose_k(
    matrix: npt.NDArray[np.float32],
    groups: Sequence[npt.NDArray[np.int64]],
    method: Method,
    seed: int,
    candidates: Sequence[int] = CANDIDATES,
) -> tuple[int, tuple[Candidate, ...]]:
    """The k of the best score among ``candidates`` (ties to the smaller), and every candidate's figures."""
    figures = tuple(measure(matrix, groups, method, k, seed) for k in candidates)
    best = max(c.score for c in figures)
    chosen = min(c.k for c in figures if c.score >= best - TIE)
    return chosen, figures


def measure(
    matrix: npt.NDArray[np.float32],
    groups: Sequence[npt.NDArray[np.int64]],
    method: Method,
    k: int,
    seed: int,
) -> Candidate:
    """The stability and silhouette of ``k`` segments (see the module's docstring)."""
    from sklearn.metrics import adjusted_rand_score, silhouette_score

    rng = np.random.default_rng([seed, k])
    sample = matrix
    if len(matrix) > SAMPLE_ROWS:
        sample = matrix[np.sort(rng.choice(len(matrix), size=SAMPLE_ROWS, replace=False))]
    n = len(sample)
    reference = fit_labels(method, sample, sample, k, seed, starts=REFERENCE_INIT)
    rows = max(k, round(ROW_FRACTION * n))
    # Features are left out in turn, in a random order, so each is left out about as often as
    # the others: which features happened to be drawn does not sway the figure.
    drop = len(groups) - max(1, round(FEATURE_FRACTION * len(groups)))
    order = rng.permutation(len(groups))
    agreement = []
    for b in range(RESAMPLES):
        chosen_rows = np.sort(rng.choice(n, size=rows, replace=False))
        dropped = [int(order[(b * drop + j) % len(groups)]) for j in range(drop)]
        chosen_features = _features(groups, dropped, k if method == "nmf" else 1)
        part = sample[:, np.concatenate([groups[g] for g in chosen_features])]
        labels = fit_labels(method, part[chosen_rows], part, k, int(rng.integers(2**31)))
        agreement.append(adjusted_rand_score(reference, labels))
    silhouette = float(silhouette_score(sample, reference)) if len(np.unique(reference)) > 1 else 0.0
    return Candidate(k, float(np.clip(np.mean(agreement), 0.0, 1.0)), silhouette)


def fit_labels(
    method: Method,
    fit_on: npt.NDArray[np.float32],
    label: npt.NDArray[np.float32],
    k: int,
    seed: int,
    *,
    starts: int = N_INIT,
) -> npt.NDArray[np.int64]:
    """Fit ``k`` segments on ``fit_on`` and label the rows of ``label`` with them
    (k-means started ``starts`` times)."""
    if method == "nmf":
        from sklearn.decomposition import NMF

        model = NMF(n_components=k, init="nndsvda", random_state=seed, max_iter=400)
        model.fit(fit_on)
        return strongest(model.transform(label), model.components_)
    from sklearn.cluster import KMeans

    kmeans = KMeans(n_clusters=k, n_init=starts, random_state=seed).fit(fit_on)
    out: npt.NDArray[np.int64] = kmeans.predict(label).astype(np.int64)
    return out


def strongest(
    weights: npt.NDArray[np.floating], components: npt.NDArray[np.floating]
) -> npt.NDArray[np.int64]:
    """Each row's NMF component: the largest weight once every component sums to 1."""
    totals = components.sum(axis=1)
    totals[totals == 0] = 1.0
    out: npt.NDArray[np.int64] = np.argmax(weights * totals, axis=1).astype(np.int64)
    return out


def _features(groups: Sequence[npt.NDArray[np.int64]], dropped: list[int], columns: int) -> list[int]:
    """The features but ``dropped``; dropped ones come back, last first, while the rest hold
    fewer than ``columns`` columns (NMF cannot find more components than it has columns)."""
    kept = [g for g in range(len(groups)) if g not in dropped]
    while sum(len(groups[g]) for g in kept) < columns:
        kept.append(dropped.pop())
    return sorted(kept)
