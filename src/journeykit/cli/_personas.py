"""The ``journeykit personas`` command group: personas made from data, and held against the programme.

Each sub-command is one function decorated with ``@_subcommand``: it adds its
parser to the group and sets ``run`` to what carries it out.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journeykit.cli._common import UsageError
from journeykit.cli._output import add_format, add_language, chosen_format, in_language, json_text, write

if TYPE_CHECKING:
    from typing import TypeAlias

    from journeykit.personas import Segmentation

    SubParsers: TypeAlias = argparse._SubParsersAction[argparse.ArgumentParser]

__all__ = ["add_commands"]

#: The functions that add each ``journeykit personas`` sub-command, in the order ``--help`` lists them.
_SUBCOMMANDS: list[Callable[[SubParsers], None]] = []


def _subcommand(add: Callable[[SubParsers], None]) -> Callable[[SubParsers], None]:
    _SUBCOMMANDS.append(add)
    return add


def add_commands(commands: SubParsers) -> None:
    """Add the ``personas`` group, and its sub-commands, to the ``journeykit`` parser."""
    personas = commands.add_parser(
        "personas",
        help="personas from data, and against the journeys",
        description="Draft personas from a table of people, or hold the personas of a programme "
        "against its journeys.",
        epilog="Run 'journeykit personas COMMAND --help' for the options of a command.",
    )
    group = personas.add_subparsers(title="commands", metavar="COMMAND", required=True)
    for add in _SUBCOMMANDS:
        add(group)


@_subcommand
def _segment_command(commands: SubParsers) -> None:
    segment = commands.add_parser(
        "segment",
        help="draft personas from a table of people (CSV or Parquet)",
        description="Divide the people of USERS (CSV or Parquet, one row per person) into segments "
        "and write one draft persona per segment, with its share, size, attributes, a description "
        "of what sets it apart, and the method and quality figures in `source`. Without -o, the "
        "programme file is written to standard output; a summary goes to standard error.",
    )
    segment.add_argument("users", metavar="USERS", type=Path, help="the people: a .csv or .parquet file")
    segment.add_argument("--id", metavar="COLUMN", help="the column that identifies a person")
    segment.add_argument(
        "--features",
        metavar="A,B,C",
        type=_names,
        help="the columns to segment on, separated by commas (default: all but --id)",
    )
    segment.add_argument(
        "--k",
        metavar="auto|N",
        type=_k,
        default="auto",
        help="the number of segments, or auto to choose it from 2 to 8 (default: auto)",
    )
    segment.add_argument(
        "--method",
        choices=["kmeans", "nmf"],
        default="kmeans",
        help="kmeans (default), or nmf for counts such as a behaviour matrix",
    )
    segment.add_argument("--seed", type=int, default=0, metavar="N", help="the random seed (default: 0)")
    segment.add_argument(
        "--name", metavar="TEXT", help="the name of the programme written (default: from USERS)"
    )
    segment.add_argument(
        "-o", "--output", type=Path, metavar="OUT", help="write the drafts to OUT.yaml, OUT.yml or OUT.json"
    )
    segment.set_defaults(run=_segment)


def _names(text: str) -> list[str]:
    names = [name.strip() for name in text.split(",")]
    if not all(names):
        raise argparse.ArgumentTypeError(f"an empty column name in {text!r}; separate names with commas")
    return names


def _k(text: str) -> int | str:
    if text == "auto":
        return text
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not 'auto' nor a whole number: {text!r}") from None
    if value < 2:
        raise argparse.ArgumentTypeError(f"must be at least 2: {text!r}")
    return value


def _segment(args: argparse.Namespace) -> int:
    import sys

    from journeykit.exceptions import SegmentationError
    from journeykit.io import dumps, save
    from journeykit.personas import segment
    from journeykit.program import Program

    output: Path | None = args.output
    if output is not None:
        if output.suffix.lower() not in (".yaml", ".yml", ".json"):
            raise UsageError(f"-o writes .yaml, .yml or .json, not {output.suffix or '(no suffix)'!r}")
        if output.exists() and output.resolve() == args.users.resolve():
            raise UsageError(f"-o {output} is the input USERS; write the drafts elsewhere")
    table = _read_people(args.users)
    try:
        result = segment(
            table, id=args.id, features=args.features, k=args.k, method=args.method, seed=args.seed
        )
    except SegmentationError as err:
        raise SegmentationError(err.message, column=err.column, file=str(args.users)) from None
    drafts = result.to_personas(data=args.users.name)
    program = Program(
        name=args.name or f"Personas from {args.users.name}",
        description=f"Draft personas segmented from {args.users.name}; edit them before use.",
        personas=drafts,
    )
    if output is None:
        sys.stdout.write(dumps(program, format="yaml"))
    else:
        save(program, output)
    print(_summary(result, args.users.name, output), file=sys.stderr)
    return 0


def _summary(result: Segmentation, source: str, output: Path | None) -> str:
    from journeykit._text import drawn_text

    how = "chosen from 2 to 8" if len(result.candidates) > 1 else "as asked"
    lines = [
        f"{drawn_text(source, one_line=True)}: {result.k} personas of {result.rows:,} people "
        f"({result.method}, k {how}); silhouette {result.quality['silhouette']:.2f}, "
        f"stability {result.quality['stability']:.2f}; {result.missing:,} missing values filled"
    ]
    for row in result.segments.itertuples():
        lines.append(f"  {row.persona}: {row.share:.0%} ({row.size:,} people)")
    if output is not None:
        lines.append(f"wrote {drawn_text(str(output), one_line=True)}")
    return "\n".join(lines)


def _read_people(path: Path) -> Any:
    """The people in ``path`` (CSV or Parquet) as a DuckDB relation; errors name the file."""
    from journeykit.exceptions import FileAccessError, ParseError, UnsupportedFormatError

    suffix = path.suffix.lower()
    if suffix not in (".csv", ".parquet"):
        raise UnsupportedFormatError(
            f"cannot read people from {suffix or '(no suffix)'!r}; give a .csv or .parquet file",
            file=str(path),
        )
    if not path.is_file():
        raise FileAccessError("no such file" if not path.exists() else "not a regular file", file=str(path))
    try:
        import duckdb
    except ImportError as err:
        from journeykit.exceptions import MissingDependencyError

        raise MissingDependencyError(
            "journeykit personas segment needs duckdb; install it with: pip install 'journeykit[personas]'"
        ) from err
    connection = duckdb.connect()
    try:
        if suffix == ".csv":
            return connection.read_csv(str(path), header=True)
        return connection.read_parquet(str(path))
    except duckdb.Error as err:
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise ParseError(f"cannot read it as {suffix[1:]}: {first}", file=str(path)) from None


@_subcommand
def _coverage_command(commands: SubParsers) -> None:
    coverage = commands.add_parser(
        "coverage",
        help="persona x journey and stage: steps, emotion, pain points, requirements",
        description="For every persona, journey it takes part in and stage of that journey: the "
        "steps it takes, its mean emotion, the pain points it meets and the open requirements its "
        "steps need; then the personas in no journey and the journeys with no persona. "
        "--format csv or md writes the table, json the table and both lists; -o writes to a file "
        "instead (OUT.csv, OUT.md, OUT.json).",
    )
    coverage.add_argument("file", metavar="FILE", type=Path, help="the programme")
    coverage.add_argument(
        "--by-journey", action="store_true", help="one row per persona and journey instead of per stage"
    )
    coverage.add_argument(
        "-o", "--output", type=Path, metavar="OUT", help="write to OUT.csv, OUT.md or OUT.json"
    )
    add_format(coverage, ["csv", "md", "json"], by_suffix=True)
    add_language(coverage)
    coverage.set_defaults(run=_coverage)


def _coverage(args: argparse.Namespace) -> int:
    from journeykit.io import load
    from journeykit.personas import coverage

    output: Path | None = args.output
    suffixes = {".csv": "csv", ".md": "md", ".json": "json"}
    if output is not None and args.format is None and output.suffix.lower() not in suffixes:
        raise UsageError(f"-o writes .csv, .md or .json, not {output.suffix or '(no suffix)'!r}")
    program = load(args.file)
    result = coverage(program)
    table = result.by_journey if args.by_journey else result
    fmt = chosen_format(args, output, suffixes)
    if fmt == "json":
        text = json_text(
            {
                "rows": table.to_records(),
                "personas_without_journey": result.personas_without_journey,
                "journeys_without_persona": result.journeys_without_persona,
            }
        )
    elif fmt == "csv":
        text = table.to_csv()
    else:
        with in_language(args, program):
            text = table.to_markdown() if fmt == "md" else f"{table}\n"
    write(text, output, args.file)
    if output is not None:
        print(f"wrote {output}")
    return 0
