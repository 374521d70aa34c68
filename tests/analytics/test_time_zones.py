"""Right answers about time: offsets, named time zones and empty timestamps, the same on every engine."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeykit.analytics import discover, read_events
from journeykit.exceptions import EventLogError, JourneyKitError, ParseError, SchemaError

ENGINES = ["duckdb", "polars", "pandas"]
HEADER = "case:concept:name,concept:name,time:timestamp\n"
UTC = dt.timezone.utc

# Zones with daylight saving on either hemisphere, half- and quarter-hour offsets,
# a 30-minute DST shift (Lord Howe) and an Etc zone whose sign is reversed.
ZONES = [
    "UTC",
    "Europe/Paris",
    "Europe/London",
    "America/New_York",
    "America/St_Johns",
    "America/Sao_Paulo",
    "Australia/Sydney",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Etc/GMT+5",
]


def utc_seconds(text: str) -> float:
    """When ``text`` happened, as Python's zoneinfo reads it (fold=0 for a time shown twice or skipped)."""
    head, _, zone = text.rpartition(" ")
    if zone in ZONES and head:
        local = dt.datetime.fromisoformat(head).replace(tzinfo=ZoneInfo(zone))
        return local.timestamp()
    parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).timestamp()


def as_text(instant: dt.datetime, form: str, zone: str, sep: str) -> str:
    """``instant`` (aware) written one of the ways a log may write it."""
    fmt = f"%Y-%m-%d{sep}%H:%M:%S" + (".%f" if instant.microsecond else "")
    if form == "zone":
        return instant.astimezone(ZoneInfo(zone)).strftime(fmt) + " " + zone
    if form == "offset":
        local = instant.astimezone(ZoneInfo(zone))
        return local.strftime(fmt) + local.strftime("%z")[:3] + ":" + local.strftime("%z")[3:]
    if form == "z":
        return instant.astimezone(UTC).strftime(fmt) + "Z"
    return instant.astimezone(UTC).strftime(fmt)  # naive: UTC


def write(path: Path, rows: list[str]) -> Path:
    path.write_text(HEADER + "".join(f"{row}\n" for row in rows), encoding="utf-8")
    return path


def read(path: Path, engine: str) -> Any:
    return read_events(path, engine=engine)  # type: ignore[call-overload]


def instants(path: Path, engine: str) -> list[float]:
    events = read(path, engine)
    if engine == "duckdb":
        events = events.df()
    elif engine == "polars":
        events = events.collect().to_pandas()
    return [t.timestamp() for t in events["time:timestamp"]]


moments = st.datetimes(
    min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2030, 12, 31), timezones=st.just(UTC)
).map(lambda t: t.replace(microsecond=t.microsecond // 1000 * 1000 if t.microsecond % 3 else 0))
written = st.tuples(
    moments,
    st.sampled_from(["zone", "zone", "offset", "z", "naive"]),
    st.sampled_from(ZONES),
    st.sampled_from([" ", "T"]),
).map(lambda args: as_text(*args))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=written, second=written)
def test_durations_equal_zoneinfo_on_every_engine(tmp_path: Path, first: str, second: str) -> None:
    path = write(tmp_path / "log.csv", [f"c1,a,{first}", f"c1,b,{second}"])
    start, end = utc_seconds(first), utc_seconds(second)
    source, target = ("a", "b") if start <= end else ("b", "a")
    for engine in ENGINES:
        assert instants(path, engine) == pytest.approx([start, end], abs=1e-6), engine
        edges = discover(read(path, engine)).edges
        assert edges[["source", "target"]].values.tolist() == [[source, target]], engine
        assert float(edges["mean"][0]) == pytest.approx(abs(end - start), abs=1e-6), engine


@pytest.mark.parametrize(
    ("text", "utc"),
    [
        # the example of the issue: four hours from UTC in July, not zero
        ("2024-07-01 12:00:00 America/New_York", "2024-07-01T16:00:00"),
        # shown twice when the clocks go back: the first time (the offset before the change)
        ("2024-11-03 01:30:00 America/New_York", "2024-11-03T05:30:00"),
        # skipped when the clocks go forward: read with the offset before the skip
        ("2024-03-10 02:30:00 America/New_York", "2024-03-10T07:30:00"),
        ("2024-10-06 02:15:00 Australia/Lord_Howe", "2024-10-05T15:45:00"),
        ("2024-07-01 Europe/Paris", "2024-06-30T22:00:00"),
        ("2024-07-01T12:00:00.250 Asia/Kolkata", "2024-07-01T06:30:00.250"),
        ("2024-07-01 12:00:00+02:00", "2024-07-01T10:00:00"),
        ("2024-07-01 12:00:00Z", "2024-07-01T12:00:00"),
        ("2024-07-01 12:00:00", "2024-07-01T12:00:00"),
    ],
)
def test_every_engine_reads_a_time_as_zoneinfo_does(tmp_path: Path, text: str, utc: str) -> None:
    path = write(tmp_path / "log.csv", [f"c1,a,{text}"])
    expected = dt.datetime.fromisoformat(utc).replace(tzinfo=UTC).timestamp()
    assert utc_seconds(text) == expected
    for engine in ENGINES:
        assert instants(path, engine) == [expected], engine


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("2024-07-01 12:00:00 Mars/Olympus", "Mars/Olympus"),
        ("2024-07-01 12:00:00 america/new_york", "america/new_york"),  # DuckDB alone would take it
        ("2024-07-01 12:00:00 PM", "PM"),  # DuckDB alone would drop it
        ("2024-07-01 12:00:00 EDT", "EDT"),
    ],
)
def test_an_unknown_zone_is_the_same_located_error_on_every_engine(
    tmp_path: Path, text: str, zone: str
) -> None:
    path = write(tmp_path / "log.csv", ["c1,a,2024-07-01 11:00:00 UTC", f"c1,b,{text}"])
    messages = set()
    for engine in ENGINES:
        with pytest.raises(ParseError) as info:
            read(path, engine)
        assert (info.value.file, info.value.line) == (str(path), 3), engine
        assert f"time zone {zone!r}" in str(info.value)
        assert "time:timestamp" in str(info.value)
        assert "Europe/Paris" in str(info.value)  # says what is accepted
        messages.add(str(info.value))
    assert len(messages) == 1


def test_a_zone_after_a_malformed_time_is_not_a_timestamp_anywhere(tmp_path: Path) -> None:
    path = write(tmp_path / "log.csv", ["c1,a,2024-07-01 12:00:00 UTC", "c1,b,July 1st Europe/Paris"])
    messages = set()
    for engine in ENGINES:
        with pytest.raises(ParseError, match="which is not a timestamp") as info:
            read(path, engine)
        assert info.value.line == 3
        messages.add(str(info.value))
    assert len(messages) == 1


def test_the_command_line_reports_the_four_hours(tmp_path: Path) -> None:
    path = write(
        tmp_path / "log.csv",
        ["c1,a,2024-07-01 12:00:00 America/New_York", "c1,b,2024-07-01 20:00:00 UTC"],
    )
    done = subprocess.run(
        [sys.executable, "-m", "journeykit", "discover", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "a -> b: 1 (4 h)" in done.stdout


# --------------------------------------------------------------------------- empty timestamps


@pytest.mark.parametrize("blank", ["", '""'])
def test_a_log_without_any_timestamp_is_an_error_on_every_engine(tmp_path: Path, blank: str) -> None:
    path = write(tmp_path / "log.csv", [f"c1,a,{blank}", f"c1,b,{blank}", f"c2,a,{blank}"])
    for engine in ENGINES:
        with pytest.raises(SchemaError, match="column 'time:timestamp' has no timestamps") as info:
            read(path, engine)
        assert (info.value.file, info.value.line) == (str(path), 1)
        assert "all 3 rows" in str(info.value)
        assert "timestamp=" in str(info.value)


def test_a_parquet_log_without_any_timestamp_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "log.parquet"
    frame = pd.DataFrame({"case:concept:name": ["c1"], "concept:name": ["a"]})
    frame["time:timestamp"] = pd.Series([pd.NaT], dtype="datetime64[us, UTC]")
    frame.to_parquet(path)
    for engine in ENGINES:
        with pytest.raises(SchemaError, match="has no timestamps: it is empty on the one row") as info:
            read(path, engine)
        assert info.value.file == str(path)
        assert info.value.line is None


def test_the_command_line_says_the_log_has_no_timestamps(tmp_path: Path) -> None:
    path = write(tmp_path / "log.csv", ["c1,a,", "c1,b,"])
    before = path.read_bytes()
    done = subprocess.run(
        [sys.executable, "-m", "journeykit", "discover", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.startswith(f"{path}:1: column 'time:timestamp' has no timestamps")
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr
    assert done.stdout == ""
    assert path.read_bytes() == before


def test_an_event_table_in_memory_without_timestamps_is_an_error() -> None:
    frame = pd.DataFrame({"case:concept:name": ["c1", "c1"], "concept:name": ["a", "b"]})
    frame["time:timestamp"] = pd.Series([pd.NaT, pd.NaT], dtype="datetime64[us, UTC]")
    for table in (frame, pl.from_pandas(frame)):
        with pytest.raises(EventLogError, match="has no timestamps: it is empty on all 2 rows") as info:
            discover(table)
        assert info.value.column == "time:timestamp"


def test_events_without_a_timestamp_are_left_out_when_others_have_one(tmp_path: Path) -> None:
    path = write(tmp_path / "log.csv", ["c1,a,2024-07-01 12:00:00", "c1,b,", "c1,c,2024-07-01 12:05:00 UTC"])
    for engine in ENGINES:
        observed = discover(read(path, engine))
        assert observed.edges[["source", "target", "mean"]].values.tolist() == [["a", "c", 300.0]], engine


def test_a_log_with_only_its_header_has_no_cases(tmp_path: Path) -> None:
    path = write(tmp_path / "log.csv", [])
    for engine in ENGINES:
        observed = discover(read(path, engine))
        assert len(observed.edges) == 0, engine
        assert len(observed.variants) == 0, engine
    done = subprocess.run(
        [sys.executable, "-m", "journeykit", "discover", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    assert done.stdout.startswith("ObservedJourney: 0 cases, 0 events")


def test_every_error_here_is_a_journeykit_error() -> None:
    assert issubclass(EventLogError, JourneyKitError)
    assert issubclass(ParseError, JourneyKitError)


@pytest.mark.parametrize("session_zone", ["UTC", "Europe/Madrid", "America/New_York"])
def test_spark_reads_a_naive_timestamp_as_utc_whatever_the_session_zone(
    spark: Any, session_zone: str
) -> None:
    """A TIMESTAMP_NTZ column means what a naive time means on every engine: UTC. Spark would
    otherwise read it in its session's zone, where Madrid's clocks skip 02:00-03:00 that night."""
    from pyspark.sql.types import StringType, StructField, StructType, TimestampNTZType

    schema = StructType(
        [
            StructField("case:concept:name", StringType()),
            StructField("concept:name", StringType()),
            StructField("time:timestamp", TimestampNTZType()),
        ]
    )
    rows = [
        ("c1", "a", dt.datetime(2024, 3, 31, 1, 30)),
        ("c1", "b", dt.datetime(2024, 3, 31, 3, 30, 0, 250)),
    ]
    previous = spark.conf.get("spark.sql.session.timeZone")
    spark.conf.set("spark.sql.session.timeZone", session_zone)
    try:
        edges = discover(spark.createDataFrame(rows, schema)).edges
    finally:
        spark.conf.set("spark.sql.session.timeZone", previous)
    assert edges[["source", "target"]].values.tolist() == [["a", "b"]]
    assert float(edges["mean"][0]) == pytest.approx(7200.00025, abs=1e-6)
