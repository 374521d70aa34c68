"""Public names that a package imports on first use (PEP 562).

``import journeykit`` and ``import journeykit.analytics`` stay quick this way:
the model (pydantic), the files (PyYAML) and the analyses are imported when a
name that needs them is first reached, not when the package is. Type checkers
and the API docs read the same names from an ``if TYPE_CHECKING:`` block.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Collection, Mapping
from typing import Any

__all__ = ["lazy_names"]


def lazy_names(
    package: str, names: Mapping[str, str], submodules: Collection[str] = ()
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """A module ``__getattr__`` and ``__dir__`` for ``package``.

    ``names`` maps each public name to the module that defines it;
    ``submodules`` are the package's own modules reached as attributes
    (``jk.io``). A name, once looked up, is stored in the package, so later
    look-ups do not come back here.

    >>> import sys, types
    >>> sys.modules["example"] = types.ModuleType("example")
    >>> getattr_, dir_ = lazy_names("example", {"dedent": "textwrap"})
    >>> getattr_("dedent")("  indented")
    'indented'
    >>> "dedent" in dir_()
    True
    >>> getattr_("nothing")
    Traceback (most recent call last):
    AttributeError: module 'example' has no attribute 'nothing'
    """

    def __getattr__(name: str) -> Any:
        if name in submodules:
            return importlib.import_module(f"{package}.{name}")
        module = names.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:
        return sorted({*vars(sys.modules[package]), *names, *submodules})

    return __getattr__, __dir__
