"""The result of an analysis: typed rows that print, convert and display themselves."""

from __future__ import annotations

import dataclasses
import textwrap
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar, overload

from journeykit._csv_text import data_csv, spreadsheet_csv
from journeykit._i18n import _
from journeykit._labels import column_label, value_word
from journeykit._text import cell_text, html_text, markdown_cell, terminal_text

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Table", "terminal_text"]

R = TypeVar("R")


class Table(Sequence[R], Generic[R]):
    """An immutable sequence of result rows (frozen dataclasses).

    Iterate over it, index it, or convert it: ``to_records()`` (list of dicts),
    ``to_frame()`` (a pandas DataFrame), ``to_csv()``, ``to_markdown()``.
    ``print(table)`` shows a plain-text table and notebooks show HTML.
    """

    #: Columns shown by ``str()``, ``to_markdown()`` and the notebook display;
    #: subclasses narrow them. Records, frames and CSV keep every field.
    display_columns: tuple[str, ...] = ()
    #: Whether ``to_csv()`` writes spreadsheet CSV (formulas disarmed: results of
    #: the programme people wrote) or data CSV (exact values: results of event logs).
    #: See ``journeykit._csv_text``.
    for_spreadsheets: ClassVar[bool] = True

    def __init__(self, rows: Sequence[R], *, title: str = "") -> None:
        self._rows = tuple(rows)
        self.title = title

    # -- sequence -----------------------------------------------------------
    @overload
    def __getitem__(self, index: int) -> R: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[R]: ...
    def __getitem__(self, index: int | slice) -> R | Sequence[R]:
        return self._rows[index]

    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self) -> Iterator[R]:
        return iter(self._rows)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self._rows == other._rows

    __hash__ = None  # type: ignore[assignment]

    # -- columns ------------------------------------------------------------
    @property
    def columns(self) -> tuple[str, ...]:
        """Every field of the rows, in order."""
        if self._rows:
            return tuple(f.name for f in dataclasses.fields(self._rows[0]))  # type: ignore[arg-type]
        return self._columns_when_empty()

    def _columns_when_empty(self) -> tuple[str, ...]:
        return self.display_columns

    def _shown(self) -> tuple[str, ...]:
        return self.display_columns or self.columns

    # -- conversions --------------------------------------------------------
    def to_records(self) -> list[dict[str, Any]]:
        """The rows as plain dicts (tuples become lists), for JSON and friends.

        Examples
        --------
        >>> records = jk.prioritize(jk.example()).to_records()
        >>> len(records), {k: records[0][k] for k in ("id", "quadrant", "score", "missing")}
        (8, {'id': 'guided-onboarding', 'quadrant': 'quick win', 'score': 20, 'missing': []})
        >>> json.loads(json.dumps(records)) == records
        True
        """
        return [
            {k: list(v) if isinstance(v, tuple) else v for k, v in dataclasses.asdict(row).items()}  # type: ignore[call-overload]
            for row in self._rows
        ]

    def to_frame(self) -> pd.DataFrame:
        """The rows as a pandas DataFrame, one row per result, every field a column.

        Needs pandas (``pip install 'journeykit[analytics]'``).

        Examples
        --------
        >>> frame = jk.prioritize(jk.example()).to_frame()
        >>> frame.shape
        (8, 15)
        >>> frame[["id", "quadrant", "score"]].head(3)
                           id   quadrant  score
        0   guided-onboarding  quick win     20
        1  online-application  quick win     16
        2      portal-support  quick win     16
        """
        try:
            import pandas as pd
        except ImportError as err:  # pragma: no cover - pandas is in the dev set
            from journeykit.exceptions import MissingDependencyError

            raise MissingDependencyError(
                "to_frame() needs pandas; install it with: pip install 'journeykit[analytics]'"
            ) from err
        frame: pd.DataFrame = pd.DataFrame.from_records(self.to_records(), columns=list(self.columns))
        return frame

    def to_csv(self) -> str:
        """The rows as CSV text with a header; lists are joined with ``;``.

        Most tables are written for a spreadsheet: every text cell is quoted,
        and one that a spreadsheet would run as a formula (it starts with
        ``=``, ``+``, ``-``, ``@``, a tab or a line break) gets a leading
        ``'``, as OWASP advises against CSV injection; numbers stay numbers.
        Tables computed from event logs (``measure``) are data for programs
        and are written exactly. See ``for_spreadsheets``.

        Examples
        --------
        >>> lines = jk.prioritize(jk.example()).to_csv().splitlines()
        >>> len(lines)  # the header, then one line per use case
        9
        >>> print(lines[0])
        id,name,theme,impact,ease,quadrant,score,reach,weighted_score,has_process,...,ready,missing
        >>> print(lines[-1])
        "mdf-requests","Market development fund requests and claims","marketing assistance",2,1,...
        >>> mdf = jk.UseCase(id="mdf", name="=MDF", theme="marketing", impact=2, ease=1)
        >>> print(jk.prioritize([mdf]).to_csv().splitlines()[1])  # "=MDF" disarmed; the criteria not met
        "mdf","'=MDF","marketing",2,1,"thankless task",2,,,False,False,False,,False,"process;sponsor;champion"
        """
        write = spreadsheet_csv if self.for_spreadsheets else data_csv
        return write(self.columns, self.to_records())

    def to_markdown(self) -> str:
        """The shown columns as a Markdown pipe table (user text escaped), headed in the language in force.

        Examples
        --------
        >>> lines = jk.prioritize(jk.example()).to_markdown().splitlines()
        >>> print(lines[0])
        | id | name | quadrant | impact | ease | score | reach | ready | not met |
        >>> print(lines[1])
        |---|---|---|---|---|---|---|---|---|
        >>> print(lines[2])
        | guided-onboarding | Guided onboarding with an executive welcome | quick win | 5 | 4 | 20 | ...
        """
        shown = self._shown()
        lines = [
            "| " + " | ".join(markdown_cell(column_label(c)) for c in shown) + " |",
            "|" + "---|" * len(shown),
        ]
        for record in self.to_records():
            lines.append("| " + " | ".join(markdown_cell(self._cell(c, record[c])) for c in shown) + " |")
        return "\n".join(lines) + "\n"

    def _cell(self, column: str, value: object) -> str:
        """A value as a reader sees it: lists joined with ", ", journeykit's own words translated."""
        if value is None:
            return ""
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        if isinstance(value, (tuple, list)):
            return ", ".join(self._cell(column, v) for v in value)
        return value_word(column, cell_text(value))

    def __str__(self) -> str:
        """A plain-text table: whole cells (long ones wrap onto more lines), control characters escaped."""
        shown = self._shown()
        cells = [[_wrap(terminal_text(self._cell(c, r[c]))) for c in shown] for r in self.to_records()]
        headers = [terminal_text(column_label(c)) for c in shown]
        widths = [
            max([len(h), *(len(line) for row in cells for line in row[i])]) for i, h in enumerate(headers)
        ]
        out = [terminal_text(_(self.title))] if self.title else []
        out.append("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip())
        out.append("  ".join("-" * w for w in widths))
        for row in cells:
            for n in range(max(len(lines) for lines in row) if row else 0):
                parts = [lines[n] if n < len(lines) else "" for lines in row]
                out.append("  ".join(v.ljust(w) for v, w in zip(parts, widths, strict=True)).rstrip())
        if not cells:
            out.append(_("(no rows)"))
        return "\n".join(out)

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {len(self)} rows>"

    def _repr_html_(self) -> str:
        shown = self._shown()
        head = "".join(f"<th>{html_text(column_label(c))}</th>" for c in shown)
        body = "".join(
            "<tr>" + "".join(f"<td>{html_text(self._cell(c, r[c]))}</td>" for c in shown) + "</tr>"
            for r in self.to_records()
        )
        caption = f"<caption>{html_text(_(self.title))}</caption>" if self.title else ""
        return f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


#: The widest a cell of the plain-text table gets before its text wraps onto
#: more lines; a single word (an id, say) longer than this widens the column.
CELL_WIDTH = 40


def _wrap(text: str) -> list[str]:
    return textwrap.wrap(text, CELL_WIDTH, break_long_words=False, break_on_hyphens=False) or [""]
