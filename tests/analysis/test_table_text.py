"""The plain-text table: whole cells, wrapped, safe on a terminal, headed in the language in force."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

import journeykit as jk
from journeykit._table import CELL_WIDTH, terminal_text


def _backlog(title: str) -> jk.analysis.Backlog:  # type: ignore[name-defined]
    program = jk.Program(
        name="P",
        requirements=[jk.Requirement(id="r", title=title)],
        journeys=[
            jk.Journey(
                id="j",
                name="J",
                stages=[jk.Stage(id="s", name="S", steps=[jk.Step(id="a", name="A", requires=["r"])])],
            )
        ],
    )
    return jk.derive_requirements(program)


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=300).filter(lambda t: t.strip()))
def test_every_word_of_a_cell_is_shown_and_no_control_character_reaches_the_terminal(title: str) -> None:
    text = str(_backlog(title))
    assert all(ch.isprintable() for line in text.splitlines() for ch in line)
    lines = text.splitlines()
    start, end = lines[1].index("title"), lines[1].index("wave")
    shown = " ".join(line[start:end].strip() for line in lines[3:])
    assert " ".join(shown.split()) == terminal_text(title)  # nothing cut, nothing lost


def test_a_long_title_wraps_within_the_cell_width() -> None:
    title = " ".join(["word"] * 40)
    lines = str(_backlog(title)).splitlines()
    start, end = lines[1].index("title"), lines[1].index("wave")
    assert len(lines) > 4  # one row, several lines
    assert all(len(line[start:end].rstrip()) <= CELL_WIDTH for line in lines[3:])
    assert "…" not in "\n".join(lines)


def test_an_id_longer_than_the_cell_width_widens_its_column_and_is_never_broken() -> None:
    long_id = "check-in-kickoff-" * 4 + "call"
    program = jk.Program(
        name="P",
        requirements=[jk.Requirement(id=long_id, title="T")],
        journeys=[
            jk.Journey(
                id="j",
                name="J",
                stages=[jk.Stage(id="s", name="S", steps=[jk.Step(id="a", name="A", requires=[long_id])])],
            )
        ],
    )
    text = str(jk.derive_requirements(program))
    assert re.search(rf"^{long_id}\s", text, flags=re.M)


def test_values_journeykit_defines_are_words_user_text_is_not() -> None:
    priorities = jk.prioritize(jk.example())
    text = str(priorities)
    assert "quick win" in text
    assert re.split(r"\s{2,}", text.splitlines()[1])[-2:] == ["ready", "not met"]
    assert priorities.to_records()[0]["ready"] is True  # data keeps its type
    assert "ready,missing" in priorities.to_csv().splitlines()[0]
