"""read_xes's limits: hostile logs that would fill memory or never end are refused, located.

Each bomb is generated in ``tmp_path`` and read with a small limit, to show the error; the
defaults are exercised where that takes a moment (the issue's 300 one-MB values at the
default limits take seconds and a quarter of a gigabyte: benchmarks/bench_hostile.py runs them).
"""

from __future__ import annotations

import gzip
import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeykit.analytics import read_xes
from journeykit.analytics._xes import MAX_KEYS
from journeykit.exceptions import FileAccessError, LimitExceededError

from ..conftest import deadline

unix_only = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs, /dev/zero and SIGALRM")


def key_bomb(path: Path, events: int) -> Path:
    """A log whose every event brings a new attribute key: one new column per event."""
    body = "".join(
        f'<event>\n<string key="concept:name" value="a"/>\n<string key="k{n}" value="x"/>\n</event>\n'
        for n in range(events)
    )
    path.write_text(f"<log>\n<trace>\n{body}</trace>\n</log>\n", encoding="utf-8")
    return path


def value_bomb(path: Path, values: int, chars: int) -> Path:
    """A gzip log of ``values`` events each carrying a value of ``chars`` characters."""
    value = "v" * chars
    event = f'<event>\n<string key="note" value="{value}"/>\n</event>\n'
    path.write_bytes(gzip.compress(f"<log>\n<trace>\n{event * values}</trace>\n</log>\n".encode()))
    return path


def test_a_new_key_on_every_event_is_refused_at_max_keys(tmp_path: Path) -> None:
    path = key_bomb(tmp_path / "keys.xes", 50)
    with pytest.raises(LimitExceededError) as info:
        read_xes(path, max_keys=10)
    err = info.value
    # 3 columns are always there, 7 more fit: the 8th new key, on the 8th event, is one too many
    assert str(err).startswith(f"{path}:{err.line}: the log has more than 10 attribute keys")
    assert "'k7' is one too many" in str(err)
    assert err.line == 3 + 4 * 7 + 2  # <log>, <trace>, then 4 lines an event
    assert "max_keys=" in str(err)
    assert len(read_xes(path, max_keys=53).columns) == 53


def test_the_default_key_limit_stops_a_key_bomb_early(tmp_path: Path) -> None:
    path = key_bomb(tmp_path / "keys.xes", MAX_KEYS + 500)
    with pytest.raises(LimitExceededError, match=f"more than {MAX_KEYS:,} attribute keys"):
        read_xes(path)


def test_new_trace_keys_count_too(tmp_path: Path) -> None:
    traces = "".join(
        f'<trace>\n<string key="concept:name" value="{n}"/>\n<int key="t{n}" value="1"/>\n'
        '<event><string key="concept:name" value="a"/></event>\n</trace>\n'
        for n in range(20)
    )
    path = tmp_path / "trace-keys.xes"
    path.write_text(f"<log>\n{traces}</log>\n", encoding="utf-8")
    with pytest.raises(LimitExceededError, match="'case:t2' is one too many"):
        read_xes(path, max_keys=5)
    assert read_xes(path, max_keys=23).columns[-1] == "case:t19"


def test_values_adding_up_past_max_total_chars_are_refused(tmp_path: Path) -> None:
    path = value_bomb(tmp_path / "values.xes.gz", 10, 1000)
    with pytest.raises(LimitExceededError) as info:
        read_xes(path, max_total_chars=5_500)
    err = info.value
    assert "more than 5,500 characters" in str(err)
    assert "max_total_chars=" in str(err)
    assert err.file == str(path)
    assert err.line == 3 + 3 * 5 + 1  # the 6th value, on the line after its <event>
    assert len(read_xes(path, max_total_chars=10_000)) == 10


def test_a_decompression_bomb_is_stopped_at_max_bytes(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xes.gz"
    path.write_bytes(gzip.compress(b"<log>\n" + b" " * (20 * 1024 * 1024) + b"</log>\n"))
    assert path.stat().st_size < 100_000
    with pytest.raises(LimitExceededError, match="decompresses to more than 4,194,304 bytes") as info:
        read_xes(path, max_bytes=4 * 1024 * 1024)
    assert "max_bytes=" in str(info.value)
    assert str(info.value).startswith(f"{path}:")


def test_a_plain_file_over_max_bytes_is_refused(tmp_path: Path) -> None:
    path = key_bomb(tmp_path / "plain.xes", 100)
    with pytest.raises(LimitExceededError, match="the file is more than 1,000 bytes of XML"):
        read_xes(path, max_bytes=1_000)


@given(
    st.lists(
        st.dictionaries(st.sampled_from("abcdefgh"), st.text("xyz", max_size=5), max_size=4),
        min_size=1,
        max_size=8,
    )
)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_each_limit_reads_what_fits_exactly_and_refuses_one_less(
    tmp_path: Path, events: list[dict[str, str]]
) -> None:
    body = "".join(
        "<event>" + "".join(f'<string key="{k}" value="{v}"/>' for k, v in attrs.items()) + "</event>\n"
        for attrs in events
    )
    path = tmp_path / "log.xes"
    path.write_text(f"<log><trace>\n{body}</trace></log>\n", encoding="utf-8")
    columns = 3 + len({k for attrs in events for k in attrs})
    chars = sum(len(v) for attrs in events for v in attrs.values())
    size = path.stat().st_size
    table = read_xes(path, max_keys=columns, max_total_chars=chars, max_bytes=size)
    assert table.shape == (len(events), columns)
    if columns > 3:
        with pytest.raises(LimitExceededError, match="max_keys="):
            read_xes(path, max_keys=columns - 1)
    if chars:
        with pytest.raises(LimitExceededError, match="max_total_chars="):
            read_xes(path, max_total_chars=chars - 1)
    with pytest.raises(LimitExceededError, match="max_bytes="):
        read_xes(path, max_bytes=size - 1)


@unix_only
def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "log.xes"
    os.mkfifo(fifo)
    with deadline(20), pytest.raises(FileAccessError, match="FIFO") as info:
        read_xes(fifo)
    assert str(info.value).startswith(f"{fifo}: this is a FIFO (named pipe), not a regular file")


@unix_only
@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_link_to_dev_zero_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "log.xes.gz"
    link.symlink_to("/dev/zero")
    with deadline(20), pytest.raises(FileAccessError, match="character device"):
        read_xes(link)
