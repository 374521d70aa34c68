"""Commands that draw: render, export (Mermaid) and import-mermaid."""

from __future__ import annotations

import argparse
from pathlib import Path

from journeykit.cli._common import UsageError, emit, journey_of

__all__ = ["add_commands"]


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add this group's commands to the ``journeykit`` parser."""
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


def _render(args: argparse.Namespace) -> int:
    from journeykit.io import load
    from journeykit.render import journey_map, priority_matrix, save, traceability

    program = load(args.file)
    if args.journey is not None:
        journey_of(program, args.journey)  # an unknown id fails here, with a suggestion
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
        journey = journey_of(program, args.journey)
    view = to_mermaid if args.format == "mermaid" else blueprint_to_mermaid
    emit(view(journey), args.output)
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
