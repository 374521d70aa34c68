"""Speed of the pictures: a 200-step blueprint as SVG, the example's report, DOT at 10k steps.

Run from the repository root:

    .venv/bin/python benchmarks/bench_render.py [--repeat 3]

Timed, as CPU seconds, best of ``--repeat``. First, whether the blueprint is
linear in the journey: the 200-step blueprint drawn and written as SVG
against the 20-step one (target: at most 10 times as long), both warm (in
this process, matplotlib and journeykit already imported) and cold (each in
a fresh ``python -c`` that imports journeykit, then draws and writes the
SVG; the child times the import and the drawing, not building the synthetic
programme). Then each next to a reference measured in the same run, so that
the ratio says what journeykit adds on top of the library doing the drawing:

- the service blueprint of a 200-step journey (synthetic, 3 actions a step),
  drawn and saved as SVG, against matplotlib saving an empty figure of the
  same size as SVG with the same settings, and split into building the
  figure (our layout, creating the artists) and matplotlib drawing it;
- the partner-portal HTML report (every persona card, journey map,
  blueprint, comparison and traceability graph, the matrix and the tables),
  against matplotlib saving empty figures of the same sizes as SVG plus
  Graphviz drawing the same DOT graphs;
- the traceability DOT text of the 10,000-step programme, against building a
  ``graphviz.Digraph`` with the same number of nodes and edges and fixed
  labels (the cost of the graphviz package alone).
"""

from __future__ import annotations

import argparse
import io
import json
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

import matplotlib
from _timing import best_of, programme, verdict  # benchmarks/ is on sys.path when a script runs
from matplotlib.figure import Figure

import journeykit as jk
from journeykit.render.files import render_dot

#: The journeys of the scaling test: the target is 10x the time for 10x the steps.
SMALL, LARGE = 20, 200
LINEAR_TARGET = 10.0

#: What a fresh process runs for the cold figures: CPU seconds of importing journeykit,
#: and of drawing the blueprint and writing its SVG (building the programme is not timed).
COLD = """
import json, sys, time
start = time.process_time()
import journeykit as jk
imported = time.process_time()
from journeykit.testing import synthetic_program
program = synthetic_program(
    journeys=1, steps_per_journey={steps}, actions_per_step=3, requirements=20, seed=0
)
begin = time.process_time()
jk.render.save(jk.render.blueprint(program.journeys[0], program=program), sys.argv[1])
print(json.dumps({{"import": imported - start, "draw": time.process_time() - begin}}))
"""


def empty_svg(width: float, height: float) -> bytes:
    """matplotlib's own cost: an empty figure of this size saved as SVG, as ``save`` does."""
    from journeykit.render._picture import _RC

    buffer = io.BytesIO()
    with matplotlib.rc_context(_RC):
        Figure(figsize=(width, height)).savefig(buffer, format="svg", metadata={"Date": None}, dpi=100)
    return buffer.getvalue()


def scaling(repeat: int, out: Path) -> dict[int, dict[str, float]]:
    """The blueprint to SVG at ``SMALL`` and ``LARGE`` steps: warm, and cold (import, draw)."""
    from journeykit.testing import synthetic_program

    times: dict[int, dict[str, float]] = {}
    for steps in (SMALL, LARGE):
        program = synthetic_program(
            journeys=1, steps_per_journey=steps, actions_per_step=3, requirements=20, seed=0
        )
        journey = program.journeys[0]
        warm = best_of(
            repeat,
            lambda journey=journey, program=program: jk.render.save(
                jk.render.blueprint(journey, program=program), out / "s.svg"
            ),
        )
        runs = []
        for _run in range(repeat):
            done = subprocess.run(
                [sys.executable, "-c", COLD.format(steps=steps), str(out / "cold.svg")],
                capture_output=True,
                text=True,
                check=True,
            )
            runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
        best = min(runs, key=lambda run: run["import"] + run["draw"])
        times[steps] = {"warm": warm, "import": best["import"], "draw": best["draw"]}
    return times


def blueprint(repeat: int, out: Path) -> tuple[float, float, float]:
    """The whole job, matplotlib's share of it (drawing our figure), and the empty figure."""
    from journeykit.render.files import _figure_bytes
    from journeykit.testing import synthetic_program

    program = synthetic_program(
        journeys=1, steps_per_journey=200, actions_per_step=3, requirements=20, seed=0
    )
    journey = program.journeys[0]
    figure = jk.render.blueprint(journey, program=program)
    width, height = figure.get_size_inches()
    ours = best_of(
        repeat, lambda: jk.render.save(jk.render.blueprint(journey, program=program), out / "b.svg")
    )
    drawing = best_of(repeat, lambda: _figure_bytes(figure, "svg"))
    return ours, drawing, best_of(repeat, lambda: empty_svg(width, height))


def report(repeat: int, out: Path) -> tuple[float, float]:
    from journeykit.render import html

    portal = jk.example()
    sizes: list[tuple[float, float]] = []
    figure_views = [
        *(lambda p=p: jk.render.persona_card(p, program=portal) for p in portal.personas),
        lambda: jk.render.priority_matrix(portal),
        *(lambda j=j: jk.render.journey_map(j, program=portal) for j in portal.journeys),
        *(lambda j=j: jk.render.blueprint(j, program=portal) for j in portal.journeys),
        *(
            lambda j=j: jk.render.compare_view(portal.journey(j.replaces), j, program=portal)
            for j in portal.journeys
            if j.replaces
        ),
    ]
    for view in figure_views:
        sizes.append(tuple(view().get_size_inches()))
    graphs = [jk.render.traceability(portal, journey=j.id).source for j in portal.journeys]
    assert html  # the report module is imported before the clock starts

    def reference() -> None:
        for width, height in sizes:
            empty_svg(width, height)
        for source in graphs:
            render_dot(source, "svg")

    ours = best_of(repeat, lambda: jk.report(portal, out / "report.html"))
    return ours, best_of(repeat, reference)


def dot(repeat: int) -> tuple[float, float, int, int]:
    import graphviz

    program = programme(10_000)
    source = jk.render.traceability(program)
    nodes = sum(1 for line in source.body if "->" not in line and "[" in line)
    edges = sum(1 for line in source.body if "->" in line)

    def plain() -> str:
        graph = graphviz.Digraph("plain")
        for i in range(nodes):
            graph.node(f"n{i}", label=f"node {i}", shape="box")
        for i in range(edges):
            graph.edge(f"n{i % nodes}", f"n{(i * 7) % nodes}")
        return graph.source

    ours = best_of(repeat, lambda: jk.render.traceability(program).source)
    return ours, best_of(repeat, plain), nodes, edges


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]} on {platform.machine()}, matplotlib {matplotlib.__version__}")
    print(f"CPU seconds, best of {args.repeat}\n")
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        times = scaling(args.repeat, out)
        small, large = times[SMALL], times[LARGE]
        warm = large["warm"] / small["warm"]
        cold_draw = large["draw"] / small["draw"]
        cold = (large["import"] + large["draw"]) / (small["import"] + small["draw"])
        print(f"blueprint to SVG, {LARGE} steps against {SMALL} (target at most {LINEAR_TARGET:.0f}x):")
        print(
            f"  warm                        {small['warm']:8.3f}  {large['warm']:8.3f}  {warm:6.1f}x  "
            f"{verdict(warm <= LINEAR_TARGET)}"
        )
        print(
            f"  cold, drawing               {small['draw']:8.3f}  {large['draw']:8.3f}  {cold_draw:6.1f}x  "
            f"{verdict(cold_draw <= LINEAR_TARGET)}"
        )
        print(
            f"  cold, import and drawing    {small['import'] + small['draw']:8.3f}  "
            f"{large['import'] + large['draw']:8.3f}  {cold:6.1f}x  {verdict(cold <= LINEAR_TARGET)}  "
            f"(import alone {small['import']:.3f})\n"
        )
        ours, drawing, ref = blueprint(args.repeat, out)
        print(
            f"blueprint, 200 steps, to SVG    {ours:8.3f}  empty figure of that size {ref:8.3f}  "
            f"{ours / ref:6.1f}x"
        )
        print(
            f"  of which matplotlib drawing and writing the finished figure {drawing:8.3f} "
            f"({drawing / ours:.0%}); building it {ours - drawing:8.3f}"
        )
        ours, ref = report(args.repeat, out)
        size = (out / "report.html").stat().st_size / 1e6
        print(
            f"partner-portal report ({size:.1f} MB) {ours:8.3f}  empty figures + Graphviz  {ref:8.3f}  "
            f"{ours / ref:6.1f}x"
        )
    ours, ref, nodes, edges = dot(args.repeat)
    print(
        f"traceability DOT, 10k steps      {ours:8.3f}  plain Digraph, {nodes} nodes, {edges} edges "
        f"{ref:8.3f}  {ours / ref:6.1f}x"
    )


if __name__ == "__main__":
    main()
