"""Commands on event logs: discover, funnel, conformance and measure."""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from journeykit.cli._common import UsageError, journey_of
from journeykit.cli._output import (
    add_format,
    add_language,
    chosen_format,
    frame_csv,
    in_language,
    json_text,
    plain,
    records,
    write,
)

if TYPE_CHECKING:
    from journeykit.program import Program

T = TypeVar("T")

__all__ = ["add_commands", "read_log"]

_XES = (".xes", ".xes.gz", ".gz")


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add this group's commands to the ``journeykit`` parser."""
    discover = commands.add_parser(
        "discover",
        help="the journey customers actually took, from an event log",
        description="Read an event log (XES, XES.GZ, CSV or Parquet) and find its directly-follows "
        "graph: transitions with counts and durations, start and end activities, variants. Without "
        "-o, print a summary (--format csv: the transitions; json: everything); -o OUT.csv writes "
        "the transitions, OUT.json everything, OUT.dot the graph as DOT, and OUT.svg, OUT.png or "
        "OUT.pdf draws it. With --by persona, one of each per persona (-o then writes CSV or JSON).",
    )
    discover.add_argument("log", metavar="LOG", type=Path)
    _columns(discover)
    _personas(discover, ["persona"], checked="--program's")
    discover.add_argument(
        "--program",
        metavar="FILE",
        type=Path,
        help="check the --persona column against the persona ids of the programme in FILE",
    )
    discover.add_argument(
        "--min-count", type=int, default=1, metavar="N", help="draw only transitions seen N times or more"
    )
    discover.add_argument("-o", "--output", type=Path, metavar="OUT")
    add_format(discover, ["csv", "json"], by_suffix=True)
    add_language(discover)
    discover.set_defaults(run=_discover)

    funnel = commands.add_parser(
        "funnel",
        help="reach and drop-off per stage and step of a designed journey",
        description="Hold an event log against a designed journey of FILE: per stage and per step, "
        "the cases that reached it, their share of the previous one and of all cases, the cases "
        "lost, and the median time from the previous one. --format csv writes the step rows, json "
        "everything; -o writes to a file instead (OUT.csv, OUT.json).",
    )
    _journey_and_log(funnel)
    _personas(funnel, ["persona", "channel"])
    funnel.add_argument(
        "-o", "--output", type=Path, metavar="OUT", help="write to OUT.csv (the step rows) or OUT.json"
    )
    add_format(funnel, ["csv", "json"], by_suffix=True)
    add_language(funnel)
    funnel.set_defaults(run=_funnel)

    conformance = commands.add_parser(
        "conformance",
        help="where observed cases leave a designed journey",
        description="Hold an event log against a designed journey of FILE: designed steps never "
        "observed, observed transitions the design does not allow, activities the design does not "
        "know, and the fitness of each case (the share of its transitions the design allows). "
        "--format csv writes the cases, json everything; -o writes to a file instead (OUT.csv, "
        "OUT.json).",
    )
    _journey_and_log(conformance)
    _personas(conformance, ["persona"])
    conformance.add_argument(
        "--no-repeats",
        action="store_true",
        help="a step directly repeated is a deviation unless `next` allows it",
    )
    conformance.add_argument(
        "-o", "--output", type=Path, metavar="OUT", help="write to OUT.csv (the cases) or OUT.json"
    )
    add_format(conformance, ["csv", "json"], by_suffix=True)
    add_language(conformance)
    conformance.set_defaults(run=_conformance)

    measure = commands.add_parser(
        "measure",
        help="the programme's metrics, from an event log",
        description="Compute every metric of FILE that says how events give its value (observe:) "
        "from an event log whose activities are step ids, and hold it against its target: value, "
        "target, direction, pass or fail, and the cases it counts. --format csv or json for "
        "scripts; -o writes to a file instead (OUT.csv, OUT.json).",
    )
    measure.add_argument("file", metavar="FILE", type=Path, help="the programme")
    measure.add_argument("log", metavar="LOG", type=Path, help="the event log: XES, XES.GZ, CSV or Parquet")
    _columns(measure)
    measure.add_argument("-o", "--output", type=Path, metavar="OUT", help="write to OUT.csv or OUT.json")
    add_format(measure, ["csv", "json"], by_suffix=True)
    add_language(measure)
    measure.set_defaults(run=_measure)


def _journey_and_log(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", type=Path, help="the programme")
    parser.add_argument("log", metavar="LOG", type=Path, help="the event log: XES, XES.GZ, CSV or Parquet")
    parser.add_argument("--journey", metavar="ID", required=True, help="the designed journey")
    parser.add_argument(
        "--steps",
        choices=["auto", "id", "name"],
        default="auto",
        help="match activities to steps by id, by name, or by id then name (default)",
    )
    _columns(parser)


def _personas(parser: argparse.ArgumentParser, by: list[str], *, checked: str = "the programme's") -> None:
    """``--persona`` (and ``--channel``) and ``--by``: the segment columns and the split."""
    parser.add_argument(
        "--persona",
        metavar="COLUMN",
        help=f"the column with each event's persona; checked against {checked} persona ids",
    )
    if "channel" in by:
        parser.add_argument("--channel", metavar="COLUMN", help="the column with each event's channel")
    parser.add_argument(
        "--by",
        choices=by,
        help=f"one result per {' or per '.join(by)} (needs its column)",
    )


def _columns(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("columns of the log (default: the XES names)")
    group.add_argument("--case", default="case:concept:name", metavar="COLUMN", help="the case id")
    group.add_argument("--activity", default="concept:name", metavar="COLUMN", help="the activity")
    group.add_argument("--timestamp", default="time:timestamp", metavar="COLUMN", help="when it happened")


def read_log(path: Path, args: argparse.Namespace) -> Any:
    """The event table in ``path``, read by its kind, with a progress bar on a terminal."""
    from journeykit.analytics import read_events, read_xes

    name = path.name.lower()
    if name.endswith(_XES):
        with _Progress(path) as report:
            return read_xes(path, progress=report)
    return read_events(path, case=args.case, activity=args.activity, timestamp=args.timestamp)


class _Progress:
    """A progress bar of bytes read on standard error, only when it is a terminal."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.bar: Any = None

    def __enter__(self) -> Any:
        if not sys.stderr.isatty():
            return None
        from tqdm import tqdm

        from journeykit._text import terminal_text
        from journeykit.cli._terminal import raw_stream

        self.bar = tqdm(  # the bar draws with control characters: on the stream under the escaping
            total=None,
            unit="B",
            unit_scale=True,
            desc=terminal_text(f"reading {self.path.name}"),
            file=raw_stream(sys.stderr),
            leave=False,
        )

        def report(done: int, total: int) -> None:
            if self.bar.total != total:
                self.bar.total = total
            self.bar.update(done - self.bar.n)

        return report

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.close()


def _check_by(args: argparse.Namespace) -> None:
    if args.by is not None and getattr(args, args.by) is None:
        raise UsageError(f"--by {args.by} needs --{args.by} COLUMN")


def _checked(analysis: Callable[[], T], args: argparse.Namespace) -> T:
    """Run the analysis; print the persona values the programme does not know,
    one line each on standard error, instead of the warning.

    Running out of memory names the log, also an XES log, which reaches the
    engine as a table in memory.
    """
    from journeykit.analytics._duckdb_errors import input_named
    from journeykit.exceptions import UnknownPersonaWarning

    with warnings.catch_warnings(), input_named(args.log):
        warnings.simplefilter("ignore", UnknownPersonaWarning)
        result = analysis()
    unknown = getattr(result, "unknown_personas", None)
    for value, cases, events, suggestion in [] if unknown is None else unknown.itertuples(index=False):
        hint = f"; did you mean {suggestion!r}?" if suggestion is not None else ""
        print(
            f"{args.log}: warning: persona {value!r} (column {args.persona!r}) is no persona of the "
            f"programme: {cases} {'case' if cases == 1 else 'cases'}, "
            f"{events} {'event' if events == 1 else 'events'}{hint}",
            file=sys.stderr,
        )
    return result


def _funnel(args: argparse.Namespace) -> int:
    from journeykit.analytics import funnel
    from journeykit.io import load

    _check_by(args)
    program = load(args.file)
    journey = journey_of(program, args.journey)
    result = _checked(
        lambda: funnel(
            read_log(args.log, args),
            journey,
            case=args.case,
            activity=args.activity,
            timestamp=args.timestamp,
            persona=args.persona,
            channel=args.channel,
            segment=args.by,
            program=program,
            steps=args.steps,
        ),
        args,
    )
    return _report(args, result, result.steps, program)


def _conformance(args: argparse.Namespace) -> int:
    from journeykit.analytics import conformance
    from journeykit.io import load

    _check_by(args)
    program = load(args.file)
    journey = journey_of(program, args.journey)
    result = _checked(
        lambda: conformance(
            read_log(args.log, args),
            journey,
            case=args.case,
            activity=args.activity,
            timestamp=args.timestamp,
            persona=args.persona,
            segment=args.by,
            program=program,
            steps=args.steps,
            allow_repeats=not args.no_repeats,
        ),
        args,
    )
    return _report(args, result, result.cases, program)


def _format(args: argparse.Namespace, *, also: tuple[str, ...] = ()) -> str:
    """The output format: ``--format``, else ``-o``'s suffix (.csv or .json), else text."""
    output: Path | None = args.output
    fmt = chosen_format(args, output, _SUFFIXES)
    suffix = output.suffix.lower() if output is not None else ""
    if args.format is not None and suffix in also:
        raise UsageError(f"--format {args.format} does not match -o {output}, a picture's name: change one")
    if output is not None and args.format is None and suffix not in _SUFFIXES and suffix not in also:
        raise UsageError(
            f"-o writes CSV (.csv) or JSON (.json), not {output.suffix or '(no suffix)'!r}; "
            "or choose with --format"
        )
    return fmt


#: What ``-o``'s suffix chooses when ``--format`` is not given.
_SUFFIXES = {".csv": "csv", ".json": "json"}


def _report(args: argparse.Namespace, result: Any, rows: Any, program: Program | None) -> int:
    """Print the result, or its rows as CSV, or all of it as JSON; with ``-o``, into a file."""
    fmt = _format(args)
    if fmt == "json":
        text = json_text(result_data(result))
    elif fmt == "csv":
        text = frame_csv(rows)
    else:
        with in_language(args, program):
            text = f"{result}\n"
    write(text, args.output, args.file, args.log)
    if args.output is not None:
        print(f"wrote {args.output}")
    return 0


def result_data(result: Any) -> dict[str, Any]:
    """An analytics result as plain data: every public field, frames as lists of records."""
    import dataclasses

    data: dict[str, Any] = {}
    for field in dataclasses.fields(result):
        if field.name.startswith("_"):
            continue
        value = getattr(result, field.name)
        data[field.name] = records(value) if hasattr(value, "itertuples") else plain(value)
    return data


def _discover(args: argparse.Namespace) -> int:
    from journeykit.analytics import discover
    from journeykit.render import save

    if args.min_count < 1:
        raise UsageError("--min-count must be at least 1")
    _check_by(args)
    if args.program is not None and args.persona is None:
        raise UsageError("--program checks the persona column: give --persona COLUMN too")
    output: Path | None = args.output
    suffix = output.suffix.lower() if output is not None else ""
    if args.by is not None and output is not None and args.format is None and suffix not in _SUFFIXES:
        raise UsageError(
            f"with --by {args.by}, -o writes the transitions as CSV or everything as JSON: "
            "name the file .csv or .json"
        )
    fmt = _format(args, also=(".dot", ".svg", ".png", ".pdf", ".gv"))
    program = None
    if args.program is not None:
        from journeykit.io import load

        program = load(args.program)
    observed = _checked(
        lambda: discover(
            read_log(args.log, args),
            case=args.case,
            activity=args.activity,
            timestamp=args.timestamp,
            persona=args.persona,
            segment=args.by,
            program=program,
        ),
        args,
    )
    if output is not None and args.format is None and suffix not in _SUFFIXES:
        save(observed.to_dot(min_count=args.min_count), output)  # a picture, by its suffix
        print(f"wrote {output}")
        return 0
    if fmt == "json":
        text = json_text(result_data(observed))
    elif fmt == "csv":
        text = frame_csv(observed.edges)
    else:
        with in_language(args, program):
            text = f"{observed}\n"
    write(text, output, args.log, args.program)
    if output is not None:
        print(f"wrote {output}")
    return 0


def _measure(args: argparse.Namespace) -> int:
    from journeykit.analytics import measure
    from journeykit.io import load

    program = load(args.file)
    fmt = _format(args)
    result = _checked(
        lambda: measure(
            read_log(args.log, args),
            program,
            case=args.case,
            activity=args.activity,
            timestamp=args.timestamp,
        ),
        args,
    )
    if fmt == "json":
        text = json_text(result.to_records())
    elif fmt == "csv":
        text = result.to_csv()
    else:
        with in_language(args, program):
            text = f"{result}\n"
    write(text, args.output, args.file, args.log)
    if args.output is not None:
        print(f"wrote {args.output}")
    return 0
