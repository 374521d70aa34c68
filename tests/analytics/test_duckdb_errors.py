"""DuckDB interrupted or out of memory: a KeyboardInterrupt and a clear error, never a traceback."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from journeykit.analytics import conformance, discover, funnel, measure, read_events
from journeykit.analytics._duckdb_errors import engine_errors, translated
from journeykit.exceptions import ArgumentValueError, JourneyKitError, ResourceLimitError

from ..conftest import run_cli

CASE, ACTIVITY, TIMESTAMP = "case:concept:name", "concept:name", "time:timestamp"


def big_log(path: Path, events: int) -> Path:
    """A Parquet log of ``events`` events, ten per case, 30 activities, in shuffled order, made by DuckDB."""
    duckdb.sql(
        f"""COPY (
            SELECT 'c' || (i // 10)::VARCHAR AS "{CASE}",
                   'a' || (hash(i) % 30)::VARCHAR AS "{ACTIVITY}",
                   TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_seconds((hash(i * 7) % 10000000)::BIGINT)
                       AS "{TIMESTAMP}"
            FROM range({events}) t(i) ORDER BY hash(i + 1)
        ) TO '{path}' (FORMAT parquet)"""
    )
    return path


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return big_log(tmp_path_factory.mktemp("logs") / "big.parquet", 4_000_000)


# --------------------------------------------------------------------------- Ctrl-C


def opened(pid: int, path: Path) -> bool:
    """Whether process ``pid`` has ``path`` open (DuckDB reading it)."""
    try:
        return any(os.readlink(f"/proc/{pid}/fd/{fd}") == str(path) for fd in os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to see DuckDB read the log")
def test_ctrl_c_during_a_duckdb_query_exits_130_with_one_line(big: Path, tmp_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "journeykit", "discover", str(big)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        # as in a terminal: SIGINT raises KeyboardInterrupt (a test runner may ignore it)
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 120
    while not opened(process.pid, big) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.2)  # well inside the queries, which take seconds on this log
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 130, err
    assert "Traceback" not in err
    assert "Query interrupted" not in err
    assert len(err.strip().splitlines()) <= 1


class Interrupter:
    """Calls ``connection.interrupt()`` over and over until stopped, as a Ctrl-C handler would."""

    def __init__(self, connection: duckdb.DuckDBPyConnection) -> None:
        self.connection = connection
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self) -> None:
        while not self.stop.wait(0.05):
            self.connection.interrupt()

    def __enter__(self) -> Interrupter:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()


def test_an_interrupted_analysis_raises_keyboard_interrupt(big: Path) -> None:
    connection = duckdb.connect()
    events = read_events(big, connection=connection)

    def until_interrupted() -> None:
        for _ in range(20):  # one run may slip between two interrupts
            discover(events)

    with Interrupter(connection), pytest.raises(KeyboardInterrupt):
        until_interrupted()


def test_duckdbs_interrupts_are_keyboard_interrupts() -> None:
    assert isinstance(translated(RuntimeError("Query interrupted")), KeyboardInterrupt)
    assert isinstance(
        translated(duckdb.InterruptException("INTERRUPT Error: Interrupted!")), KeyboardInterrupt
    )
    assert translated(RuntimeError("something else")) is None
    assert translated(ValueError("Query interrupted")) is None


# --------------------------------------------------------------------------- out of memory


def test_out_of_memory_names_the_log_and_the_remedies(big: Path) -> None:
    connection = duckdb.connect()
    events = read_events(big, connection=connection)
    connection.execute("SET memory_limit = '20MB'")
    connection.execute("SET temp_directory = ''")  # nowhere to spill
    with pytest.raises(ResourceLimitError) as info:
        discover(events)
    message = str(info.value)
    assert info.value.file == str(big)
    assert message.startswith(f"{big}: DuckDB ran out of memory")
    for remedy in (
        "memory_limit",
        "JOURNEYKIT_DUCKDB_MEMORY_LIMIT",
        "temp_directory",
        "Spark",
        "smaller log",
    ):
        assert remedy in message
    assert isinstance(info.value, JourneyKitError)
    assert isinstance(info.value, MemoryError)


def test_out_of_memory_while_reading_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text(f"{CASE},{ACTIVITY},{TIMESTAMP}\n" + "c1,a,2024-07-01 12:00:00 Europe/Paris\n" * 1000)
    connection = duckdb.connect()
    connection.execute("SET memory_limit = '1MB'")
    connection.execute("SET temp_directory = ''")
    with pytest.raises(ResourceLimitError, match="DuckDB ran out of memory on the event log") as info:
        read_events(path, connection=connection)
    assert info.value.file == str(path)


def test_every_analysis_translates_out_of_memory() -> None:
    """The entry points share one wrapper; a DuckDB relation on a starved connection fails in each."""
    import journeykit as jk

    connection = duckdb.connect()
    connection.execute("SET memory_limit = '4MB'")
    connection.execute("SET temp_directory = ''")
    relation = connection.sql(
        f"""SELECT 'c' || (i // 10)::VARCHAR AS "{CASE}", 'a' || (i % 7)::VARCHAR AS "{ACTIVITY}",
                   TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_seconds(i) AS "{TIMESTAMP}"
            FROM range(3000000) t(i)"""
    )
    portal = jk.example()
    journey = portal.journeys[0]
    for run in (
        lambda: discover(relation),
        lambda: funnel(relation, journey),
        lambda: conformance(relation, journey),
        lambda: measure(relation, portal),
        lambda: jk.personas.behaviour(relation, user=CASE, activity=ACTIVITY),
    ):
        with pytest.raises(ResourceLimitError, match="DuckDB ran out of memory on the event table"):
            run()


def test_the_command_line_says_out_of_memory_in_one_line(big: Path, tmp_path: Path) -> None:
    before = big.stat().st_mtime_ns
    done = run_cli("discover", big, cwd=tmp_path, env={"JOURNEYKIT_DUCKDB_MEMORY_LIMIT": "20MB"})
    assert done.returncode == 1
    assert done.stderr.startswith(f"{big}: DuckDB ran out of memory")
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr
    assert big.stat().st_mtime_ns == before


def xes_log(path: Path, cases: int) -> Path:
    """An XES log of ``cases`` cases of ten events, 30 activities."""
    event = (
        '<event><string key="concept:name" value="a{a}"/>'
        '<date key="time:timestamp" value="2024-01-01T00:00:{s:02d}+00:00"/></event>'
    )
    traces = (
        f'<trace><string key="concept:name" value="c{c}"/>'
        + "".join(event.format(a=(c * 7 + i) % 30, s=i) for i in range(10))
        + "</trace>"
        for c in range(cases)
    )
    path.write_text("<log>\n" + "\n".join(traces) + "\n</log>\n", encoding="utf-8")
    return path


def test_the_command_line_names_an_xes_log_out_of_memory(tmp_path: Path) -> None:
    """An XES log reaches DuckDB as a table in memory; the message still names the file."""
    log = xes_log(tmp_path / "log.xes", 20_000)
    done = run_cli("discover", log, cwd=tmp_path, env={"JOURNEYKIT_DUCKDB_MEMORY_LIMIT": "1MB"})
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith(f"{log}: DuckDB ran out of memory on the event log")
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_bad_memory_setting_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text(f"{CASE},{ACTIVITY},{TIMESTAMP}\nc1,a,2024-07-01 12:00:00\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "journeykit", "discover", str(path)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "JOURNEYKIT_DUCKDB_MEMORY_LIMIT": "lots"},
    )
    assert done.returncode == 1
    assert done.stderr.startswith("the environment variable JOURNEYKIT_DUCKDB_MEMORY_LIMIT='lots'")
    assert "Traceback" not in done.stderr


def test_the_settings_reach_journeykits_own_connections(monkeypatch: pytest.MonkeyPatch) -> None:
    from journeykit.analytics import _duckdb_errors

    monkeypatch.setenv("JOURNEYKIT_DUCKDB_MEMORY_LIMIT", "1GB")
    connection = _duckdb_errors.configure(duckdb.connect())
    assert connection.sql("SELECT current_setting('memory_limit')").fetchall()[0][0] in (
        "953.6 MiB",
        "1.0 GiB",
    )
    monkeypatch.setenv("JOURNEYKIT_DUCKDB_MEMORY_LIMIT", "lots")
    with pytest.raises(ArgumentValueError, match="JOURNEYKIT_DUCKDB_MEMORY_LIMIT"):
        _duckdb_errors.configure(duckdb.connect())


def test_other_errors_pass_through_unchanged() -> None:
    with pytest.raises(ZeroDivisionError), engine_errors():
        _ = 1 / 0
    frame = pd.DataFrame({CASE: ["c1"], ACTIVITY: ["a"], TIMESTAMP: pd.to_datetime(["2024-01-01"], utc=True)})
    assert len(discover(frame).variants) == 1
