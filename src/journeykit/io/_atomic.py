"""Atomic writing of every file journeykit saves, and the checks that keep it from destroying data.

A save writes a hidden temporary file beside the target (``.NAME.PID-XXXXXXXX.tmp``,
PID being the writer's process id), flushes it to disk and renames it over the
target, so a failure leaves any old file untouched. On top of that:

- Only regular files are written. A FIFO, a device, a socket or a folder is
  refused, never replaced (a rename over a FIFO would turn it into a file).
- A symbolic link keeps its link: the file it finally points to is written,
  atomically, in that file's own folder.
- The temporary files a save killed with ``kill -9`` leaves behind are removed
  by the next save of the same file: those whose writer process is gone.

>>> target = tmp_path / "notes.txt"
>>> atomic_write(target, b"hello")
>>> target.read_bytes()
b'hello'
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
import time
from pathlib import Path

from journeykit.exceptions import FileAccessError

__all__ = ["STALE_SECONDS", "atomic_write", "check_target", "final_target"]

#: A temporary file of ours older than this is stale even when its process id is
#: alive again (ids are reused); a real save takes seconds, not a day.
STALE_SECONDS = 24 * 60 * 60

#: The part of the target's name kept in a temporary file's name: with the
#: rest of the name it must stay under the usual 255-byte limit of a file name.
_NAME_KEPT = 200


def atomic_write(target: str | os.PathLike[str], payload: bytes) -> None:
    """Write ``payload`` to ``target`` atomically; see the module's docstring.

    Raises
    ------
    FileAccessError
        The target is not a regular file (FIFO, device, socket, folder), its
        folder is missing, or the file cannot be written; the message names the
        file and says what to do.
    """
    given = Path(target)
    final = final_target(given)
    check_target(given, final)
    _remove_stale(final)
    try:
        fd, temp_name = tempfile.mkstemp(
            prefix=f".{final.name[:_NAME_KEPT]}.{os.getpid()}-", suffix=".tmp", dir=final.parent
        )
    except OSError as err:
        raise _write_error(given, err) from None
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, _mode_for(final))
        os.replace(temp, final)
    except BaseException as err:
        temp.unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise _write_error(given, err) from None
        raise


#: The name the moved function had; render, the report and the demo import it.
_atomic_write = atomic_write


def final_target(path: Path) -> Path:
    """The file a save of ``path`` writes: ``path`` itself, or the file its symbolic links lead to."""
    if not path.is_symlink():
        return path
    return Path(os.path.realpath(path))


def check_target(given: Path, final: Path | None = None) -> None:
    """Refuse a target that is not a regular file, before any work is done.

    >>> check_target(tmp_path)
    Traceback (most recent call last):
    journeykit.exceptions.FileAccessError: ...: is a folder; give the name of a file to write
    """
    final = final_target(given) if final is None else final
    try:
        mode = os.lstat(final).st_mode
    except FileNotFoundError:
        return  # a new file
    except OSError as err:
        raise _write_error(given, err) from None
    if stat.S_ISREG(mode):
        return
    raise FileAccessError(_refusal(mode), file=str(given))


def _refusal(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "is a folder; give the name of a file to write"
    if stat.S_ISLNK(mode):
        return "is a symbolic link that leads round in a loop; give the name of a regular file"
    kind = {stat.S_IFIFO: "a FIFO (named pipe)", stat.S_IFSOCK: "a socket"}.get(
        stat.S_IFMT(mode), "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a regular file"
    )
    return (
        f"is {kind}, which journeykit never writes into nor replaces; give the name of a regular "
        "file (on the command line, leave out -o to write to standard output)"
    )


def _write_error(given: Path, err: OSError) -> FileAccessError:
    reason = err.strerror or str(err)
    if isinstance(err, FileNotFoundError):
        return FileAccessError(
            f"cannot write the file: its folder {str(given.parent)!r} does not exist; create it first",
            file=str(given),
        )
    if isinstance(err, NotADirectoryError):
        return FileAccessError(
            "cannot write the file: a part of its path is a file, not a folder", file=str(given)
        )
    if isinstance(err, PermissionError) or err.errno == errno.EROFS:
        return FileAccessError(
            f"cannot write the file: {reason}; choose a folder you may write to", file=str(given)
        )
    return FileAccessError(f"cannot write the file: {reason}", file=str(given))


def _temp_pattern(final: Path) -> re.Pattern[str]:
    """Our temporary files of ``final``: with the writer's pid, or (older releases) without."""
    name = re.escape(final.name[:_NAME_KEPT])
    return re.compile(rf"\.{name}\.(?:(?P<pid>\d+)-)?[a-z0-9_]{{8}}\.tmp")


def _remove_stale(final: Path) -> None:
    """Remove the temporary files of earlier saves of ``final`` whose writer is gone.

    Best effort: a folder that cannot be listed, or a file that cannot be
    removed, is left for the save itself to report or to be tried again.
    """
    pattern = _temp_pattern(final)
    try:
        entries = list(os.scandir(final.parent))
    except OSError:
        return
    now = time.time()
    for entry in entries:
        found = pattern.fullmatch(entry.name)
        if found is None:
            continue
        try:
            age = now - entry.stat(follow_symlinks=False).st_mtime
            if not entry.is_file(follow_symlinks=False):
                continue
        except OSError:
            continue
        pid = found["pid"]
        # A temporary file of an older release has no pid: stale once it is an hour old.
        stale = age > STALE_SECONDS or (age > 3600 if pid is None else not _alive(int(pid)))
        if stale:
            with contextlib.suppress(OSError):
                os.unlink(entry.path)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True  # another thread of this process may be saving the same file
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True  # someone else's process; leave its file alone
    except OSError:
        return True
    return True


def _mode_for(target: Path) -> int:
    """Keep an existing file's permissions; a new file gets the usual 0o666 less umask."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
