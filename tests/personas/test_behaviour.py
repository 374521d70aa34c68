"""behaviour: the user x activity matrix, checked against pandas.crosstab on every engine."""

from __future__ import annotations

import math
import subprocess
import sys
from collections.abc import Callable
from functools import cache
from typing import Any

import narwhals as nw
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journeykit.analytics import read_xes
from journeykit.exceptions import EventLogError, JourneyKitError, MissingDependencyError
from journeykit.personas import behaviour  # the package's lazy name, as users reach it

from ..analytics._shared import ACTIVITY, LOGS, SPARK_PANDAS_WARNING, TIMESTAMP, needs_logs, read_csv

# -- helpers -----------------------------------------------------------------------


def expected(frame: pd.DataFrame, user: str, activity: str, weight: str | None = None) -> pd.DataFrame:
    """What behaviour must give, the plain pandas way: a crosstab of the complete events."""
    complete = frame.dropna(subset=[user, activity])
    if complete.empty:
        return pd.DataFrame({user: complete[user]}).reset_index(drop=True)
    names = complete[activity].astype(str)
    if weight is None:
        table = pd.crosstab(complete[user], names)
    else:
        weights = complete[weight].astype("float64")
        table = pd.crosstab(complete[user], names, values=weights, aggfunc="sum").fillna(0.0)
    table = table.sort_index(axis=1)
    table.columns = [str(c) for c in table.columns]
    return table.reset_index(names=user)


def as_pandas(result: Any) -> pd.DataFrame:
    """Any engine's result, through narwhals (which must accept it), as pandas."""
    frame = nw.from_native(result)
    if isinstance(frame, nw.LazyFrame):
        return frame.collect("pyarrow").to_pandas()
    return frame.to_pandas()


def assert_matrix(
    result: Any, frame: pd.DataFrame, user: str, activity: str, weight: str | None = None
) -> None:
    """``result`` is the crosstab of ``frame``: same users in order, same columns, same values and types."""
    got, want = as_pandas(result), expected(frame, user, activity, weight)
    assert list(got.columns) == list(want.columns)
    assert got[user].tolist() == want[user].tolist()
    schema = nw.from_native(result).collect_schema()
    kind = nw.Int64 if weight is None else nw.Float64
    assert all(schema[name] == kind for name in want.columns[1:])
    values, wanted = got.iloc[:, 1:].to_numpy(), want.iloc[:, 1:].to_numpy(dtype=float)
    if weight is None:
        assert np.array_equal(values, wanted)
    else:  # engines add in their own order
        np.testing.assert_allclose(values, wanted, rtol=1e-12, atol=1e-9)


def engines(frame: pd.DataFrame) -> dict[str, Callable[[], Any]]:
    """The same events as every in-process engine's table (made on demand)."""
    import duckdb
    import polars as pl
    import pyarrow as pa

    def table() -> pa.Table:
        return pa.Table.from_pandas(frame, preserve_index=False)

    return {
        "pandas": lambda: frame,
        "pyarrow": table,
        "polars": lambda: pl.from_arrow(table()),
        "polars-lazy": lambda: pl.from_arrow(table()).lazy(),  # type: ignore[union-attr]
        "duckdb": lambda: duckdb.connect().from_arrow(table()),
    }


ENGINES = ["pandas", "pyarrow", "polars", "polars-lazy", "duckdb"]


def on(engine: str, frame: pd.DataFrame) -> Any:
    return engines(frame)[engine]()


@cache
def _read_xes(name: str) -> pd.DataFrame:
    return read_xes(LOGS / name)


def read_log(name: str) -> pd.DataFrame:
    """A shared log, CSV as PM4Py's oracle read it, XES through ``read_xes`` (a fresh copy)."""
    if not LOGS.is_dir():
        pytest.skip(f"the shared event logs are not at {LOGS}")
    return read_csv(name) if name.endswith(".csv") else _read_xes(name).copy()


def with_weight(frame: pd.DataFrame) -> pd.DataFrame:
    """A made-up ``weight`` for logs that have no numeric column: quarters, every 7th missing."""
    position = np.arange(len(frame))
    weight = (position % 5) * 0.25 + 0.5
    return frame.assign(weight=np.where(position % 7 == 3, np.nan, weight))


# -- against pandas.crosstab on the shared logs ----------------------------------------

#: (log, user column, numeric weight column or None for a made-up one). Users are
#: the people of each log (resources, roles), or its cases.
LOGS_USED = [
    ("running-example.csv", "org:resource", "Costs"),
    ("reviewing.csv", "org:resource", None),
    ("receipt.csv", "org:resource", None),
    ("roadtraffic100traces.csv", "org:resource", "amount"),  # numeric users, some missing
    ("running-example.xes", "org:resource", None),
    ("helpdesk.xes.gz", "org:resource", None),
    ("03_repairExample.xes.gz", "org:resource", None),
    ("10_orders.xes.gz", "org:role", "variant:count"),  # a nullable integer weight
    ("14_Billing_1t_per_variant.xes.gz", "case:concept:name", None),
]


def log_frame(log: str, user: str, weight: str | None) -> tuple[pd.DataFrame, str]:
    """The log with only what the engines need (plus the timestamp, which must be ignored)."""
    frame = read_log(log)
    if weight is None:
        frame, weight = with_weight(frame), "weight"
    return frame[list(dict.fromkeys([user, ACTIVITY, weight, TIMESTAMP]))], weight


@needs_logs
@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("log", "user", "weight"), LOGS_USED)
def test_counts_equal_pandas_crosstab_on_the_shared_logs(
    log: str, user: str, weight: str | None, engine: str
) -> None:
    frame, _ = log_frame(log, user, weight)
    assert_matrix(behaviour(on(engine, frame), user=user, activity=ACTIVITY), frame, user, ACTIVITY)


@needs_logs
@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("log", "user", "weight"), LOGS_USED)
def test_weights_equal_pandas_crosstab_sums_on_the_shared_logs(
    log: str, user: str, weight: str | None, engine: str
) -> None:
    frame, weight = log_frame(log, user, weight)
    result = behaviour(on(engine, frame), user=user, activity=ACTIVITY, weight=weight)
    assert_matrix(result, frame, user, ACTIVITY, weight)


@needs_logs
def test_a_whole_log_as_read_gives_the_same_matrix() -> None:
    """Every column of the log, not just the needed ones: the others are ignored."""
    frame = read_log("receipt.csv")
    assert_matrix(behaviour(frame, user="org:resource", activity=ACTIVITY), frame, "org:resource", ACTIVITY)


@needs_logs
@pytest.mark.slow
@pytest.mark.filterwarnings(SPARK_PANDAS_WARNING)
@pytest.mark.parametrize(
    ("log", "user", "weight"),
    [LOGS_USED[0], LOGS_USED[1], LOGS_USED[3], ("03_repairExample.xes.gz", "org:resource", None)],
)
def test_spark_equals_pandas_crosstab(spark: Any, log: str, user: str, weight: str | None) -> None:
    import pyarrow as pa

    frame, weight = log_frame(log, user, weight)
    events = spark.createDataFrame(pa.Table.from_pandas(frame, preserve_index=False))
    counts = behaviour(events, user=user, activity=ACTIVITY)
    assert type(counts) is type(events)  # the matrix stays in Spark
    assert_matrix(counts, frame, user, ACTIVITY)
    assert_matrix(
        behaviour(events, user=user, activity=ACTIVITY, weight=weight), frame, user, ACTIVITY, weight
    )


# -- properties on small generated logs -------------------------------------------------

#: Activities that are awkward as column names: quotes, spaces, non-ASCII, digits.
NAMES = ["Visit", "Buy", "it's", 'say "hi"', "café", "a.b", "10", "2", "Zoom"]


@st.composite
def small_logs(draw: st.DrawFn) -> pd.DataFrame:
    """Up to 40 events of 4 users and a few awkward activities; users, activities and
    weights may be missing, weights may be NaN."""
    rows = draw(
        st.lists(
            st.tuples(
                st.sampled_from(["u1", "u2", "u3", "u4", None]),
                st.sampled_from([*NAMES, None]),
                st.sampled_from([0.5, 1.25, 2.0, 0.0, None, math.nan]),
            ),
            max_size=40,
        )
    )
    return pd.DataFrame(
        {
            "user": pd.Series([r[0] for r in rows], dtype="str"),
            "activity": pd.Series([r[1] for r in rows], dtype="str"),
            "seconds": pd.Series([r[2] for r in rows], dtype="float64"),
        }
    )


@settings(max_examples=40, deadline=None)
@given(frame=small_logs(), engine=st.sampled_from(ENGINES))
def test_small_logs_equal_pandas_crosstab(frame: pd.DataFrame, engine: str) -> None:
    assert_matrix(behaviour(on(engine, frame), user="user", activity="activity"), frame, "user", "activity")
    weighted = behaviour(on(engine, frame), user="user", activity="activity", weight="seconds")
    assert_matrix(weighted, frame, "user", "activity", "seconds")


@settings(max_examples=40, deadline=None)
@given(frame=small_logs())
def test_row_sums_are_each_users_events_and_weights(frame: pd.DataFrame) -> None:
    complete = frame.dropna(subset=["user", "activity"])
    counts = behaviour(frame, user="user", activity="activity").set_index("user")
    assert counts.sum(axis=1).to_dict() == complete.groupby("user").size().to_dict()
    weights = behaviour(frame, user="user", activity="activity", weight="seconds").set_index("user")
    assert weights.sum(axis=1).to_dict() == pytest.approx(complete.groupby("user")["seconds"].sum().to_dict())
    assert (counts.to_numpy() >= 0).all()


@settings(max_examples=40, deadline=None)
@given(frame=small_logs(), data=st.data())
def test_row_order_changes_nothing(frame: pd.DataFrame, data: st.DataObject) -> None:
    order = data.draw(st.permutations(range(len(frame))))
    shuffled = frame.iloc[order].reset_index(drop=True)
    for weight in (None, "seconds"):
        pd.testing.assert_frame_equal(
            behaviour(shuffled, user="user", activity="activity", weight=weight),
            behaviour(frame, user="user", activity="activity", weight=weight),
        )


@settings(max_examples=20, deadline=None)
@given(frame=small_logs())
def test_every_engine_gives_the_same_table(frame: pd.DataFrame) -> None:
    reference = behaviour(frame, user="user", activity="activity", weight="seconds")
    for engine in ENGINES[1:]:
        got = as_pandas(behaviour(on(engine, frame), user="user", activity="activity", weight="seconds"))
        pd.testing.assert_frame_equal(got, reference, check_dtype=False)
        assert list(got.dtypes[1:]) == list(reference.dtypes[1:])


# -- what the result is -------------------------------------------------------------------

LOG = pd.DataFrame(
    {
        "customer": ["ana", "ana", "ben", "ana", "cy", None, "dee"],
        "page": ["Pricing", "Docs", "Pricing", "Pricing", "Signup", "Docs", None],
        "seconds": [30.0, 120.0, 15.0, None, 5.0, 60.0, 1.0],
    }
)


@pytest.mark.parametrize("engine", ENGINES)
def test_the_small_log_in_full(engine: str) -> None:
    """Nulls left out: the event without a customer, and dee, whose one event has no page."""
    counts = as_pandas(behaviour(on(engine, LOG), user="customer", activity="page"))
    assert counts.to_dict("list") == {
        "customer": ["ana", "ben", "cy"],
        "Docs": [1, 0, 0],
        "Pricing": [2, 1, 0],
        "Signup": [0, 0, 1],
    }
    weights = as_pandas(behaviour(on(engine, LOG), user="customer", activity="page", weight="seconds"))
    assert weights.to_dict("list") == {
        "customer": ["ana", "ben", "cy"],
        "Docs": [120.0, 0.0, 0.0],
        "Pricing": [30.0, 15.0, 0.0],  # ana's second visit has no seconds: it counts 0
        "Signup": [0.0, 0.0, 5.0],
    }


def test_each_input_gives_its_own_kind_of_table() -> None:
    import duckdb
    import polars as pl
    import pyarrow as pa

    tables = engines(LOG)
    kinds = {
        "pandas": pd.DataFrame,
        "pyarrow": pa.Table,
        "polars": pl.DataFrame,
        "polars-lazy": pl.DataFrame,  # computed
        "duckdb": duckdb.DuckDBPyRelation,
    }
    for engine, kind in kinds.items():
        assert isinstance(behaviour(tables[engine](), user="customer", activity="page"), kind), engine
    assert list(behaviour(LOG, user="customer", activity="page").index) == [0, 1, 2]


def test_a_duckdb_result_stays_on_the_callers_connection() -> None:
    import duckdb

    connection = duckdb.connect()
    connection.execute(
        "CREATE TABLE events AS SELECT * FROM (VALUES ('a', 'x'), ('b', 'y'), ('a', 'x')) t(u, act)"
    )
    matrix = behaviour(connection.table("events"), user="u", activity="act")
    matrix.to_table("matrix")
    assert connection.execute("SELECT * FROM matrix").fetchall() == [("a", 2, 0), ("b", 0, 1)]


@pytest.mark.parametrize("engine", ENGINES)
def test_activities_are_named_as_text_and_sorted_as_text(engine: str) -> None:
    frame = pd.DataFrame({"user": [3, 1, 1, 2], "code": [10, 2, 10, 9]})
    result = as_pandas(behaviour(on(engine, frame), user="user", activity="code"))
    assert list(result.columns) == ["user", "10", "2", "9"]
    assert result["user"].tolist() == [1, 2, 3]  # users sorted as what they are: numbers
    assert result.to_numpy().tolist() == [[1, 1, 1, 0], [2, 0, 0, 1], [3, 1, 0, 0]]


@pytest.mark.parametrize("engine", ENGINES)
def test_names_sort_by_code_point_not_by_case(engine: str) -> None:
    frame = pd.DataFrame({"user": ["b", "B", "a", "é"], "act": ["b", "C", "a", "É"]})
    result = as_pandas(behaviour(on(engine, frame), user="user", activity="act"))
    assert list(result.columns) == ["user", "C", "a", "b", "É"]
    assert result["user"].tolist() == ["B", "a", "b", "é"]


@pytest.mark.parametrize("engine", ENGINES)
def test_integer_weights_are_summed_as_floats(engine: str) -> None:
    frame = pd.DataFrame({"u": ["a", "a", "b"], "act": ["x", "x", "y"], "n": pd.array([2, None, 5], "Int64")})
    result = as_pandas(behaviour(on(engine, frame), user="u", activity="act", weight="n"))
    assert result.to_dict("list") == {"u": ["a", "b"], "x": [2.0, 0.0], "y": [0.0, 5.0]}
    assert list(result.dtypes[1:]) == ["float64", "float64"]


def test_nan_weights_count_zero_where_the_engine_keeps_nan() -> None:
    import polars as pl

    frame = pl.DataFrame({"u": ["a", "a"], "act": ["x", "x"], "w": [float("nan"), 1.5]})
    assert behaviour(frame, user="u", activity="act", weight="w").rows() == [("a", 1.5)]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_log_without_complete_events_gives_the_user_column_alone(engine: str) -> None:
    frame = LOG.assign(page=None).astype({"page": "str"})
    result = behaviour(on(engine, frame), user="customer", activity="page")
    assert as_pandas(result).columns.tolist() == ["customer"]
    assert len(as_pandas(result)) == 0


def test_the_callers_frame_is_not_changed() -> None:
    import polars as pl

    frame = LOG.sample(frac=1.0, random_state=3)
    before = frame.copy()
    behaviour(frame, user="customer", activity="page", weight="seconds")
    pd.testing.assert_frame_equal(frame, before)
    polars_frame = pl.from_pandas(frame)
    behaviour(polars_frame, user="customer", activity="page")
    assert polars_frame.columns == list(LOG.columns)


@pytest.mark.parametrize("engine", ENGINES)
def test_names_the_library_uses_inside_are_safe_in_the_log(engine: str) -> None:
    frame = pd.DataFrame(
        {
            "__jk_activity": ["a", "b", "b"],
            "__jk_user": ["__jk_1", "__jk_0", "__jk_weight"],
            "__jk_0": [1.0, 2.0, 4.0],
        }
    )
    result = behaviour(on(engine, frame), user="__jk_activity", activity="__jk_user", weight="__jk_0")
    assert as_pandas(result).to_dict("list") == {
        "__jk_activity": ["a", "b"],
        "__jk_0": [0.0, 2.0],
        "__jk_1": [1.0, 0.0],
        "__jk_weight": [0.0, 4.0],
    }


# -- errors -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "option", "column"),
    [
        ({"user": "visitor", "activity": "page"}, "user", "visitor"),
        ({"user": "customer", "activity": "url"}, "activity", "url"),
        ({"user": "customer", "activity": "page", "weight": "minutes"}, "weight", "minutes"),
    ],
)
def test_a_missing_column_is_named_with_the_columns_there_are(
    options: dict[str, str], option: str, column: str
) -> None:
    with pytest.raises(
        EventLogError, match=rf"no column '{column}' \({option}=\).*'customer', 'page', 'seconds'"
    ) as info:
        behaviour(LOG, **options)
    assert isinstance(info.value, JourneyKitError)
    assert info.value.column == column
    assert info.value.columns == ("customer", "page", "seconds")


@pytest.mark.parametrize("engine", ["pandas", "polars", "duckdb"])
def test_a_weight_that_is_not_numeric_is_refused(engine: str) -> None:
    frame = LOG.assign(flag=LOG["seconds"] > 20)
    with pytest.raises(EventLogError, match=r"column 'page' \(weight=\) holds String, not numbers"):
        behaviour(on(engine, frame), user="customer", activity="page", weight="page")
    with pytest.raises(EventLogError, match=r"column 'flag' \(weight=\) holds Boolean, not numbers"):
        behaviour(on(engine, frame), user="customer", activity="page", weight="flag")


@pytest.mark.parametrize("engine", ["pandas", "polars-lazy", "duckdb"])
def test_more_activities_than_the_cap_are_refused_with_what_to_do(engine: str) -> None:
    wide = pd.DataFrame({"user": "u", "url": [f"/page/{i}" for i in range(1_001)]})
    with pytest.raises(
        EventLogError, match=r"'url' \(activity=\) has more than 1,000 distinct activities.*group them first"
    ) as info:
        behaviour(on(engine, wide), user="user", activity="url")
    assert info.value.column == "url"
    widest = as_pandas(behaviour(on(engine, wide.iloc[:1_000]), user="user", activity="url"))
    assert widest.shape == (1, 1_001)


def test_the_cap_can_be_moved() -> None:
    frame = pd.DataFrame({"user": "u", "act": ["a", "b", "c"]})
    with pytest.raises(EventLogError, match="more than 2 distinct activities"):
        behaviour(frame, user="user", activity="act", max_activities=2)
    assert behaviour(frame, user="user", activity="act", max_activities=3).shape == (1, 4)


@pytest.mark.parametrize("value", ["customer", "Customer"])
def test_an_activity_named_like_the_user_column_is_refused(value: str) -> None:
    frame = LOG.assign(page=LOG["page"].replace("Docs", value))
    with pytest.raises(EventLogError, match=rf"activity '{value}' would be a column named like the user"):
        behaviour(frame, user="customer", activity="page")


@pytest.mark.parametrize("engine", ["pandas", "polars", "duckdb"])
def test_activities_that_differ_only_in_case_are_refused(engine: str) -> None:
    frame = pd.DataFrame({"user": ["a", "b"], "act": ["Buy", "buy"]})
    with pytest.raises(EventLogError, match="activities 'Buy' and 'buy' differ only in case"):
        behaviour(on(engine, frame), user="user", activity="act")


def test_an_empty_activity_is_refused() -> None:
    frame = pd.DataFrame({"user": ["a", "b"], "act": ["", "x"]})
    with pytest.raises(EventLogError, match="holds the empty text"):
        behaviour(frame, user="user", activity="act")


def test_an_unsupported_input_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="pandas, Polars or PyArrow"):
        behaviour([{"user": "a", "act": "x"}], user="user", activity="act")


def test_without_duckdb_pandas_input_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import polars as pl

    monkeypatch.setitem(sys.modules, "duckdb", None)  # `import duckdb` now fails
    with pytest.raises(MissingDependencyError, match=r"pip install 'journeykit\[analytics\]'"):
        behaviour(LOG, user="customer", activity="page")
    assert behaviour(pl.from_pandas(LOG), user="customer", activity="page").height == 3


def test_without_narwhals_the_call_says_what_to_install() -> None:
    code = (
        "import sys; sys.modules['narwhals'] = None\n"
        "import journeykit as jk\n"
        "behaviour = jk.personas.behaviour  # reaching the name needs no extra\n"
        "try:\n    behaviour([], user='u', activity='a')\n"
        "except jk.MissingDependencyError as err:\n    print(err)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "pip install 'journeykit[personas]'" in result.stdout
