"""Speed of the analyses on synthetic programmes: derivation, per-journey derivation, check.

Run from the repository root:

    .venv/bin/python benchmarks/bench_analysis.py [--sizes 1000 10000 100000] [--repeat 3]

Programmes as in ``bench_core.py`` (100 steps a journey, 3 actions a step, one
requirement per 10 steps; the largest is 1,000 journeys x 100 steps). Timed,
as CPU seconds of this process, best of ``--repeat``:

- ``derive_requirements`` over every step, against one plain networkx
  multi-source reachability walk (``bfs_layers`` from every step node over the
  edges a derivation follows) on the programme's graph;
- ``derive_requirements`` once per journey, for every journey;
- ``check``, against building the graph (``Program.graph()``).

Targets, as ratios in the same run: all-steps derivation within 3x the walk;
per-journey derivation for all journeys within 10x the all-steps derivation;
``check`` within 3x graph construction; 10x more steps at most 12x the time.
"""

from __future__ import annotations

import argparse
import itertools
import platform
import sys

import networkx as nx
from _timing import best_of, programme, verdict  # benchmarks/ is on sys.path when a script runs

import journeykit as jk

#: The relations a derivation follows (and, for sub-journeys, the way into their steps).
FOLLOWED = {"supported_by", "triggers", "requires", "depends_on", "sub_journey", "has_stage", "has_step"}


def measure(steps: int, repeat: int) -> dict[str, float]:
    program = programme(steps)
    graph = program.graph()
    view = nx.subgraph_view(graph, filter_edge=lambda u, v, k: k in FOLLOWED)
    sources = [n for n, kind in graph.nodes(data="kind") if kind == "step"]
    ids = [j.id for j in program.journeys]
    return {
        "steps": steps,
        "walk": best_of(repeat, lambda: set(itertools.chain.from_iterable(nx.bfs_layers(view, sources)))),
        "derive": best_of(repeat, lambda: jk.derive_requirements(program, include_available=True)),
        "per_journey": best_of(
            repeat, lambda: [jk.derive_requirements(program, journey=j, include_available=True) for j in ids]
        ),
        "check": best_of(repeat, lambda: jk.check(program)),
        "graph": best_of(repeat, program.graph),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rows = [measure(steps, args.repeat) for steps in args.sizes]

    print(
        f"journeykit {jk.__version__}, Python {platform.python_version()}, {platform.machine()}; "
        f"CPU seconds, best of {args.repeat}\n"
    )
    print(
        "| steps | networkx walk | `derive_requirements` (all steps) | per journey, every journey "
        "| `check` | `graph()` |"
    )
    print("|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['steps']:,} | {r['walk']:.3f} | {r['derive']:.3f} | {r['per_journey']:.3f} "
            f"| {r['check']:.3f} | {r['graph']:.3f} |"
        )

    largest = rows[-1]
    print("\n| target | measured | verdict |")
    print("|---|---:|---|")
    ratios = [
        ("all-steps derivation within 3x the networkx walk", largest["derive"] / largest["walk"], 3),
        (
            "per-journey derivation of every journey within 10x the all-steps derivation",
            largest["per_journey"] / largest["derive"],
            10,
        ),
        ("`check` within 3x graph construction", largest["check"] / largest["graph"], 3),
    ]
    for label, ratio, limit in ratios:
        print(f"| {label} ({largest['steps']:,} steps) | {ratio:.2f}x | {verdict(ratio <= limit)} |")
    for small, big in itertools.pairwise(rows):
        factor = big["steps"] / small["steps"]
        allowed = 12 * factor / 10
        for key, label in (
            ("derive", "derivation"),
            ("per_journey", "per-journey derivation"),
            ("check", "`check`"),
        ):
            growth = big[key] / small[key]
            print(
                f"| {label}: {factor:.0f}x more steps ({small['steps']:,} to {big['steps']:,}) at most "
                f"{allowed:.0f}x the time | {growth:.1f}x | {verdict(growth <= allowed)} |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
