"""The one calling convention, checked in one place.

Every view and analysis of one journey takes the journey first: a
``Journey``, or its id together with ``program=``. Every function about the
whole programme takes the programme first. Event analyses take the events
first, then the journey the same way. A wrong argument is an
``ArgumentError`` that shows the call that works, never an ``AttributeError``
from deep inside.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from journeykit.exceptions import ArgumentError

if TYPE_CHECKING:
    from journeykit.journeys import Journey
    from journeykit.personas import Persona
    from journeykit.program import Program

__all__ = ["journey_of", "persona_of", "program_of"]


def journey_of(journey: Journey | str, program: Program | None, function: str) -> Journey:
    """``journey`` as a ``Journey``: itself, or the programme's journey with that id.

    Examples
    --------
    >>> from journeykit._args import journey_of
    >>> journey_of("onboarding-future", jk.example(), "blueprint").id
    'onboarding-future'
    >>> journey_of("onboarding-future", None, "blueprint")
    Traceback (most recent call last):
    ...
    journeykit.exceptions.ArgumentError: blueprint('onboarding-future') needs the programme ...:
    blueprint('onboarding-future', program=program)
    >>> journey_of(jk.example(), None, "to_mermaid")
    Traceback (most recent call last):
    ...
    journeykit.exceptions.ArgumentError: to_mermaid takes a Journey, or a journey id with program=, ...:
    to_mermaid('onboarding-current', program=program)
    """
    from journeykit.journeys import Journey
    from journeykit.program import Program

    if isinstance(journey, Journey):
        return journey
    if isinstance(journey, str):
        if program is None:
            raise ArgumentError(
                f"{function}({journey!r}) needs the programme to look the journey up in: "
                f"{function}({journey!r}, program=program)"
            )
        program_of(program, function)
        return program.journey(journey)
    if isinstance(journey, Program):
        example = journey.journeys[0].id if journey.journeys else "JOURNEY-ID"
        raise ArgumentError(
            f"{function} takes a Journey, or a journey id with program=, not a Program: "
            f"{function}({example!r}, program=program)"
        )
    raise ArgumentError(f"{function} takes a Journey, or a journey id with program=, not {_kind(journey)}")


def persona_of(persona: Persona | str, program: Program | None, function: str) -> Persona:
    """``persona`` as a ``Persona``: itself, or the programme's persona with that id."""
    from journeykit.personas import Persona

    if isinstance(persona, Persona):
        return persona
    if isinstance(persona, str):
        if program is None:
            raise ArgumentError(
                f"{function}({persona!r}) needs the programme to look the persona up in: "
                f"{function}({persona!r}, program=program)"
            )
        program_of(program, function)
        return program.persona(persona)
    raise ArgumentError(f"{function} takes a Persona, or a persona id with program=, not {_kind(persona)}")


def program_of(program: Any, function: str, name: str = "program") -> Program:
    """``program`` if it is a ``Program``; an ``ArgumentError`` naming what it is otherwise."""
    from journeykit.program import Program

    if not isinstance(program, Program):
        hint = " (load one with jk.load(path))" if isinstance(program, str) else ""
        raise ArgumentError(f"{function}: {name} must be a Program, not {_kind(program)}{hint}")
    return program


def _kind(value: object) -> str:
    name = type(value).__name__
    return f"a {name}" if name[0].lower() not in "aeiou" else f"an {name}"
