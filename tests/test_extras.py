"""Without an optional library, every function that needs it says which extra to install.

Each optional library is blocked in a fresh interpreter (``sys.modules[name] =
None`` before journeykit is imported, so ``import name`` fails as if it were
not installed), and every public function that needs it is called there. Each
must raise ``MissingDependencyError`` naming the extra that installs the
library (``pip install 'journeykit[plot]'``), never a ``ModuleNotFoundError``
from deep inside. Functions that do not need the library must still work.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow

#: What every check starts with, in the interpreter where a library is blocked.
SETUP = """\
import journeykit as jk
portal = jk.example()
onboarding = portal.journey("onboarding-future")
deals = portal.journey("deal-registration-future")
"""

#: Events as a Polars frame, for when pandas is the library blocked.
POLARS_EVENTS = """\
import datetime as dt
import polars as pl
events = pl.DataFrame({
    "case:concept:name": ["c1", "c1"],
    "concept:name": ["fill-registration", "receive-decision"],
    "time:timestamp": [dt.datetime(2024, 1, 1, 9), dt.datetime(2024, 1, 1, 10)],
})
"""

#: Events as a pandas frame, for the other libraries.
PANDAS_EVENTS = """\
import pandas as pd
events = pd.DataFrame({
    "case:concept:name": ["c1", "c1"],
    "concept:name": ["fill-registration", "receive-decision"],
    "time:timestamp": pd.to_datetime(["2024-01-01 09:00", "2024-01-01 10:00"]),
})
"""

CSV = "events.csv"

#: library blocked -> (extra that installs it, setup, {check: code that must raise}).
NEEDS: dict[str, tuple[str, str, dict[str, str]]] = {
    "matplotlib": (
        "plot",
        "",
        {
            "blueprint": "jk.render.blueprint(deals, program=portal)",
            "journey_map": "jk.render.journey_map(onboarding, program=portal)",
            "priority_matrix": "jk.render.priority_matrix(portal)",
            "persona_card": "jk.render.persona_card(portal.persona('sales-manager'), program=portal)",
            "compare_view": (
                "jk.render.compare_view('onboarding-current', 'onboarding-future', program=portal)"
            ),
            "persona_comparison": "jk.render.persona_comparison(portal)",
            "report": "jk.render.report(portal, TMP / 'report.html')",
            "jk.report": "jk.report(portal, TMP / 'report.html')",
        },
    ),
    "pandas": (
        "analytics",
        POLARS_EVENTS,
        {
            "funnel": "jk.analytics.funnel(events, deals)",
            "conformance": "jk.analytics.conformance(events, deals)",
            "discover": "jk.analytics.discover(events)",
            "measure": "jk.analytics.measure(events, portal)",
            "synthetic_events": (
                "from journeykit.testing import synthetic_events\n"
                "synthetic_events(portal, 'onboarding-future')"
            ),
        },
    ),
    "narwhals": (
        "analytics",
        PANDAS_EVENTS,
        {
            "analytics": "jk.analytics",
            "funnel": "from journeykit.analytics import funnel",
            "behaviour": "jk.personas.behaviour(events, user='case:concept:name', activity='concept:name')",
        },
    ),
    "duckdb": (
        "analytics",
        PANDAS_EVENTS,
        {
            "funnel": "jk.analytics.funnel(events, deals)",
            "conformance": "jk.analytics.conformance(events, deals)",
            "discover": "jk.analytics.discover(events)",
            "measure": "jk.analytics.measure(events, portal)",
            "read_events": "jk.analytics.read_events(TMP / 'events.csv')",
        },
    ),
    "sklearn": (
        "personas",
        "from journeykit.testing import synthetic_people\npeople = synthetic_people(200, k=2).frame\n",
        {"segment": "jk.personas.segment(people, id='user', k=2)"},
    ),
    "pygraphviz": (
        "render",
        "",
        {
            "save traceability as svg": "jk.render.save(jk.render.traceability(portal), TMP / 't.svg')",
            "save flow as png": "jk.render.save(jk.render.flow(deals), TMP / 'f.png')",
        },
    ),
    "hypothesis": (
        "testing",
        "",
        {"programs": "from journeykit.testing import programs; programs()"},
    ),
}

#: Checks whose function belongs to another extra that installs the library as well.
EXTRA_OF = {"behaviour": "personas"}

#: library blocked -> {check: code that must work without it}.
WORKS: dict[str, dict[str, str]] = {
    "matplotlib": {
        "traceability": "jk.render.traceability(portal, journey='deal-registration-future').source",
        "flow": "jk.render.flow(deals).source",
        "to_mermaid": "jk.to_mermaid(onboarding)",
        "save mermaid": "jk.render.save(jk.to_mermaid(onboarding), TMP / 'j.mmd')",
        "journey shows as text": "assert onboarding._repr_mimebundle_() is None",
    },
    "pygraphviz": {
        "save as dot": "jk.render.save(jk.render.traceability(portal), TMP / 't.dot')",
        "diagram shows as text": "assert jk.render.traceability(portal)._repr_mimebundle_() is None",
    },
    "hypothesis": {
        "synthetic_program": "from journeykit.testing import synthetic_program; synthetic_program()"
    },
    "sklearn": {"coverage": "jk.personas.coverage(portal)"},
    "pandas": {"read_events (DuckDB)": "jk.analytics.read_events(TMP / 'events.csv')"},
}

RUNNER = """\
import json, sys, traceback
from pathlib import Path
for name in {blocked!r}:
    sys.modules[name] = None  # `import name` now raises ImportError, as if it were not installed
TMP = Path({tmp!r})
results = {{}}
try:
    exec({setup!r})
except BaseException as error:
    results["<setup>"] = {{"error": type(error).__name__, "message": str(error), "mro": []}}
    print(json.dumps(results))
    raise SystemExit(0)
for check, code in {checks!r}.items():
    try:
        exec(code)
        results[check] = {{"error": None}}
    except BaseException as error:
        results[check] = {{
            "error": type(error).__name__,
            "mro": [cls.__name__ for cls in type(error).__mro__],
            "message": str(error),
            "where": traceback.format_exc()[-600:],
        }}
print(json.dumps(results))
"""


def _run(blocked: str, setup: str, checks: dict[str, str], tmp: Path) -> dict[str, Any]:
    """Run every check in a fresh interpreter where ``blocked`` cannot be imported."""
    (tmp / CSV).write_text(
        "case:concept:name,concept:name,time:timestamp\nc1,fill-registration,2024-01-01 09:00:00\n",
        encoding="utf-8",
    )
    env = dict(os.environ)
    if blocked == "pygraphviz":  # and no `dot` on PATH either: no Graphviz at all
        empty = tmp / "no-bin"
        empty.mkdir(exist_ok=True)
        env["PATH"] = str(empty)
    script = RUNNER.format(blocked=[blocked], tmp=str(tmp), setup=SETUP + setup, checks=checks)
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=False, timeout=600
    )
    assert done.returncode == 0, done.stderr[-3000:]
    results: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    assert "<setup>" not in results, results["<setup>"]
    return results


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """library -> check -> what happened, one interpreter per blocked library."""
    found = {}
    for blocked, (_extra, setup, checks) in NEEDS.items():
        everything = {**checks, **{f"works: {k}": v for k, v in WORKS.get(blocked, {}).items()}}
        found[blocked] = _run(blocked, setup, everything, tmp_path_factory.mktemp(blocked))
    return found


@pytest.mark.parametrize(
    ("blocked", "check"),
    [(blocked, check) for blocked, (_e, _s, checks) in NEEDS.items() for check in checks],
)
def test_a_missing_extra_is_named(outcomes: dict[str, dict[str, Any]], blocked: str, check: str) -> None:
    extra = EXTRA_OF.get(check, NEEDS[blocked][0])
    result = outcomes[blocked][check]
    assert result["error"] is not None, f"{check} ran without {blocked}"
    assert "MissingDependencyError" in result["mro"], result.get("where", result)
    assert f"journeykit[{extra}]" in result["message"], result["message"]


@pytest.mark.parametrize(
    ("blocked", "check"), [(blocked, check) for blocked, checks in WORKS.items() for check in checks]
)
def test_what_does_not_need_it_still_works(
    outcomes: dict[str, dict[str, Any]], blocked: str, check: str
) -> None:
    result = outcomes[blocked][f"works: {check}"]
    assert result["error"] is None, result.get("where", result)


CLI = """\
import sys
sys.modules[{blocked!r}] = None
from journeykit.cli import main
raise SystemExit(main({argv!r}))
"""


@pytest.mark.parametrize(
    ("blocked", "extra", "argv"),
    [
        (
            "matplotlib",
            "plot",
            ["render", "{example}", "--view", "blueprint", "--journey", "onboarding-future"],
        ),
        ("matplotlib", "plot", ["render", "{example}", "--view", "persona", "--persona", "sales-manager"]),
        ("matplotlib", "plot", ["report", "{example}"]),
        ("pandas", "analytics", ["funnel", "{example}", "{events}", "--journey", "deal-registration-future"]),
        ("sklearn", "personas", ["personas", "segment", "{events}", "--id", "case:concept:name"]),
    ],
    ids=["render-blueprint", "render-persona", "report", "funnel", "personas-segment"],
)
def test_a_command_names_the_extra_without_a_traceback(
    blocked: str, extra: str, argv: list[str], tmp_path: Path
) -> None:
    import journeykit as jk

    events = tmp_path / CSV
    events.write_text(
        "case:concept:name,concept:name,time:timestamp\nc1,fill-registration,2024-01-01 09:00:00\n",
        encoding="utf-8",
    )
    values = {"example": str(jk.example_path()), "events": str(events)}
    args = [a.format(**values) for a in argv] + ["-o", str(tmp_path / "out.svg")]
    if argv[0] == "report":
        args[-1] = str(tmp_path / "out.html")
    if argv[0] != "render" and argv[0] != "report":
        args = args[:-2]
    done = subprocess.run(
        [sys.executable, "-c", CLI.format(blocked=blocked, argv=args)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode != 0
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    assert f"journeykit[{extra}]" in done.stderr, done.stderr[-2000:]


def test_the_runner_really_blocks_the_library(tmp_path: Path) -> None:
    """The block itself works: without it the check passes, with it ``import`` fails."""
    code = "import matplotlib"
    assert _run("matplotlib", "", {"import": code}, tmp_path)["import"]["error"] == "ModuleNotFoundError"
    assert _run("no-such-module-blocked", "", {"import": code}, tmp_path)["import"]["error"] is None
