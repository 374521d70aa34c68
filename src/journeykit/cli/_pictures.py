"""Commands that draw: render, report, export (Mermaid) and import-mermaid."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journeykit.cli._common import UsageError, emit, journey_of
from journeykit.cli._output import add_language

if TYPE_CHECKING:
    from journeykit.journeys import Journey
    from journeykit.personas import Persona
    from journeykit.program import Program

__all__ = ["VIEWS", "add_commands"]

#: The views ``journeykit render --view`` draws.
VIEWS = ("journey-map", "blueprint", "traceability", "persona", "matrix", "compare")


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add this group's commands to the ``journeykit`` parser."""
    render = commands.add_parser(
        "render",
        help="draw a view of the programme",
        description="Draw a view and write it to OUT; the suffix chooses the format. Figures "
        "(journey-map, blueprint, persona, matrix, compare) are written as .svg, .png or .pdf; "
        "the traceability graph as .dot, .svg, .png or .pdf; journey-map and blueprint also as "
        "Mermaid text (.mmd). --journey picks the journey (the future one for compare, which is "
        "set against the journey it replaces); --persona picks the persona card.",
    )
    render.add_argument("file", metavar="FILE", type=Path)
    render.add_argument("--view", choices=VIEWS, required=True)
    render.add_argument("--journey", metavar="ID", help="the journey (traceability: only this journey)")
    render.add_argument("--persona", metavar="ID", help="the persona of the persona card")
    render.add_argument("-o", "--output", type=Path, required=True, metavar="OUT")
    add_language(render)
    render.set_defaults(run=_render)

    report = commands.add_parser(
        "report",
        help="write one self-contained HTML report",
        description="Write the whole programme as one HTML file: purpose, personas, priorities, "
        "the requirements backlog, check findings, and every journey's map, blueprint and "
        "traceability graph. Pictures are inline; the file needs no network and no JavaScript.",
    )
    report.add_argument("file", metavar="FILE", type=Path)
    report.add_argument("--title", help="the report's title (default: the programme's name)")
    report.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.html")
    add_language(report)
    report.set_defaults(run=_report)

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
    add_language(export)
    export.set_defaults(run=_export)

    import_mermaid = commands.add_parser(
        "import-mermaid",
        help="turn a Mermaid journey into a programme file",
        description="Read a Mermaid journey diagram and write it as a programme (the journey and "
        "its personas) in YAML or JSON, by the suffix of OUT; or, with --into, add the journey "
        "(and the personas it names that are new) to an existing programme file, rewritten in "
        "place atomically in its own format.",
    )
    import_mermaid.add_argument("file", metavar="FILE.mmd", type=Path)
    target = import_mermaid.add_mutually_exclusive_group(required=True)
    target.add_argument("-o", "--output", type=Path, metavar="OUT.yaml", help="write a new programme file")
    target.add_argument(
        "--into", type=Path, metavar="PROGRAMME", help="add the journey to this programme file"
    )
    import_mermaid.add_argument(
        "--force",
        action="store_true",
        help="replace an existing OUT; with --into, rewrite a file even though its comments are lost",
    )
    import_mermaid.set_defaults(run=_import_mermaid)


def _render(args: argparse.Namespace) -> int:
    from journeykit.io import load
    from journeykit.render import save

    program = load(args.file)
    save(_view(program, args), args.output)
    print(f"wrote {args.output}")
    return 0


def _view(program: Program, args: argparse.Namespace) -> Any:
    """The view ``--view`` names, for the journey or persona the options pick."""
    from journeykit import render

    language = args.language
    view = args.view
    mermaid = args.output.suffix.lower() == ".mmd"
    if mermaid and view not in ("journey-map", "blueprint"):
        raise UsageError(f"only journey-map and blueprint are written as Mermaid (.mmd), not {view}")
    if view == "traceability":
        if args.journey is not None:
            journey_of(program, args.journey)  # an unknown id fails here, with a suggestion
        return render.traceability(program, journey=args.journey, language=language)
    if view == "matrix":
        return render.priority_matrix(program, language=language)
    if view == "persona":
        return render.persona_card(_persona(program, args.persona), program=program, language=language)
    journey = _one_journey(program, args.journey, view)
    if view == "journey-map":
        if mermaid:
            return render.to_mermaid(journey, program=program)
        return render.journey_map(journey, program=program, language=language)
    if view == "blueprint":
        if mermaid:
            return render.blueprint_to_mermaid(journey, program=program, language=language)
        return render.blueprint(journey, program=program, language=language)
    if journey.replaces is None:
        futures = ", ".join(j.id for j in program.journeys if j.replaces) or "none"
        raise UsageError(f"compare needs a future journey that replaces a current one (those are: {futures})")
    return render.compare_view(program.journey(journey.replaces), journey, program=program, language=language)


def _one_journey(program: Program, journey_id: str | None, view: str) -> Journey:
    if journey_id is None:
        if len(program.journeys) == 1:
            return program.journeys[0]
        ids = ", ".join(j.id for j in program.journeys) or "none"
        raise UsageError(f"the {view} view needs --journey (the journeys are: {ids})")
    return journey_of(program, journey_id)


def _persona(program: Program, persona_id: str | None) -> Persona:
    from difflib import get_close_matches

    from journeykit.exceptions import UnknownReferenceError

    ids = [p.id for p in program.personas]
    if persona_id is None:
        if len(ids) == 1:
            return program.personas[0]
        raise UsageError(f"the persona view needs --persona (the personas are: {', '.join(ids) or 'none'})")
    if persona_id not in ids:
        close = get_close_matches(persona_id, ids, n=1)
        hint = (
            f"; did you mean {close[0]!r}?" if close else f" (the personas are: {', '.join(ids) or 'none'})"
        )
        raise UnknownReferenceError(f"no persona {persona_id!r}{hint}")
    return program.persona(persona_id)


def _report(args: argparse.Namespace) -> int:
    from journeykit.io import load
    from journeykit.render.html import report

    report(load(args.file), args.output, title=args.title, language=args.language)
    print(f"wrote {args.output}")
    return 0


#: The suffixes of Mermaid text files, which ``export -o`` must have.
MERMAID_SUFFIXES = (".mmd", ".mermaid")


def _export(args: argparse.Namespace) -> int:
    from journeykit.io import load
    from journeykit.render import blueprint_to_mermaid, to_mermaid

    output: Path | None = args.output
    if output is not None and output.suffix.lower() not in MERMAID_SUFFIXES:
        raise UsageError(
            f"--format {args.format} writes Mermaid text, which goes in a .mmd (or .mermaid) file, not "
            f"{output.suffix or '(no suffix)'!r}: name it {output.stem or 'journey'}.mmd"
        )
    program = load(args.file)
    if args.journey is None:
        if len(program.journeys) != 1:
            ids = ", ".join(j.id for j in program.journeys) or "none"
            raise UsageError(f"name the journey to export with --journey (the journeys are: {ids})")
        journey = program.journeys[0]
    else:
        journey = journey_of(program, args.journey)
    if args.format == "mermaid":
        text = to_mermaid(journey, program=program)
    else:
        text = blueprint_to_mermaid(journey, program=program, language=args.language)
    emit(text, args.output)
    return 0


def _import_mermaid(args: argparse.Namespace) -> int:
    import os

    from journeykit.io import save
    from journeykit.io.mermaid import read_mermaid

    output: Path | None = args.output
    if output is not None and os.path.lexists(output) and not args.force:
        raise UsageError(
            f"-o {output} exists; add --force to replace it, or --into {output} to add the journey to it"
        )
    imported = read_mermaid(args.file)
    journey = imported.journeys[0]
    if args.into is not None:
        from journeykit.cli._into import add_into

        program = add_into(imported, args.into, source=args.file, force=args.force)
        save(program, args.into)
        print(f"{args.into}: added journey {journey.id!r} with {len(journey.steps)} steps")
        return 0
    save(imported, output)  # type: ignore[arg-type]  # -o or --into is required
    print(
        f"{output}: journey {journey.id!r} with {len(journey.steps)} steps "
        f"and {len(imported.personas)} personas"
    )
    return 0
