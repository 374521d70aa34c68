"""Commands that analyse a programme: requirements, compare, impact, check, prioritize, responsibilities."""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from journeykit.cli._common import UsageError
from journeykit.cli._output import add_format, add_language, chosen_format, in_language, json_text, write

if TYPE_CHECKING:
    from journeykit.analysis import Findings

__all__ = ["add_commands", "format_findings"]


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add this group's commands to the ``journeykit`` parser."""
    requirements = commands.add_parser(
        "requirements",
        help="derive the requirements a front stage needs",
        description="Derive the backstage requirements the selected steps need, prerequisites "
        "first, with where each comes from and, when personas declare shares, its reach (the summed "
        "share of the personas whose steps need it). Without a selection, every step of every journey.",
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
    requirements.add_argument(
        "--format",
        choices=["text", "csv", "md", "json", "jira-csv", "github-json"],
        type=lambda text: "text" if text == "table" else text,  # 'table', its old name, still works
        default=None,
        help="text (a table to read), csv, md, json, jira-csv (for Jira's CSV importer) or "
        "github-json (issues for gh; see the docs page History and hand-off) "
        "(default: by the suffix of -o, else text)",
    )
    add_language(requirements)
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
    add_format(compare, ["json"])
    add_language(compare)
    compare.set_defaults(run=_compare)

    impact = commands.add_parser(
        "impact",
        help="what slips if a requirement slips",
        description="Every requirement, step, stage, journey, persona, use case and metric that "
        "needs REQUIREMENT_ID, directly or through other requirements.",
    )
    impact.add_argument("file", metavar="FILE", type=Path)
    impact.add_argument("requirement", metavar="REQUIREMENT_ID")
    add_format(impact, ["json"])
    add_language(impact)
    impact.set_defaults(run=_impact)

    check = commands.add_parser(
        "check",
        help="lint a programme's blueprint",
        description="Report what the programme leaves out or gets wrong, one finding per line "
        "with its code (see the docs page Checks). Exit status 1 when any finding is an error.",
    )
    check.add_argument("file", metavar="FILE", type=Path)
    add_format(check, ["csv", "json"])
    add_language(check)
    check.set_defaults(run=_check)

    prioritize = commands.add_parser(
        "prioritize",
        help="rank use cases by impact and ease; pick a pilot",
        description="Impact x ease quadrants and readiness (process, sponsor, champion, metric) of "
        "every use case, with its reach (the summed share of the personas whose steps it covers) when "
        "personas declare shares; with --budget, the pilot set of use cases with the greatest total "
        "impact whose open requirements fit the budget (person-days).",
    )
    prioritize.add_argument("file", metavar="FILE", type=Path)
    prioritize.add_argument(
        "--budget", type=_budget, help="effort budget for the pilot, in person-days (0 or more)"
    )
    prioritize.add_argument(
        "--any", action="store_true", help="let use cases that are not ready into the pilot"
    )
    prioritize.add_argument(
        "--by-share",
        action="store_true",
        help="rank the use cases of each quadrant by impact x ease x reach",
    )
    add_format(prioritize, ["csv", "json"])
    add_language(prioritize)
    prioritize.set_defaults(run=_prioritize)

    responsibilities = commands.add_parser(
        "responsibilities",
        help="who acts where and owns what",
        description="Role x journey: the lanes each role acts in and the requirements it owns "
        "that the journey needs; with --use-cases, role x use case, with each use case's sponsor "
        "and champion.",
    )
    responsibilities.add_argument("file", metavar="FILE", type=Path)
    responsibilities.add_argument("--use-cases", action="store_true", help="role x use case instead")
    add_format(responsibilities, ["csv", "json"])
    add_language(responsibilities)
    responsibilities.set_defaults(run=_responsibilities)


def _requirements(args: argparse.Namespace) -> int:
    from journeykit.analysis import derive_requirements
    from journeykit.io import load

    program = load(args.file)
    backlog = derive_requirements(
        program,
        journey=args.journey,
        stages=args.stage,
        personas=args.persona,
        use_cases=args.use_case,
        include_available=args.all,
    )
    fmt = _backlog_format(args)
    with in_language(args, program):
        if fmt == "jira-csv":
            text = backlog.to_jira_csv()
        elif fmt == "github-json":
            text = backlog.to_github_json()
        elif fmt == "csv":
            text = backlog.to_csv()
        elif fmt == "md":
            text = backlog.to_markdown()
        elif fmt == "json":
            text = json_text(backlog.to_records())
        else:
            text = str(backlog) + "\n"
    write(text, args.output, args.file)
    return 0


#: The file format each tracker layout is written in.
_TRACKER_FORMATS = {"jira-csv": "csv", "github-json": "json"}


def _backlog_format(args: argparse.Namespace) -> str:
    """``requirements``' format: as ``chosen_format``, a tracker layout going to a file of its kind
    (``--format jira-csv -o backlog.csv``) and refused with a suffix for another format."""
    suffixes = {".csv": "csv", ".md": "md", ".json": "json"}
    written_as = _TRACKER_FORMATS.get(args.format or "")
    if written_as is None:
        return chosen_format(args, args.output, suffixes)
    output = args.output
    named = suffixes.get(output.suffix.lower()) if output is not None else None
    if named is not None and named != written_as:
        raise UsageError(
            f"--format {args.format} does not match -o {output}, whose suffix "
            f"{output.suffix!r} is for {named}: change one of them"
        )
    return str(args.format)


def _compare(args: argparse.Namespace) -> int:
    from journeykit.analysis import compare
    from journeykit.io import load

    if len(args.ids) > 2:
        raise UsageError("compare takes CURRENT_ID FUTURE_ID, or FUTURE_ID alone")
    program = load(args.file)
    result = compare(*args.ids, program=program)
    if args.format == "json":
        sys.stdout.write(json_text(result.to_dict()))
        return 0
    with in_language(args, program):
        print(result)
        print()
        print(result.stages)
    return 0


def _impact(args: argparse.Namespace) -> int:
    from journeykit.analysis import impact_of
    from journeykit.io import load

    program = load(args.file)
    result = impact_of(program, args.requirement)
    if args.format == "json":
        sys.stdout.write(json_text(result.to_dict()))
        return 0
    with in_language(args, program):
        print(result)
    return 0


def _check(args: argparse.Namespace) -> int:
    from journeykit.analysis import check
    from journeykit.io import load_with_source

    program, source = load_with_source(args.file)
    findings = check(program, source=source)
    if args.format == "json":
        sys.stdout.write(json_text(findings.to_records()))
    elif args.format == "csv":
        sys.stdout.write(findings.to_csv())
    else:
        with in_language(args, program):
            print(format_findings(findings))
    return 1 if findings.has_errors else 0


def format_findings(findings: Findings) -> str:
    """One ``FILE:LINE: CODE severity: message`` line per finding, then a count, in the language in force."""
    from journeykit._i18n import ngettext
    from journeykit._labels import value_word
    from journeykit._text import terminal_text

    lines = []
    for f in findings:
        where = f"{f.file}:{f.line}: " if f.file else f"{f.location}: "
        lines.append(terminal_text(f"{where}{f.code} {value_word('severity', f.severity)}: {f.message}"))
    counts = {s: sum(f.severity == s for f in findings) for s in ("error", "warning", "info")}
    lines.append(
        ", ".join(
            [
                ngettext("{n} error", "{n} errors", counts["error"]).format(n=counts["error"]),
                ngettext("{n} warning", "{n} warnings", counts["warning"]).format(n=counts["warning"]),
                ngettext("{n} info", "{n} infos", counts["info"]).format(n=counts["info"]),
            ]
        )
    )
    return "\n".join(lines)


def _budget(text: str) -> float:
    """``--budget``: a finite number of person-days, 0 or more (``nan``, ``inf`` refused: exit 2)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of person-days: {text!r}") from None
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"must be a finite number of person-days, 0 or more: {text!r}")
    return value


def _prioritize(args: argparse.Namespace) -> int:
    from journeykit.analysis import prioritize, select_pilot
    from journeykit.io import load

    if args.budget is not None and args.format == "csv":
        raise UsageError("CSV holds one table, the priorities; the pilot is not a table: use --format json")
    program = load(args.file)
    priorities = prioritize(program, weigh_by_share=args.by_share)
    pilot = None
    if args.budget is not None:
        pilot = select_pilot(program, budget=args.budget, require_ready=not args.any)
    if args.format == "json":
        sys.stdout.write(
            json_text({"priorities": priorities.to_records(), "pilot": pilot.to_dict() if pilot else None})
        )
    elif args.format == "csv":
        sys.stdout.write(priorities.to_csv())
    else:
        with in_language(args, program):
            print(priorities)
            if pilot is not None:
                print()
                print(pilot)
    return 0


def _responsibilities(args: argparse.Namespace) -> int:
    from journeykit.analysis import responsibilities, responsibilities_by_use_case
    from journeykit.io import load

    program = load(args.file)
    table = responsibilities_by_use_case(program) if args.use_cases else responsibilities(program)
    if args.format == "json":
        sys.stdout.write(json_text(table.to_records()))
    elif args.format == "csv":
        sys.stdout.write(table.to_csv())
    else:
        with in_language(args, program):
            print(table)
    return 0
