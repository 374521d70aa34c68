"""The built-in example programmes (the seed's partner portal)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from journeykit.exceptions import FileAccessError

if TYPE_CHECKING:
    from journeykit.program import Program

__all__ = ["example", "example_path"]

_HERE = Path(__file__).resolve().parent
#: Installed wheels carry the examples inside the package; a source checkout
#: (an editable install) keeps them in the repository's examples/ folder.
_FOLDERS = (_HERE / "_examples", _HERE.parents[1] / "examples")


def example_path(name: str = "partner-portal", *, language: str = "en") -> Path:
    """The path of a built-in example file.

    Parameters
    ----------
    name
        The example's name; ``"partner-portal"`` is the seed's partner portal.
    language
        ``"en"`` for English, ``"es"`` for the Spanish original wording.

    Examples
    --------
    >>> jk.example_path().name
    'partner-portal.yaml'
    >>> jk.example_path(language="es").name
    'partner-portal.es.yaml'
    """
    filename = f"{name}.yaml" if language == "en" else f"{name}.{language}.yaml"
    for folder in _FOLDERS:
        candidate = folder / filename
        if candidate.is_file():
            return candidate
    known = sorted({p.name for folder in _FOLDERS if folder.is_dir() for p in folder.glob("*.yaml")})
    raise FileAccessError(
        f"no built-in example {filename!r}; the examples are: {', '.join(known) or 'none installed'}"
    )


def example(name: str = "partner-portal", *, language: str = "en") -> Program:
    """Load a built-in example programme.

    Examples
    --------
    >>> jk.example().name
    'Partner portal'
    """
    from journeykit.io import load

    return load(example_path(name, language=language))
