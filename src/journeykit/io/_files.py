"""Reading and writing programme files: YAML or JSON, one file or a folder."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Literal

from pydantic import ValidationError

from journeykit._gc import gc_paused
from journeykit.exceptions import (
    JourneyKitError,
    LimitExceededError,
    ParseError,
    SchemaError,
    UnsupportedFormatError,
)
from journeykit.io._atomic import _atomic_write
from journeykit.io._read import MAX_BYTES, read_capped
from journeykit.io._report import to_journeykit_error
from journeykit.io._source import Part, Source
from journeykit.io._yaml import MAX_DEPTH, parse
from journeykit.io._yaml_dump import dump
from journeykit.io.graphfiles import from_graphml, from_node_link, is_node_link
from journeykit.program import Program

__all__ = ["MAX_BYTES", "dumps", "load", "load_with_source", "loads", "save"]

Format = Literal["yaml", "json"]
_SUFFIXES: dict[str, Format] = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}
_GRAPH_SUFFIXES = (".graphml", ".xml")
_LIST_KEYS = tuple(
    name for name, info in Program.model_fields.items() if str(info.annotation).startswith("tuple")
)


def load(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES) -> Program:
    """Read a programme from a YAML or JSON file, or from a folder of them.

    A graph that ``journeykit graph`` wrote reads back too: GraphML (``.graphml``
    or ``.xml``), or node-link JSON (a ``.json`` file whose top-level keys are
    ``directed``, ``multigraph``, ``nodes`` and ``edges``); its errors name the node.

    A folder's files (``*.yaml``, ``*.yml``, ``*.json``, found recursively,
    hidden ones skipped) are merged in path order: their lists are joined and
    each of ``name``, ``purpose`` and ``description`` may be given in one file
    only. The merged programme is then validated as a whole.

    Parameters
    ----------
    path
        A ``.yaml``, ``.yml`` or ``.json`` file, a ``.graphml`` file, or a folder.
    max_bytes
        Refuse a file of more than this many bytes (default 128 MiB), a
        guard against hostile input; it applies to each file of a folder.
        Only regular files are read: a FIFO, a device or a link to one is
        refused rather than read.

    Raises
    ------
    JourneyKitError
        A subclass for each kind of problem; its message starts with
        ``FILE:LINE:``.

    Examples
    --------
    >>> program = jk.load(jk.example_path())
    >>> program.name
    'Partner portal'
    """
    return load_with_source(path, max_bytes=max_bytes)[0]


def load_with_source(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES) -> tuple[Program, Source]:
    """``load``, and the ``Source`` that maps places in the programme to file and line.

    ``journeykit.check(program, source=source)`` uses it to say where each
    finding was written.

    Examples
    --------
    >>> program, source = jk.io.load_with_source(jk.example_path())
    >>> file, line, where = source.locate(("journeys", 0, "name"))  # the first journey's name
    >>> jk.example_path().read_text(encoding="utf-8").splitlines()[line - 1]
    '    name: Partner recruitment and onboarding (today)'
    """
    root = Path(path)
    if root.is_dir():
        files = sorted(
            (
                p
                for p in root.rglob("*")
                if p.suffix.lower() in _SUFFIXES
                and not p.is_dir()  # a FIFO or device is kept, to be refused by name
                and not any(part.startswith(".") for part in p.relative_to(root).parts)
            ),
            key=lambda p: p.relative_to(root).as_posix(),
        )
        if not files:
            raise ParseError("the folder holds no .yaml, .yml or .json files", file=root, line=None)
    else:
        files = [root]
        if root.suffix.lower() in _GRAPH_SUFFIXES:
            return _load_graphml(root, max_bytes)
    # One pause for parsing and validating: a collection in between would
    # walk the whole parsed tree for nothing.
    with gc_paused(lasting=True):
        parts = [_read_part(p, max_bytes) for p in files]
        graphs = [part for part in parts if part.format == "json" and is_node_link(part.data)]
        if graphs and len(parts) == 1:
            return from_node_link(parts[0].data, source=parts[0].display), _lineless(parts[0].display)
        if graphs:
            raise ParseError(
                "this is a node-link graph (from `journeykit graph`), not part of a programme; "
                "load it on its own, or move it out of the folder",
                file=graphs[0].display,
                line=1,
            )
        return _build_with_source(parts)


def _load_graphml(path: Path, max_bytes: int) -> tuple[Program, Source]:
    raw = read_capped(
        path,
        max_bytes,
        what="a GraphML file",
        hint="raise the limit (max_bytes= or --max-bytes)",
    )
    return from_graphml(raw, source=str(path)), _lineless(str(path))


def _lineless(display: str) -> Source:
    """The source of a programme read from a graph: one file, whose lines say nothing of the model."""
    return Source([Part(display=display, format="json", data={}, text="{}")])


def loads(text: str, *, format: Format = "yaml", source: str = "<string>") -> Program:
    """Read a programme from YAML or JSON text, as ``load`` reads a file.

    Examples
    --------
    >>> text = "name: Partner portal\\npersonas:\\n  - id: sales\\n    name: Sales manager\\n"
    >>> jk.loads(text).personas[0].id
    'sales'
    """
    if format not in ("yaml", "json"):
        raise UnsupportedFormatError(f"unknown format {format!r} (must be 'yaml' or 'json')")
    return _build([_parse(format, source, text=text)])


def _read_part(path: Path, max_bytes: int) -> Part:
    display = str(path)
    fmt = _SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise UnsupportedFormatError(
            f"unknown file type {path.suffix or '(no suffix)'!r}; use .yaml, .yml or .json",
            file=display,
        )
    raw = read_capped(
        path,
        max_bytes,
        what="a .yaml or .json file",
        hint="split it into a folder of files, or raise the limit (max_bytes= or --max-bytes)",
    )
    return _parse_bytes(raw, fmt, display)


def _parse_bytes(raw: bytes, fmt: Format, display: str) -> Part:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ParseError("the file is UTF-16; save it as UTF-8", file=display, line=1)
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    if fmt == "json":  # jiter reads the bytes; they are decoded only to report an error
        return _parse(fmt, display, raw=raw)
    return _parse(fmt, display, text=_decode(raw, display))


def _decode(raw: bytes, display: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        before = raw[: err.start]
        line = len(before.splitlines()) + (not before or before.endswith((b"\n", b"\r")))
        byte = raw[err.start : err.start + 1].hex()
        raise ParseError(
            f"the file is not valid UTF-8 (byte 0x{byte}); save it as UTF-8",
            file=display,
            line=line,
        ) from None


def _parse(fmt: Format, display: str, *, text: str | None = None, raw: bytes | None = None) -> Part:
    """Parse the text (or, for JSON, the bytes) of one file into a ``Part``."""
    content: str | bytes = raw if raw is not None else text or ""
    if not content or content.isspace():
        raise ParseError("the file is empty; a programme needs at least a name", file=display, line=1)
    try:
        if fmt == "json":
            data = _parse_json(raw if raw is not None else (text or "").encode(), display)
        else:
            data = parse(text or "", max_depth=MAX_DEPTH)
            if data is None:
                raise ParseError("the file holds no YAML document (only comments?)", line=1)
    except JourneyKitError as err:  # the parsers know the line; the file is added here
        raise type(err)(err.message, file=display, line=err.line or 1) from None
    part = Part(display=display, format=fmt, data=data, raw=raw, text=text)  # type: ignore[arg-type]
    if not isinstance(data, dict):
        found = "a list" if isinstance(data, list) else f"the value {data!r}"
        raise SchemaError(
            f"the file must hold a mapping (name:, personas:, journeys:, ...), found {found}",
            file=display,
            line=Source([part]).locate(())[1],
        )
    return part


def _parse_json(raw: bytes, display: str) -> object:
    import jiter

    try:
        return jiter.from_json(raw, catch_duplicate_keys=True, allow_inf_nan=False)
    except ValueError as err:
        text = _decode(raw, display)  # invalid UTF-8 is reported with its own line
        raise _json_error(text, str(err)) from None


_POSITION = re.compile(r"^(?P<what>.*) at line (?P<line>\d+) column (?P<column>\d+)$")


def _json_error(text: str, message: str) -> ParseError:
    """A ParseError from jiter's message ('... at line L column C')."""
    found = _POSITION.match(message)
    if found is None:
        return ParseError(f"JSON syntax error: {message}", line=1)
    what, line, column = found["what"], int(found["line"]), int(found["column"])
    if "recursion limit" in what:
        return LimitExceededError("the file nests too deeply", line=line)
    if "number out of range" in what:  # jiter's word for an integer over Python's 4,300 digits
        return LimitExceededError(
            f"column {column}: the number is too long: Python reads integers of up to 4,300 digits "
            "(converting longer ones takes time that grows with the square of their length); "
            "shorten it, or put it in quotes if it is text",
            line=line,
        )
    if "duplicate key" in what.lower():
        return ParseError(f"{what}; each key may appear once in an object", line=line)
    rest = text.splitlines()[line - 1][max(column - 1, 0) :] if line <= len(text.splitlines()) else ""
    if rest.lstrip("-").startswith(("NaN", "Infinity")):
        return ParseError(
            f"column {column}: NaN and Infinity are not JSON numbers; write a number, or null",
            line=line,
        )
    return ParseError(f"JSON syntax error at column {column}: {what}", line=line)


def _build(parts: list[Part]) -> Program:
    return _build_with_source(parts)[0]


def _build_with_source(parts: list[Part]) -> tuple[Program, Source]:
    """The programme, and where each part of it was written (for located findings)."""
    data = parts[0].data if len(parts) == 1 else _merge(parts)
    source = Source(parts)
    try:
        with gc_paused():  # a no-op inside load(), which pauses already
            program = Program.model_validate(data)
    except ValidationError as err:
        raise to_journeykit_error(err, source, Program) from None
    del data
    for part in parts:  # freed now, while the collector is paused, it is never scanned
        part.shrink()
    return program, source


def _merge(parts: list[Part]) -> dict[str, object]:
    merged: dict[str, object] = {}
    defined_in: dict[str, Part] = {}
    for part in parts:
        for key, value in part.data.items():
            if key in _LIST_KEYS:
                if not isinstance(value, list):
                    line = Source([part]).locate((key,))[1]
                    raise SchemaError(f"{key}: must be a list", file=part.display, line=line)
                items = merged.setdefault(key, [])
                assert isinstance(items, list)
                part.offsets[key] = len(items)
                items.extend(value)
            elif key in merged:
                first = defined_in[str(key)]
                raise SchemaError(
                    f"{key!r} is already given in {first.display} (line "
                    f"{Source([first]).locate((key,))[1]}); give it in one file only",
                    file=part.display,
                    line=Source([part]).locate((key,))[1],
                )
            else:
                merged[str(key)] = value
                defined_in[str(key)] = part
    return merged


def save(program: Program, path: str | os.PathLike[str]) -> Path:
    """Write ``program`` to ``path`` as YAML or JSON, chosen by the suffix.

    The output is deterministic (the same programme gives the same bytes) and
    leaves out values that equal their defaults. Writing is atomic: the text
    goes to a temporary file beside ``path`` that is renamed over it, so a
    failure leaves any old file untouched. The text is validated again before
    anything is written.

    Examples
    --------
    >>> path = jk.save(jk.example(), tmp_path / "portal.json")
    >>> jk.load(path) == jk.example()
    True
    """
    target = Path(path)
    fmt = _SUFFIXES.get(target.suffix.lower())
    if fmt is None:
        raise UnsupportedFormatError(
            f"cannot save as {target.suffix or '(no suffix)'!r}; use .yaml, .yml or .json",
            file=str(target),
        )
    text = dumps(program, format=fmt)
    _build([_parse(fmt, str(target), text=text)])  # never write what would not load back
    _atomic_write(target, text.encode("utf-8"))
    return target


def dumps(program: Program, *, format: Format = "yaml") -> str:
    """The text ``save`` writes, as a string.

    Examples
    --------
    >>> print(jk.dumps(jk.Program(name="Portal"), format="json"))
    {
      "name": "Portal"
    }
    <BLANKLINE>
    """
    data = program.model_dump(mode="json", exclude_defaults=True)
    if format == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if format == "yaml":
        return dump(data)
    raise UnsupportedFormatError(f"unknown format {format!r} (must be 'yaml' or 'json')")
