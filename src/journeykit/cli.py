"""The ``journeykit`` command line.

Exit status: 0 on success, 1 when the input is invalid (one ``FILE:LINE:
message`` line per problem on standard error, no traceback), 2 on a usage
error. A closed output pipe (``journeykit schema | head``) ends quietly.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from journeykit.exceptions import JourneyKitError

if TYPE_CHECKING:
    from journeykit.analysis import Findings
    from journeykit.journeys import Journey
    from journeykit.program import Program

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        status: int = args.run(args)
        sys.stdout.flush()
    except UsageError as err:
        parser.error(str(err))  # exits 2 with the usage, as argparse does
    except JourneyKitError as err:
        print(err, file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader went away (`| head`): stop writing, say nothing.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except KeyboardInterrupt:
        return 130
    return status


class UsageError(Exception):
    """A command line that parses but does not make sense."""


def _parser() -> argparse.ArgumentParser:
    from journeykit import __version__

    parser = argparse.ArgumentParser(
        prog="journeykit",
        description="Personas, journeys and service blueprints as data.",
        epilog="Run 'journeykit COMMAND --help' for the options of a command.",
    )
    parser.add_argument("--version", action="version", version=f"journeykit {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)

    validate = commands.add_parser(
        "validate",
        help="check programme files",
        description="Load and validate each FILE "
        "(YAML, JSON or a folder of them); print a summary or every problem found.",
    )
    validate.add_argument("files", nargs="+", metavar="FILE", type=Path)
    validate.add_argument(
        "--max-bytes", type=_positive, default=None, help="refuse files larger than this (default 128 MiB)"
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

    requirements = commands.add_parser(
        "requirements",
        help="derive the requirements a front stage needs",
        description="Derive the backstage requirements the selected steps need, prerequisites "
        "first, with where each comes from. Without a selection, every step of every journey.",
    )
    requirements.add_argument("file", metavar="FILE", type=Path)
    requirements.add_argument(
        "--journey", action="append", metavar="ID", help="only this journey (repeatable)"
    )
    requirements.add_argument("--stage", action="append", metavar="ID", help="only this stage (repeatable)")
    requirements.add_argument("--persona", action="append", metavar="ID", help="only steps of this persona")
    requirements.add_argument(
        "--use-case", action="append", metavar="ID", help="only steps this use case covers"
    )
    requirements.add_argument("--all", action="store_true", help="include requirements already available")
    requirements.add_argument("--format", choices=["table", "csv", "md", "json"], default="table")
    requirements.add_argument(
        "-o", "--output", type=Path, help="write to this file (default: standard output)"
    )
    requirements.set_defaults(run=_requirements)

    compare = commands.add_parser(
        "compare",
        help="compare a current journey with a future one",
        description="Steps added, removed and changed, emotion per step and stage, channels, and "
        "the backstage delta: requirements the future journey needs that are not available and "
        "not needed today. Give only FUTURE_ID to compare it with the journey it replaces.",
    )
    compare.add_argument("file", metavar="FILE", type=Path)
    compare.add_argument("ids", metavar="ID", nargs="+", help="CURRENT_ID FUTURE_ID, or FUTURE_ID alone")
    compare.set_defaults(run=_compare)

    impact = commands.add_parser(
        "impact",
        help="what slips if a requirement slips",
        description="Every requirement, step, stage, journey, persona, use case and metric that "
        "needs REQUIREMENT_ID, directly or through other requirements.",
    )
    impact.add_argument("file", metavar="FILE", type=Path)
    impact.add_argument("requirement", metavar="REQUIREMENT_ID")
    impact.set_defaults(run=_impact)

    check = commands.add_parser(
        "check",
        help="lint a programme's blueprint",
        description="Report what the programme leaves out or gets wrong, one finding per line "
        "with its code (see the docs page Checks). Exit status 1 when any finding is an error.",
    )
    check.add_argument("file", metavar="FILE", type=Path)
    check.add_argument("--format", choices=["text", "json"], default="text")
    check.set_defaults(run=_check)

    prioritize = commands.add_parser(
        "prioritize",
        help="rank use cases by impact and ease; pick a pilot",
        description="Impact x ease quadrants and readiness (process, sponsor, champion, metric) of "
        "every use case; with --budget, the pilot set of use cases with the greatest total impact "
        "whose open requirements fit the budget (person-days).",
    )
    prioritize.add_argument("file", metavar="FILE", type=Path)
    prioritize.add_argument("--budget", type=float, help="effort budget for the pilot, in person-days")
    prioritize.add_argument(
        "--any", action="store_true", help="let use cases that are not ready into the pilot"
    )
    prioritize.set_defaults(run=_prioritize)

    responsibilities = commands.add_parser(
        "responsibilities",
        help="who acts where and owns what",
        description="Role x journey: the lanes each role acts in and the requirements it owns "
        "that the journey needs; with --use-cases, role x use case.",
    )
    responsibilities.add_argument("file", metavar="FILE", type=Path)
    responsibilities.add_argument("--use-cases", action="store_true", help="role x use case instead")
    responsibilities.set_defaults(run=_responsibilities)

    render = commands.add_parser(
        "render",
        help="draw a view of the programme",
        description="Draw a view and write it to OUT; the suffix chooses the format: .dot, .svg, "
        ".png or .pdf for the traceability graph; .svg, .png or .pdf for the journey map and the "
        "priority matrix.",
    )
    render.add_argument("file", metavar="FILE", type=Path)
    render.add_argument("--view", choices=["traceability", "journey-map", "matrix"], required=True)
    render.add_argument("--journey", metavar="ID", help="only this journey (the journey map needs one)")
    render.add_argument("-o", "--output", type=Path, required=True, metavar="OUT")
    render.set_defaults(run=_render)

    export = commands.add_parser(
        "export",
        help="write a journey as Mermaid",
        description="Write a journey as a Mermaid journey diagram (--format mermaid) or its "
        "service blueprint as a Mermaid flowchart (--format mermaid-blueprint).",
    )
    export.add_argument("file", metavar="FILE", type=Path)
    export.add_argument("--format", choices=["mermaid", "mermaid-blueprint"], required=True)
    export.add_argument("--journey", metavar="ID", help="the journey (needed when there are several)")
    export.add_argument("-o", "--output", type=Path, help="write to this file (default: standard output)")
    export.set_defaults(run=_export)

    import_mermaid = commands.add_parser(
        "import-mermaid",
        help="turn a Mermaid journey into a programme file",
        description="Read a Mermaid journey diagram and write it as a programme (the journey and "
        "its personas) in YAML or JSON, by the suffix of OUT.",
    )
    import_mermaid.add_argument("file", metavar="FILE.mmd", type=Path)
    import_mermaid.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.yaml")
    import_mermaid.set_defaults(run=_import_mermaid)

    demo = commands.add_parser(
        "demo",
        help="run the demo on the built-in partner-portal example",
        description="Load and validate the built-in partner-portal example and write the "
        "model, its graph and a summary into a folder.",
    )
    demo.add_argument(
        "--out", type=Path, default=Path("demo-output"), help="folder to write into (default: demo-output)"
    )
    demo.set_defaults(run=_demo)
    return parser


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be positive: {text!r}")
    return value


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        from journeykit.io._files import _atomic_write

        _atomic_write(output, text.encode("utf-8"))


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

    _emit(json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n", args.output)
    return 0


def _graph(args: argparse.Namespace) -> int:
    from journeykit.io import load
    from journeykit.io.graphfiles import graph_text

    _emit(graph_text(load(args.file), args.format), args.output)
    return 0


def _requirements(args: argparse.Namespace) -> int:
    from journeykit.analysis import derive_requirements
    from journeykit.io import load

    backlog = derive_requirements(
        load(args.file),
        journey=args.journey,
        stages=args.stage,
        personas=args.persona,
        use_cases=args.use_case,
        include_available=args.all,
    )
    if args.format == "csv":
        text = backlog.to_csv()
    elif args.format == "md":
        text = backlog.to_markdown()
    elif args.format == "json":
        text = json.dumps(backlog.to_records(), indent=2, ensure_ascii=False) + "\n"
    else:
        text = str(backlog) + "\n"
    _emit(text, args.output)
    return 0


def _compare(args: argparse.Namespace) -> int:
    from journeykit.analysis import compare
    from journeykit.io import load

    if len(args.ids) > 2:
        raise UsageError("compare takes CURRENT_ID FUTURE_ID, or FUTURE_ID alone")
    result = compare(load(args.file), *args.ids)
    print(result)
    print()
    print(result.stages)
    return 0


def _impact(args: argparse.Namespace) -> int:
    from journeykit.analysis import impact_of
    from journeykit.io import load

    print(impact_of(load(args.file), args.requirement))
    return 0


def _check(args: argparse.Namespace) -> int:
    from journeykit.analysis import check
    from journeykit.io import load_with_source

    program, source = load_with_source(args.file)
    findings = check(program, source=source)
    if args.format == "json":
        print(json.dumps(findings.to_records(), indent=2, ensure_ascii=False))
    else:
        print(format_findings(findings))
    return 1 if findings.has_errors else 0


def format_findings(findings: Findings) -> str:
    """One ``FILE:LINE: CODE severity: message`` line per finding, then a count."""
    lines = []
    for f in findings:
        where = f"{f.file}:{f.line}: " if f.file else f"{f.location}: "
        lines.append(f"{where}{f.code} {f.severity}: {f.message}")
    counts = {s: sum(f.severity == s for f in findings) for s in ("error", "warning", "info")}
    lines.append(", ".join(f"{n} {s}{'s' if n != 1 else ''}" for s, n in counts.items()))
    return "\n".join(lines)


def _prioritize(args: argparse.Namespace) -> int:
    from journeykit.analysis import prioritize, select_pilot
    from journeykit.io import load

    program = load(args.file)
    print(prioritize(program))
    if args.budget is not None:
        if args.budget < 0:
            raise UsageError("--budget must not be negative")
        print()
        print(select_pilot(program, budget=args.budget, require_ready=not args.any))
    return 0


def _responsibilities(args: argparse.Namespace) -> int:
    from journeykit.analysis import responsibilities, responsibilities_by_use_case
    from journeykit.io import load

    program = load(args.file)
    table = responsibilities_by_use_case(program) if args.use_cases else responsibilities(program)
    print(table)
    return 0


def _journey(program: Program, journey_id: str) -> Journey:
    """The journey with this id, or an error that suggests the closest one."""
    from journeykit.analysis.derive import select_steps

    select_steps(program, journey=journey_id)  # raises UnknownReferenceError with a suggestion
    return program.journey(journey_id)


def _render(args: argparse.Namespace) -> int:
    from journeykit.io import load
    from journeykit.render import journey_map, priority_matrix, save, traceability

    program = load(args.file)
    if args.journey is not None:
        _journey(program, args.journey)  # an unknown id fails here, with a suggestion
    if args.view == "journey-map":
        if args.journey is None:
            ids = ", ".join(j.id for j in program.journeys) or "none"
            raise UsageError(f"the journey map needs --journey (the journeys are: {ids})")
        save(journey_map(program.journey(args.journey), program=program), args.output)
    elif args.view == "matrix":
        save(priority_matrix(program), args.output)
    else:
        save(traceability(program, journey=args.journey), args.output)
    print(f"wrote {args.output}")
    return 0


def _export(args: argparse.Namespace) -> int:
    from journeykit.io import load
    from journeykit.render import blueprint_to_mermaid, to_mermaid

    program = load(args.file)
    if args.journey is None:
        if len(program.journeys) != 1:
            ids = ", ".join(j.id for j in program.journeys) or "none"
            raise UsageError(f"name the journey to export with --journey (the journeys are: {ids})")
        journey = program.journeys[0]
    else:
        journey = _journey(program, args.journey)
    view = to_mermaid if args.format == "mermaid" else blueprint_to_mermaid
    _emit(view(journey), args.output)
    return 0


def _import_mermaid(args: argparse.Namespace) -> int:
    from journeykit.io import save
    from journeykit.io.mermaid import read_mermaid

    program = read_mermaid(args.file)
    save(program, args.output)
    journey = program.journeys[0]
    print(
        f"{args.output}: journey {journey.id!r} with {len(journey.steps)} steps "
        f"and {len(program.personas)} personas"
    )
    return 0


def _demo(args: argparse.Namespace) -> int:
    from journeykit._demo import format_summary, run_demo

    program, written = run_demo(args.out)
    print(format_summary(program), end="")
    print(f"\nwrote {', '.join(str(p) for p in written.values())}")
    return 0
