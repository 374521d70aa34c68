"""``import-mermaid --into PROGRAMME``: add an imported journey to an existing programme file.

The programme is loaded and validated, the journey added (with the personas
it names that the programme lacks), the result validated again, and the file
written back atomically in its own format (by its suffix). A journey id the
programme already has is refused, naming the id. Writing back does not keep
YAML comments, so a file that has any is rewritten only with ``--force``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from pathlib import Path
from typing import TYPE_CHECKING

from journeykit.cli._common import UsageError, check_output

if TYPE_CHECKING:
    from journeykit.program import Program

__all__ = ["add_into", "has_comments"]


def add_into(imported: Program, into: Path, *, source: Path, force: bool) -> Program:
    """``into``'s programme with ``imported``'s journey and its new personas added."""
    from pydantic import ValidationError

    from journeykit.exceptions import DuplicateIdError, SchemaError
    from journeykit.io import load
    from journeykit.program import Program

    if into.is_dir():
        raise UsageError(
            f"--into takes one programme file, not a folder ({into}); to add the journey to a "
            "folder, write it as a new file there with -o"
        )
    check_output(into, [source], option="--into")
    existing = load(into)
    journey = imported.journeys[0]
    if any(j.id == journey.id for j in existing.journeys):
        raise DuplicateIdError(
            f"the programme already has a journey {journey.id!r}; rename the diagram's title "
            "(the id is made from it), or remove that journey first",
            file=str(into),
        )
    if not force and into.suffix.lower() != ".json" and has_comments(into.read_text(encoding="utf-8")):
        raise UsageError(
            f"--into {into} rewrites the file as journeykit writes programmes, and it holds comments, "
            "which would be lost: add --force to rewrite it anyway, or use -o for a new file"
        )
    known = {p.id for p in existing.personas}
    data = existing.model_dump(mode="json", exclude_defaults=True)
    data["personas"] = [
        *data.get("personas", []),
        *(p.model_dump(mode="json", exclude_defaults=True) for p in imported.personas if p.id not in known),
    ]
    data["journeys"] = [*data.get("journeys", []), journey.model_dump(mode="json", exclude_defaults=True)]
    try:
        return Program.model_validate(data)
    except ValidationError as err:
        first = err.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"])
        raise SchemaError(
            f"with the journey {journey.id!r} added, the programme is not valid: {where}: {first['msg']}",
            file=str(into),
        ) from None


def has_comments(text: str) -> bool:
    """Whether YAML ``text`` holds a comment: a ``#`` outside every scalar.

    >>> has_comments("name: Portal  # the working name\\n"), has_comments("name: 'Issue #3'\\n")
    (True, False)
    """
    if "#" not in text:
        return False
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    starts: list[int] = []
    ends: list[int] = []
    for token in yaml.scan(text, Loader=loader):
        if isinstance(token, yaml.ScalarToken):
            starts.append(token.start_mark.index)
            ends.append(token.end_mark.index)
    for found in re.finditer("#", text):
        i = bisect_left(ends, found.start() + 1)  # the first scalar ending after this character
        if i == len(ends) or starts[i] > found.start():
            return True
    return False
