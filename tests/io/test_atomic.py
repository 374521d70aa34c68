"""The atomic writer behind every save: regular files only, links kept, stale temporary files removed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import journeykit as jk
from journeykit.io._atomic import atomic_write


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@settings(max_examples=30, deadline=None)
@given(old=st.one_of(st.none(), st.binary(max_size=200)), new=st.binary(max_size=2000))
def test_a_write_leaves_exactly_the_payload_and_no_temporary_file(
    tmp_path_factory: pytest.TempPathFactory, old: bytes | None, new: bytes
) -> None:
    folder = tmp_path_factory.mktemp("w")
    target = folder / "out.bin"
    if old is not None:
        target.write_bytes(old)
    atomic_write(target, new)
    assert target.read_bytes() == new
    assert _leftovers(folder) == []


def test_a_fifo_is_refused_and_stays_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    with pytest.raises(jk.FileAccessError, match=r"pipe\.yaml: is a FIFO") as caught:
        jk.save(jk.Program(name="P"), fifo)
    assert caught.value.file == str(fifo)
    assert fifo.is_fifo()
    assert _leftovers(tmp_path) == []


def test_a_folder_and_a_device_are_refused(tmp_path: Path) -> None:
    folder = tmp_path / "out.yaml"
    folder.mkdir()
    with pytest.raises(jk.FileAccessError, match="is a folder"):
        jk.save(jk.Program(name="P"), folder)
    with pytest.raises(jk.FileAccessError, match="is a device"):
        atomic_write(Path(os.devnull), b"x")
    assert Path(os.devnull).is_char_device()


def test_a_symlinked_output_keeps_its_link_and_its_target_is_written(tmp_path: Path) -> None:
    real = tmp_path / "data" / "portal.json"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "portal.json"
    link.symlink_to(real)
    jk.save(jk.example(), link)
    assert link.is_symlink()
    assert link.resolve() == real
    assert jk.load(real) == jk.example()
    assert _leftovers(tmp_path) == []
    assert _leftovers(real.parent) == []


def test_a_symlink_loop_is_refused(tmp_path: Path) -> None:
    loop = tmp_path / "a.yaml"
    loop.symlink_to(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").symlink_to(loop)
    with pytest.raises(jk.FileAccessError, match="loop"):
        jk.save(jk.Program(name="P"), loop)


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(jk.FileAccessError, match="does not exist; create it first"):
        jk.save(jk.Program(name="P"), tmp_path / "nowhere" / "p.yaml")


# A child process that saves, but hangs just before the rename: the temporary
# file is written and flushed, as a save killed at its worst moment leaves it.
_HANGING_SAVE = textwrap.dedent(
    """
    import os, sys, time
    import journeykit as jk

    def hang(*args):
        print("written", flush=True)
        time.sleep(600)

    os.replace = hang
    jk.save(jk.example(), sys.argv[1])
    """
)


def test_the_temporary_file_of_a_save_killed_with_sigkill_is_removed_by_the_next_save(
    tmp_path: Path,
) -> None:
    target = tmp_path / "portal.yaml"
    target.write_text("name: Old\n")
    with subprocess.Popen(
        [sys.executable, "-c", _HANGING_SAVE, str(target)], stdout=subprocess.PIPE, text=True
    ) as child:
        try:
            assert child.stdout is not None
            assert child.stdout.readline() == "written\n"
            child.send_signal(signal.SIGKILL)
            assert child.wait(timeout=30) == -signal.SIGKILL
        finally:
            child.kill()
    left = _leftovers(tmp_path)
    assert len(left) == 1
    assert left[0].startswith(f".portal.yaml.{child.pid}-")
    assert target.read_text() == "name: Old\n"  # the killed save changed nothing

    jk.save(jk.Program(name="New"), target)
    assert _leftovers(tmp_path) == []
    assert jk.load(target).name == "New"


def test_a_temporary_file_of_a_live_writer_or_of_another_file_is_left_alone(tmp_path: Path) -> None:
    target = tmp_path / "portal.yaml"
    parent_pid = os.getppid()  # alive: the process that started the tests
    alive = tmp_path / f".portal.yaml.{parent_pid}-abcd1234.tmp"
    other = tmp_path / ".other.yaml.999999999-abcd1234.tmp"
    mine = tmp_path / "my.portal.yaml.tmp"
    for path in (alive, other, mine):
        path.write_text("x")
    jk.save(jk.Program(name="P"), target)
    assert alive.exists()
    assert other.exists()
    assert mine.exists()


def test_an_old_temporary_file_of_an_earlier_release_is_removed(tmp_path: Path) -> None:
    target = tmp_path / "portal.yaml"
    old = tmp_path / ".portal.yaml.k3_x9q2z.tmp"  # mkstemp's name, without a pid
    recent = tmp_path / ".portal.yaml.a1b2c3d4.tmp"
    old.write_text("x")
    recent.write_text("x")
    two_hours_ago = time.time() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    jk.save(jk.Program(name="P"), target)
    assert not old.exists()
    assert recent.exists()  # could still be a save in progress


def test_a_long_file_name_still_gets_a_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / ("x" * 240 + ".yaml")
    jk.save(jk.Program(name="P"), target)
    assert jk.load(target).name == "P"
