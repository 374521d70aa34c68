"""The demo job: the built-in example, validated, written out and summarised."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from journeykit.program import Program

__all__ = ["PILOT_BUDGET", "format_summary", "run_demo"]

#: The effort budget (person-days) the demo picks its pilot use cases for.
PILOT_BUDGET = 60


def format_summary(program: Program) -> str:
    """A short plain-text summary of a programme: what it holds, counted.

    >>> print(jk._demo.format_summary(jk.Program(name="Portal")).splitlines()[0])
    Portal
    """
    counts = program.summary()
    states = [j.state for j in program.journeys]
    notes = {
        "journeys": f"{states.count('current')} current, {states.count('future')} future",
        "requirements": ", ".join(
            f"{sum(r.status == s for r in program.requirements)} {s}"
            for s in ("available", "partial", "missing")
        ),
    }
    width = max(len(k) for k in counts)
    lines = [program.name]
    for key, value in counts.items():
        note = f"  ({notes[key]})" if key in notes and value else ""
        lines.append(f"  {key.replace('_', ' '):<{width}}  {value:>6}{note}")
    return "\n".join(lines) + "\n"


def run_demo(out: Path, source: Path | None = None) -> tuple[Program, dict[str, Path]]:
    """Load and validate the example, write its files into ``out``; return the
    programme and the files written, by name."""
    from journeykit._examples import example_path
    from journeykit.analysis import check, derive_requirements, prioritize, select_pilot
    from journeykit.cli._analysis import format_findings
    from journeykit.io import load_with_source
    from journeykit.io._files import _atomic_write, dumps
    from journeykit.io.graphfiles import graphml, node_link

    program, where = load_with_source(source or example_path())
    out.mkdir(parents=True, exist_ok=True)
    backlog = derive_requirements(program)
    outputs = {
        "model": (out / "program.json", dumps(program, format="json")),
        "graph": (out / "graph.json", node_link(program)),
        "graphml": (out / "graph.graphml", graphml(program)),
        "summary": (out / "summary.txt", format_summary(program)),
        "requirements": (out / "requirements.csv", backlog.to_csv()),
        "requirements_md": (out / "requirements.md", "# Requirements backlog\n\n" + backlog.to_markdown()),
        "check": (out / "check.txt", format_findings(check(program, source=where)) + "\n"),
        "pilot": (
            out / "pilot.txt",
            f"{prioritize(program)}\n\n{select_pilot(program, budget=PILOT_BUDGET)}\n",
        ),
    }
    for path, text in outputs.values():
        _atomic_write(path, text.encode("utf-8"))
    return program, {name: path for name, (path, _) in outputs.items()}
