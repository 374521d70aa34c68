"""Commands about a programme's history: ``diff`` two revisions."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from journeykit.cli._output import add_format, add_language, chosen_format, in_language, json_text, write
from journeykit.exceptions import JourneyKitError

__all__ = ["add_commands"]

#: The exit status of ``diff --exit-code`` when an input cannot be read: "trouble",
#: as diff(1) says it, so that a script tells it from "the revisions differ" (1).
TROUBLE = 2


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add this group's commands to the ``journeykit`` parser."""
    diff = commands.add_parser(
        "diff",
        help="what changed between two revisions of a programme",
        description="Entities added, removed, changed (field by field) and moved between OLD and "
        "NEW, and what that does to the backlog: requirements newly needed, no longer needed, and "
        "changed in status, effort or wave. OLD and NEW are files or folders, or git revisions "
        "written REV:PATH as git show takes them (HEAD~1:portal.yaml).",
        epilog="Exit status: 0 when the diff was made, whether or not anything differs; 1 when an "
        "input cannot be read. With --exit-code, as diff(1) and git diff --exit-code: 0 when "
        "nothing differs, 1 when something does, 2 when an input cannot be read or the command "
        "line makes no sense.",
    )
    diff.add_argument("old", metavar="OLD", help="a file, a folder or REV:PATH")
    diff.add_argument("new", metavar="NEW", help="a file, a folder or REV:PATH")
    add_format(diff, ["json", "markdown"], by_suffix=True)
    diff.add_argument(
        "--exit-code", action="store_true", help="exit with 1 when anything differs (2 on an error)"
    )
    add_language(diff)
    diff.add_argument("-o", "--output", type=Path, help="write to this file (default: standard output)")
    diff.set_defaults(run=_diff)


def _diff(args: argparse.Namespace) -> int:
    if not args.exit_code:
        return _run(args)
    try:
        return _run(args)
    except JourneyKitError as err:
        print(err, file=sys.stderr)
        return TROUBLE


def _run(args: argparse.Namespace) -> int:
    from journeykit.analysis.diff import _is_revision, diff

    result = diff(args.old, args.new)
    fmt = chosen_format(args, args.output, {".json": "json", ".md": "markdown"})
    with in_language(args, result.new):
        if fmt == "json":
            text = json_text(result.to_dict())
        elif fmt == "markdown":
            text = result.to_markdown()
        else:
            text = str(result) + "\n"
    files = [Path(side) for side in (args.old, args.new) if not _is_revision(side)]
    write(text, args.output, *files)
    return 1 if args.exit_code and result else 0
