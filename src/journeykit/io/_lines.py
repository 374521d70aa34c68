"""Where each value of a YAML (or JSON) text starts: a light tree of line numbers.

Only built to report a problem, after the fast path (``_yaml.parse``, which
keeps no lines) has found one. PyYAML's own node tree would do, but it keeps
every scalar's text and two marks per node and is composed in Python: for a
hostile 63 MB file of 300,000 unknown keys it took about 9 of the 10 seconds
and most of the memory. This tree keeps a line per value and a dict per
mapping, so each look-up is one dict access per level.
"""

from __future__ import annotations

from typing import Any, Union

import yaml
from yaml.events import (
    CollectionEndEvent,
    DocumentEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

__all__ = ["LineNode", "line_of", "line_tree"]

#: A value's first line, and its children: a mapping's text keys with the
#: line of the key and the value's node, a list's items, or None for a scalar.
LineNode = tuple[int, Union[dict[str, tuple[int, "LineNode"]], list["LineNode"], None]]  # noqa: UP007

Loc = tuple[str | int, ...]


def line_tree(text: str) -> LineNode | None:
    """The line tree of the first document in ``text`` (None if there is none).

    Text that stops being YAML half way gives the tree of what came before.
    Aliases are kept as scalars, never expanded; the first of a repeated key
    wins. The walk is iterative, so nesting depth costs no stack.

    >>> line_tree("a: 1\\nb:\\n  - x\\n")
    (1, {'a': (1, (1, None)), 'b': (2, (3, [(3, None)]))})
    """
    from journeykit.io._yaml import _Parser

    root: LineNode | None = None
    # One frame per open collection: its children, and for a mapping the key
    # waiting for its value (None while a key is expected; "" for a key that
    # is not text) with the key's line.
    stack: list[list[Any]] = []
    parser = _Parser(text)
    try:
        get = parser.get_event
        get()  # stream start
        if isinstance(get(), StreamEndEvent):  # else a document start
            return None
        while True:
            event = get()
            if isinstance(event, (DocumentEndEvent, StreamEndEvent)):
                break
            if isinstance(event, CollectionEndEvent):
                stack.pop()
                continue
            line = event.start_mark.line + 1
            children: dict[str, tuple[int, LineNode]] | list[LineNode] | None = None
            if isinstance(event, MappingStartEvent):
                children = {}
            elif isinstance(event, SequenceStartEvent):
                children = []
            node: LineNode = (line, children)
            if not stack:
                root = node
            else:
                _attach(stack[-1], node, event, line)
            if children is not None:
                stack.append([children, None, 0])
    except (yaml.YAMLError, ValueError):  # lines up to the error are known
        pass
    finally:
        parser.dispose()
    return root


_NOT_TEXT = object()  # a key that is a list, a mapping or an alias: no look-up finds it


def _attach(frame: list[Any], node: LineNode, event: Any, line: int) -> None:
    children = frame[0]
    if isinstance(children, list):
        children.append(node)
    elif frame[1] is None:  # a key
        frame[1], frame[2] = (event.value if isinstance(event, ScalarEvent) else _NOT_TEXT), line
    else:  # the key's value
        if frame[1] is not _NOT_TEXT and frame[1] not in children:
            children[frame[1]] = (frame[2], node)
        frame[1] = None


def line_of(node: LineNode | None, loc: Loc) -> int:
    """The 1-based line of ``loc`` in a line tree.

    For a mapping entry it is the line of the key; for a list item the line
    the item starts on. When ``loc`` goes past what the file holds (a missing
    key, say) the line of the deepest part that exists is returned. The cost
    is one dict or list access per part of ``loc``.

    >>> tree = line_tree("a: 1\\nb:\\n  - x\\n  - y\\n")
    >>> line_of(tree, ("b", 1)), line_of(tree, ("b", 5)), line_of(tree, ("c",))
    (4, 2, 1)
    """
    if node is None:
        return 1
    line, children = node
    for part in loc:
        if isinstance(children, dict):
            found = children.get(str(part))
            if found is None:
                return line
            line, (_, children) = found
        elif isinstance(children, list) and isinstance(part, int) and 0 <= part < len(children):
            line, children = children[part]
        else:
            return line
    return line
