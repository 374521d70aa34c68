"""Scale and speed of journeykit's core: load + validate, graph construction, import.

Run from the repository root (``make bench`` does):

    .venv/bin/python benchmarks/bench_core.py [--sizes 1000 10000 100000] [--repeat 3]

It builds synthetic programmes of 1k, 10k and 100k steps (100 steps a
journey, 3 actions a step, one requirement per 10 steps: the largest is
1,000 journeys x 100 steps and 10,000 requirements), saves each as JSON and
YAML, and times in this one process:

- ``journeykit.load`` of the JSON file (read, parse, full validation) against
  pydantic's bare ``Program.model_validate_json`` on the same bytes;
- ``journeykit.load`` of the YAML file;
- both again as the first call of a fresh interpreter ("cold", import not
  counted), as a command-line run pays them;
- ``Program.graph()``;
- ``import journeykit`` against ``import pydantic, networkx, yaml``, each in a
  fresh interpreter;
- a reference workload (plain dicts, as many as the graph has nodes and
  edges) that shows how this machine's memory system alone scales.

Every figure is the best CPU time of ``--repeat`` runs (the machine is shared
and noisy; the best run is the one least disturbed), except the import times,
which are wall times of fresh interpreters. The reference workload shows
what the machine alone does with growing memory: Python hands emptied arenas
back to the OS, so a small workload repeated reuses mapped memory while a
large one faults in fresh pages on every run. The targets are ratios
measured in the same run, printed next to the figures with PASS or FAIL.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _timing import best_of, programme, verdict  # benchmarks/ is on sys.path when a script runs

import journeykit as jk
from journeykit.program import Program


def plain_dicts(count: int) -> list[dict[str, int]]:
    """The reference workload: ``count`` small dicts, no journeykit, no pydantic.

    Its growth from one size to the next is what the machine's memory
    system alone costs; journeykit cannot scale better than this.
    """
    return [{"id": i, "kind": 1, "name": i} for i in range(count)]


def import_time(code: str, repeat: int) -> float:
    """Best wall time of a fresh interpreter running ``code`` (minus an empty interpreter)."""

    def run(source: str) -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", source], check=True)
        return time.perf_counter() - start

    empty = min(run("pass") for _ in range(repeat))
    return min(run(code) for _ in range(repeat)) - empty


def cold_load(path: Path, limit: int, repeat: int) -> float:
    """Best CPU time of ``journeykit.load`` as the first call of a fresh interpreter
    (import not counted): what a command-line run pays."""
    code = (
        "import sys, time, journeykit as jk\n"
        "jk.load  # the model and the readers, imported on first use, before the clock\n"
        "start = time.process_time()\n"
        f"jk.load({str(path)!r}, max_bytes={limit})\n"
        "print(time.process_time() - start)\n"
    )
    runs = [
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        for _ in range(repeat)
    ]
    return min(float(r.stdout) for r in runs)


def measure(steps: int, folder: Path, repeat: int) -> dict[str, float]:
    """Every figure for a programme of ``steps`` steps.

    The loads are timed with no programme in memory, as a user who loads one
    has: the generated programme is saved and dropped first (holding it, a
    large live heap, slows every allocation of the large loads and not of the
    small ones). ``graph()`` is timed last, on the loaded programme.
    """
    program = programme(steps)
    sizes = {"actions": program.summary()["actions"], "requirements": len(program.requirements)}
    json_path = jk.save(program, folder / f"p{steps}.json")
    yaml_path = jk.save(program, folder / f"p{steps}.yaml")
    del program
    gc.collect()
    raw = json_path.read_bytes()
    limit = 2 * max(len(raw), yaml_path.stat().st_size)
    # Interleave the two JSON measurements so drift hits both alike.
    bare, ours = [], []
    for _ in range(repeat):
        bare.append(best_of(1, lambda: Program.model_validate_json(raw)))
        ours.append(best_of(1, lambda: jk.load(json_path, max_bytes=limit)))
    figures = {
        "steps": steps,
        **sizes,
        "json_mb": len(raw) / 1e6,
        "yaml_mb": yaml_path.stat().st_size / 1e6,
        "bare": min(bare),
        "json": min(ours),
        "yaml": best_of(repeat, lambda: jk.load(yaml_path, max_bytes=limit)),
        "json_cold": cold_load(json_path, limit, repeat),
        "yaml_cold": cold_load(yaml_path, limit, repeat),
    }
    loaded = jk.load(json_path, max_bytes=limit)
    figures["graph"] = best_of(repeat, loaded.graph)
    del loaded
    gc.collect()
    # about as many small dicts as the graph has nodes and edges
    figures["reference"] = best_of(repeat, lambda: plain_dicts(18 * steps))
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000], help="numbers of steps"
    )
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure; the best counts")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        rows = [measure(steps, Path(folder), args.repeat) for steps in args.sizes]
    imp_jk = import_time("import journeykit", 5 * args.repeat)
    imp_base = import_time("import pydantic, networkx, yaml", 5 * args.repeat)

    print(
        f"journeykit {jk.__version__}, Python {platform.python_version()}, "
        f"{platform.machine()}; CPU seconds, best of {args.repeat}\n"
    )
    print(
        "| steps | actions | requirements | JSON MB | YAML MB | bare `model_validate_json` "
        "| `load` JSON | `load` YAML | `load` JSON, cold | `load` YAML, cold | `graph()` | reference |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['steps']:,} | {r['actions']:,} | {r['requirements']:,} | {r['json_mb']:.1f} "
            f"| {r['yaml_mb']:.1f} | {r['bare']:.3f} | {r['json']:.3f} | {r['yaml']:.3f} "
            f"| {r['json_cold']:.3f} | {r['yaml_cold']:.3f} | {r['graph']:.3f} | {r['reference']:.3f} |"
        )

    print("\n| target | measured | verdict |")
    print("|---|---:|---|")
    largest = rows[-1]
    ratio = largest["json"] / largest["bare"]
    print(
        f"| JSON `load` + validation of {largest['steps']:,} steps within 1.5x of bare "
        f"`model_validate_json` | {ratio:.2f}x | {verdict(ratio <= 1.5)} |"
    )
    for small, big in itertools.pairwise(rows):
        factor = big["steps"] / small["steps"]
        allowed = 12 * factor / 10
        for key, label in (
            ("json", "JSON `load`"),
            ("yaml", "YAML `load`"),
            ("json_cold", "JSON `load` in a fresh process"),
            ("yaml_cold", "YAML `load` in a fresh process"),
            ("graph", "`graph()`"),
            ("reference", "reference: as many plain dicts as the graph holds"),
        ):
            growth = big[key] / small[key]
            print(
                f"| {label}: {factor:.0f}x more steps ({small['steps']:,} to {big['steps']:,}) "
                f"at most {allowed:.0f}x the time | {growth:.1f}x | {verdict(growth <= allowed)} |"
            )
    imp_ratio = imp_jk / imp_base
    print(
        f"| `import journeykit` ({imp_jk * 1000:.0f} ms) within 1.3x of `import pydantic, networkx, "
        f"yaml` ({imp_base * 1000:.0f} ms) | {imp_ratio:.2f}x | {verdict(imp_ratio <= 1.3)} |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
