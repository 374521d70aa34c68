"""Event-log readers: CSV and Parquet (three engines) and XES (plain, gzip, hostile)."""

from __future__ import annotations

import gzip
import shutil
import sys
import tracemalloc
import xml.etree.ElementTree as ET
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from journeykit.analytics._readers import ACTIVITY, CASE, TIMESTAMP, read_events
from journeykit.analytics._xes import read_xes
from journeykit.exceptions import (
    FileAccessError,
    JourneyKitError,
    LimitExceededError,
    ParseError,
    SchemaError,
    UnsupportedFormatError,
)

ROOT = Path(__file__).resolve().parents[2]
LOGS = ROOT / ".." / "shared" / "data" / "eventlogs"
HOSTILE = ROOT / "tests" / "data" / "xes"
CORE = [CASE, ACTIVITY, TIMESTAMP]
ENGINES = ["duckdb", "polars", "pandas"]

needs_logs = pytest.mark.skipif(
    not LOGS.is_dir(), reason="the shared event logs (../shared/data/eventlogs beside the repo) are absent"
)

# file: (events, cases, activities), from the table in the logs' README.
XES_LOGS = {
    "running-example.xes": (42, 6, 8),
    "01_running-example.xes.gz": (42, 6, 8),
    "08_receipt.xes.gz": (8_577, 1_434, 27),
    "helpdesk.xes.gz": (21_348, 4_580, 14),
    "bpic2012.xes.gz": (262_200, 13_087, 24),
    "02_teleclaims.xes.gz": (46_138, 3_512, 11),
    "03_repairExample.xes.gz": (11_855, 1_104, 8),
    "06_bpic2013_closed.xes.gz": (6_660, 1_487, 4),
    "07_bpic2013_incidents.xes.gz": (65_533, 7_554, 4),
    "10_orders.xes.gz": (154, 17, 11),
    "11_tickets.xes.gz": (43, 9, 6),
    "13_SEPSIS_1t_per_variant.xes.gz": (13_775, 846, 16),
    "14_Billing_1t_per_variant.xes.gz": (12_506, 1_020, 18),
    "15_bpic2020_permit_log_1t_per_variant.xes.gz": (26_028, 1_478, 51),
    "16_bpic2019_1t_per_variant.xes.gz": (338_247, 11_973, 42),
    "17_bpic2012_1t_per_variant.xes.gz": (182_467, 4_366, 24),
}
CSV_LOGS = {
    "running-example.csv": (42, 6, 8),
    "receipt.csv": (8_577, 1_434, 27),
    "reviewing.csv": (3_730, 100, 14),
    "interval_event_log.csv": (8_109, 1_266, 8),
    "roadtraffic100traces.csv": (390, 100, 10),
}
BIG = {"bpic2012.xes.gz", "16_bpic2019_1t_per_variant.xes.gz", "17_bpic2012_1t_per_variant.xes.gz"}


def as_pandas(frame: object) -> pd.DataFrame:
    """Any engine's result as a pandas frame, timestamps in UTC."""
    if isinstance(frame, duckdb.DuckDBPyRelation):
        frame = frame.df()
    elif isinstance(frame, pl.LazyFrame):
        frame = frame.collect().to_pandas()
    elif isinstance(frame, (pl.DataFrame, pa.Table)):
        frame = frame.to_pandas()
    assert isinstance(frame, pd.DataFrame)
    for column in frame.columns:
        if isinstance(frame[column].dtype, pd.DatetimeTZDtype):
            frame[column] = frame[column].dt.tz_convert("UTC").astype("datetime64[us, UTC]")
        elif pd.api.types.is_string_dtype(frame[column].dtype):
            # engines spell a missing text None or NaN (pandas 2 tells them apart): one spelling
            frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame


def counts(frame: pd.DataFrame) -> tuple[int, int, int]:
    return len(frame), frame[CASE].nunique(), frame[ACTIVITY].nunique()


def core(frame: pd.DataFrame) -> list[tuple[object, ...]]:
    return list(frame[CORE].itertuples(index=False, name=None))


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- the shared logs


@needs_logs
@pytest.mark.parametrize(
    "name",
    [pytest.param(n, marks=pytest.mark.slow) if n in BIG else n for n in XES_LOGS],
)
def test_every_xes_log_reads_with_the_counts_of_the_readme(name: str) -> None:
    events = read_xes(LOGS / name)
    assert counts(events) == XES_LOGS[name]
    assert str(events[TIMESTAMP].dtype) == "datetime64[us, UTC]"
    assert events[TIMESTAMP].notna().all()
    assert events.columns[:3].tolist() == CORE


@needs_logs
@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", list(CSV_LOGS))
def test_every_csv_log_reads_with_the_counts_of_the_readme(name: str, engine: str) -> None:
    events = as_pandas(read_events(LOGS / name, engine=engine))  # type: ignore[call-overload]
    assert counts(events) == CSV_LOGS[name]
    assert str(events[TIMESTAMP].dtype) == "datetime64[us, UTC]"


@needs_logs
def test_the_running_example_is_the_same_events_in_csv_and_xes() -> None:
    from_csv = core(as_pandas(read_events(LOGS / "running-example.csv")))
    from_xes = core(read_xes(LOGS / "running-example.xes"))
    assert from_csv == from_xes
    assert core(read_xes(LOGS / "01_running-example.xes.gz")) == from_xes
    first = from_xes[0]
    assert first == ("3", "register request", pd.Timestamp("2010-12-30 13:32:00", tz="UTC"))


@needs_logs
@pytest.mark.parametrize("name", list(CSV_LOGS))
def test_the_three_engines_read_a_csv_alike(name: str) -> None:
    frames = [as_pandas(read_events(LOGS / name, engine=e)) for e in ENGINES]  # type: ignore[call-overload]
    # The only column named differently is a header cell left blank (pandas' old index).
    shared = [c for c in frames[0].columns if all(c in f.columns for f in frames)]
    assert len(shared) >= len(frames[0].columns) - 1
    for frame in frames[1:]:
        assert core(frame) == core(frames[0])
        pd.testing.assert_frame_equal(frame[shared], frames[0][shared], check_dtype=False)


@needs_logs
def test_csv_timestamps_with_offsets_become_utc_and_start_timestamps_are_parsed_too() -> None:
    for engine in ENGINES:
        events = as_pandas(read_events(LOGS / "interval_event_log.csv", engine=engine))  # type: ignore[call-overload]
        assert str(events["start_timestamp"].dtype) == "datetime64[us, UTC]"
        assert (events["start_timestamp"] <= events[TIMESTAMP]).all()
    receipt = as_pandas(read_events(LOGS / "receipt.csv"))
    # 2011-10-11 13:45:40.276000+02:00 in the file
    assert receipt[TIMESTAMP].iloc[0] == pd.Timestamp("2011-10-11 11:45:40.276", tz="UTC")


# --------------------------------------------------------------------------- CSV and Parquet details


@pytest.fixture
def small_csv(tmp_path: Path) -> Path:
    return write(
        tmp_path / "log.csv",
        "case:concept:name,concept:name,time:timestamp,cost\n"
        "007,register,2024-05-01 09:00:00+02:00,10\n"
        "007,decide,2024-05-01 09:00:00+02:00,20\n"  # a tie with the row before
        "8,register,2024-05-01 08:00:00,\n",  # no offset: UTC
    )


@pytest.mark.parametrize("engine", ENGINES)
def test_case_ids_stay_text_and_times_are_utc(small_csv: Path, engine: str) -> None:
    events = as_pandas(read_events(small_csv, engine=engine))  # type: ignore[call-overload]
    assert events.columns.tolist() == [CASE, ACTIVITY, TIMESTAMP, "cost"]  # nothing added
    assert core(events) == [
        ("007", "register", pd.Timestamp("2024-05-01 07:00", tz="UTC")),
        ("007", "decide", pd.Timestamp("2024-05-01 07:00", tz="UTC")),
        ("8", "register", pd.Timestamp("2024-05-01 08:00", tz="UTC")),
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_row_index_numbers_the_rows_in_file_order(small_csv: Path, engine: str) -> None:
    events = as_pandas(read_events(small_csv, engine=engine, row_index="row"))  # type: ignore[call-overload]
    assert events.columns[0] == "row"
    assert events["row"].tolist() == [0, 1, 2]
    assert events[ACTIVITY].tolist() == ["register", "decide", "register"]


def test_duckdb_keeps_the_file_order_of_a_large_csv_read_in_parallel(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    con = duckdb.connect()
    con.execute("SET threads = 4")
    con.execute(
        "COPY (SELECT i AS n, 'c' || (i % 97) AS \"case:concept:name\", 'a' || (i % 7) AS \"concept:name\", "
        "'2024-01-01 00:00:00+00' AS \"time:timestamp\" FROM range(600000) r(i)) "
        f"TO '{path.as_posix()}' (HEADER)"
    )
    relation = read_events(path, connection=con, row_index="row")
    mismatches = relation.filter("row <> n").aggregate("count(*)").fetchall()
    assert mismatches == [(0,)]
    plain = read_events(path, connection=con).project("n").fetchall()
    assert [n for (n,) in plain] == list(range(600_000))


def test_duckdb_results_do_not_depend_on_the_connection_time_zone(small_csv: Path) -> None:
    con = duckdb.connect()
    con.execute("SET TimeZone = 'America/New_York'")
    events = as_pandas(read_events(small_csv, connection=con))
    assert events[TIMESTAMP].iloc[2] == pd.Timestamp("2024-05-01 08:00", tz="UTC")
    assert events[TIMESTAMP].iloc[0] == pd.Timestamp("2024-05-01 07:00", tz="UTC")


def test_dates_naive_times_and_offsets_mixed_in_a_column_read_alike_as_utc(tmp_path: Path) -> None:
    path = write(
        tmp_path / "log.csv",
        "case:concept:name,concept:name,time:timestamp,start_timestamp\n"
        "1,a,2024-05-01,2024-05-31\n"  # a date: its midnight in UTC (the -01 is no offset)
        "1,b,2024-05-01 09:30:00,\n"  # no offset: UTC
        "1,c,2024-05-01 12:00:00+02:00,2024-05-01\n"
        "2,a,2024-05-02T08:00:00.5-0130,2024-05-02\n"
        "2,b,2024-05-31,2024-05-31\n",
    )
    new_york = duckdb.connect()
    new_york.execute("SET TimeZone = 'America/New_York'")
    frames = {
        "duckdb": as_pandas(read_events(path)),
        "duckdb, TimeZone New York": as_pandas(read_events(path, connection=new_york)),
        "polars": as_pandas(read_events(path, engine="polars")),
        "pandas": as_pandas(read_events(path, engine="pandas")),
    }

    def utc(*times: str) -> list[object]:
        return [pd.Timestamp(t, tz="UTC") if t else pd.NaT for t in times]

    for engine, frame in frames.items():
        assert frame[TIMESTAMP].tolist() == utc(
            "2024-05-01 00:00", "2024-05-01 09:30", "2024-05-01 10:00", "2024-05-02 09:30:00.5", "2024-05-31"
        ), engine
        assert frame["start_timestamp"].tolist() == utc(
            "2024-05-31", "", "2024-05-01", "2024-05-02", "2024-05-31"
        ), engine
        pd.testing.assert_frame_equal(frame, frames["pandas"], check_dtype=False, obj=engine)


@pytest.mark.parametrize("engine", ENGINES)
def test_parquet_round_trip(tmp_path: Path, engine: str) -> None:
    table = pa.table(
        {
            CASE: pa.array([7, 7, 8], pa.int64()),  # read back as text
            ACTIVITY: ["register", "decide", "register"],
            TIMESTAMP: pa.array(
                [pd.Timestamp("2024-05-01 07:00", tz="UTC")] * 2 + [None],
                pa.timestamp("ms", tz="Europe/Berlin"),
            ),
            "start_timestamp": pa.array(
                [pd.Timestamp("2024-05-01 06:00")] * 3, pa.timestamp("us")
            ),  # naive: UTC
        }
    )
    path = tmp_path / "log.parquet"
    pq.write_table(table, path)
    events = as_pandas(read_events(path, engine=engine, row_index="row"))  # type: ignore[call-overload]
    assert events.columns.tolist() == ["row", CASE, ACTIVITY, TIMESTAMP, "start_timestamp"]
    assert events["row"].tolist() == [0, 1, 2]
    assert events[CASE].tolist() == ["7", "7", "8"]
    assert events[TIMESTAMP].iloc[0] == pd.Timestamp("2024-05-01 07:00", tz="UTC")
    assert pd.isna(events[TIMESTAMP].iloc[2])
    assert events["start_timestamp"].iloc[0] == pd.Timestamp("2024-05-01 06:00", tz="UTC")
    # a Parquet file is known by its magic bytes, whatever its name
    shutil.copy(path, tmp_path / "log.bin")
    assert len(as_pandas(read_events(tmp_path / "log.bin", engine=engine))) == 3  # type: ignore[call-overload]


@needs_logs
def test_xes_read_with_pyarrow_round_trips_through_parquet(tmp_path: Path) -> None:
    table = read_xes(LOGS / "running-example.xes", engine="pyarrow")
    pq.write_table(table, tmp_path / "log.parquet")
    for engine in ENGINES:
        back = as_pandas(read_events(tmp_path / "log.parquet", engine=engine))  # type: ignore[call-overload]
        assert core(back) == core(table.to_pandas())


@pytest.mark.parametrize("engine", ENGINES)
def test_a_bad_timestamp_names_the_file_and_line(tmp_path: Path, engine: str) -> None:
    path = write(
        tmp_path / "log.csv",
        "case:concept:name,concept:name,time:timestamp\n"
        "1,register,2024-05-01 09:00:00+02:00\n"
        "1,decide,next tuesday\n",
    )
    with pytest.raises(ParseError, match="'next tuesday', which is not a timestamp") as info:
        read_events(path, engine=engine)  # type: ignore[call-overload]
    assert (info.value.file, info.value.line) == (str(path), 3)
    assert str(info.value).startswith(f"{path}:3: ")


@pytest.mark.parametrize("engine", ENGINES)
def test_a_missing_column_is_a_schema_error_naming_the_option(tmp_path: Path, engine: str) -> None:
    path = write(tmp_path / "log.csv", "case,activity,time:timestamp\n1,register,2024-05-01 09:00:00\n")
    with pytest.raises(SchemaError, match=r"no column 'case:concept:name' for the case.*case=") as info:
        read_events(path, engine=engine)  # type: ignore[call-overload]
    assert info.value.line == 1
    events = as_pandas(read_events(path, engine=engine, case="case", activity="activity"))  # type: ignore[call-overload]
    assert events["case"].tolist() == ["1"]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_ragged_csv_row_is_a_parse_error(tmp_path: Path, engine: str) -> None:
    header = "case:concept:name,concept:name,time:timestamp\n"
    path = write(tmp_path / "log.csv", header + "1,a,2024-05-01 09:00:00\n1,b,2024-05-01 09:00:00,x,y\n")
    with pytest.raises(ParseError) as info:
        read_events(path, engine=engine)  # type: ignore[call-overload]
    assert info.value.file == str(path)


@pytest.mark.parametrize("engine", ENGINES)
def test_text_that_is_no_timestamp_is_a_parse_error(tmp_path: Path, engine: str) -> None:
    path = write(tmp_path / "log.csv", "case:concept:name,concept:name,time:timestamp,when\n1,a,,5\n")
    with pytest.raises(ParseError, match="when is '5', which is not a timestamp") as info:
        read_events(path, engine=engine, timestamp="when")  # type: ignore[call-overload]
    assert info.value.line == 2


@pytest.mark.parametrize("engine", ENGINES)
def test_a_numeric_parquet_column_is_no_timestamp(tmp_path: Path, engine: str) -> None:
    path = tmp_path / "log.parquet"
    pq.write_table(pa.table({CASE: ["1"], ACTIVITY: ["a"], TIMESTAMP: [5]}), path)
    with pytest.raises(SchemaError, match=r"'time:timestamp' holds .* not timestamps"):
        read_events(path, engine=engine)  # type: ignore[call-overload]


def test_files_that_cannot_be_read(tmp_path: Path) -> None:
    with pytest.raises(FileAccessError, match="cannot read the file") as info:
        read_events(tmp_path / "missing.csv")
    assert info.value.file == str(tmp_path / "missing.csv")
    with pytest.raises(FileAccessError, match="folder"):
        read_events(tmp_path)
    with pytest.raises(UnsupportedFormatError, match=r"'\.txt'.*format='csv'"):
        read_events(write(tmp_path / "log.txt", "a,b\n"))
    with pytest.raises(UnsupportedFormatError, match="read_xes"):
        read_events(write(tmp_path / "log.xes", "<log/>"))
    with pytest.raises(ValueError, match="unknown engine: 'spark'"):
        read_events(tmp_path / "log.txt", engine="spark")  # type: ignore[call-overload]


def test_a_missing_library_names_the_extra(small_csv: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "polars", None)
    with pytest.raises(ImportError, match=r"needs polars.*pip install 'journeykit\[analytics\]'"):
        read_events(small_csv, engine="polars")


# --------------------------------------------------------------------------- XES details


XES_TYPES = """<?xml version="1.0" encoding="UTF-8"?>
<log xes.version="1.0" xmlns="http://www.xes-standard.org/">
  <string key="concept:name" value="log-level names are not read"/>
  <global scope="event"><string key="concept:name" value="__INVALID__"/></global>
  <trace>
    <int key="concept:name" value="1"/>
    <string key="channel" value="web"/>
    <event>
      <string key="concept:name" value="register"/>
      <date key="time:timestamp" value="2024-05-01T09:00:00.000+02:00"/>
      <int key="cost" value="10"/>
      <float key="score" value="0.5"/>
      <boolean key="urgent" value="true"/>
      <id key="ref" value="a-1"/>
      <int key="mixed" value="1"/>
      <string key="note" value="x"><string key="nested" value="ignored"/></string>
    </event>
    <event>
      <string key="concept:name" value="decide"/>
      <string key="time:timestamp" value="2024/05/01 08:30:00"/>
      <float key="cost" value="2.5"/>
      <string key="mixed" value="two"/>
    </event>
    <event>
      <string key="concept:name" value="close"/>
    </event>
  </trace>
  <trace>
    <event>
      <string key="concept:name" value="orphan case"/>
      <date key="time:timestamp" value="2024-05-02T00:00:00Z"/>
    </event>
  </trace>
</log>
"""


def test_xes_types_follow_the_tags(tmp_path: Path) -> None:
    events = read_xes(write(tmp_path / "log.xes", XES_TYPES))
    assert events.columns.tolist() == [
        *CORE,
        "cost",
        "score",
        "urgent",
        "ref",
        "mixed",
        "note",
        "case:channel",
    ]
    assert events[CASE].tolist()[:3] == ["1", "1", "1"]  # an int case name is text
    assert pd.isna(events[CASE].iloc[3])  # a trace without one: null
    assert events[ACTIVITY].tolist() == ["register", "decide", "close", "orphan case"]
    stamps = events[TIMESTAMP].tolist()
    assert stamps[:2] == [
        pd.Timestamp("2024-05-01 07:00", tz="UTC"),
        pd.Timestamp("2024-05-01 08:30", tz="UTC"),
    ]
    assert pd.isna(stamps[2])  # an event without a timestamp is allowed
    assert stamps[3] == pd.Timestamp("2024-05-02", tz="UTC")
    assert events["cost"].tolist()[:2] == [10.0, 2.5]  # int and float: float
    assert str(events["cost"].dtype) == "float64"
    assert str(events["urgent"].dtype) == "boolean"
    assert events["urgent"].tolist()[:2] == [True, pd.NA]
    assert events["mixed"].tolist()[:2] == ["1", "two"]  # int and string: text
    assert events["ref"].iloc[0] == "a-1"
    assert events["note"].iloc[0] == "x"
    assert events["case:channel"].tolist()[:3] == ["web", "web", "web"]
    assert pd.isna(events["case:channel"].iloc[3])


@needs_logs
@pytest.mark.parametrize("engine", ["polars", "duckdb", "pyarrow"])
def test_xes_engines_hold_the_same_table(engine: str) -> None:
    expected = read_xes(LOGS / "running-example.xes")
    got = as_pandas(read_xes(LOGS / "running-example.xes", engine=engine))  # type: ignore[call-overload]
    assert got.columns.tolist() == expected.columns.tolist()
    assert core(got) == core(expected)


def test_xes_unknown_engine(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown engine: 'spark'"):
        read_xes(tmp_path / "x.xes", engine="spark")  # type: ignore[call-overload]


@needs_logs
def test_gzip_is_known_by_its_magic_bytes_not_its_name(tmp_path: Path) -> None:
    disguised = tmp_path / "log.xml"
    shutil.copy(LOGS / "01_running-example.xes.gz", disguised)
    assert len(read_xes(disguised)) == 42
    plain = tmp_path / "plain.xes.gz"  # not compressed, despite the name
    shutil.copy(LOGS / "running-example.xes", plain)
    assert len(read_xes(plain)) == 42


def test_concatenated_gzip_members_and_padding_are_read(tmp_path: Path) -> None:
    text = XES_TYPES.encode()
    path = tmp_path / "log.xes.gz"
    path.write_bytes(gzip.compress(text[:500]) + gzip.compress(text[500:]) + b"\0" * 8)
    assert len(read_xes(path)) == 4


@needs_logs
def test_progress_reports_bytes_read_of_the_file(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    path = LOGS / "helpdesk.xes.gz"
    read_xes(path, progress=lambda done, total: seen.append((done, total)))
    size = path.stat().st_size
    assert seen[-1] == (size, size)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    assert {total for _, total in seen} == {size}


HOSTILE_CASES = [
    # file, error, line, words in the message
    ("billion-laughs.xes", ParseError, 2, "DTD"),
    ("xxe.xes", ParseError, 2, "DTD"),
    ("xxe-parameter.xes", ParseError, 2, "DTD"),
    ("doctype.xes", ParseError, 2, "DTD"),
    ("undefined-entity.xes", ParseError, 6, "undefined entity"),
    ("truncated.xes", ParseError, 11, "truncated"),
    ("truncated.xes.gz", ParseError, None, "ends early"),
    ("corrupt.xes.gz", ParseError, None, "gzip data is corrupt"),
    ("not-xes.xes", ParseError, 2, "not XES: its root element is <html>"),
    ("not-xml.xes", ParseError, 1, "not well-formed XML"),
    ("empty.xes", ParseError, 1, "empty"),
    ("empty.xes.gz", ParseError, 1, "empty"),
    ("bad-int.xes", ParseError, 7, "'fifty', which is not an integer"),
    ("bad-date.xes", ParseError, 7, "'yesterday', which is not a date"),
    ("missing-value.xes", ParseError, 6, 'needs both key="..." and value="..."'),
    ("huge-attribute.xes", LimitExceededError, 6, "5,000 characters, over the limit of 4,096"),
]


@pytest.mark.parametrize(("name", "error", "line", "words"), HOSTILE_CASES)
def test_hostile_and_broken_xes_fails_with_file_and_line(
    name: str, error: type[JourneyKitError], line: int | None, words: str
) -> None:
    path = HOSTILE / name
    with pytest.raises(error) as info:
        read_xes(path, max_value_chars=4096)
    err = info.value
    assert words in str(err)
    assert err.file == str(path)
    assert isinstance(err.line, int)
    if line is not None:
        assert err.line == line
    assert str(err).startswith(f"{path}:{err.line}: ")


def test_the_default_attribute_limit_is_one_mebibyte(tmp_path: Path) -> None:
    value = "x" * (1024 * 1024 + 1)
    path = write(
        tmp_path / "big.xes",
        f'<log>\n<trace>\n<event>\n<string key="k" value="{value}"/>\n</event></trace></log>',
    )
    with pytest.raises(LimitExceededError, match="max_value_chars=") as info:
        read_xes(path)
    assert info.value.line == 4
    assert len(read_xes(path, max_value_chars=2 * 1024 * 1024)) == 1


def test_xes_files_that_cannot_be_read(tmp_path: Path) -> None:
    with pytest.raises(FileAccessError, match="cannot read the file"):
        read_xes(tmp_path / "missing.xes")
    with pytest.raises(FileAccessError, match="folder"):
        read_xes(tmp_path)


def _generated_log(path: Path, events: int) -> Path:
    with path.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<log>\n')
        for n in range(events):
            if n % 10 == 0:
                out.write(f'<trace>\n<string key="concept:name" value="case {n // 10}"/>\n')
            out.write(
                f'<event>\n<string key="concept:name" value="step {n % 10}"/>\n'
                f'<string key="org:resource" value="R{n % 7}"/>\n'
                f'<date key="time:timestamp" value="2024-05-01T09:{n % 60:02d}:00.000+02:00"/>\n'
                f'<int key="cost" value="{n}"/>\n</event>\n'
            )
            if n % 10 == 9:
                out.write("</trace>\n")
        out.write("</log>\n")
    return path


def test_the_reader_streams_instead_of_building_the_tree(tmp_path: Path) -> None:
    """Python memory at its peak stays well under what the XML tree alone takes.

    tracemalloc sees the Python objects (the tree, or our columns), not
    Arrow's buffers; the columns hold the values themselves, which any reader
    must, so the bound is a fraction of the tree, not a constant.
    """
    path = _generated_log(tmp_path / "big.xes", 50_000)
    tracemalloc.start()
    try:
        ET.parse(path)
        tree_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.reset_peak()
        table = read_xes(path, engine="pyarrow")
        reader_peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert table.num_rows == 50_000
    assert reader_peak < tree_peak / 3, (reader_peak, tree_peak)


@pytest.mark.parametrize("engine", ["duckdb", "polars", "pandas"])
def test_a_fifo_is_refused_without_blocking(tmp_path: Path, engine: str) -> None:
    import os

    fifo = tmp_path / "log.csv"
    os.mkfifo(fifo)
    with pytest.raises(FileAccessError, match="FIFO") as caught:
        read_events(fifo, engine=engine)  # type: ignore[call-overload]
    assert caught.value.file == str(fifo)


def test_the_cli_refuses_a_fifo_log_in_one_line(tmp_path: Path) -> None:
    import os
    import subprocess

    fifo = tmp_path / "log.csv"
    os.mkfifo(fifo)
    done = subprocess.run(
        [sys.executable, "-m", "journeykit", "discover", str(fifo)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1
    assert "FIFO" in done.stderr
