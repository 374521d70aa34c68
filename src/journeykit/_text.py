"""Escaping of user text for the formats journeykit writes.

User text (names, pain points, ids) is never trusted: every writer that puts
it into markup goes through this module, so there is one place to get right.
"""

from __future__ import annotations

import html
import re

__all__ = [
    "cell_text",
    "csv_cell",
    "dot_label",
    "drawn_text",
    "html_text",
    "markdown_cell",
    "mermaid_decode",
    "mermaid_text",
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


def csv_cell(value: object) -> str:
    """A value as CSV cell text: lists joined with ``;``, None empty.

    The ``csv`` module does the quoting; this chooses the text, and keeps a
    spreadsheet from running user text as a formula: text starting with
    ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
    ``'`` (OWASP's advice on CSV injection). Numbers are written as numbers.

    >>> csv_cell(("a", "b")), csv_cell(None), csv_cell(2.0), csv_cell(-3)
    ('a;b', '', '2', '-3')
    >>> csv_cell("=1+1"), csv_cell("@SUM(A1)"), csv_cell(("+1", "b"))
    ("'=1+1", "'@SUM(A1)", "'+1;b")
    """
    # A lone carriage return is not quoted by the csv module unless it ends lines, and
    # would split the row in a spreadsheet: line breaks are written as "\n", which is.
    text = cell_text(value).replace("\r\n", "\n").replace("\r", "\n")
    return "'" + text if isinstance(value, (str, tuple, list)) and text[:1] in _FORMULA else text


#: What a spreadsheet reads as the start of a formula.
_FORMULA = ("=", "+", "-", "@", "\t", "\r", "\n")


def cell_text(value: object) -> str:
    """A value as the text of a table cell: lists joined with ``;``, None empty,
    whole floats without ``.0``. Not for CSV: ``csv_cell`` also disarms formulas.

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


def dot_label(text: object) -> str:
    r"""Text safe as a Graphviz label: backslashes lose their special meaning
    (``\N`` would print the node's name) and ``<...>`` is not read as HTML.
    The graphviz package quotes the value when it writes the DOT.

    >>> print(dot_label(r"C:\temp <b>"))
    C:\\temp <b>
    """
    import graphviz

    escaped: str = graphviz.escape(str(text))
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
