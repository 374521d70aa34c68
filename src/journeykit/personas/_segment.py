"""People in, personas out: segment a table of people and draft a persona for each segment.

``segment`` reads a table of people -- survey answers, CRM attributes,
product usage, or the behaviour matrix of an event log -- encodes its
features by a documented rule (``journeykit.personas._encode``), chooses the
number of segments by stability across resamples
(``journeykit.personas._stability``), clusters with scikit-learn (k-means,
or NMF for counts) and describes each segment (``journeykit.personas._profile``).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

from journeykit.exceptions import MissingDependencyError, SegmentationError
from journeykit.personas._segmentation import Segmentation

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from journeykit.personas._encode import Method

__all__ = ["INIT_ROWS", "REPRESENTATIVES", "Segmentation", "segment"]

#: k-means starts ten times on a sample of at most this many people, and the
#: best start is then refined on everyone.
INIT_ROWS = 10_000
#: How many members closest to its centre each segment shows.
REPRESENTATIVES = 3
_METHODS = ("kmeans", "nmf")


def segment(
    table: Any,
    *,
    id: str | None = None,
    features: Sequence[str] | None = None,
    k: int | Literal["auto"] = "auto",
    method: Literal["kmeans", "nmf"] = "kmeans",
    seed: int = 0,
) -> Segmentation:
    """Divide people into segments and describe each one, ready to become personas.

    Parameters
    ----------
    table
        One row per person: pandas, Polars (eager or lazy), PyArrow or a
        DuckDB relation. Lazy tables are collected.
    id
        The column that identifies a person; without it, people are known by
        their row number (``row``, from 0).
    features
        The columns to segment on. By default every column but ``id``,
        leaving out (and listing in ``.features``) those that are neither
        numbers, booleans nor text. Numbers are numeric features, booleans
        boolean ones and text categorical ones.
    k
        The number of segments (at least 2), or ``"auto"`` to choose it from
        2 to 8 by stability across resamples (see Notes).
    method
        ``"kmeans"`` (the default), or ``"nmf"``: non-negative matrix
        factorisation, for counts such as a behaviour matrix
        (``journeykit.personas.behaviour``); each person joins the component
        with the largest weight.
    seed
        Seed of every random choice: the same table, options and seed give
        the same segments.

    Returns
    -------
    Segmentation
        ``.k``, ``.labels`` (one row per input row, in input order: the id
        and ``persona``), ``.segments`` (per persona: ``size``, ``share`` and
        the profile of every feature), ``.distinguishing`` (the features
        that set each persona apart, with effect sizes), ``.representatives``,
        ``.quality``, ``.candidates`` and ``.features``; ``.to_personas()``
        drafts personas, ``.assign(table)`` labels new people. Personas are
        numbered by size, largest first: ``persona-1``, ``persona-2``, ...

    Raises
    ------
    journeykit.SegmentationError
        A named column is missing, a column has no values, no feature is
        usable, there are fewer people than segments, or NMF meets a
        negative number.
    journeykit.MissingDependencyError
        scikit-learn is not installed (``pip install 'journeykit[personas]'``).

    Notes
    -----
    Encoding (for k-means): numbers' missing values become the median and
    every number is standardised; booleans are 1/0 (missing: the more
    frequent) and standardised; text becomes one column per level, missing
    values a level ``(missing)``, levels under 1% merged into ``(other)``,
    and the columns are scaled so each feature weighs as much as one
    number. Missing values are counted in ``.features``; no row is dropped.
    NMF keeps values non-negative: numbers must not be negative (missing
    count 0) and each column is divided by its largest value.

    Choosing k: for each candidate, reference segments are fitted on at
    most 2,000 people; then 10 more fits each see a random 80% of those
    people and 70% of the features (the others left out in turn), and the
    candidate's stability is the
    mean adjusted Rand index between their labels and the reference's. A
    split along one feature alone -- an irrelevant column, a minority
    inside a segment -- does not survive losing that feature, so noise
    features do not inflate k the way they fool the silhouette; but merging
    two real segments is stable too, so k is the candidate with the best
    stability x silhouette (ties within 0.01 to the smaller k).
    ``.candidates`` keeps every candidate's figures.

    Fitting: k-means starts ten times on at most 10,000 people, and the best
    start is refined on everyone (scikit-learn's ``KMeans``); NMF is
    scikit-learn's ``NMF`` with the NNDSVDa start. Time is O(n·k·d) per
    k-means pass for n people and d encoded columns; choosing k adds a fixed
    cost (7 candidates x 10 fits on 2,000 people), whatever n.

    Examples
    --------
    >>> from journeykit.testing import synthetic_people
    >>> people = synthetic_people(3000, k=3, seed=4).frame
    >>> result = jk.personas.segment(people, id="user", seed=0)
    >>> result.k
    3
    >>> result.segments[["persona", "size", "share"]]
         persona  size     share
    0  persona-1  1157  0.385667
    1  persona-2  1098  0.366000
    2  persona-3   745  0.248333
    >>> result.labels.head(3)
       user    persona
    0     0  persona-2
    1     1  persona-3
    2     2  persona-3
    >>> drafts = result.to_personas()
    >>> drafts[0].id, drafts[0].share, drafts[0].size
    ('persona-1', 0.3857, 1157)
    """
    try:
        import sklearn  # noqa: F401
    except ImportError as err:
        raise MissingDependencyError(
            "journeykit.personas.segment needs scikit-learn; install it with: "
            "pip install 'journeykit[personas]'"
        ) from err
    import numpy as np

    from journeykit.personas._encode import encode
    from journeykit.personas._input import read_people
    from journeykit.personas._stability import CANDIDATES, choose_k, measure

    if method not in _METHODS:
        raise ValueError(f"unknown method: {method!r} (must be one of 'kmeans', 'nmf')")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TypeError(f"seed must be an integer, not {seed!r}")
    if k != "auto" and (isinstance(k, bool) or not isinstance(k, int) or k < 2):
        raise ValueError(f"k must be 'auto' or an integer of at least 2, not {k!r}")
    people = read_people(table, id=id, features=features)
    if not people.columns:
        raise SegmentationError(
            "no usable feature: the table has no column of numbers, booleans or text"
            + (f" besides the id column {people.id_name!r}" if id is not None else "")
        )
    needed = 2 if k == "auto" else k
    if people.rows < needed + (k == "auto"):
        raise SegmentationError(
            f"the table has {people.rows} rows, too few for {needed if k != 'auto' else 'several'} "
            "segments; segment more people or ask for a smaller k"
        )
    encoding, matrix = encode(people.columns, method)
    groups = encoding.groups()
    if method == "nmf" and (2 if k == "auto" else k) > encoding.width:
        raise SegmentationError(
            f"NMF finds at most as many segments as the encoded features have columns ({encoding.width}), "
            f"not {'2' if k == 'auto' else k}; ask for a smaller k or add features"
        )
    with warnings.catch_warnings():
        # A resample may find fewer distinct points than k, or NMF stop before
        # converging; the final fit's distinct segments are checked below.
        warnings.simplefilter("ignore", category=_convergence_warning())
        if k == "auto":
            limit = encoding.width if method == "nmf" else people.rows - 1
            candidates = [c for c in CANDIDATES if c < people.rows and c <= limit]
            chosen, figures = choose_k(matrix, groups, method, seed, candidates)
        else:
            chosen = k
            figures = (measure(matrix, groups, method, k, seed),)
        labels, distance, model = _fit(method, matrix, chosen, seed)
    found = len(np.unique(labels))
    if found < chosen:
        raise SegmentationError(
            f"the people fall into only {found} distinct segments, fewer than k={chosen}: "
            "too many of them are alike; ask for a smaller k"
        )
    return Segmentation._build(
        people=people,
        encoding=encoding,
        matrix=matrix,
        model=model,
        labels=labels,
        distance=distance,
        k=chosen,
        method=method,
        seed=seed,
        figures=figures,
        representatives=REPRESENTATIVES,
    )


def _fit(
    method: Method, matrix: npt.NDArray[np.float32], k: int, seed: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64], Any]:
    """The final model on everyone: labels, each person's distance to their segment, the model."""
    import numpy as np

    if method == "nmf":
        from sklearn.decomposition import NMF

        from journeykit.personas._stability import strongest

        nmf = NMF(n_components=k, init="nndsvda", random_state=seed, max_iter=1000)
        weights = nmf.fit_transform(matrix)
        labels = strongest(weights, nmf.components_)
        scaled = weights * nmf.components_.sum(axis=1)
        totals = scaled.sum(axis=1)
        totals[totals == 0] = 1.0
        # An NMF member is close to its component when most of its weight is there.
        distance = 1.0 - scaled[np.arange(len(labels)), labels] / totals
        return labels, distance.astype(np.float64), nmf
    from sklearn.cluster import KMeans

    rng = np.random.default_rng(seed)
    sample = matrix
    if len(matrix) > INIT_ROWS:
        sample = matrix[np.sort(rng.choice(len(matrix), size=INIT_ROWS, replace=False))]
    start = KMeans(n_clusters=k, n_init=10, random_state=seed).fit(sample).cluster_centers_
    kmeans = KMeans(n_clusters=k, init=start, n_init=1, random_state=seed).fit(matrix)
    labels = kmeans.labels_.astype(np.int64)
    centre = kmeans.cluster_centers_[labels]
    distance = np.sqrt(np.einsum("ij,ij->i", matrix - centre, matrix - centre, dtype=np.float64))
    return labels, distance, kmeans


def _convergence_warning() -> type[Warning]:
    from sklearn.exceptions import ConvergenceWarning

    warning: type[Warning] = ConvergenceWarning
    return warning
