"""Reading a programme as a git revision holds it: ``REV:PATH``, through the ``git`` command.

Only git's own porcelain and plumbing commands are run (``rev-parse``,
``cat-file``, ``ls-tree``); git's objects are never parsed here. A file is
read as ``jk.load`` reads one, under the same size cap, and its errors name
``REV:PATH:LINE``; a folder is read as ``jk.load`` reads a folder (its
``.yaml``, ``.yml`` and ``.json`` files, hidden ones skipped, in path order).
"""

from __future__ import annotations

import os
import subprocess
from typing import TYPE_CHECKING

from journeykit._gc import gc_paused
from journeykit.exceptions import FileAccessError, LimitExceededError, MissingDependencyError, ParseError

if TYPE_CHECKING:
    from journeykit.io._files import Format
    from journeykit.io._source import Part
    from journeykit.program import Program

__all__ = ["load_revision"]


def load_revision(
    spec: str, *, repo: str | os.PathLike[str] | None = None, max_bytes: int | None = None
) -> Program:
    """The programme at ``REV:PATH`` (a file or a folder) of the git repository ``repo`` runs in.

    Examples
    --------
    >>> import subprocess
    >>> _ = subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    >>> _ = jk.save(jk.example(), tmp_path / "portal.yaml")
    >>> git = ["git", "-C", str(tmp_path), "-c", "user.name=a", "-c", "user.email=a@b"]
    >>> _ = subprocess.run([*git, "add", "portal.yaml"], check=True)
    >>> _ = subprocess.run([*git, "commit", "-qm", "first"], check=True)
    >>> load_revision("HEAD:portal.yaml", repo=tmp_path) == jk.example()
    True
    >>> load_revision("HEAD:nothing.yaml", repo=tmp_path)
    Traceback (most recent call last):
    ...
    journeykit.exceptions.FileAccessError: HEAD:nothing.yaml: the revision HEAD has no 'nothing.yaml'; ...
    """
    from journeykit.io._files import _build, _parse_bytes
    from journeykit.io._read import MAX_BYTES

    cap = MAX_BYTES if max_bytes is None else max_bytes
    revision, _colon, path = spec.partition(":")
    if revision.startswith("-"):  # git would read it as an option
        raise FileAccessError(
            f"{revision!r} is not a revision; write REV:PATH, e.g. HEAD:portal.yaml", file=spec
        )
    git = _Git(spec, repo)
    git.check_repository()
    if revision:
        git.check_revision(revision)
    kind = git.run("cat-file", "-t", spec, missing=f"the revision {revision or 'index'} has no {path!r}")
    if kind == "blob":
        files = [(spec, spec)]
    elif kind == "tree":
        files = git.programme_files(spec)
    else:
        raise FileAccessError(f"{path!r} is a {kind} in {revision}, not a file or folder", file=spec)
    parts: list[Part] = []
    with gc_paused(lasting=True):
        for display, name in files:
            fmt = _format(display)
            size = int(git.run("cat-file", "-s", name))
            if size > cap:
                raise LimitExceededError(
                    f"the file is {size:,} bytes, over the limit of {cap:,}; split it into a folder of "
                    "files, or raise the limit (max_bytes=)",
                    file=display,
                    line=1,
                )
            parts.append(_parse_bytes(git.read("cat-file", "blob", name), fmt, display))
        return _build(parts)


def _format(display: str) -> Format:
    from journeykit.exceptions import UnsupportedFormatError
    from journeykit.io._files import _SUFFIXES

    suffix = os.path.splitext(display.rpartition(":")[2])[1]
    fmt = _SUFFIXES.get(suffix.lower())
    if fmt is None:
        raise UnsupportedFormatError(
            f"unknown file type {suffix or '(no suffix)'!r}; use .yaml, .yml or .json", file=display
        )
    return fmt


class _Git:
    """The ``git`` command, run in ``repo``, its failures turned into errors that name ``spec``."""

    def __init__(self, spec: str, repo: str | os.PathLike[str] | None) -> None:
        self.spec = spec
        self.repo = None if repo is None else os.fspath(repo)

    def _call(self, *args: str) -> subprocess.CompletedProcess[bytes]:
        # No prompt, no pager, no hooks: only reading commands are run.
        env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_PAGER": "cat", "LC_ALL": "C"}
        try:
            return subprocess.run(["git", *args], cwd=self.repo, capture_output=True, env=env, check=False)
        except FileNotFoundError:
            raise MissingDependencyError(
                f"{self.spec}: reading a git revision needs the git command, which is not installed "
                "(or not on PATH): install git, or give the two programmes as files"
            ) from None
        except NotADirectoryError:
            raise FileAccessError(f"repo {self.repo!r} is not a folder", file=self.spec) from None

    def read(self, *args: str, missing: str | None = None) -> bytes:
        done = self._call(*args)
        if done.returncode != 0:
            message = done.stderr.decode("utf-8", "replace").strip().removeprefix("fatal: ")
            raise FileAccessError(missing or f"git {args[0]} failed: {message}", file=self.spec)
        return done.stdout

    def run(self, *args: str, missing: str | None = None) -> str:
        hint = (
            None if missing is None else f"{missing}; list what it holds with: git ls-tree -r --name-only REV"
        )
        return self.read(*args, missing=hint).decode("utf-8", "replace").strip()

    def check_repository(self) -> None:
        done = self._call("rev-parse", "--git-dir")
        if done.returncode != 0:
            where = "the current folder" if self.repo is None else repr(self.repo)
            raise FileAccessError(
                f"{where} is not in a git repository; run from inside the repository "
                "(or pass repo=), or give the programme as a file",
                file=self.spec,
            )

    def check_revision(self, revision: str) -> None:
        done = self._call("rev-parse", "--verify", "--quiet", f"{revision}^{{tree}}")
        if done.returncode != 0:
            raise FileAccessError(
                f"unknown revision {revision!r}; name a commit, branch or tag (see: git log --oneline)",
                file=self.spec,
            )

    def programme_files(self, tree: str) -> list[tuple[str, str]]:
        """(display, object) for each programme file of a folder, as ``jk.load`` picks them."""
        from journeykit.io._files import _SUFFIXES

        listing = self.read("ls-tree", "-r", "-z", tree)
        base = tree if tree.endswith((":", "/")) else tree + "/"
        files = []
        for entry in listing.split(b"\0"):
            if not entry:
                continue
            info, _tab, raw_name = entry.partition(b"\t")
            mode, kind, obj = info.decode().split()
            name = raw_name.decode("utf-8", "replace")
            parts = name.split("/")
            # Links and submodules are skipped: their content is not a file of this revision.
            if kind != "blob" or mode == "120000" or any(p.startswith(".") for p in parts):
                continue
            if os.path.splitext(name)[1].lower() in _SUFFIXES:
                files.append((base + name, obj))
        if not files:
            raise ParseError("the folder holds no .yaml, .yml or .json files", file=tree, line=None)
        return sorted(files)
