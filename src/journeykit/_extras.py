"""Optional dependencies: import one on the call, or say which extra installs it.

``import journeykit`` imports none of the extras. A function that needs one
calls ``require`` first, so a missing library is a ``MissingDependencyError``
naming the extra (``pip install 'journeykit[plot]'``), never a
``ModuleNotFoundError`` from deep inside.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from journeykit.exceptions import MissingDependencyError

__all__ = ["EXTRAS", "require"]

#: Which extra installs each optional module, and what it is for.
EXTRAS = {
    "matplotlib": ("plot", "drawing pictures"),
    "pygraphviz": ("render", "drawing Graphviz pictures without 'dot' on PATH"),
    "pandas": ("analytics", "event-log analytics"),
    "narwhals": ("analytics", "event-log analytics"),
    "duckdb": ("analytics", "event-log analytics"),
    "pyarrow": ("analytics", "event-log analytics"),
    "sklearn": ("personas", "segmenting people into personas"),
    "hypothesis": ("testing", "the hypothesis strategies of journeykit.testing"),
}


def require(module: str, purpose: str | None = None) -> ModuleType:
    """Import ``module``; a ``MissingDependencyError`` naming its extra if it is not installed.

    Examples
    --------
    >>> from journeykit._extras import require
    >>> require("matplotlib").__name__
    'matplotlib'
    """
    try:
        return importlib.import_module(module)
    except ImportError as error:
        top = module.split(".", 1)[0]
        extra, what = EXTRAS.get(top, ("all", "this"))
        raise MissingDependencyError(
            f"{purpose or what} needs {top}, which is not installed: pip install 'journeykit[{extra}]'"
        ) from error
