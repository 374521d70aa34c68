"""The "did you mean" of error messages."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["closest"]


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate most like ``word``, or None when nothing is close.

    >>> closest("parter-sso", ["partner-sso", "deal-form"])
    'partner-sso'
    >>> closest("zzz", ["partner-sso"]) is None
    True
    """
    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return matches[0] if matches else None
