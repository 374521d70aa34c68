"""The persona card: who the persona is, what they want, what hurts, in their own words."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from journeykit._args import persona_of, program_of
from journeykit._i18n import N_, _, language_of, use_language
from journeykit._text import drawn_text
from journeykit.render._fit import LINESPACING, TextFitter, draw_text, text_height
from journeykit.render._persona_words import (
    ORGANIZATION_WORDS,
    WORDS,
    card_description,
    initials_of,
    people_line,
    rows_text,
    value_text_of,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from journeykit.journeys import Journey
    from journeykit.personas import Persona, PersonaSource
    from journeykit.program import Program
    from journeykit.render._picture import Picture

__all__ = ["persona_card"]

#: The card is this wide, in inches; it grows in height with its content.
CARD_INCHES = 8.5
MARGIN = 0.35
GUTTER = 0.35
COLUMN_INCHES = (CARD_INCHES - 2 * MARGIN - GUTTER) / 2
AVATAR_INCHES = 0.95
INK = "#263238"
MUTED = "#546e7a"
#: The avatar's colour and the badge's word of each organisation (the word says
#: it; the colour only repeats it).
_ORGANIZATIONS = {"partner": "#00695c", "customer": "#5e35b1", "internal": "#6d4c41"}
#: (title, colour) of the sections, in the order they fill the two columns; each
#: section is named in words, so its colour is decoration, never the only clue.
_SECTIONS = {
    "goals": (N_("Goals"), "#2e7d32"),
    "challenges": (N_("Challenges and pains"), "#c62828"),
    "motivations": (N_("Motivations"), "#b34700"),
    "responsibilities": (N_("Responsibilities"), "#1565c0"),
    "channels": (N_("Preferred channels"), "#6a1b9a"),
    "attributes": (N_("Attributes"), "#455a64"),
    "journeys": (N_("Journeys"), "#00695c"),
}

#: Attributes alone on a card (a draft from data) fill both columns from this many on.
ATTRIBUTES_SPLIT = 4
#: The share bar in the header, in inches.
SHARE_BAR_INCHES = 1.8
SHARE_BAR_HEIGHT = 0.08

#: A drawing step: called with the axes and the top-left corner (inches) of its block.
Draw = Callable[["Axes", float, float], None]


def persona_card(
    persona: Persona | str, *, program: Program | None = None, language: str | None = None
) -> Picture:
    """The card of ``persona`` (a ``Persona``, or its id with ``program=``) as a ``Picture``.

    A header with the name, role and organisation, and for a persona made
    from data the part of the population it stands for ("18% of people ·
    1,812 people", with a bar as long as the share); the portrait
    (``description``); the quotes, highlighted; then two columns of
    sections: goals, challenges (the pains), motivations, responsibilities,
    preferred channels and the free attributes as key and value (numbers to
    three significant digits, with thousands separators from 10,000 on, so
    a year stays 2019; booleans as yes or no). Give ``program`` to add the
    journeys the persona takes part in (as a journey persona or on any
    step; filled bullets for future journeys, hollow for current ones). A
    persona with a ``source`` ends in a line saying how it was made. Empty
    sections are left out.

    The card is 8.5 inches wide. Text is measured with the font it is drawn
    in and wraps at whole words (a word too long for a line is broken), so
    the card grows in height with its content and nothing overprints or
    runs off its edge. Runs of spaces show as one space.

    The card's own words (section titles, the share line) are in
    ``language`` (a BCP 47 tag), else the programme's ``language``, else
    English; the persona's own text is drawn as written. A ``Picture`` is a
    matplotlib ``Figure`` with a title and a description for screen readers,
    that shows itself in a notebook and saves itself (``card.save("card.svg")``).
    Needs matplotlib (``pip install 'journeykit[plot]'``).

    Examples
    --------
    >>> portal = jk.example()
    >>> card = jk.render.persona_card("sales-manager", program=portal)
    >>> card.title
    'Persona: Sales manager'
    >>> print(card.description)
    Sales manager: Sales manager at a partner company (partner). Stands for 50% of the people.
    4 goals. 5 challenges. Takes part in 4 journeys.
    >>> float(card.get_figwidth())
    8.5
    >>> jk.render.persona_card("sales-manager", program=portal, language="es").title
    'Persona: Sales manager'
    >>> spanish = jk.render.persona_card(portal.personas[0], language="es")
    >>> "OBJETIVOS" in [t.get_text() for t in spanish.axes[0].texts]
    True
    """
    persona = persona_of(persona, program, "persona_card")
    if program is not None:
        program_of(program, "persona_card")
    with use_language(language_of(language, program)):
        return _draw(persona, program)


def _draw(persona: Persona, program: Program | None) -> Picture:
    from journeykit._extras import require

    require("matplotlib")
    from journeykit.render._picture import Picture

    fit = TextFitter()
    blocks: list[tuple[float, Draw]] = [_header(persona, fit)]
    if persona.description:
        blocks.append(_portrait(persona.description, fit))
    if persona.quotes:
        blocks.append(_quotes(persona.quotes, fit))
    sections = _sections(persona, program, fit)
    if sections:
        blocks.append(_columns(sections))
    source = _source(persona.source, fit) if persona.source is not None else None
    if source is not None:
        blocks.append(source)
    height = sum(h for h, _draw_block in blocks) + (MARGIN if len(blocks) > 1 else 0.0)

    fig = Picture(
        figsize=(CARD_INCHES, height),
        title=_("Persona: {name}").format(name=drawn_text(persona.name, one_line=True)),
        description=card_description(persona, len(_journeys(persona, program)) if program else 0),
    )
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, CARD_INCHES)
    ax.set_ylim(height, 0)
    ax.set_axis_off()
    y = 0.0
    for block_height, draw in blocks:
        draw(ax, 0.0, y)
        y += block_height
    return fig


# -- the blocks, top to bottom -------------------------------------------------------------------


def _header(persona: Persona, fit: TextFitter) -> tuple[float, Draw]:
    from matplotlib.patches import Circle, Rectangle

    badge = _(ORGANIZATION_WORDS.get(persona.organization, persona.organization)).upper()
    badge_inches = fit.width(badge, 8, "bold") + 0.3
    left = MARGIN + AVATAR_INCHES + 0.3
    text_inches = CARD_INCHES - left - MARGIN - badge_inches - 0.25
    name = fit.wrap(persona.name, text_inches, 17, "bold")
    role = fit.wrap(persona.role, text_inches, 10.5) if persona.role else ""
    people = fit.wrap(people_line(persona.share, persona.size), text_inches, 10, "bold")
    words = text_height(name, 17) + (0.08 + text_height(role, 10.5) if role else 0.0)
    people_top = words + 0.1
    if people:
        words = (
            people_top
            + text_height(people, 10)
            + (0.04 + SHARE_BAR_HEIGHT if persona.share is not None else 0)
        )
    height = max(AVATAR_INCHES, words) + 0.6

    def draw(ax: Axes, x: float, y: float) -> None:
        ax.add_patch(Rectangle((x, y), CARD_INCHES, height, facecolor=INK, edgecolor="none"))
        colour = _ORGANIZATIONS.get(persona.organization, MUTED)
        centre = (x + MARGIN + AVATAR_INCHES / 2, y + height / 2)
        ax.add_patch(Circle(centre, AVATAR_INCHES / 2, facecolor=colour, edgecolor="white", linewidth=2))
        initials = initials_of(persona.name)
        if initials:
            ax.text(
                *centre,
                initials,
                color="white",
                fontsize=20,
                fontweight="bold",
                ha="center",
                va="center",
                parse_math=False,
            )
        top = y + (height - words) / 2
        draw_text(ax, left, top, name, 17, color="white", fontweight="bold")
        if role:
            draw_text(ax, left, top + text_height(name, 17) + 0.08, role, 10.5, color="#cfd8dc")
        if people:
            draw_text(ax, left, top + people_top, people, 10, color="white", fontweight="bold")
        if people and persona.share is not None:
            bar_top = top + people_top + text_height(people, 10) + 0.04
            ax.add_patch(
                Rectangle(
                    (left, bar_top), SHARE_BAR_INCHES, SHARE_BAR_HEIGHT, facecolor=MUTED, edgecolor="none"
                )
            )
            ax.add_patch(
                Rectangle(
                    (left, bar_top),
                    SHARE_BAR_INCHES * persona.share,
                    SHARE_BAR_HEIGHT,
                    facecolor=colour,
                    edgecolor="none",
                    label="share",
                )
            )
        ax.text(
            x + CARD_INCHES - MARGIN,
            y + 0.3,
            badge,
            fontsize=8,
            fontweight="bold",
            color="white",
            ha="right",
            va="top",
            bbox={"boxstyle": "round,pad=0.4", "facecolor": colour, "edgecolor": "white", "linewidth": 0.8},
        )

    return height, draw


def _portrait(description: str, fit: TextFitter) -> tuple[float, Draw]:
    text = fit.wrap(description, CARD_INCHES - 2 * MARGIN, 10.5, style="italic")
    height = 0.3 + text_height(text, 10.5)

    def draw(ax: Axes, x: float, y: float) -> None:
        draw_text(ax, x + MARGIN, y + 0.3, text, 10.5, color=INK, style="italic")

    return height, draw


def _quotes(quotes: tuple[str, ...], fit: TextFitter) -> tuple[float, Draw]:
    from matplotlib.patches import Rectangle

    indent = 0.6
    wrapped = [
        fit.wrap(f"“{drawn_text(q).strip()}”", CARD_INCHES - 2 * MARGIN - indent - 0.2, 11.5, style="italic")
        for q in quotes
    ]
    gap = 0.12
    inner = sum(text_height(q, 11.5) for q in wrapped) + gap * (len(wrapped) - 1)
    box = inner + 0.36
    height = 0.3 + box

    def draw(ax: Axes, x: float, y: float) -> None:
        top = y + 0.3
        width = CARD_INCHES - 2 * MARGIN
        ax.add_patch(Rectangle((x + MARGIN, top), width, box, facecolor="#fff8e1", edgecolor="none"))
        ax.add_patch(Rectangle((x + MARGIN, top), 0.07, box, facecolor="#ffb300", edgecolor="none"))
        ax.text(x + MARGIN + 0.17, top + 0.08, "“", fontsize=34, color="#ffb300", va="top", fontweight="bold")
        line_top = top + 0.18
        for quote in wrapped:
            draw_text(ax, x + MARGIN + indent, line_top, quote, 11.5, color="#4e342e", style="italic")
            line_top += text_height(quote, 11.5) + gap

    return height, draw


@dataclass
class _Section:
    key: str
    height: float = 0.0
    parts: list[tuple[float, Draw]] = field(default_factory=list)

    def add(self, height: float, draw: Draw) -> None:
        self.parts.append((self.height, draw))
        self.height += height

    def draw(self, ax: Axes, x: float, y: float) -> None:
        for offset, part in self.parts:
            part(ax, x, y + offset)


def _sections(persona: Persona, program: Program | None, fit: TextFitter) -> list[_Section]:
    lists = {
        "goals": persona.goals,
        "challenges": persona.challenges,
        "motivations": persona.motivations,
        "responsibilities": persona.responsibilities,
    }
    sections = [_bullets(key, items, fit) for key, items in lists.items() if items]
    if persona.channels:
        sections.append(_chips(persona.channels, fit))
    journeys = _journeys(persona, program) if program is not None else []
    if persona.attributes:
        pairs = list(persona.attributes.items())
        if sections or journeys or len(pairs) < ATTRIBUTES_SPLIT:
            sections.append(_pairs(pairs, fit))
        else:  # attributes alone (a draft from data): half in each column
            half = (len(pairs) + 1) // 2
            key_inches = _key_inches(pairs, fit)
            sections.append(_pairs(pairs[:half], fit, key_inches))
            sections.append(_pairs(pairs[half:], fit, key_inches, continued=True))
    if journeys:
        section = _bullets(
            "journeys", [j.name for j in journeys], fit, [j.state == "future" for j in journeys]
        )

        def key(ax: Axes, x: float, y: float) -> None:
            ax.text(
                x + COLUMN_INCHES,
                y,
                _("○ current   ● future"),
                fontsize=8,
                color=MUTED,
                ha="right",
                va="top",
            )

        section.parts.append((0.0, key))
        sections.append(section)
    return sections


def _title(key: str, continued: bool = False) -> tuple[_Section, str]:
    """A section with its title; a ``continued`` one (the second column of a split section)
    has the rule alone."""
    message, colour = _SECTIONS[key]
    title = _(message)
    section = _Section(key)

    def draw(ax: Axes, x: float, y: float) -> None:
        if not continued:
            ax.text(x, y, title.upper(), fontsize=9.5, fontweight="bold", color=colour, va="top", ha="left")
        ax.plot([x, x + COLUMN_INCHES], [y + 0.24, y + 0.24], color=colour, linewidth=1.2)

    section.add(0.36, draw)
    return section, colour


def _bullets(
    key: str, items: tuple[str, ...] | list[str], fit: TextFitter, filled: list[bool] | None = None
) -> _Section:
    """A titled list; ``filled`` (one flag an item) draws hollow bullets where it is false."""
    section, colour = _title(key)
    for n, item in enumerate(items):
        text = fit.wrap(item, COLUMN_INCHES - 0.22, 9.5)
        face = colour if filled is None or filled[n] else "white"

        def draw(ax: Axes, x: float, y: float, text: str = text, face: str = face) -> None:
            marker = 4.5 if face == "white" else 3.5
            ax.plot(
                [x + 0.06], [y + 0.075], marker="o", markersize=marker, color=colour, markerfacecolor=face
            )
            draw_text(ax, x + 0.22, y, text, 9.5, color=INK)

        section.add(text_height(text, 9.5) + 0.09, draw)
    return section


def _chips(channels: tuple[str, ...], fit: TextFitter) -> _Section:
    from matplotlib.patches import FancyBboxPatch

    section, colour = _title("channels")
    pad, gap, size = 0.09, 0.1, 9.0
    rows: list[list[tuple[str, float]]] = [[]]
    used = 0.0
    for channel in channels:
        text = fit.wrap(channel, COLUMN_INCHES - 2 * pad, size)
        width = max(fit.width(line, size) for line in text.split("\n")) + 2 * pad
        if rows[-1] and used + gap + width > COLUMN_INCHES:
            rows.append([])
            used = 0.0
        used += (gap if rows[-1] else 0.0) + width
        rows[-1].append((text, width))
    for row in rows:
        height = max(text_height(text, size) for text, _width in row) + 0.1

        def draw(
            ax: Axes, x: float, y: float, row: list[tuple[str, float]] = row, height: float = height
        ) -> None:
            left = x
            for text, width in row:
                ax.add_patch(
                    FancyBboxPatch(
                        (left, y),
                        width,
                        height,
                        boxstyle="round,pad=0,rounding_size=0.08",
                        facecolor="#f3e5f5",
                        edgecolor=colour,
                        linewidth=0.8,
                    )
                )
                ax.text(
                    left + pad,
                    y + height / 2,
                    text,
                    fontsize=size,
                    va="center",
                    ha="left",
                    linespacing=LINESPACING,
                    color="#4a148c",
                    parse_math=False,
                )
                left += width + gap

        section.add(height + gap, draw)
    return section


def _pairs(
    pairs: Sequence[tuple[str, object]],
    fit: TextFitter,
    key_inches: float | None = None,
    continued: bool = False,
) -> _Section:
    section, _colour = _title("attributes", continued)
    if key_inches is None:
        key_inches = _key_inches(pairs, fit)
    for key, value in pairs:
        key_text = fit.wrap(key, key_inches - 0.1, 9.5, "bold")
        value_text = fit.wrap(value_text_of(value), COLUMN_INCHES - key_inches, 9.5)

        def draw(ax: Axes, x: float, y: float, k: str = key_text, v: str = value_text) -> None:
            draw_text(ax, x, y, k, 9.5, color=MUTED, fontweight="bold")
            draw_text(ax, x + key_inches, y, v, 9.5, color=INK)

        section.add(max(text_height(key_text, 9.5), text_height(value_text, 9.5)) + 0.09, draw)
    return section


def _key_inches(pairs: Sequence[tuple[str, object]], fit: TextFitter) -> float:
    """The keys' column: as wide as the widest key needs, from 0.9 inches to half the column."""
    widest = max(fit.width(drawn_text(key, one_line=True), 9.5, "bold") for key, _value in pairs)
    return min(max(widest + 0.15, 0.9), COLUMN_INCHES / 2)


def _columns(sections: list[_Section]) -> tuple[float, Draw]:
    """Two columns of sections; each section goes to the shorter column, in order."""
    columns: list[list[tuple[float, _Section]]] = [[], []]
    heights = [0.0, 0.0]
    spacing = 0.25
    for section in sections:
        side = 0 if heights[0] <= heights[1] else 1
        columns[side].append((heights[side], section))
        heights[side] += section.height + spacing
    height = 0.35 + max(heights) - spacing

    def draw(ax: Axes, x: float, y: float) -> None:
        for side, column in enumerate(columns):
            left = x + MARGIN + side * (COLUMN_INCHES + GUTTER)
            for offset, section in column:
                section.draw(ax, left, y + 0.35 + offset)

    return height, draw


def _source(source: PersonaSource, fit: TextFitter) -> tuple[float, Draw] | None:
    """A quiet last line: the data, rows, method, k, quality and date the persona was made from
    (``None`` when the source says none of them)."""
    parts = []
    if source.data:
        parts.append(drawn_text(source.data, one_line=True))
    if source.rows is not None:
        parts.append(rows_text(source.rows))
    if source.method:
        parts.append(drawn_text(source.method, one_line=True))
    if source.k is not None:
        parts.append(_(WORDS["k"]).format(k=source.k))
    if source.seed is not None:
        parts.append(_(WORDS["seed"]).format(seed=source.seed))
    parts.extend(
        f"{drawn_text(name, one_line=True)} {value_text_of(value)}" for name, value in source.quality.items()
    )
    if source.date is not None:
        parts.append(source.date.isoformat())
    if not parts:
        return None
    text = fit.wrap(_(WORDS["source"]).format(parts=" · ".join(parts)), CARD_INCHES - 2 * MARGIN, 8.5)
    height = 0.25 + text_height(text, 8.5)

    def draw(ax: Axes, x: float, y: float) -> None:
        ax.plot([x + MARGIN, x + CARD_INCHES - MARGIN], [y + 0.1, y + 0.1], color="#cfd8dc", linewidth=0.8)
        draw_text(ax, x + MARGIN, y + 0.2, text, 8.5, color=MUTED)

    return height, draw


def _journeys(persona: Persona, program: Program) -> list[Journey]:
    return [
        j
        for j in program.journeys
        if persona.id in j.personas or any(persona.id in step.personas for step in j.steps)
    ]
