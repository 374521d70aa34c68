"""Names and durations written for readers of observed journeys."""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["human_duration", "unique_slugs"]


def human_duration(seconds: float | None) -> str:
    """A duration for people: the largest unit that keeps the number readable.

    >>> [human_duration(s) for s in (0.25, 42, 90, 7200, 3 * 86400 + 3600, None)]
    ['0.25 s', '42 s', '1.5 min', '2 h', '3.04 d', '-']
    """
    if seconds is None or seconds != seconds:  # None or NaN
        return "-"
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if abs(seconds) >= size:
            return f"{seconds / size:.3g} {unit}"
    return f"{seconds:.3g} s"


_NOT_ID = re.compile(r"[^\w.\-]+")


def unique_slugs(labels: Sequence[str], *, fallback: str = "step") -> dict[str, str]:
    """A valid, unique journeykit Identifier for each label.

    >>> unique_slugs(["Sign up!", "sign up", "", "-x-"])
    {'Sign up!': 'sign-up', 'sign up': 'sign-up-2', '': 'step', '-x-': 'x'}
    """
    result: dict[str, str] = {}
    taken: set[str] = set()
    for label in labels:
        base = _NOT_ID.sub("-", label.strip().lower()).strip("-.")[:190] or fallback
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        result[label] = slug
    return result
