"""Bounded cost on hostile programme and Mermaid files.

What is read is capped, not what the disk says; FIFOs, devices and links to them are refused
without blocking; a file with tens of thousands of problems is answered in time linear in it,
each problem still at its line.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

import journeykit
from journeykit.exceptions import FileAccessError, LimitExceededError, SchemaError
from journeykit.io._lines import line_of, line_tree
from journeykit.io._report import MAX_PROBLEMS
from journeykit.io.mermaid import read_mermaid

from ..conftest import deadline

unix_only = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs, /dev/zero and SIGALRM")
needs_dev_zero = pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")

MERMAID = "journey\n    title Onboarding\n    section Apply\n        Fill in the form: 3: Sales\n"


def journeykit_cli(*args: str | Path, timeout: int = 60) -> subprocess.CompletedProcess[str]:
    """The command line as a user runs it; a hang fails the test instead of the run."""
    command = [sys.executable, "-m", "journeykit", *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=timeout)


# -- non-regular files ------------------------------------------------------------------------


@unix_only
@needs_dev_zero
@pytest.mark.parametrize("name", ["zero.yaml", "zero.json"])
def test_a_link_to_dev_zero_is_refused_not_read(tmp_path: Path, name: str) -> None:
    link = tmp_path / name
    link.symlink_to("/dev/zero")
    with deadline(20), pytest.raises(FileAccessError) as info:
        journeykit.load(link)
    assert str(info.value).startswith(f"{link}: this is a character device, not a regular file")


@unix_only
def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "programme.yaml"
    os.mkfifo(fifo)
    with deadline(20), pytest.raises(FileAccessError, match="this is a FIFO"):
        journeykit.load(fifo)


@unix_only
def test_a_fifo_in_a_folder_is_named_and_refused(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("name: Portal\n", encoding="utf-8")
    os.mkfifo(tmp_path / "b.yaml")
    with deadline(20), pytest.raises(FileAccessError) as info:
        journeykit.load(tmp_path)
    assert info.value.file == str(tmp_path / "b.yaml")


@unix_only
@needs_dev_zero
def test_validate_answers_at_once_on_a_fifo_and_dev_zero(tmp_path: Path) -> None:
    fifo, zero = tmp_path / "fifo.yaml", tmp_path / "zero.yaml"
    os.mkfifo(fifo)
    zero.symlink_to("/dev/zero")
    result = journeykit_cli("validate", fifo, zero)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{fifo}: this is a FIFO (named pipe), not a regular file")
    assert lines[1].startswith(f"{zero}: this is a character device, not a regular file")


@unix_only
@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="needs Linux /proc")
def test_the_limit_counts_bytes_read_not_the_size_on_disk(tmp_path: Path) -> None:
    # /proc files say they hold 0 bytes, and hold more.
    link = tmp_path / "status.yaml"
    link.symlink_to("/proc/self/status")
    assert link.stat().st_size == 0
    with pytest.raises(LimitExceededError) as info:
        journeykit.load(link, max_bytes=64)
    assert str(info.value).startswith(f"{link}:1: the file is over the limit of 64 bytes")


# -- Mermaid -------------------------------------------------------------------------------------


@unix_only
@needs_dev_zero
def test_read_mermaid_refuses_a_fifo_and_dev_zero(tmp_path: Path) -> None:
    fifo, zero = tmp_path / "fifo.mmd", tmp_path / "zero.mmd"
    os.mkfifo(fifo)
    zero.symlink_to("/dev/zero")
    with deadline(20):
        with pytest.raises(FileAccessError, match="FIFO"):
            read_mermaid(fifo)
        with pytest.raises(FileAccessError, match="character device"):
            read_mermaid(zero)


def test_read_mermaid_has_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "journey.mmd"
    path.write_text(MERMAID, encoding="utf-8")
    assert read_mermaid(path).journeys[0].name == "Onboarding"
    with pytest.raises(LimitExceededError, match="over the limit of 20") as info:
        read_mermaid(path, max_bytes=20)
    assert info.value.file == str(path)


def test_read_mermaid_says_where_the_utf8_breaks(tmp_path: Path) -> None:
    path = tmp_path / "journey.mmd"
    path.write_bytes(MERMAID.encode() + b"        Caf\xe9: 3: Sales\n")
    with pytest.raises(journeykit.ParseError, match="not valid UTF-8") as info:
        read_mermaid(path)
    assert info.value.line == 5


@unix_only
def test_import_mermaid_answers_at_once_on_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "journey.mmd"
    os.mkfifo(fifo)
    result = journeykit_cli("import-mermaid", fifo, "-o", tmp_path / "out.yaml")
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith(f"{fifo}: this is a FIFO")
    assert not (tmp_path / "out.yaml").exists()


# -- many problems ---------------------------------------------------------------------------------


def unknown_keys(count: int) -> str:
    """A programme whose persona holds ``count`` unknown keys, one a line from line 6."""
    keys = "".join(f"    unknown_key_{n}: value {n}\n" for n in range(count))
    return f"name: Portal\npersonas:\n  - id: sales\n    name: Sales\n    role: Seller\n{keys}"


def test_tens_of_thousands_of_unknown_keys_are_answered_in_linear_time(tmp_path: Path) -> None:
    # Quadratic, this took minutes (4,000 keys 2 s, 40,000 over 60 s); linear, a few seconds.
    # The deadline is far above the linear time and far below the quadratic one.
    count = 60_000
    path = tmp_path / "keys.yaml"
    path.write_text(unknown_keys(count), encoding="utf-8")
    with deadline(120), pytest.raises(SchemaError) as info:
        journeykit.load(path)
    err = info.value
    assert str(err).startswith(f"{path}:6: personas.0: unknown key 'unknown_key_0'")
    assert [p.line for p in err.problems[:MAX_PROBLEMS]] == list(range(6, 6 + MAX_PROBLEMS))
    assert str(err).endswith(f"... and {count - MAX_PROBLEMS:,} more problems")


def test_unknown_keys_in_json_are_located_too(tmp_path: Path) -> None:
    persona = {"id": "sales", "name": "Sales", **{f"unknown_{n}": n for n in range(500)}}
    path = tmp_path / "keys.json"
    path.write_text(json.dumps({"name": "Portal", "personas": [persona]}, indent=1), encoding="utf-8")
    with pytest.raises(SchemaError) as info:
        journeykit.load(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    for problem in info.value.problems[:MAX_PROBLEMS]:
        key = str(problem.loc[-1])
        assert lines[problem.line - 1].strip().startswith(f'"{key}"'), problem  # type: ignore[operator]


# -- the line tree finds what PyYAML's node tree finds ------------------------------------------------

_keys = st.text("abcxyz_", min_size=1, max_size=6)
_scalars = st.one_of(st.integers(-5, 5), st.text("ab c", max_size=4), st.none(), st.booleans())
_trees = st.recursive(
    _scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_keys, inner, max_size=4)),
    max_leaves=25,
)


def _locs(value: object, prefix: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _locs(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _locs(item, (*prefix, index))


def _node_line(node: Node, loc: tuple[str | int, ...]) -> int:
    """The line of ``loc`` found the old way, by scanning PyYAML's nodes."""
    line = node.start_mark.line + 1
    for part in loc:
        if isinstance(node, MappingNode):
            key, node = next((k, v) for k, v in node.value if isinstance(k, ScalarNode) and k.value == part)
            line = key.start_mark.line + 1
        else:
            assert isinstance(node, SequenceNode)
            assert isinstance(part, int)
            node = node.value[part]
            line = node.start_mark.line + 1
    return line


@given(_trees, st.booleans(), st.booleans())
@settings(max_examples=150, deadline=None)
def test_line_tree_agrees_with_pyyaml(value: object, flow: bool, as_json: bool) -> None:
    text = json.dumps(value, indent=2) if as_json else yaml.safe_dump(value, default_flow_style=flow)
    node = yaml.compose(text)
    assert node is not None
    tree = line_tree(text)
    for loc in _locs(value):
        assert line_of(tree, loc) == _node_line(node, loc), (text, loc)
    assert line_of(tree, ("not", "there")) == line_of(tree, ())
