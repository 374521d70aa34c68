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
