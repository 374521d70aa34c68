"""Tools for testing code that uses journeykit, and for trying it at scale.

``programs()`` and friends are `hypothesis <https://hypothesis.readthedocs.io>`_
strategies (install ``journeykit[testing]``); ``synthetic_program()`` needs
nothing beyond journeykit.
"""

from journeykit.testing._strategies import identifiers, programs, texts
from journeykit.testing._synthetic import synthetic_program

__all__ = ["identifiers", "programs", "synthetic_program", "texts"]
