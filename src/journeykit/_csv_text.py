"""CSV in two kinds: for spreadsheets, and for programs.

journeykit writes CSV for two readers, and says which in every name:

- **Spreadsheet CSV** (``spreadsheet_csv``) is what people open in Excel,
  LibreOffice or Google Sheets: the requirements backlog, the priority table,
  the responsibility matrix, the lint findings, persona coverage (everything
  derived from the programme a person wrote). A spreadsheet runs a cell that
  starts with ``=``, ``+``, ``-`` or ``@`` as a formula (CSV or formula
  injection), so, as OWASP advises, every text cell is quoted (a ``,`` or
  ``;`` inside it never starts a new cell, whichever separator the
  spreadsheet assumes) and a text cell whose first character, after any
  spaces, is one of ``= + - @``, a tab, a carriage return, a line feed or a
  NUL gets a leading ``'``, which spreadsheets read as "this is text" and do
  not show. So does what follows a ``;`` or a line break inside a cell: a
  spreadsheet that splits on ``;`` does not see the quotes, and starts a
  cell or a row there. Numbers are numbers: ``-3`` written from a number is not quoted
  and not touched; the text ``"-3"`` is text and is. Line breaks are written
  as ``\\n``.
- **Data CSV** (``data_csv``) is for programs: the tables derived from event
  logs (``discover`` edges, ``funnel`` steps, ``conformance`` cases,
  ``measure``). Its cells are exactly the values, quoted only where RFC 4180
  needs it (a ``,``, a ``"`` or a line break), so that reading it back gives
  what was computed, an activity named ``=SUM(A1)`` included. Do not open it
  in a spreadsheet from an untrusted log without care.

In both, lists are joined with ``;`` and missing values are empty cells.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from journeykit._text import cell_text

__all__ = ["data_cell", "data_csv", "spreadsheet_cell", "spreadsheet_csv"]

#: What a spreadsheet reads as the start of a formula (OWASP's list, with ASVS's NUL).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\x00")

# Where a spreadsheet that splits on ";" starts a new cell inside one of ours (kept by split).
_BOUNDARY = re.compile("([;\n])")


def spreadsheet_cell(value: object) -> str:
    r"""A value as the text of a spreadsheet CSV cell, a formula disarmed.

    Text (and lists, joined with ``;``) whose first character after any
    spaces starts a formula gets a leading ``'``, and so does what follows a
    ``;`` or a line break inside it; numbers are left as they are.

    >>> spreadsheet_cell("=1+1"), spreadsheet_cell(" @SUM(A1)"), spreadsheet_cell(("+1", "b"))
    ("'=1+1", "' @SUM(A1)", "'+1;b")
    >>> spreadsheet_cell("total\r\n=SUM(A1)"), spreadsheet_cell("\n@x"), spreadsheet_cell(("a", "-b"))
    ("total\n'=SUM(A1)", "'\n'@x", "a;'-b")
    >>> spreadsheet_cell(-3), spreadsheet_cell(2.0), spreadsheet_cell("-3"), spreadsheet_cell(None)
    ('-3', '2', "'-3", '')
    """
    # A lone carriage return would split the row in some spreadsheets: line breaks as "\n".
    text = cell_text(value).replace("\r\n", "\n").replace("\r", "\n")
    if not isinstance(value, (str, tuple, list)):
        return text
    # A spreadsheet that splits on ";" where we wrote "," does not see the quotes: a ";"
    # inside the cell starts a cell there, and a line break a row. What follows either is
    # disarmed as the start of a cell.
    parts = _BOUNDARY.split(text)
    text = "".join("'" + part if i and i % 2 == 0 and _arms(part) else part for i, part in enumerate(parts))
    return "'" + text if _arms(text) else text


def _arms(text: str) -> bool:
    """Whether a spreadsheet would run ``text``, read as the start of a cell, as a formula."""
    return text.lstrip(" ")[:1] in FORMULA_STARTS


def data_cell(value: object) -> str:
    """A value as the text of a data CSV cell: exactly the value (``cell_text``).

    >>> data_cell("=1+1"), data_cell(("a", "b")), data_cell(2.0), data_cell(None)
    ('=1+1', 'a;b', '2', '')
    """
    return cell_text(value)


def spreadsheet_csv(columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> str:
    r'''CSV for a spreadsheet: a header, then each row; every text cell quoted and
    disarmed by ``spreadsheet_cell``, numbers bare.

    >>> print(spreadsheet_csv(["id", "n"], [{"id": "=HYPERLINK(1)", "n": -3}, {"id": 'a;"b"', "n": None}]))
    id,n
    "'=HYPERLINK(1)",-3
    "a;""b""",
    <BLANKLINE>
    '''
    lines = [_line(_minimal(c) for c in columns)]
    for row in rows:
        values = [row.get(c) for c in columns]
        lines.append(
            _line(
                _quoted(spreadsheet_cell(v)) if isinstance(v, (str, tuple, list)) else _minimal(cell_text(v))
                for v in values
            )
        )
    return "\n".join(lines) + "\n"


def data_csv(columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> str:
    r"""CSV for programs: a header, then each row, every cell exactly its value,
    quoted only where RFC 4180 needs it.

    >>> data_csv(["activity", "count"], [{"activity": "=SUM(A1)", "count": 3}, {"activity": "a\rb"}])
    'activity,count\n=SUM(A1),3\n"a\rb",\n'
    """
    lines = [_line(_minimal(c) for c in columns)]
    lines.extend(_line(_minimal(data_cell(row.get(c))) for c in columns) for row in rows)
    return "\n".join(lines) + "\n"


def _line(cells: Iterable[str]) -> str:
    # A row of one empty cell is written "" so that it is a row, not a blank line.
    return ",".join(cells) or '""'


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _minimal(text: str) -> str:
    # RFC 4180: quote a field holding the separator, a quote or a line break (a lone
    # carriage return included, which Python's csv writer leaves bare).
    return _quoted(text) if any(ch in text for ch in ',"\r\n') else text
