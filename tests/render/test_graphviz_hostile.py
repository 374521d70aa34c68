"""Every Graphviz view draws any name: NUL, control characters, quotes, backslashes,
``$``, and names longer than Graphviz's 16,384-character limit on a quoted string."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import journeykit as jk
from journeykit._text import DOT_LABEL_MAX
from journeykit.cli import main

from ._programs import hostile_program

SVG = "{http://www.w3.org/2000/svg}"
#: Longer than Graphviz takes in one quoted string (16,384 characters).
LONG = "x" * 17_000
#: The longest quoted string in DOT text.
QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)


def _events(name: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "case:concept:name": ["1", "1", "2", "2"],
            "concept:name": [name, "b", name, "c"],
            "time:timestamp": pd.to_datetime(
                ["2024-01-01 10:00", "2024-01-01 11:00", "2024-01-02 10:00", "2024-01-02 12:00"]
            ),
        }
    )


#: Each Graphviz view, of a programme (and a log) holding one text everywhere.
VIEWS: dict[str, Callable[[str], jk.render._diagram.Diagram]] = {  # type: ignore[name-defined]
    "traceability": lambda text: jk.render.traceability(hostile_program(text)),
    "traceability of a journey": lambda text: jk.render.traceability(hostile_program(text), journey="next"),
    "flow": lambda text: jk.render.flow("now", program=hostile_program(text)),
    "observed": lambda text: jk.analytics.discover(_events(text)).to_dot(),
}


def _svg_texts(svg: str) -> str:
    root = ET.fromstring(svg.encode("utf-8"))  # parses: nothing XML cannot hold
    return "".join("".join(e.itertext()) for e in root.iter(f"{SVG}text"))


def _longest_quoted(source: str) -> int:
    return max((len(m) for m in QUOTED.findall(source)), default=0)


@pytest.mark.parametrize("view", sorted(VIEWS))
def test_a_name_longer_than_graphviz_takes_is_cut_in_the_drawing_only(view: str) -> None:
    diagram = VIEWS[view](LONG)
    assert _longest_quoted(diagram.source) < 16_384
    drawn = _svg_texts(diagram.to_svg())
    assert "x" * DOT_LABEL_MAX + "…" in drawn
    assert "x" * (DOT_LABEL_MAX + 1) not in drawn
    if view != "observed":
        assert LONG in diagram.title  # the title, for screen readers, keeps the whole name


def test_the_data_keeps_the_whole_name() -> None:
    program = hostile_program(LONG)
    jk.render.traceability(program)
    assert program.requirement("r").title == LONG
    observed = jk.analytics.discover(_events(LONG))
    assert LONG in set(observed.edges["source"])


@pytest.mark.parametrize(
    ("view", "after"),
    [("traceability", "partial, wave 0"), ("traceability of a journey", "[backstage]"), ("observed", "…2")],
)
def test_what_follows_a_long_name_is_still_drawn(view: str, after: str) -> None:
    # a requirement's status, an action's lane, an activity's count: under the cut name
    assert after in _svg_texts(VIEWS[view](LONG).to_svg())


@pytest.mark.parametrize("view", sorted(VIEWS))
@pytest.mark.parametrize(
    "text",
    [
        "a\x00b",
        "\x1b[31mred\x07",
        'say "hi" \\N \\G \\"',
        "$x$ costs $5",
        "<b>html</b>",
        "\r\n\x0b\x0c",
    ],
    ids=["nul", "escape", "quotes", "dollars", "html", "breaks"],
)
def test_hostile_names_draw(view: str, text: str) -> None:
    diagram = VIEWS[view](text)
    assert "\x00" not in diagram.source
    drawn = _svg_texts(diagram.to_svg())
    if text.startswith(("$", "<")):
        assert text in drawn  # literally: no mathtext, no HTML label


names = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",))
    | st.sampled_from(["\x00", "\x1b", "\\", '"', "$", "<", ">", "{", "}", "|", "\r", "\n", "\ufffe"]),
    min_size=1,
    max_size=40,
).filter(lambda t: t.strip() != "")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=names | st.builds(lambda t, n: t * n, names, st.integers(400, 2_000)),
    view=st.sampled_from(sorted(VIEWS)),
)
def test_any_name_renders_to_svg_in_every_graphviz_view(text: str, view: str) -> None:
    diagram = VIEWS[view](text)
    assert _longest_quoted(diagram.source) < 16_384
    root = ET.fromstring(diagram.to_svg().encode("utf-8"))
    assert root.get("role") == "img"


# -- the command line -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("graphviz")
    name = "N\x00L " + LONG + ' $x$ \\N "q"'
    jk.save(hostile_program(name), folder / "programme.yaml")
    _events(name.replace("\x00", "")).rename(
        columns={"case:concept:name": "case", "concept:name": "activity", "time:timestamp": "time"}
    ).to_csv(folder / "log.csv", index=False)
    return {"programme": folder / "programme.yaml", "log": folder / "log.csv", "out": folder}


@pytest.mark.parametrize(
    "args",
    [
        ("render", "{programme}", "--view", "traceability", "-o", "{out}/t.svg"),
        ("render", "{programme}", "--view", "traceability", "--journey", "now", "-o", "{out}/t.dot"),
        (
            "discover",
            "{log}",
            "--case",
            "case",
            "--activity",
            "activity",
            "--timestamp",
            "time",
            "-o",
            "{out}/d.svg",
        ),
        (
            "discover",
            "{log}",
            "--case",
            "case",
            "--activity",
            "activity",
            "--timestamp",
            "time",
            "-o",
            "{out}/d.dot",
        ),
        ("graph", "{programme}", "--format", "graphml", "-o", "{out}/g.graphml"),
        ("report", "{programme}", "-o", "{out}/r.html"),
    ],
    ids=["render-svg", "render-dot", "discover-svg", "discover-dot", "graphml", "report"],
)
def test_the_command_line_draws_hostile_names(
    args: tuple[str, ...], files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [a.format(**{k: str(v) for k, v in files.items()}) for a in args]
    assert main(argv) == 0, capsys.readouterr().err
    written = Path(argv[-1]).read_bytes()
    assert b"\x00" not in written
    if argv[-1].endswith((".svg", ".graphml")):
        ET.fromstring(written)  # well-formed XML
    if argv[-1].endswith(".dot"):
        assert _longest_quoted(written.decode("utf-8")) < 16_384
