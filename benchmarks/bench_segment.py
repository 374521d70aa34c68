"""Speed of ``journeykit.personas.segment`` against the scikit-learn pipeline a data scientist writes by hand.

From the repository root::

    .venv/bin/python benchmarks/bench_segment.py

Options: ``--rows 1000000`` (people for the fixed-k comparison), ``--auto-rows
100000`` (people for the ``k="auto"`` comparison), ``--k 5``, ``--repeat 3``.

People: ``journeykit.testing.synthetic_people(rows, k=5, irrelevant=0,
seed=0)``: 7 mixed features (three numbers, two booleans, two categories of
four levels), 1% of the numbers and categories missing; saved as Parquet in a
temporary folder and read back with pandas by every contender.

Contenders:

- ``pipeline``: what a data scientist writes by hand: a ``ColumnTransformer``
  (numbers: ``SimpleImputer(strategy="median")`` + ``StandardScaler``;
  booleans: ``StandardScaler`` -- they have no missing values, and
  ``SimpleImputer`` refuses a boolean column; categories:
  ``SimpleImputer(strategy="constant")`` + ``OneHotEncoder``),
  ``KMeans(n_clusters=k, n_init="auto", random_state=0)``, then a pandas
  ``groupby`` profile (the mean of every number and boolean, the share of
  every level of every category, the size of every segment);
- ``segment``: ``segment(people, id="user", k=k, seed=0)``, which also
  measures the stability (10 fits on 2,000 people), the silhouette (on
  5,000), the distinguishing features and the representatives;
- ``segment auto``: ``segment(people, id="user", seed=0)``, choosing k from
  2 to 8, on ``--auto-rows`` people, against ``pipeline`` on the same people.

Each contender runs in a fresh interpreter (this script with ``--child``):
*cold* is the wall time of that whole process -- starting Python, imports,
reading the Parquet file and one call, as a command-line user pays it; *warm*
is the median wall time of ``--repeat`` further calls in that process, as in
a notebook.

Targets, as ratios in the same run: ``segment`` at a fixed k on
``--rows`` people within 1.5x of ``pipeline`` (cold and warm);
``segment`` with ``k="auto"`` on ``--auto-rows`` people within 10x of
``pipeline`` at one k on the same people (cold and warm).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NUMBERS = ["age", "deals_per_quarter", "visits_per_month"]
BOOLEANS = ["certified", "mobile"]
CATEGORIES = ["region", "tier"]


def pipeline(people: object, k: int) -> object:
    """The hand-written scikit-learn pipeline and pandas profile."""
    import pandas as pd
    from sklearn.cluster import KMeans
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    assert isinstance(people, pd.DataFrame)
    prepare = ColumnTransformer(
        [
            ("numbers", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), NUMBERS),
            ("booleans", StandardScaler(), BOOLEANS),  # no missing values; SimpleImputer refuses bool
            (
                "categories",
                make_pipeline(
                    SimpleImputer(strategy="constant", fill_value="(missing)"),
                    OneHotEncoder(sparse_output=False, handle_unknown="ignore"),
                ),
                CATEGORIES,
            ),
        ]
    )
    matrix = prepare.fit_transform(people)
    labels = KMeans(n_clusters=k, n_init="auto", random_state=0).fit_predict(matrix)
    grouped = people.assign(segment=labels).groupby("segment")
    profile = grouped[NUMBERS + BOOLEANS].mean()
    shares = [
        grouped[column].value_counts(normalize=True).unstack(fill_value=0.0).add_prefix(f"{column}=")
        for column in CATEGORIES
    ]
    return pd.concat([grouped.size().rename("size"), profile, *shares], axis=1)


def contender(name: str, path: str, k: int) -> object:
    import pandas as pd

    people = pd.read_parquet(path)
    if name == "pipeline":
        return pipeline(people, k)
    from journeykit.personas import segment

    features = NUMBERS + BOOLEANS + CATEGORIES
    if name == "segment":
        return segment(people, id="user", features=features, k=k, seed=0)
    return segment(people, id="user", features=features, seed=0)


def child(name: str, path: str, k: int, repeat: int) -> None:
    """One contender in this fresh process: the first call, then ``repeat`` warm ones."""
    contender(name, path, k)
    warm = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = contender(name, path, k)
        warm.append(time.perf_counter() - start)
    chosen = getattr(result, "k", k)
    print(json.dumps({"warm": statistics.median(warm), "k": chosen}))


def run(name: str, path: Path, k: int, repeat: int) -> tuple[float, float, int]:
    """(cold seconds, warm seconds, k found) of one contender, in a fresh process."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, __file__, "--child", name, str(path), "--k", str(k), "--repeat", str(repeat)],
        check=True,
        capture_output=True,
        text=True,
    )
    cold_total = time.perf_counter() - start
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    # The child timed `repeat` warm calls after the cold one: the cold figure is
    # the process up to the end of its first call.
    cold = cold_total - figures["warm"] * repeat
    return cold, figures["warm"], figures["k"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--auto-rows", type=int, default=100_000)
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", nargs=2, metavar=("NAME", "PATH"))
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1], args.k, args.repeat)
        return

    from journeykit.testing import synthetic_people

    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for size, contenders, target in (
            (args.rows, ("pipeline", "segment"), 1.5),
            (args.auto_rows, ("pipeline", "segment auto"), 10.0),
        ):
            path = Path(folder) / f"people-{size}.parquet"
            if not path.exists():
                synthetic_people(size, k=args.k, irrelevant=0, seed=0).frame.to_parquet(path)
            (ref_cold, ref_warm, _), (cold, warm, found) = (
                run(name, path, args.k, args.repeat) for name in contenders
            )
            rows.append((size, contenders[1], found, cold, warm, ref_cold, ref_warm, target))

    print(
        "| people | contender | k | cold s | warm s | pipeline cold s | pipeline warm s | "
        "cold ratio | warm ratio | target | verdict |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---|---|")
    for size, name, found, cold, warm, ref_cold, ref_warm, target in rows:
        ok = cold / ref_cold <= target and warm / ref_warm <= target
        print(
            f"| {size:,} | `{name}` | {found} | {cold:.2f} | {warm:.2f} | {ref_cold:.2f} | {ref_warm:.2f} | "
            f"{cold / ref_cold:.2f}x | {warm / ref_warm:.2f}x | {target:g}x | {'PASS' if ok else 'FAIL'} |"
        )


if __name__ == "__main__":
    main()
