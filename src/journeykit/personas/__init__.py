"""Personas: the actors who go through journeys, and the segments of real people behind them.

``Persona`` is the model. The functions make personas from data and tie them
to the programme:

- ``segment`` divides people (survey answers, CRM attributes, product usage)
  into segments and drafts a persona for each; it needs scikit-learn
  (``pip install 'journeykit[personas]'``);
- ``behaviour`` turns an event log into the user x activity matrix that
  ``segment(..., method="nmf")`` takes;
- ``coverage`` holds the personas against the journeys of a programme.

They are imported on first use, so ``import journeykit`` stays light.
"""

from typing import TYPE_CHECKING, Any

from journeykit.personas._persona import AttributeValue, Organization, Persona, PersonaSource, Share

if TYPE_CHECKING:
    from journeykit.personas._behaviour import behaviour
    from journeykit.personas._coverage import Coverage, coverage
    from journeykit.personas._segment import segment
    from journeykit.personas._segmentation import Segmentation

#: Public name -> the module that defines it, imported when the name is first used.
#: The modules are private, so importing one never hides a function of the same name.
_LAZY = {
    "segment": "journeykit.personas._segment",
    "Segmentation": "journeykit.personas._segmentation",
    "behaviour": "journeykit.personas._behaviour",
    "coverage": "journeykit.personas._coverage",
    "Coverage": "journeykit.personas._coverage",
}


def __getattr__(name: str) -> Any:
    import importlib

    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'journeykit.personas' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "AttributeValue",
    "Coverage",
    "Organization",
    "Persona",
    "PersonaSource",
    "Segmentation",
    "Share",
    "behaviour",
    "coverage",
    "segment",
]
