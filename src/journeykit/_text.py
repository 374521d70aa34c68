"""Escaping of user text for the formats journeykit writes.

User text (names, pain points, ids) is never trusted: every writer that puts
it into markup goes through this module, so there is one place to get right.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from collections.abc import Callable

__all__ = [
    "DOT_LABEL_MAX",
    "cell_text",
    "dot_label",
    "dot_text",
    "drawn_text",
    "html_text",
    "markdown_cell",
    "mermaid_decode",
    "mermaid_text",
    "terminal_json",
    "terminal_text",
    "xml_chars",
]


def html_text(text: object) -> str:
    """Text safe inside an HTML element or a double-quoted attribute.

    >>> html_text('<script>alert("x")</script> & co')
    '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co'
    """
    return html.escape(str(text), quote=True)


def markdown_cell(text: object) -> str:
    """Text safe inside a cell of a Markdown (GFM) pipe table.

    Pipes and backslashes are escaped, line breaks become ``<br>``, and HTML
    is escaped so a renderer shows it as text.

    >>> markdown_cell("a | b\\nc <b>")
    'a \\\\| b<br>c &lt;b&gt;'
    """
    escaped = html.escape(str(text), quote=False).replace("\\", "\\\\").replace("|", "\\|")
    return escaped.replace("\r\n", "<br>").replace("\n", "<br>").replace("\r", "<br>")


def cell_text(value: object) -> str:
    """A value as the text of a table cell: lists joined with ``;``, None empty,
    whole floats without ``.0``. CSV cells start from it (``journeykit._csv_text``).

    >>> cell_text(("a", "b")), cell_text(None), cell_text(2.0), cell_text("=1")
    ('a;b', '', '2', '=1')
    """
    if value is None:
        return ""
    if isinstance(value, (tuple, list)):
        return ";".join(cell_text(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


#: Characters that mean something on a Mermaid line (separators, comments,
#: entity codes, markup) or would end it; written as Mermaid entity codes.
_MERMAID_SPECIAL = set("#:;,%<>&\"'`\n\r\t")


def mermaid_text(text: object) -> str:
    """Text safe on one line of a Mermaid diagram, as Mermaid entity codes.

    Separators (``:`` ``,`` ``;``), comment and entity starts (``%`` ``#``),
    markup and quotes, line breaks and leading or trailing spaces become
    ``#NNN;`` codes, which Mermaid shows as the character and
    ``mermaid_decode`` reads back.

    >>> mermaid_text("Sign: <b>now</b>, 100%")
    'Sign#58; #60;b#62;now#60;/b#62;#44; 100#37;'
    >>> mermaid_decode(mermaid_text(" a#b\\n ")) == " a#b\\n "
    True
    """
    value = str(text)
    out = [f"#{ord(ch)};" if _needs_code(ch) else ch for ch in value]
    for edge in (0, -1):  # Mermaid trims spaces around a label
        if out and out[edge] == " ":
            out[edge] = "#32;"
    return "".join(out)


def _needs_code(ch: str) -> bool:
    # Besides the special characters: anything that is not printable or is a
    # space other than " " (line and paragraph separators, vertical tabs...),
    # which would split a line or be trimmed away.
    return ch in _MERMAID_SPECIAL or (ch != " " and (ch.isspace() or not ch.isprintable()))


def mermaid_decode(text: str) -> str:
    """Undo ``mermaid_text``: ``#NNN;`` entity codes back to characters.

    >>> mermaid_decode("Sign#58; now")
    'Sign: now'
    """
    return re.sub(r"#(\d{1,7});", _entity, text)


def _entity(found: re.Match[str]) -> str:
    code = int(found.group(1))
    if code >= 0x110000 or 0xD800 <= code <= 0xDFFF:  # no such character: leave the text as it is
        return found.group(0)
    return chr(code)


#: The most characters of one piece of user text a Graphviz label draws; the rest is
#: cut, with "…". Graphviz refuses a quoted string of more than 16,384 characters
#: ("syntax error ... longer than 16384?"), and escaping at most doubles the text, so a
#: label of a few such pieces stays far below that. The data keeps the whole text.
DOT_LABEL_MAX = 1_000

# What XML 1.0 cannot hold (NUL and most control characters, the two non-characters)
# and lone surrogates (no UTF-8 for them).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_chars(text: object) -> str:
    """Text with the characters XML 1.0 cannot hold, and lone surrogates, as U+FFFD.

    >>> xml_chars("a\\x00b\\x1bc\\td") == "a\\ufffdb\\ufffdc\\td"
    True
    """
    return _NOT_XML.sub("\ufffd", str(text))


def dot_text(text: object) -> str:
    r"""User text as a Graphviz label draws it, not yet escaped: the characters XML
    cannot hold (NUL, other control characters but line breaks and tabs) and lone
    surrogates as U+FFFD, and cut to ``DOT_LABEL_MAX`` characters with an ellipsis.

    >>> dot_text("a\x00b\nc"), len(dot_text("x" * 20_000)), dot_text("x" * 20_000)[-2:]
    ('a�b\nc', 1001, 'x…')
    """
    # A NUL would cut the label short, and the SVG would not parse.
    value = xml_chars(text)
    return value if len(value) <= DOT_LABEL_MAX else value[:DOT_LABEL_MAX] + "…"


def dot_label(*lines: object) -> str:
    r"""Pieces of text, one per line, as a Graphviz label: each piece through
    ``dot_text`` (cleaned, cut to ``DOT_LABEL_MAX``), backslashes without their
    special meaning (``\N`` would print the node's name) and ``<...>`` not read
    as HTML. The graphviz package quotes the value when it writes the DOT.

    This is the one way user text enters DOT: ids and attribute values are
    journeykit's own (generated node names, colours), never user text.

    >>> print(dot_label(r"C:\temp <b>"))
    C:\\temp <b>
    >>> print(dot_label("Sign\x00up", "missing, wave 1"))
    Sign�up
    missing, wave 1
    """
    import graphviz

    escaped: str = graphviz.escape("\n".join(dot_text(line) for line in lines))
    return escaped


def drawn_text(text: object, *, one_line: bool = False) -> str:
    r"""Text as a figure draws it: every kind of line break becomes ``\n`` (or a
    space for ``one_line``) and other control characters a space, since fonts
    have no glyph for them.

    >>> drawn_text("a\r\nb\x85c\x07d")
    'a\nb\nc d'
    >>> drawn_text("a\nb", one_line=True)
    'a b'
    """
    lines = str(text).splitlines()
    cleaned = ["".join(ch if ch.isprintable() else " " for ch in line) for line in lines]
    return (" " if one_line else "\n").join(cleaned)


def terminal_text(text: object, *, one_line: bool = True) -> str:
    r"""User text safe on a terminal: control characters (an escape sequence
    that would recolour the terminal or move its cursor, a carriage return, a
    bell), right-to-left overrides and other invisible formatting characters
    are written as visible escapes (``\x1b``, ``\u202e``).

    ``one_line`` (the default, for a cell or a line of a result): runs of
    white space, line breaks included, become one space. Otherwise line breaks
    and tabs are kept, as the layout of a whole output; the command line
    writes everything it prints through this.

    Examples
    --------
    >>> print(terminal_text("a\n b\x1b[31mred\u202e"))
    a b\x1b[31mred\u202e
    >>> print(terminal_text("one\ntwo\r\x07", one_line=False))
    one
    two\r\x07
    """
    value = " ".join(str(text).split()) if one_line else str(text)
    # Printable ASCII, Latin letters and the layout pass at C speed; other runs are looked at.
    return _NOT_PLAIN.sub(lambda found: _terminal_run(found.group(), _terminal_char), value)


#: Anything but printable ASCII, printable Latin letters (U+00A1-U+024F but the soft
#: hyphen), the line break and the tab.
_NOT_PLAIN = re.compile("[^\x20-\x7e\n\t\xa1-\xac\xae-\u024f]+")


def _terminal_run(run: str, each: Callable[[str], str]) -> str:
    return run if run.isprintable() else "".join(each(ch) for ch in run)


@functools.lru_cache(maxsize=4096)
def _terminal_char(ch: str) -> str:
    # Kept: what prints, the line break and tab of a layout, and spaces (a no-break
    # space in a number written for a language is a space, not a trick).
    if ch.isprintable() or ch in "\n\t" or unicodedata.category(ch) == "Zs":
        return ch
    return ch.encode("unicode_escape", "backslashreplace").decode("ascii")


def terminal_json(text: str) -> str:
    r"""JSON text (from ``json.dumps(..., ensure_ascii=False)``) with the
    characters ``terminal_text`` would escape written as JSON ``\uXXXX``
    escapes: the same JSON value, safe on a terminal, and writable as UTF-8
    even with a lone surrogate. Outside strings JSON has only ASCII, so only
    strings change.

    >>> print(terminal_json('{"name": "a\u009b31m\u202eb"}'))
    {"name": "a\u009b31m\u202eb"}
    >>> import json; json.loads(terminal_json(json.dumps("x\u2028\U000e0001", ensure_ascii=False)))
    'x\u2028\U000e0001'
    """
    return _NOT_PLAIN.sub(lambda found: _terminal_run(found.group(), _json_char), text)


def _json_char(ch: str) -> str:
    return ch if _terminal_char(ch) == ch else _json_escape(ch)


def _json_escape(ch: str) -> str:
    code = ord(ch)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000  # a UTF-16 surrogate pair, as JSON writes characters beyond the BMP
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
