"""Commands without the extra they need: one line naming ``pip install 'journeykit[...]'``, exit 1.

Each command runs in a fresh interpreter where the optional libraries cannot be
imported (``sys.modules[name] = None`` makes ``import name`` fail, as when the
library is not installed), then ``journeykit.cli.main`` runs as the console
script would.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import journeykit as jk

from .conftest import EXAMPLE

#: Runs the command line with the modules named in argv[1] made unimportable.
WRAPPER = """
import sys
for name in sys.argv[1].split(","):
    sys.modules[name] = None
sys.argv = ["journeykit", *sys.argv[2:]]
from journeykit.cli import main
sys.exit(main())
"""

ANALYTICS = "pandas,narwhals,duckdb,pyarrow"


def run_without(
    modules: str, *args: str | Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", WRAPPER, modules, *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )


@pytest.fixture(scope="module")
def log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small event log of the example's future onboarding, as CSV."""
    from journeykit.testing import synthetic_events

    path = tmp_path_factory.mktemp("log") / "events.csv"
    synthetic_events(jk.load(EXAMPLE), "onboarding-future", cases=20, seed=1).to_csv(path, index=False)
    return path


@pytest.mark.parametrize(
    ("modules", "args", "extra"),
    [
        (
            "matplotlib",
            ["render", EXAMPLE, "--view", "journey-map", "--journey", "onboarding-future"],
            "plot",
        ),
        ("matplotlib", ["render", EXAMPLE, "--view", "blueprint", "--journey", "onboarding-future"], "plot"),
        ("matplotlib", ["render", EXAMPLE, "--view", "persona", "--persona", "sales-manager"], "plot"),
        ("matplotlib", ["render", EXAMPLE, "--view", "matrix"], "plot"),
        ("matplotlib", ["render", EXAMPLE, "--view", "compare", "--journey", "onboarding-future"], "plot"),
        ("matplotlib", ["report", EXAMPLE], "plot"),
        (ANALYTICS, ["discover", "LOG"], "analytics"),
        (ANALYTICS, ["funnel", EXAMPLE, "LOG", "--journey", "onboarding-future"], "analytics"),
        (ANALYTICS, ["conformance", EXAMPLE, "LOG", "--journey", "onboarding-future"], "analytics"),
        (ANALYTICS, ["measure", EXAMPLE, "LOG"], "analytics"),
        ("sklearn", ["personas", "segment", "LOG", "--id", "case:concept:name"], "personas"),
    ],
    ids=lambda v: " ".join(map(str, v[:3])) if isinstance(v, list) else str(v),
)
def test_a_missing_extra_is_one_line_that_names_it(
    modules: str, args: list[str | Path], extra: str, log: Path, tmp_path: Path
) -> None:
    args = [log if a == "LOG" else a for a in args]
    if args[0] in ("render", "report"):
        args += ["-o", tmp_path / ("out.html" if args[0] == "report" else "out.svg")]
    result = run_without(modules, *args)
    assert result.returncode == 1, result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert f"pip install 'journeykit[{extra}]'" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert not (tmp_path / "out.svg").exists()
    assert not (tmp_path / "out.html").exists()


def test_a_graph_picture_without_graphviz_names_the_render_extra(tmp_path: Path) -> None:
    # no pygraphviz and no `dot` on PATH: nothing can lay the graph out
    env = {**os.environ, "PATH": str(tmp_path / "nothing-here")}
    result = run_without(
        "pygraphviz", "render", EXAMPLE, "--view", "traceability", "-o", tmp_path / "trace.svg", env=env
    )
    assert result.returncode == 1, result.stderr
    assert "pip install 'journeykit[render]'" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize(
    "args",
    [
        ["requirements", EXAMPLE, "--format", "json"],
        ["check", EXAMPLE],
        ["prioritize", EXAMPLE, "--budget", "30"],
        ["responsibilities", EXAMPLE, "--use-cases"],
        ["compare", EXAMPLE, "onboarding-future"],
        ["personas", "coverage", EXAMPLE],
        ["render", EXAMPLE, "--view", "journey-map", "--journey", "onboarding-future", "-o", "OUT.mmd"],
    ],
    ids=lambda v: " ".join(str(a) for a in v if a != EXAMPLE),
)
def test_analyses_need_no_extra(args: list[str | Path], tmp_path: Path) -> None:
    args = [tmp_path / "out.mmd" if a == "OUT.mmd" else a for a in args]
    result = run_without(f"matplotlib,sklearn,pygraphviz,{ANALYTICS}", *args)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
