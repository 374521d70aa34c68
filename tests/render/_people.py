"""Segmentations of synthetic people for the picture tests, made once a session (segmenting takes seconds)."""

from __future__ import annotations

import functools

import journeykit as jk
from journeykit.personas import Segmentation
from journeykit.testing import synthetic_people

#: Names for the informative features of ``synthetic_people``: markup, mathtext, a very long name,
#: a line break, right-to-left text.
HOSTILE_NAMES = {
    "age": r"$\alpha$ age",
    "deals_per_quarter": "<b>deals</b> & <script>x</script>",
    "visits_per_month": "visits " + "a very long feature name " * 10,
    "certified": "costs $5 and $10",
    "mobile": "two\nlines",
    "region": "emoji 🚀 region",
    "tier": "עברית tier",
}


@functools.cache
def planted() -> Segmentation:
    """1,500 people of three planted segments, in three personas."""
    return jk.personas.segment(synthetic_people(1500, k=3, seed=4).frame, id="user", k=3, seed=0)


@functools.cache
def hostile() -> Segmentation:
    """The same people with hostile feature names (``HOSTILE_NAMES``) and levels of tier."""
    frame = synthetic_people(1500, k=3, seed=4).frame
    frame["tier"] = frame["tier"].map(
        {"gold": "$gold$", "silver": "<i>silver</i>", "registered": "r" * 90, "platinum": "platinum"},
        na_action="ignore",
    )
    return jk.personas.segment(frame.rename(columns=HOSTILE_NAMES), id="user", k=3, seed=0)
