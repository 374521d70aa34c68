"""Where each part of a loaded programme came from: file and line.

A programme may come from one file or from a folder of files merged into one.
``Source`` maps a location inside the merged programme (pydantic's
``loc``, e.g. ``("journeys", 3, "stages", 0)``) back to the file it was written
in and the line there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from journeykit.io._lines import LineNode, line_of, line_tree

__all__ = ["Part", "Source", "line_of"]

_JSON_TO_YAML = re.compile("[\t\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff]")

Loc = tuple[str | int, ...]


@dataclass
class Part:
    """One file of a programme: its name as shown to the user, its data and its
    text (JSON files keep their bytes; they are decoded only to find a line)."""

    display: str
    format: Literal["yaml", "json"]
    data: dict[str, object]
    raw: bytes | None = None
    text: str | None = None
    node: LineNode | None = None
    built: bool = False
    offsets: dict[str, int] = field(default_factory=dict)

    def shrink(self) -> None:
        """Drop the parsed data but what ``Source`` needs to locate: the top-level
        keys, and the length of each list (its items become None).

        Called once the programme is built: the data is as large as the
        programme, and freeing it while the garbage collector is paused spares
        a collection that would walk every object of it.
        """
        self.data = {key: [None] * len(v) if isinstance(v, list) else None for key, v in self.data.items()}

    def tree(self) -> LineNode | None:
        """Where each value starts (see ``_lines.line_tree``), built on first use (to report a problem).

        JSON is read as YAML (it nearly is a subset) for the lines. JSON
        allows tabs and control characters that YAML refuses, and YAML counts
        U+0085, U+2028 and U+2029 as line breaks where JSON does not; inside
        valid JSON these can only be whitespace or string content, so they are
        blanked out first without moving any line.

        Examples
        --------
        >>> program, source = jk.io.load_with_source(jk.example_path())
        >>> tree = source.parts[0].tree()
        >>> line, keys = tree  # the top-level mapping: its line, and its keys
        >>> next(iter(keys))
        'language'
        >>> source.parts[0].tree() is tree  # built once
        True
        """
        if not self.built:
            text = self.text if self.text is not None else (self.raw or b"").decode("utf-8", "replace")
            if self.format == "json":
                text = _JSON_TO_YAML.sub(" ", text)
            self.node, self.built = line_tree(text), True
        return self.node


@dataclass
class Source:
    """The files a programme was loaded from, in merge order."""

    parts: list[Part]

    def locate(self, loc: Loc) -> tuple[str, int, Loc]:
        """(file, line, loc inside that file) of a location in the merged programme.

        Examples
        --------
        >>> program, source = jk.io.load_with_source(jk.example_path())
        >>> file, line, where = source.locate(("journeys", 1, "stages", 0, "steps", 0, "name"))
        >>> file == str(jk.example_path()), where
        (True, ('journeys', 1, 'stages', 0, 'steps', 0, 'name'))
        >>> jk.example_path().read_text(encoding="utf-8").splitlines()[line - 1].strip()
        'name: Find the partner programme'
        """
        part, local = self._part_of(loc)
        return part.display, line_of(part.tree(), local), local

    def _part_of(self, loc: Loc) -> tuple[Part, Loc]:
        if len(self.parts) == 1 or not loc:
            return self.parts[0], loc
        key = loc[0]
        if len(loc) > 1 and isinstance(loc[1], int):
            for part in self.parts:
                start = part.offsets.get(str(key))
                items = part.data.get(str(key))
                if start is not None and isinstance(items, list) and start <= loc[1] < start + len(items):
                    return part, (key, loc[1] - start, *loc[2:])
        for part in self.parts:
            if key in part.data:
                return part, loc
        return self.parts[0], loc
