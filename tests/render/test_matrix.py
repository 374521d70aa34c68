from __future__ import annotations

from pathlib import Path

import pytest
from matplotlib.collections import PathCollection

import journeykit as jk

from ._figures import overlaps as _overlaps
from .test_mermaid import HOSTILE


def test_the_example_matrix(portal: jk.Program) -> None:
    fig = jk.render.priority_matrix(portal)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.texts]
    for quadrant in ("quick wins", "major projects", "fill-ins", "thankless tasks"):
        assert quadrant in labels
    bubbles = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert len(bubbles) == len(portal.use_cases)
    sizes = sorted(float(c.get_sizes()[0]) for c in bubbles)
    assert sizes[0] < sizes[-1]  # areas follow effort
    assert _overlaps(fig) == []


def test_use_cases_on_one_cell_are_spread_and_unscored_ones_listed() -> None:
    cases = [
        jk.UseCase(id=f"u{i}", name=f"Use case number {i}", theme="t", impact=4, ease=4) for i in range(5)
    ]
    cases.append(jk.UseCase(id="later", name="Not scored yet", theme="t"))
    fig = jk.render.priority_matrix(cases)
    positions = [tuple(c.get_offsets()[0]) for c in fig.axes[0].collections]
    assert len(set(positions)) == 5
    assert any("Not scored yet" in t.get_text() for t in fig.texts)
    assert _overlaps(fig) == []


@pytest.mark.filterwarnings("ignore:Glyph .* missing from font")
@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_names_draw(text: str, tmp_path: Path) -> None:
    fig = jk.render.priority_matrix([jk.UseCase(id="u", name=text, theme="t", impact=2, ease=5)])
    assert jk.render.save(fig, tmp_path / "m.svg").stat().st_size > 1000


def test_same_matrix_same_bytes(tmp_path: Path, portal: jk.Program) -> None:
    a = jk.render.save(jk.render.priority_matrix(portal), tmp_path / "a.svg").read_bytes()
    b = jk.render.save(jk.render.priority_matrix(portal), tmp_path / "b.svg").read_bytes()
    assert a == b


def test_the_description_counts_and_names_each_quadrant(portal: jk.Program) -> None:
    fig = jk.render.priority_matrix(portal)
    assert fig.title == f"Priority matrix: {portal.name}"
    assert fig.description.startswith(f"{len(portal.use_cases)} use cases by business impact")
    words = {"quick win": "quick win", "major project": "major project", "fill-in": "fill-in"}
    for quadrant, word in words.items():
        # the oracle: 3 or more is high, as the docs of prioritising say
        cases = [
            u
            for u in portal.use_cases
            if u.impact is not None
            and u.ease is not None
            and {
                "quick win": u.impact >= 3 and u.ease >= 3,
                "major project": u.impact >= 3 and u.ease < 3,
                "fill-in": u.impact < 3 and u.ease >= 3,
            }[quadrant]
        ]
        if cases:
            sentence = f"{len(cases)} {word}{'s' if len(cases) != 1 else ''}: "
            assert sentence in fig.description
            for case in cases:
                assert case.name in fig.description.split(sentence, 1)[1].split(".")[0]


def test_use_cases_alone_and_unscored_ones_are_described() -> None:
    cases = [
        jk.UseCase(id="a", name="Alpha", theme="t", impact=5, ease=5),
        jk.UseCase(id="b", name="Beta", theme="t"),
    ]
    fig = jk.render.priority_matrix(cases)
    assert fig.title == "Priority matrix: use cases"
    assert fig.description == (
        "2 use cases by business impact and ease of implementation. 1 quick win: Alpha. 1 not scored: Beta."
    )


def test_the_quadrants_are_named_in_words_and_the_axes_too() -> None:
    fig = jk.render.priority_matrix([jk.UseCase(id="a", name="A", theme="t", impact=1, ease=1)])
    ax = fig.axes[0]
    assert ax.get_xlabel() == "ease of implementation"
    assert ax.get_ylabel() == "business impact"
    svg = fig.to_svg()
    for word in ("quick wins", "major projects", "fill-ins", "thankless tasks", "ease of implementation"):
        assert f">{word}<" in svg  # text, not glyph outlines
