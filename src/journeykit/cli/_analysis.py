"""Commands that analyse a programme: requirements, compare, impact, check, prioritize, responsibilities."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from journeykit.cli._common import UsageError, emit

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
        "every use case, with its reach (the summed share of the personas whose steps it covers) when "
        "personas declare shares; with --budget, the pilot set of use cases with the greatest total "
        "impact whose open requirements fit the budget (person-days).",
    )
    prioritize.add_argument("file", metavar="FILE", type=Path)
    prioritize.add_argument("--budget", type=float, help="effort budget for the pilot, in person-days")
    prioritize.add_argument(
        "--any", action="store_true", help="let use cases that are not ready into the pilot"
    )
    prioritize.add_argument(
        "--by-share",
        action="store_true",
        help="rank the use cases of each quadrant by impact x ease x reach",
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
    emit(text, args.output)
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
    print(prioritize(program, weigh_by_share=args.by_share))
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
