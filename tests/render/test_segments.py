"""The persona comparison: a share bar per persona, a heatmap of what sets them apart, nothing overprinted."""

from __future__ import annotations

import itertools
import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from matplotlib import colormaps
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.text import Text

import journeykit as jk
from journeykit._text import drawn_text
from journeykit.exceptions import ArgumentError
from journeykit.personas import Segmentation
from journeykit.render.segments import persona_comparison

from ._figures import cut_off, overlaps, texts
from ._people import HOSTILE_NAMES, hostile, planted
from .test_mermaid import HOSTILE


def _patches(fig: Figure, prefix: str) -> list[Rectangle]:
    return [p for p in fig.axes[0].patches if isinstance(p, Rectangle) and p.get_label().startswith(prefix)]


def _cell_texts(fig: Figure) -> dict[tuple[int, int], str]:
    """The text written in each heatmap cell, by (row, column)."""
    cells = {}
    for t in fig.axes[0].texts:
        if t.get_label().startswith("cell:"):
            _, row, column = t.get_label().split(":")
            cells[(int(row), int(column))] = t.get_text()
    return cells


def _row_labels(fig: Figure) -> list[str]:
    rows = sorted(
        (int(t.get_label()[4:]), t.get_text()) for t in fig.axes[0].texts if t.get_label().startswith("row:")
    )
    return [" ".join(text.split()) for _, text in rows]


def _expected_rows(result: Segmentation, top: int) -> list[tuple[str, str | None]]:
    """(feature, level) of up to ``top`` rows: each persona's rank 1, then each one's rank 2, ...;
    shown from the largest |effect| in any persona down."""
    table = result.distinguishing
    largest: dict[tuple[str, str | None], float] = {}
    for row in table.itertuples():
        key = (row.feature, None if _no_level(row.level) else row.level)
        largest[key] = max(largest.get(key, 0.0), abs(row.effect))
    chosen: list[tuple[str, str | None]] = []
    for rank in range(1, int(table["rank"].max()) + 1):
        for ident in result.persona_ids:
            found = table[(table["persona"] == ident) & (table["rank"] == rank)]
            if len(found) and len(chosen) < top:
                key = (
                    found["feature"].iloc[0],
                    None if _no_level(found["level"].iloc[0]) else found["level"].iloc[0],
                )
                if key not in chosen:
                    chosen.append(key)
    return sorted(chosen, key=lambda key: -largest[key])


def _no_level(level: object) -> bool:
    return level is None or level != level  # None or NaN


def _label(feature: str, level: object) -> str:
    return feature if level is None else f"{feature}={level}"


def _effect_text(value: float) -> str:
    return f"{'+' if value > 0 else '−'}{abs(value):.2f}"


@pytest.fixture(scope="module")
def result() -> Segmentation:
    return planted()


def test_a_share_bar_per_persona_with_its_share_and_size(result: Segmentation) -> None:
    fig = persona_comparison(result)
    drawn = texts(fig)
    bars = _patches(fig, "share")
    tracks = _patches(fig, "track")
    assert len(bars) == len(tracks) == result.k == 3
    for ident, bar, track, (_, row) in zip(
        result.persona_ids, bars, tracks, result.segments.iterrows(), strict=True
    ):
        assert ident in drawn
        assert f"{row['share']:.0%}" in drawn
        assert f"{int(row['size']):,} people" in drawn
        assert bar.get_width() == pytest.approx(track.get_width() * row["share"])
    assert "3 personas of 1,500 people" in drawn
    assert any("stability" in t for t in drawn)


@pytest.mark.parametrize("top", [8, 3, 1])
def test_the_heatmap_holds_the_largest_effects(result: Segmentation, top: int) -> None:
    fig = persona_comparison(result, top=top)
    rows = _expected_rows(result, top)
    distinct = {
        (t.feature, None if _no_level(t.level) else t.level) for t in result.distinguishing.itertuples()
    }
    assert len(rows) == min(top, len(distinct))
    for ident in result.persona_ids[:top]:  # each persona's strongest trait has a row
        strongest = result.distinguishing[result.distinguishing["persona"] == ident].iloc[0]
        level = None if _no_level(strongest["level"]) else strongest["level"]
        assert (strongest["feature"], level) in rows
    assert _row_labels(fig) == [_label(feature, level) for feature, level in rows]
    assert len(_patches(fig, "cell:")) == len(rows) * result.k
    cells = _cell_texts(fig)
    assert len(cells) == len(rows) * result.k
    table = result.distinguishing
    for i, (feature, level) in enumerate(rows):
        for j, ident in enumerate(result.persona_ids):
            match = table[
                (table["persona"] == ident)
                & (table["feature"] == feature)
                & ((table["level"] == level) if level is not None else table["level"].isna())
            ]
            expected = _effect_text(float(match["effect"].iloc[0])) if len(match) else "–"
            assert cells[(i, j)] == expected, (feature, level, ident)
    # Among all the rows, some persona's effect is too small to be listed: a dash.
    assert "–" in _cell_texts(persona_comparison(result, top=100)).values()


def test_the_colours_diverge_around_zero(result: Segmentation) -> None:
    fig = persona_comparison(result)
    low, high = fig.axes[1].get_xlim()  # the colour bar
    assert low == -high
    assert high >= 1
    cmap = colormaps["PuOr"]
    colours = {p.get_label(): p.get_facecolor() for p in _patches(fig, "cell:")}
    table = result.distinguishing
    effects = {
        (str(r.persona), _label(r.feature, None if _no_level(r.level) else r.level)): r.effect
        for r in table.itertuples()
    }
    for i, row in enumerate(_row_labels(fig)):
        for j, ident in enumerate(result.persona_ids):
            colour = colours[f"cell:{i}:{j}"]
            effect = effects.get((ident, row))
            where = 0.5 if effect is None else (effect - low) / (high - low)
            assert colour == pytest.approx(cmap(where))
            if effect is not None:
                assert (colour[2] > colour[0]) == (effect > 0)  # purple above, orange below
    assert any(t.startswith("effect size against everyone") for t in texts(fig))
    assert any("Cohen's h" in t for t in texts(fig))


def _tick_labels(fig: Figure) -> list[Text]:
    return [t for ax in fig.axes[1:] for t in ax.get_xticklabels() if t.get_text()]


def test_nothing_overprints_or_runs_off(result: Segmentation) -> None:
    fig = persona_comparison(result)
    assert overlaps(fig) == []
    assert cut_off(fig) == []
    # the colour bar's numbers stay clear of every other text, and inside the figure
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    ticks = _tick_labels(fig)
    labels = [t.get_text() for t in ticks]  # symmetric around 0: "−1.0", ..., "0", ..., "+1.0"
    half = len(labels) // 2
    assert len(labels) >= 5
    assert labels[half] == "0"
    assert [label.replace("−", "+") for label in reversed(labels[:half])] == labels[half + 1 :]
    assert all(label.startswith("+") for label in labels[half + 1 :])
    others = [t for t in fig.axes[0].texts if t.get_text()]
    for tick, other in itertools.product(ticks, others):
        assert not tick.get_window_extent(renderer).overlaps(other.get_window_extent(renderer)), (
            other.get_text()
        )
    for a, b in itertools.combinations(ticks, 2):
        assert not a.get_window_extent(renderer).overlaps(b.get_window_extent(renderer))
    for tick in ticks:
        box = tick.get_window_extent(renderer)
        assert fig.bbox.x0 <= box.x0
        assert box.x1 <= fig.bbox.x1
        assert fig.bbox.y0 <= box.y0


def test_the_svg_parses_and_the_png_has_the_figure_size(result: Segmentation, tmp_path: Path) -> None:
    fig = persona_comparison(result)
    root = ET.parse(jk.render.save(fig, tmp_path / "personas.svg")).getroot()
    assert root.tag.endswith("svg")
    png = jk.render.save(fig, tmp_path / "personas.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (round(fig.get_figwidth() * 100), round(fig.get_figheight() * 100))
    assert 600 <= width < 1200
    assert 500 < height < 1200


@pytest.mark.parametrize("suffix", [".svg", ".pdf", ".png"])
def test_same_comparison_same_bytes(result: Segmentation, tmp_path: Path, suffix: str) -> None:
    first = jk.render.save(persona_comparison(result), tmp_path / f"a{suffix}").read_bytes()
    second = jk.render.save(persona_comparison(result), tmp_path / f"b{suffix}").read_bytes()
    assert first == second


@pytest.mark.filterwarnings("ignore:Glyph .* missing from font")  # emoji: the default font has none
def test_hostile_feature_names_are_drawn_as_written(tmp_path: Path) -> None:
    result = hostile()
    fig = persona_comparison(result, top=100)
    labels = _row_labels(fig)
    drawn = " ".join(labels)
    listed = set(result.distinguishing["feature"])
    written = {
        r"$\alpha$ age": r"$\alpha$ age",
        "<b>deals</b> & <script>x</script>": None,
        "costs $5 and $10": None,
        "two\nlines": "two lines",
    }
    shown = [name for name in written if name in listed]
    assert len(shown) >= 2  # the test means nothing unless some hostile names set a persona apart
    for name in shown:
        # "$" is a dollar, "<b>" no markup, the line break a space
        assert (written[name] or name) in labels
    assert "עברית tier=$gold$" in labels
    assert "עברית tier=<i>silver</i>" in labels
    long_label = next(label for label in labels if label.startswith("visits"))
    assert long_label.endswith("…")
    assert len(long_label) < len(HOSTILE_NAMES["visits_per_month"])
    assert "a very long feature name" in drawn
    assert overlaps(fig) == []  # draws every text: no mathtext error
    assert cut_off(fig) == []
    assert ET.parse(jk.render.save(fig, tmp_path / "h.svg")).getroot().tag.endswith("svg")


# -- personas instead of a segmentation ------------------------------------------------------------


def _persona(ident: str, **fields: object) -> jk.Persona:
    return jk.Persona(id=ident, name=fields.pop("name", ident.title()), **fields)


def test_personas_compare_their_numeric_attributes() -> None:
    people = [
        _persona(
            "a", share=0.2, size=200, attributes={"visits": 30, "mobile": True, "age": 25.5, "nps": -10}
        ),
        _persona("b", share=0.5, size=500, attributes={"visits": 10, "mobile": False, "nps": 20}),
        _persona(
            "c", share=0.3, size=300, attributes={"visits": 20, "age": 40.25, "region": "north", "nps": 5}
        ),
    ]
    fig = persona_comparison(people)
    assert _row_labels(fig) == ["visits", "age", "nps"]  # numbers only, in the order they appear
    cells = _cell_texts(fig)
    assert [cells[(0, j)] for j in range(3)] == ["30", "10", "20"]
    assert [cells[(1, j)] for j in range(3)] == ["25.5", "–", "40.2"]
    assert [cells[(2, j)] for j in range(3)] == ["−10", "20", "5"]
    colours = {p.get_label(): p.get_facecolor() for p in _patches(fig, "cell:")}
    middle = colormaps["PuOr"](0.5)
    assert colours["cell:0:0"] == pytest.approx(
        colormaps["PuOr"](Normalize(-1, 1)(0.5))
    )  # 30 is 50% above 20
    assert colours["cell:0:1"][0] > colours["cell:0:1"][2]  # below the mean: orange
    assert colours["cell:0:2"] == pytest.approx(middle)  # the mean itself
    assert all(
        colours[f"cell:2:{j}"] == pytest.approx(middle) for j in range(3)
    )  # a negative value: no colour
    assert len(_patches(fig, "share")) == 3
    assert {"20%", "50%", "30%", "200 people", "500 people"} <= set(texts(fig))
    assert overlaps(fig) == []
    assert cut_off(fig) == []


def test_a_programme_s_personas(portal: jk.Program) -> None:
    fig = persona_comparison(portal)
    drawn = texts(fig)
    for persona in portal.personas:
        assert persona.share is not None
        assert f"{persona.share:.0%}" in drawn
    assert len(_patches(fig, "share")) == len(portal.personas)
    assert _patches(fig, "cell:") == []
    assert "The personas have no numeric attribute in common." in drawn
    assert overlaps(fig) == []


def test_drafts_compare_like_their_segmentation(result: Segmentation) -> None:
    drafts = result.to_personas()
    fig = persona_comparison(drafts, top=3)
    assert _row_labels(fig) == ["age", "deals_per_quarter", "visits_per_month"]
    assert [_cell_texts(fig)[(0, j)] for j in range(3)] == [
        str(d.attributes["age"]).removesuffix(".0") for d in drafts
    ]


def test_more_personas_and_rows_make_a_bigger_figure() -> None:
    few = persona_comparison([_persona(f"p{i}", attributes={"a": i + 1, "b": 1}) for i in range(3)])
    many = persona_comparison(
        [_persona(f"p{i}", attributes={f"k{j}": i + j + 1 for j in range(12)}) for i in range(10)], top=12
    )
    assert many.get_figwidth() > few.get_figwidth() + 5
    assert many.get_figheight() > few.get_figheight() + 3
    assert len(_patches(many, "cell:")) == 12 * 10
    assert overlaps(many) == []
    assert cut_off(many) == []


def test_personas_without_a_share_say_so() -> None:
    fig = persona_comparison([_persona("a", size=12), _persona("b", share=0.25)])
    drawn = texts(fig)
    assert "share not given" in drawn
    assert "12 people" in drawn
    assert len(_patches(fig, "share")) == 1
    assert len(_patches(fig, "track")) == 2
    assert overlaps(fig) == []


@pytest.mark.filterwarnings("ignore:Glyph .* missing from font")
@pytest.mark.parametrize("text", [*HOSTILE, "$x$ and $y$", "x" * 200])
def test_hostile_persona_names_and_attributes(text: str, tmp_path: Path) -> None:
    people = [
        _persona("a", name=text, share=0.5, attributes={text: 3}),
        _persona("b", name=text, attributes={text: 1}),
    ]
    fig = persona_comparison(people)
    drawn = " ".join(" ".join(t.split()) for t in texts(fig))
    words = " ".join(drawn_text(text).split())
    if len(words) < 40:
        assert words in drawn
    assert overlaps(fig) == []
    assert cut_off(fig) == []
    assert ET.parse(jk.render.save(fig, tmp_path / "p.svg")).getroot().tag.endswith("svg")


@pytest.mark.parametrize("top", [0, -1, True, 2.5])
def test_top_must_be_a_positive_integer(result: Segmentation, top: object) -> None:
    with pytest.raises(ArgumentError, match="top must be a positive integer"):
        persona_comparison(result, top=top)  # type: ignore[arg-type]


def test_no_personas() -> None:
    with pytest.raises(ArgumentError, match="no personas"):
        persona_comparison([])
    with pytest.raises(ArgumentError, match="no personas"):
        persona_comparison(jk.Program(name="Empty"))


def test_the_picture_names_the_personas_and_what_sets_them_apart(result: Segmentation) -> None:
    fig = persona_comparison(result)
    assert fig.title == "Personas side by side: 3 personas of 1,500 people"
    for ident, (_index, row) in zip(result.persona_ids, result.segments.iterrows(), strict=True):
        assert f"{ident}: {row['share']:.0%} of people · {int(row['size']):,} people." in fig.description
    assert fig.description.split("What sets each persona apart: ", 1)[1].rstrip(".").split(
        "; "
    ) == _row_labels(fig)


def test_every_cell_and_share_writes_its_number(result: Segmentation) -> None:
    """Colour is never the only clue: each heatmap cell and each share bar has its number beside it."""
    fig = persona_comparison(result)
    cells = _cell_texts(fig)
    assert len(cells) == len(_patches(fig, "cell:"))
    assert all(text for text in cells.values())
    drawn = texts(fig)
    assert all(f"{share:.0%}" in drawn for share in result.segments["share"])


def test_it_is_a_render_view() -> None:
    assert "persona_comparison" in jk.render.__all__
    assert jk.render.persona_comparison is persona_comparison
