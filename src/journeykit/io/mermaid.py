"""Reading Mermaid ``journey`` diagrams into journeykit."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from journeykit._i18n import _
from journeykit._text import mermaid_decode
from journeykit.exceptions import ParseError
from journeykit.io._read import MAX_BYTES, read_capped

__all__ = ["from_mermaid", "read_mermaid"]

_MARK = re.compile(r"^%%\s*journeykit\s+(journey|stage|step|personas|actor):\s*(.*?)\s*$")
_TASK = re.compile(r"^(?P<name>[^:]*):(?P<score>[^:]*)(?::(?P<actors>.*))?$")


def from_mermaid(text: str, *, source: str = "<mermaid>") -> Any:
    """Read a Mermaid ``journey`` diagram into a programme holding the journey and its personas.

    The whole syntax is understood: ``title``, ``accTitle:``, ``accDescr:`` on
    one line or ``accDescr { ... }`` over several, ``section``, tasks
    ``Name: score: actor, actor`` (actors optional), ``%%`` comments, and tasks
    before any section. Scores are integers from 0 to 5; 0 means "no emotion
    recorded" (``emotion`` is left out), 1 to 5 are the emotion. Entity codes
    (``#58;``) are decoded.

    Actors become personas: the actor's text is the persona's name, and its
    id where it is a valid id, otherwise a slug of it. The journey's
    personas are every actor, in order of appearance; a task naming them
    all leaves its step's ``personas`` empty (which means the journey's). If
    a task has no actor, the journey names no personas of its own and every
    step lists its actors, so a task without actors stays without. Tasks
    before the first section go into a first stage called "Steps". Ids are
    made from names unless ``%% journeykit`` comments written by
    ``to_mermaid`` give them.

    What the model does not hold otherwise -- actors whose name is not
    their id, a missing ``title``, an ``accTitle`` that differs from it,
    tasks before any section -- is kept in the journey's ``mermaid``
    (a ``MermaidSource``), so ``to_mermaid`` writes the diagram back as it
    was.

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
    >>> print(jk.to_mermaid(journey).without_marks())
    journey
        title Partner onboarding
        section Apply
            Fill in the form: 2: Sales manager
            Wait for approval: 1: Sales manager, Channel manager
    <BLANKLINE>
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


def read_mermaid(path: str | Path, *, max_bytes: int = MAX_BYTES) -> Any:
    """``from_mermaid`` on a ``.mmd`` file (UTF-8).

    As ``journeykit.load``, it reads only a regular file (a FIFO or device
    is refused) of at most ``max_bytes`` bytes (default 128 MiB).
    """
    display = str(path)
    raw = read_capped(path, max_bytes, what="a .mmd file").removeprefix(b"\xef\xbb\xbf")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        raise ParseError(
            f"the file is not valid UTF-8 (byte 0x{raw[err.start : err.start + 1].hex()}); save it as UTF-8",
            file=display,
            line=line,
        ) from None
    return from_mermaid(text, source=display)


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
        self.named: dict[str, str] = {}  # actor as written -> persona id, when a mark gives it
        self.silent_task = False  # whether some task names no actor
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
                self.mark(mark.group(1), mark.group(2))
                continue
            if line.startswith("%%"):
                continue
            if not self.seen_header:
                if line != "journey":
                    raise self.error(number, "a Mermaid journey starts with the line 'journey'")
                self.seen_header = True
                continue
            keyword, _unused, rest = line.partition(" ")
            if keyword == "title":
                self.title = mermaid_decode(rest.strip())
            elif line.startswith("accTitle:"):
                self.acc_title = mermaid_decode(line[len("accTitle:") :].strip())
            elif line.startswith("accDescr") and line[len("accDescr") :].strip().startswith("{"):
                number = self.block(lines, number, line[len("accDescr") :].strip()[1:])
            elif line.startswith("accDescr:"):
                self.description = mermaid_decode(line[len("accDescr:") :].strip()) or None
            elif keyword == "section":
                name = mermaid_decode(rest.strip())
                if not name:
                    raise self.error(number, "a section needs a name")
                self.stages.append({"name": name, "steps": []})
            else:
                self.task(number, line)

    def block(self, lines: list[str], number: int, opening: str) -> int:
        """Read ``accDescr { ... }``; the number of the line after it."""
        body: list[str] = []
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
        return number

    def mark(self, kind: str, ident: str) -> None:
        if not ident and kind != "personas":
            return
        if kind == "journey":
            self.journey_id = ident
        elif kind == "personas":
            self.declared = [p.strip() for p in ident.split(",") if p.strip()]
        elif kind == "actor":
            persona, _unused, actor = ident.partition("=")
            if persona.strip() and actor.strip():
                self.named[mermaid_decode(actor.strip())] = persona.strip()
        elif kind == "stage" and not self.stages:  # the tasks before any section
            self.stages.append({"name": _("Steps"), "steps": [], "id": ident, "unsectioned": True})
        elif kind == "stage":
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
        self.silent_task = self.silent_task or not actors
        if not self.stages:  # tasks before any section
            self.stages.append({"name": _("Steps"), "steps": [], "unsectioned": True})
        step: dict[str, Any] = {"name": name, "actors": actors}
        if int(score_text):
            step["emotion"] = int(score_text)
        self.stages[-1]["steps"].append(step)

    def persona_ids(self) -> dict[str, str]:
        """Actor as written -> persona id: the id a mark gives, the text itself if it is an id, a slug."""
        declared = self.declared or []
        used = set(declared) | set(self.named.values())
        result = {}
        for actor in self.actors:
            if actor in self.named:
                ident = self.named[actor]
            elif _VALID_ID.match(actor) and (actor in declared or actor not in used):
                ident = actor
            else:
                ident = _fresh(actor, used)
            used.add(ident)
            result[actor] = ident
        return result

    def program(self) -> dict[str, Any]:
        name = self.title or self.acc_title or _("Journey")
        persona_id = self.persona_ids()
        if self.declared is not None:
            everyone = self.declared
        else:  # a task without actors: the journey names nobody, so that task stays without
            everyone = [] if self.silent_task else list(dict.fromkeys(persona_id.values()))
        used_steps: set[str] = set()
        used_stages: set[str] = set()
        stages = []
        for stage in self.stages:
            steps = []
            for step in stage["steps"]:
                ids = list(dict.fromkeys(persona_id[a] for a in step.pop("actors")))
                data = {"id": step.pop("id", None) or _fresh(step["name"], used_steps), **step}
                used_steps.add(data["id"])
                if ids != everyone or not everyone:  # the journey's personas, in order, mean "all"
                    data["personas"] = ids
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
        written = self.written(persona_id, stages)
        if written:
            journey["mermaid"] = written
        names = {ident: actor for actor, ident in persona_id.items()}
        personas = dict.fromkeys([*everyone, *persona_id.values()])
        return {
            "name": name,
            "personas": [{"id": pid, "name": names.get(pid, pid)} for pid in personas],
            "journeys": [journey],
        }

    def written(self, persona_id: dict[str, str], stages: list[dict[str, Any]]) -> dict[str, Any]:
        """What ``to_mermaid`` would not write by itself: the journey's ``mermaid``, or nothing."""
        written: dict[str, Any] = {}
        actors = {ident: actor for actor, ident in persona_id.items() if actor != ident}
        if actors:
            written["actors"] = actors
        if self.title is None or self.acc_title != self.title:
            written["acc_title"] = self.acc_title
        if self.stages and self.stages[0].get("unsectioned"):
            written["unsectioned"] = stages[0]["id"]
        if written:  # then to_mermaid follows it for the titles too
            written.update(title=self.title is not None, acc_title=self.acc_title)
        return written


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
