"""The demo job: the built-in example, validated, written out and summarised."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from journeykit.program import Program

__all__ = [
    "OBSERVED_CASES",
    "OBSERVED_JOURNEY",
    "PILOT_BUDGET",
    "format_summary",
    "make_folder",
    "run_demo",
    "write_observed",
    "write_pictures",
]

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


def make_folder(out: Path) -> None:
    """Create the folder ``out`` (and its parents) unless it exists; errors name it and say what to do.

    >>> make_folder(tmp_path / "a" / "b")
    >>> (tmp_path / "file").write_text("x")
    1
    >>> make_folder(tmp_path / "file")
    Traceback (most recent call last):
    journeykit.exceptions.FileAccessError: ...file: is a file, not a folder; give a folder to write into
    """
    from journeykit.exceptions import FileAccessError

    if out.exists() and not out.is_dir():
        raise FileAccessError("is a file, not a folder; give a folder to write into", file=str(out))
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise FileAccessError(
            f"cannot create the folder: {err.strerror or err}; choose a place you may write to",
            file=str(out),
        ) from None


def run_demo(
    out: Path, source: Path | None = None, *, language: str | None = None
) -> tuple[Program, dict[str, Path]]:
    """Load and validate the example, write its files into ``out``; return the
    programme and the files written, by name.

    The pictures and the report write their own words in ``language``, else
    the programme's, else English.
    """
    from journeykit._examples import example_path
    from journeykit.analysis import check, derive_requirements, prioritize, select_pilot
    from journeykit.cli._analysis import format_findings
    from journeykit.io import load_with_source
    from journeykit.io._atomic import atomic_write
    from journeykit.io._files import dumps
    from journeykit.io.graphfiles import graphml, node_link
    from journeykit.personas import coverage
    from journeykit.render.html import report

    program, where = load_with_source(source or example_path())
    make_folder(out)
    backlog = derive_requirements(program)
    outputs = {
        "model": (out / "program.json", dumps(program, format="json")),
        "graph": (out / "graph.json", node_link(program)),
        "graphml": (out / "graph.graphml", graphml(program)),
        "summary": (out / "summary.txt", format_summary(program)),
        "requirements": (out / "requirements.csv", backlog.to_csv()),
        "requirements_md": (out / "requirements.md", "# Requirements backlog\n\n" + backlog.to_markdown()),
        "check": (out / "check.txt", format_findings(check(program, source=where)) + "\n"),
        "coverage": (out / "coverage.txt", f"{coverage(program)}\n"),
        "pilot": (
            out / "pilot.txt",
            f"{prioritize(program)}\n\n{select_pilot(program, budget=PILOT_BUDGET)}\n",
        ),
    }
    for path, text in outputs.values():
        atomic_write(path, text.encode("utf-8"))
    written = {name: path for name, (path, _) in outputs.items()}
    written.update(write_pictures(program, out / "pictures", language=language))
    written.update(write_observed(program, out / "observed", language=language))
    written["report"] = report(program, out / "report.html", language=language)
    return program, written


#: The journey the demo simulates events of, and how many partners go through it.
OBSERVED_JOURNEY = "onboarding-future"
OBSERVED_CASES = 2000


def write_observed(program: Program, out: Path, *, language: str | None = None) -> dict[str, Path]:
    """Synthetic events of one journey, held against its design; return the files written, by name.

    The partner portal has no public event log, so the demo simulates one with
    ``journeykit.testing.synthetic_events`` (seeded, so the files are the same
    every run) and runs the analyses of observed journeys on it.
    """
    from journeykit import render
    from journeykit.analytics import conformance, funnel, measure
    from journeykit.io._atomic import atomic_write
    from journeykit.testing import synthetic_events

    make_folder(out)
    journey = program.journey(OBSERVED_JOURNEY)
    events = synthetic_events(program, journey.id, cases=OBSERVED_CASES, seed=7)
    reach, fit = funnel(events, journey), conformance(events, journey)
    # Each case's persona, checked against the programme's personas.
    by_persona = funnel(events, journey, persona="persona", segment="persona", program=program)
    texts = {
        "events": ("events.csv", events.to_csv(index=False)),
        "funnel": ("funnel.txt", f"{reach}\n"),
        "funnel-by-persona": ("funnel-by-persona.txt", f"{by_persona}\n"),
        "conformance": ("conformance.txt", f"{fit}\n"),
        "metrics": ("metrics.txt", f"{measure(events, program)}\n"),
    }
    written = {}
    for name, (filename, text) in texts.items():
        atomic_write(out / filename, text.encode("utf-8"))
        written[f"observed-{name}"] = out / filename
    views = {
        "observed-map": (
            render.journey_map(journey, funnel=reach, program=program, language=language),
            "journey-map.svg",
        ),
        "observed-blueprint": (
            render.blueprint(journey, funnel=reach, program=program, language=language),
            "blueprint.svg",
        ),
        "observed-flow": (
            render.flow(journey, conformance=fit, program=program, language=language),
            "flow.svg",
        ),
    }
    written.update({name: render.save(view, out / filename) for name, (view, filename) in views.items()})
    return written


def write_pictures(program: Program, out: Path, *, language: str | None = None) -> dict[str, Path]:
    """Every view of ``program`` as a file in ``out``; return the files written, by name."""
    from journeykit import render

    make_folder(out)
    views: dict[str, tuple[object, str]] = {
        "matrix": (render.priority_matrix(program, language=language), "matrix.svg"),
        "personas": (render.persona_comparison(program, language=language), "personas.svg"),
    }
    for persona in program.personas:
        views[f"persona:{persona.id}"] = (
            render.persona_card(persona, program=program, language=language),
            f"persona-{persona.id}.svg",
        )
    for journey in program.journeys:
        j = journey.id
        views[f"journey-map:{j}"] = (
            render.journey_map(journey, program=program, language=language),
            f"journey-map-{j}.svg",
        )
        views[f"blueprint:{j}"] = (
            render.blueprint(journey, program=program, language=language),
            f"blueprint-{j}.svg",
        )
        views[f"traceability:{j}"] = (
            render.traceability(program, journey=journey, language=language),
            f"traceability-{j}.svg",
        )
        views[f"mermaid:{j}"] = (render.to_mermaid(journey), f"journey-{j}.mmd")
        views[f"mermaid-blueprint:{j}"] = (render.blueprint_to_mermaid(journey), f"blueprint-{j}.mmd")
        if journey.replaces is not None:
            current = program.journey(journey.replaces)
            views[f"compare:{j}"] = (
                render.compare_view(current, journey, program=program, language=language),
                f"compare-{j}.svg",
            )
    views["traceability"] = (render.traceability(program, language=language), "traceability.dot")
    return {name: render.save(view, out / filename) for name, (view, filename) in views.items()}
