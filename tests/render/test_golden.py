"""Text views of the example, byte for byte, against files reviewed by hand.

A change to DOT or Mermaid output shows up here as a diff to read. When the
change is meant, write the files again with ``JOURNEYKIT_UPDATE_GOLDEN=1
pytest tests/render/test_golden.py`` and review the diff before committing.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

import journeykit as jk

GOLDEN = Path(__file__).parents[1] / "data" / "golden"

VIEWS: dict[str, Callable[[], str]] = {
    "traceability-deal-registration-future.dot": lambda: (
        jk.render.traceability(jk.example(), journey="deal-registration-future").source
    ),
    "journey-onboarding-future.mmd": lambda: jk.to_mermaid(jk.example().journey("onboarding-future")),
    "journey-onboarding-future.es.mmd": lambda: jk.to_mermaid(
        jk.example(language="es").journey("onboarding-future")
    ),
    "blueprint-deal-registration-future.mmd": lambda: jk.render.blueprint_to_mermaid(
        jk.example().journey("deal-registration-future")
    ),
}


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_text_views_match_their_golden_file(name: str) -> None:
    text = VIEWS[name]()
    path = GOLDEN / name
    if os.environ.get("JOURNEYKIT_UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8", newline="\n")
    assert text == path.read_text(encoding="utf-8")


def test_every_golden_file_is_checked() -> None:
    assert sorted(p.name for p in GOLDEN.iterdir()) == sorted(VIEWS)
