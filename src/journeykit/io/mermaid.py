"""Reading Mermaid ``journey`` diagrams into journeykit."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from journeykit._text import mermaid_decode
from journeykit.exceptions import FileAccessError, ParseError

__all__ = ["from_mermaid", "read_mermaid"]

_MARK = re.compile(r"^%%\s*journeykit\s+(journey|stage|step|personas):\s*(.*?)\s*$")
_TASK = re.compile(r"^(?P<name>[^:]*):(?P<score>[^:]*)(?::(?P<actors>.*))?$")


def from_mermaid(text: str, *, source: str = "<mermaid>") -> Any:
    """Read a Mermaid ``journey`` diagram into a programme holding the journey and its personas.

    The whole syntax is understood: ``title``, ``accTitle:``, ``accDescr:`` on
    one line or ``accDescr { ... }`` over several, ``section``, tasks
    ``Name: score: actor, actor`` (actors optional), ``%%`` comments, and tasks
    before any section (they go into a stage called "Steps"). Scores are
    integers from 0 to 5; 0 means "no emotion recorded" (``emotion`` is left
    out), 1 to 5 are the emotion. Actors become personas (their text is the
    id where it is a valid id, otherwise a slug of it, and the name). Ids are
    made from names unless ``%% journeykit`` comments written by
    ``to_mermaid`` give them. Entity codes (``#58;``) are decoded.

    Raises ``ParseError`` naming the line for anything else, for a score
    outside 0-5 or not a whole number, and for a task without a name.

    Examples
    --------
    >>> program = jk.from_mermaid('''
    ... journey
    ...   title Partner onboarding
    ...   section Apply
    ...     Fill in the form: 2: Sales manager
    ...     Wait for approval: 1: Sales manager, Channel manager
    ... ''')
    >>> journey = program.journeys[0]
    >>> [(s.id, s.emotion, s.personas) for s in journey.steps]
    [('fill-in-the-form', 2, ('sales-manager',)), ('wait-for-approval', 1, ())]
    >>> [(p.id, p.name) for p in program.personas]
    [('sales-manager', 'Sales manager'), ('channel-manager', 'Channel manager')]
    """
    from journeykit.program import Program

    parser = _Parser(source)
    parser.feed(text)
    data = parser.program()
    try:
        return Program.model_validate(data)
    except ValidationError as err:
        first = err.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"])
        raise ParseError(
            f"the diagram does not make a valid journey: {where}: {first['msg']}", file=source, line=1
        ) from None


def read_mermaid(path: str | Path) -> Any:
    """``from_mermaid`` on a ``.mmd`` file (UTF-8)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise FileAccessError(f"cannot read the file: {err}", file=str(path)) from None
    return from_mermaid(text, source=str(path))


class _Parser:
    def __init__(self, source: str) -> None:
        self.source = source
        self.title: str | None = None
        self.acc_title: str | None = None
        self.description: str | None = None
        self.journey_id: str | None = None
        self.stages: list[dict[str, Any]] = []
        self.actors: dict[str, None] = {}  # in order of appearance
        self.declared: list[str] | None = None  # the journey's personas, in order, when a mark gives them
        self.seen_header = False

    def error(self, line: int, message: str) -> ParseError:
        return ParseError(message, file=self.source, line=line)

    def feed(self, text: str) -> None:
        lines = text.splitlines()
        number = 0
        while number < len(lines):
            raw = lines[number]
            number += 1
            line = raw.strip()
            if not line:
                continue
            mark = _MARK.match(line)
            if mark:
                self.mark(number, mark.group(1), mark.group(2))
                continue
            if line.startswith("%%"):
                continue
            if not self.seen_header:
                if line != "journey":
                    raise self.error(number, "a Mermaid journey starts with the line 'journey'")
                self.seen_header = True
                continue
            keyword, _, rest = line.partition(" ")
            if keyword == "title":
                self.title = mermaid_decode(rest.strip())
            elif line.startswith("accTitle:"):
                self.acc_title = mermaid_decode(line[len("accTitle:") :].strip())
            elif line.startswith("accDescr") and line[len("accDescr") :].strip().startswith("{"):
                body: list[str] = []
                opening = line[len("accDescr") :].strip()[1:]
                if "}" in opening:
                    body.append(opening.split("}", 1)[0])
                else:
                    if opening.strip():
                        body.append(opening)
                    while True:
                        if number >= len(lines):
                            raise self.error(number, "accDescr { is never closed with }")
                        inner = lines[number]
                        number += 1
                        if "}" in inner:
                            body.append(inner.split("}", 1)[0])
                            break
                        body.append(inner)
                text_lines = [mermaid_decode(b.strip()) for b in body]
                self.description = "\n".join(t for t in text_lines if t) or None
            elif line.startswith("accDescr:"):
                self.description = mermaid_decode(line[len("accDescr:") :].strip()) or None
            elif keyword == "section":
                name = mermaid_decode(rest.strip())
                if not name:
                    raise self.error(number, "a section needs a name")
                self.stages.append({"name": name, "steps": []})
            else:
                self.task(number, line)

    def mark(self, number: int, kind: str, ident: str) -> None:
        if not ident and kind != "personas":
            return
        if kind == "journey":
            self.journey_id = ident
        elif kind == "personas":
            self.declared = [p.strip() for p in ident.split(",") if p.strip()]
        elif kind == "stage" and self.stages:
            self.stages[-1]["id"] = ident
        elif kind == "step" and self.stages and self.stages[-1]["steps"]:
            self.stages[-1]["steps"][-1]["id"] = ident

    def task(self, number: int, line: str) -> None:
        found = _TASK.match(line)
        if found is None:
            raise self.error(
                number,
                f"not Mermaid journey syntax: {line[:60]!r}; a task is written 'Name: score: actor, actor'",
            )
        name = mermaid_decode(found["name"].strip())
        if not name:
            raise self.error(number, "a task needs a name before its ':'")
        score_text = found["score"].strip()
        if not score_text.isdigit() or not 0 <= int(score_text) <= 5:
            raise self.error(
                number, f"the score of task {name!r} must be a whole number from 0 to 5, not {score_text!r}"
            )
        actors = [mermaid_decode(a.strip()) for a in (found["actors"] or "").split(",") if a.strip()]
        self.actors.update(dict.fromkeys(actors))
        if not self.stages:  # tasks before any section
            self.stages.append({"name": "Steps", "steps": []})
        step: dict[str, Any] = {"name": name, "actors": actors}
        if int(score_text):
            step["emotion"] = int(score_text)
        self.stages[-1]["steps"].append(step)

    def program(self) -> dict[str, Any]:
        name = self.title or self.acc_title or "Journey"
        declared = self.declared if self.declared is not None else list(self.actors)
        persona_id = _unique_ids(list(dict.fromkeys([*declared, *self.actors])))
        everyone = [persona_id[a] for a in declared]
        used_steps: set[str] = set()
        used_stages: set[str] = set()
        stages = []
        for stage in self.stages:
            steps = []
            for step in stage["steps"]:
                ids = [persona_id[a] for a in step.pop("actors")]
                data = {"id": step.pop("id", None) or _fresh(step["name"], used_steps), **step}
                used_steps.add(data["id"])
                if ids != everyone or not everyone:  # the journey's personas, in order, mean "all"
                    data["personas"] = list(dict.fromkeys(ids))
                steps.append(data)
            stage_id = stage.get("id") or _fresh(stage["name"], used_stages)
            used_stages.add(stage_id)
            stages.append({"id": stage_id, "name": stage["name"], "steps": steps})
        journey: dict[str, Any] = {
            "id": self.journey_id or _fresh(name, set()),
            "name": name,
            "personas": everyone,
            "stages": stages,
        }
        if self.description:
            journey["description"] = self.description
        return {
            "name": name,
            "personas": [{"id": pid, "name": actor} for actor, pid in persona_id.items()],
            "journeys": [journey],
        }


_VALID_ID = re.compile(r"^\w[\w.\-]*$")


def _slug(text: str) -> str:
    slug = re.sub(r"[^\w.\-]+", "-", text.strip().lower()).strip("-.")
    return slug if slug and _VALID_ID.match(slug) else "x-" + (slug or "item")


def _fresh(text: str, used: set[str]) -> str:
    base = _slug(text)
    candidate, n = base, 2
    while candidate in used:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _unique_ids(actors: list[str]) -> dict[str, str]:
    used: set[str] = set()
    result = {}
    for actor in actors:
        ident = actor if _VALID_ID.match(actor) and actor not in used else _fresh(actor, used)
        used.add(ident)
        result[actor] = ident
    return result
