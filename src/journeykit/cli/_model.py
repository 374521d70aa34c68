"""Commands on programme files: validate, schema, graph and demo."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from journeykit.cli._common import UsageError, emit, positive
from journeykit.cli._output import add_language
from journeykit.exceptions import JourneyKitError

__all__ = ["add_commands", "add_demo"]


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add this group's commands to the ``journeykit`` parser."""
    validate = commands.add_parser(
        "validate",
        help="check programme files",
        description="Load and validate each FILE "
        "(YAML, JSON or a folder of them); print a summary or every problem found.",
    )
    validate.add_argument("files", nargs="+", metavar="FILE", type=Path)
    validate.add_argument(
        "--max-bytes", type=positive, default=None, help="refuse files larger than this (default 128 MiB)"
    )
    validate.add_argument("-q", "--quiet", action="store_true", help="print problems only")
    validate.set_defaults(run=_validate)

    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of programme files",
        description="Print the JSON Schema that programme files follow (for editor completion).",
    )
    schema.add_argument("-o", "--output", type=Path, help="write to this file instead")
    schema.set_defaults(run=_schema)

    graph = commands.add_parser(
        "graph",
        help="export the programme graph",
        description="Write the programme as a graph: networkx node-link JSON or GraphML.",
    )
    graph.add_argument("file", metavar="FILE", type=Path)
    graph.add_argument("--format", choices=["node-link", "graphml"], required=True)
    graph.add_argument("-o", "--output", type=Path, help="write to this file (default: standard output)")
    graph.set_defaults(run=_graph)


def add_demo(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``demo``, listed last."""
    demo = commands.add_parser(
        "demo",
        help="run the demo on the built-in partner-portal example",
        description="Load and validate the built-in partner-portal example and write into a folder "
        "the model, its graph, a summary, the requirements backlog, the check report, a pilot, "
        "every picture of every journey and persona, and the HTML report.",
    )
    demo.add_argument(
        "--out", type=Path, default=Path("demo-output"), help="folder to write into (default: demo-output)"
    )
    add_language(demo)
    demo.set_defaults(run=_demo)


def _validate(args: argparse.Namespace) -> int:
    from journeykit.io import MAX_BYTES, load

    failed = 0
    for file in args.files:
        try:
            program = load(file, max_bytes=args.max_bytes or MAX_BYTES)
        except JourneyKitError as err:
            print(err, file=sys.stderr)
            failed += 1
            continue
        if not args.quiet:
            counts = program.summary()
            print(
                f"{file}: ok ({counts['personas']} personas, {counts['journeys']} journeys, "
                f"{counts['steps']} steps, {counts['requirements']} requirements)"
            )
    return 1 if failed else 0


def _schema(args: argparse.Namespace) -> int:
    from journeykit.io import json_schema

    emit(json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n", args.output)
    return 0


#: The suffixes ``graph -o`` may have, by format.
GRAPH_SUFFIXES = {"node-link": (".json",), "graphml": (".graphml", ".xml")}


def _graph(args: argparse.Namespace) -> int:
    from journeykit.io import load
    from journeykit.io.graphfiles import graph_text

    output: Path | None = args.output
    suffixes = GRAPH_SUFFIXES[args.format]
    if output is not None and output.suffix.lower() not in suffixes:
        raise UsageError(
            f"--format {args.format} is written to a {' or '.join(suffixes)} file, not "
            f"{output.suffix or '(no suffix)'!r}: name it {output.stem or 'graph'}{suffixes[0]}"
        )
    emit(graph_text(load(args.file), args.format), output)
    return 0


def _demo(args: argparse.Namespace) -> int:
    from journeykit._demo import format_summary, run_demo

    program, written = run_demo(args.out, language=args.language)  # errors name the folder or file
    print(format_summary(program), end="")
    folders = {p.parent for p in written.values() if p.parent != args.out}
    files = [p.name for p in written.values() if p.parent == args.out]
    print(f"\nwrote into {args.out}: {', '.join(files)}")
    for folder in sorted(folders):
        count = sum(p.parent == folder for p in written.values())
        print(f"and {count} files into {folder}")
    print(f"open {written['report']} in a browser")
    return 0
