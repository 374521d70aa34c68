"""What every analysis command shares: ``--format``, ``--language`` and writing the result.

A command prints a text table by default (its words in the language chosen),
or the same result as JSON or CSV for scripts and spreadsheets. JSON keys and
values are data: English field names, ids as written, numbers as numbers, and
never translated. CSV comes in two kinds (``journeykit._csv_text``): results of
the programme are spreadsheet CSV, formulas disarmed (``Table.to_csv``); tables
computed from event logs are data CSV, exact (``frame_csv``).
"""

from __future__ import annotations

import argparse
import json
import math
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journeykit.cli._common import UsageError, check_output, emit

if TYPE_CHECKING:
    from journeykit.program import Program

__all__ = [
    "add_format",
    "add_language",
    "chosen_format",
    "frame_csv",
    "in_language",
    "json_text",
    "plain",
    "records",
    "write",
]


def add_format(parser: argparse.ArgumentParser, choices: Sequence[str], *, by_suffix: bool = False) -> None:
    """``--format``: ``text`` (the default) or one of ``choices``."""
    names = ", ".join(choices[:-1]) + f" or {choices[-1]}" if len(choices) > 1 else choices[0]
    default = "by the suffix of -o, else text" if by_suffix else "text"
    parser.add_argument(
        "--format",
        choices=["text", *choices],
        default=None,
        help=f"text (a table to read), {names} (default: {default})",
    )


def add_language(parser: argparse.ArgumentParser) -> None:
    """``--language TAG``: the language of the words journeykit writes."""
    parser.add_argument(
        "--language",
        metavar="TAG",
        type=_tag,
        help="write headers and labels in this language (BCP 47: en, es, es-ES...; "
        "default: the programme's language)",
    )


def _tag(text: str) -> str:
    from journeykit._i18n import check_tag

    try:
        return check_tag(text)
    except (TypeError, ValueError) as err:  # ArgumentError is a TypeError
        raise argparse.ArgumentTypeError(str(err)) from None


@contextmanager
def in_language(args: argparse.Namespace, program: Program | None = None) -> Iterator[None]:
    """Write inside the block in ``--language``, else the programme's language, else English.

    A language journeykit has no catalogue for falls back to English, with one
    ``journeykit: warning: ...`` line on standard error.
    """
    import sys
    import warnings

    from journeykit._i18n import language_of, use_language
    from journeykit.exceptions import JourneyKitWarning

    language = language_of(getattr(args, "language", None), program)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", JourneyKitWarning)
        with use_language(language):
            for warning in caught:
                print(f"journeykit: warning: {warning.message}", file=sys.stderr)
            yield


def chosen_format(args: argparse.Namespace, output: Path | None, suffixes: Mapping[str, str]) -> str:
    """``--format`` when given, else the format ``-o``'s suffix names, else ``text``.

    ``--format`` and a suffix that names another format (``--format csv -o x.json``)
    are refused: the file would hold one format under the name of another.
    """
    if args.format is not None:
        named = suffixes.get(output.suffix.lower()) if output is not None else None
        if output is not None and named is not None and named != args.format:
            raise UsageError(
                f"--format {args.format} does not match -o {output}, whose suffix "
                f"{output.suffix!r} is for {named}: change one of them"
            )
        return str(args.format)
    if output is not None:
        return suffixes.get(output.suffix.lower(), "text")
    return "text"


def write(text: str, output: Path | None, *inputs: Path | None) -> None:
    """``text`` to standard output, or atomically to ``output`` -- never over an input file.

    ``main`` has checked already, before any work (``check_outputs``); checked
    again here for callers that bypass it.
    """
    check_output(output, [source for source in inputs if source is not None])
    emit(text, output)


def plain(value: Any) -> Any:
    """``value`` as what the standard json module writes: tuples as lists, NaN and NA
    as null, numpy and pandas scalars as Python numbers, times as ISO 8601 text."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [plain(v) for v in value]
    if hasattr(value, "isoformat"):  # datetime, pandas Timestamp
        return value.isoformat()
    if hasattr(value, "total_seconds"):  # timedelta, pandas Timedelta
        return plain(float(value.total_seconds()))
    if hasattr(value, "item"):  # numpy scalar
        return plain(value.item())
    try:
        import pandas as pd

        if pd.isna(value):
            return None
    except (ImportError, TypeError, ValueError):
        pass
    return str(value)


def json_text(data: Any) -> str:
    """``data`` as indented JSON text (UTF-8, strict: no NaN), ending with a line break;
    characters a terminal would act on are ``\\uXXXX`` escapes (``terminal_json``)."""
    from journeykit._text import terminal_json

    return terminal_json(json.dumps(plain(data), indent=2, ensure_ascii=False, allow_nan=False)) + "\n"


def records(frame: Any) -> list[dict[str, Any]]:
    """The rows of a pandas DataFrame as plain dicts (see ``plain``)."""
    columns = [str(c) for c in frame.columns]
    return [{c: plain(v) for c, v in zip(columns, row, strict=True)} for row in frame.itertuples(index=False)]


def frame_csv(frame: Any) -> str:
    """A pandas DataFrame as data CSV: a header, then every cell exactly its value
    (see ``plain``; lists joined with ``;``), never altered for a spreadsheet."""
    from journeykit._csv_text import data_csv

    return data_csv([str(c) for c in frame.columns], records(frame))
