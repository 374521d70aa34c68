"""Reading a user's file with a bounded cost: regular files only, at most so many bytes.

Every reader of user files goes through here (programmes, Mermaid, XES), so
that a hostile or careless path cannot make journeykit hang or fill memory:
a FIFO would block the first read for ever, and ``/dev/zero`` (or a symlink
to it) has size 0 on disk but never ends. Such files are refused from their
``stat``, before they are opened; the file is then opened without blocking
and checked again (it may have been swapped in between), and read in chunks
that stop one byte past the limit, whatever the size on disk said.
"""

from __future__ import annotations

import os
import stat
from typing import BinaryIO

from journeykit.exceptions import FileAccessError, LimitExceededError

__all__ = ["MAX_BYTES", "open_regular", "read_capped"]

#: The largest file journeykit reads unless told otherwise (``max_bytes=``).
MAX_BYTES = 128 * 1024 * 1024

_CHUNK = 1024 * 1024

_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def open_regular(path: str | os.PathLike[str], *, what: str = "a file") -> BinaryIO:
    """``path`` opened for reading in binary, if it is a regular file (or a link to one).

    Raises ``FileAccessError`` for a missing or unreadable file, a folder,
    and anything that is not a regular file (FIFO, device, socket), without
    ever blocking on it. ``what`` names the expected file in the message ("an XES file").
    """
    display = str(path)
    try:
        mode = os.stat(path).st_mode
    except OSError as err:
        raise FileAccessError(f"cannot read the file: {err.strerror or err}", file=display) from None
    _check_regular(mode, display, what)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as err:
        raise FileAccessError(f"cannot read the file: {err.strerror or err}", file=display) from None
    try:
        _check_regular(os.fstat(fd).st_mode, display, what)  # swapped since the stat?
        if hasattr(os, "set_blocking"):  # O_NONBLOCK was for the open; reads of a file never block
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


def read_capped(
    path: str | os.PathLike[str], max_bytes: int = MAX_BYTES, *, what: str = "a file", hint: str = ""
) -> bytes:
    """The bytes of the regular file ``path``, refused when more than ``max_bytes``.

    The limit applies to what is read, not to the size the file claims on
    disk. ``hint`` is added to the message of the LimitExceededError (how to
    raise the limit where the caller is).

    >>> path = tmp_path / "five.txt"
    >>> _ = path.write_bytes(b"12345")
    >>> read_capped(path, 5)
    b'12345'
    >>> read_capped(path, 4)
    Traceback (most recent call last):
    journeykit.exceptions.LimitExceededError: ...five.txt:1: the file is 5 bytes, over the limit of 4; ...
    """
    display = str(path)
    advice = hint or "raise the limit (max_bytes=)"
    with open_regular(path, what=what) as handle:
        try:
            size = os.fstat(handle.fileno()).st_size
            if size > max_bytes:
                raise LimitExceededError(
                    f"the file is {size:,} bytes, over the limit of {max_bytes:,}; {advice}",
                    file=display,
                    line=1,
                )
            # The whole file in one read when its size is right (no copy to join), then
            # chunks until the end or one byte past the limit.
            chunks = [handle.read(min(size, max_bytes) + 1)]
            total = len(chunks[0])
            while total <= max_bytes:
                chunk = handle.read(min(_CHUNK, max_bytes + 1 - total))
                if not chunk:
                    break
                chunks.append(chunk)
                total += len(chunk)
        except OSError as err:
            raise FileAccessError(f"cannot read the file: {err.strerror or err}", file=display) from None
    if total > max_bytes:  # the file grew since the stat, or its size on disk says nothing (/proc)
        raise LimitExceededError(
            f"the file is over the limit of {max_bytes:,} bytes; {advice}", file=display, line=1
        )
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _check_regular(mode: int, display: str, what: str) -> None:
    if stat.S_ISDIR(mode):
        raise FileAccessError(f"this is a folder; give the path of {what}", file=display)
    if stat.S_ISREG(mode):
        return
    kind = next((name for test, name in _KINDS if test(mode)), "a special file")
    raise FileAccessError(
        f"this is {kind}, not a regular file; journeykit reads only regular files, because "
        f"reading this one could block or never end. Save its content to {what} and give that",
        file=display,
    )
