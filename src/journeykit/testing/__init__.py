"""Tools for testing code that uses journeykit, and for trying it at scale.

``programs()`` and friends are `hypothesis <https://hypothesis.readthedocs.io>`_
strategies (install ``journeykit[testing]``); ``synthetic_program()`` needs
nothing beyond journeykit, and ``synthetic_events()`` and ``synthetic_people()``
need pandas.
"""

from journeykit.testing._events import synthetic_events
from journeykit.testing._people import PlantedPeople, synthetic_people
from journeykit.testing._strategies import identifiers, programs, texts
from journeykit.testing._synthetic import synthetic_program

__all__ = [
    "PlantedPeople",
    "identifiers",
    "programs",
    "synthetic_events",
    "synthetic_people",
    "synthetic_program",
    "texts",
]
