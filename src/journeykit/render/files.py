"""One ``save`` for every view: DOT and Mermaid text, SVG, PNG and PDF pictures."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

from journeykit.exceptions import JourneyKitError, MissingDependencyError, UnsupportedFormatError

__all__ = ["MissingRendererError", "save"]

_PICTURES = {".svg": "svg", ".png": "png", ".pdf": "pdf"}


class MissingRendererError(MissingDependencyError):
    """No Graphviz to turn DOT into a picture: neither ``dot`` on PATH nor pygraphviz."""


def save(view: Any, path: str | os.PathLike[str]) -> Path:
    """Write a view to ``path``; the suffix chooses the format.

    - Graphviz views (``traceability``, ``flow``): ``.dot`` for the DOT text,
      or ``.svg``, ``.png``, ``.pdf`` rendered with Graphviz: ``dot`` on PATH
      when there is one, otherwise the pygraphviz wheel (``pip install
      'journeykit[render]'``), which carries Graphviz inside. The SVG carries
      the diagram's title and description (``Diagram.to_svg``).
    - Mermaid text (``to_mermaid``, ``blueprint_to_mermaid``): ``.mmd``; a
      ``Journey`` saved as ``.mmd`` is written as ``to_mermaid(journey)``.
    - Pictures (``journey_map``, ``blueprint`` and the other matplotlib
      views): ``.svg`` (text as text, with ``<title>`` and ``<desc>``),
      ``.png`` (100 dpi) or ``.pdf``.

    The same view gives the same bytes: no dates and no random ids, Graphviz's
    SVG has no timestamps, and the creation date Cairo writes into a PDF is
    set to 1970-01-01. Writing is atomic, as for programme files.

    Examples
    --------
    >>> portal = jk.example()
    >>> dot = jk.render.traceability(portal, journey="onboarding-future")
    >>> jk.render.save(dot, tmp_path / "trace.dot").read_text(encoding="utf-8").startswith("digraph")
    True
    >>> journey = portal.journey("onboarding-future")
    >>> jk.render.save(journey, tmp_path / "j.mmd").read_text(encoding="utf-8") == jk.to_mermaid(journey)
    True
    """
    from journeykit.io._atomic import atomic_write

    target = Path(path)
    suffix = target.suffix.lower()
    from journeykit.journeys import Journey

    if isinstance(view, Journey):
        if suffix != ".mmd":
            raise UnsupportedFormatError(
                f"a journey is saved as .mmd (its Mermaid text), not {suffix or '(no suffix)'!r}; "
                "save a picture of it instead, such as journey_map(journey)",
                file=str(target),
            )
        from journeykit.render.mermaid import to_mermaid

        payload = to_mermaid(view).encode("utf-8")
    elif isinstance(view, str):
        if suffix != ".mmd":
            raise UnsupportedFormatError(
                f"a text view is saved as .mmd, not {suffix or '(no suffix)'!r}", file=str(target)
            )
        payload = view.encode("utf-8")
    elif hasattr(view, "source") and hasattr(view, "pipe"):  # a graphviz.Digraph
        if suffix == ".dot":
            payload = view.source.encode("utf-8")
        elif suffix == ".svg" and callable(getattr(view, "to_svg", None)):  # a Diagram: with its title
            payload = view.to_svg().encode("utf-8")
        elif suffix in _PICTURES:
            payload = render_dot(view.source, _PICTURES[suffix])
        else:
            raise UnsupportedFormatError(
                f"a Graphviz view is saved as .dot, .svg, .png or .pdf, not {suffix or '(no suffix)'!r}",
                file=str(target),
            )
    elif hasattr(view, "savefig"):  # a matplotlib Figure
        if suffix not in _PICTURES:
            raise UnsupportedFormatError(
                f"a figure is saved as .svg, .png or .pdf, not {suffix or '(no suffix)'!r}", file=str(target)
            )
        payload = _figure_bytes(view, _PICTURES[suffix])
    else:
        raise UnsupportedFormatError(f"cannot save a {type(view).__name__}", file=str(target))
    atomic_write(target, payload)
    return target


def _figure_bytes(figure: Any, fmt: str) -> bytes:
    """A figure's bytes with no date or random id in them; see ``_picture.figure_bytes``."""
    from journeykit.render._picture import figure_bytes

    return figure_bytes(figure, fmt)


def render_dot(source: str, fmt: str) -> bytes:
    """DOT text rendered by Graphviz as ``fmt`` (svg, png or pdf), deterministically."""
    executable = shutil.which("dot")
    if executable is not None:
        done = subprocess.run(
            [executable, f"-T{fmt}"], input=source.encode("utf-8"), capture_output=True, check=False
        )
        if done.returncode != 0:
            raise JourneyKitError(
                f"Graphviz could not draw the graph: {done.stderr.decode(errors='replace')}"
            )
        data = done.stdout
    else:
        try:
            import pygraphviz
        except ImportError:
            raise MissingRendererError(
                "drawing a picture needs Graphviz: pip install 'journeykit[render]' "
                "(pygraphviz, with Graphviz inside), or install Graphviz so that 'dot' is on PATH; "
                "save as .dot to get the text"
            ) from None
        data = pygraphviz.AGraph(string=source).draw(format=fmt, prog="dot")
    return _without_dates(data) if fmt == "pdf" else data


def _without_dates(pdf: bytes) -> bytes:
    # Same length in, same length out, so the PDF's cross-reference offsets stay right.
    return re.sub(
        rb"/(CreationDate|ModDate) \(D:\d{14}",
        lambda m: b"/" + m.group(1) + b" (D:19700101000000",
        pdf,
    )
