"""Escaping of user text for the formats journeykit writes.

User text (names, pain points, ids) is never trusted: every writer that puts
it into markup goes through this module, so there is one place to get right.
"""

from __future__ import annotations

import html

__all__ = ["csv_cell", "html_text", "markdown_cell"]


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

    The ``csv`` module does the quoting; this only chooses the text.

    >>> csv_cell(("a", "b")), csv_cell(None), csv_cell(2.0)
    ('a;b', '', '2')
    """
    if value is None:
        return ""
    if isinstance(value, (tuple, list)):
        return ";".join(csv_cell(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
