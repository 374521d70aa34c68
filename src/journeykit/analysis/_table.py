"""The result of an analysis: typed rows that print, convert and display themselves."""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from journeykit._text import csv_cell, html_text, markdown_cell

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Table"]

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
        """The rows as plain dicts (tuples become lists), for JSON and friends."""
        return [
            {k: list(v) if isinstance(v, tuple) else v for k, v in dataclasses.asdict(row).items()}  # type: ignore[call-overload]
            for row in self._rows
        ]

    def to_frame(self) -> pd.DataFrame:
        """The rows as a pandas DataFrame, one row per result, every field a column.

        Needs pandas (``pip install 'journeykit[analytics]'``).
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
        """The rows as CSV text with a header; lists are joined with ``;``."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(self.columns)
        for record in self.to_records():
            writer.writerow(csv_cell(record[c]) for c in self.columns)
        return buffer.getvalue()

    def to_markdown(self) -> str:
        """The shown columns as a Markdown pipe table (user text escaped)."""
        shown = self._shown()
        lines = ["| " + " | ".join(shown) + " |", "|" + "---|" * len(shown)]
        for record in self.to_records():
            lines.append("| " + " | ".join(markdown_cell(csv_cell(record[c])) for c in shown) + " |")
        return "\n".join(lines) + "\n"

    def __str__(self) -> str:
        shown = self._shown()
        cells = [[_clip(csv_cell(r[c])) for c in shown] for r in self.to_records()]
        widths = [max([len(c), *(len(row[i]) for row in cells)]) for i, c in enumerate(shown)]
        out = [self.title] if self.title else []
        out.append("  ".join(c.ljust(w) for c, w in zip(shown, widths, strict=True)).rstrip())
        out.append("  ".join("-" * w for w in widths))
        out.extend("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() for row in cells)
        if not cells:
            out.append("(no rows)")
        return "\n".join(out)

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {len(self)} rows>"

    def _repr_html_(self) -> str:
        shown = self._shown()
        head = "".join(f"<th>{html_text(c)}</th>" for c in shown)
        body = "".join(
            "<tr>" + "".join(f"<td>{html_text(csv_cell(r[c]))}</td>" for c in shown) + "</tr>"
            for r in self.to_records()
        )
        caption = f"<caption>{html_text(self.title)}</caption>" if self.title else ""
        return f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


#: The widest a cell of the plain-text table gets; the rest is cut with "…".
CELL_WIDTH = 40


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= CELL_WIDTH else text[: CELL_WIDTH - 1] + "…"
