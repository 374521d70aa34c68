"""The shared pydantic base and the constrained types every model uses."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PlainSerializer, Strict, StringConstraints

__all__ = ["Amount", "Identifier", "JourneyModel", "Language", "Number", "Ref", "Score", "Text", "Texts"]


class JourneyModel(BaseModel):
    """Base of every journeykit model: immutable, and unknown keys are errors.

    Change a model with ``model_copy(update=...)``; validation of the whole
    programme happens when the ``Program`` is built.
    """

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
    )
    # List fields are typed as tuples (pydantic converts lists in its default
    # lax mode), so a model never changes under an analysis that holds it.


#: An id: letters, digits, ``_``, ``.`` and ``-``; it may not contain ``:``
#: or ``/``, which journeykit uses to namespace ids (``step:journey/step``).
Identifier = Annotated[
    str,
    StringConstraints(pattern=r"^\w[\w.\-]*$", min_length=1, max_length=200),
]

#: A reference to another entity, written as its graph node key:
#: ``journey:ID``, ``use_case:ID``, ``stage:JOURNEY/STAGE`` or ``step:JOURNEY/STEP``.
#: The form is checked here; which kinds a field accepts, and whether the
#: entity exists, is checked with the whole programme.
Ref = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z_]+:\w[\w.\-]*(?:/\w[\w.\-]*)?$", max_length=401),
]

#: A 1-5 integer score (emotion, impact, ease). Booleans and floats are refused.
Score = Annotated[int, Strict(), Field(ge=1, le=5)]


def _compact(value: float) -> float | int:
    """Write whole numbers without '.0' (``effort: 5``, not ``effort: 5.0``)."""
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


#: A finite number (a metric target). Booleans are refused; ints are fine.
Number = Annotated[float, Strict(), Field(allow_inf_nan=False), PlainSerializer(_compact, when_used="json")]

#: A finite, non-negative quantity (effort).
Amount = Annotated[Number, Field(ge=0)]


def _language_tag(tag: str) -> str:
    if len(tag) > 35 or not re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*", tag):
        raise ValueError(f"not a BCP 47 language tag: {tag[:40]!r} (for example 'en', 'es' or 'es-ES')")
    return tag


#: A BCP 47 language tag: 'es', 'en-GB', 'pt-BR', 'zh-Hant'.
Language = Annotated[str, AfterValidator(_language_tag)]

#: A non-empty line of user text.
Text = Annotated[str, StringConstraints(min_length=1)]

#: A list of texts, stored as a tuple.
Texts = tuple[Text, ...]
