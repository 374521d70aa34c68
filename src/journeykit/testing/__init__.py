"""Tools for testing code that uses journeykit, and for trying it at scale.

``programs()`` and friends are `hypothesis <https://hypothesis.readthedocs.io>`_
strategies (install ``journeykit[testing]``); ``synthetic_program()`` needs
nothing beyond journeykit, and ``synthetic_events()`` needs pandas.
"""

from journeykit.testing._events import synthetic_events
from journeykit.testing._strategies import identifiers, programs, texts
from journeykit.testing._synthetic import synthetic_program

__all__ = ["identifiers", "programs", "synthetic_events", "synthetic_program", "texts"]
