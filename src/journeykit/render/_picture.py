"""``Picture``: the figure every matplotlib view returns.

A ``Picture`` is a matplotlib ``Figure`` that knows what it shows: a
``title`` (the view and its subject) and a ``description`` (a summary of the
content), written into every SVG as ``<title>`` and ``<desc>``. It shows
itself in a fresh notebook kernel, without ``%matplotlib inline``, and saves
itself (``picture.save("x.svg")``), so a view is a value (see STYLE.md).

Its SVG writes text as text in a font stack every system has, so a picture's
words can be found, copied and read aloud; the bytes are the same run to run.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from matplotlib.figure import Figure

from journeykit._gc import gc_paused
from journeykit._text import html_text

__all__ = ["FONTS", "Picture", "figure_bytes"]

#: The sans-serif stack of every SVG: matplotlib measures text with DejaVu Sans
#: (it ships with matplotlib); a reader without it gets a metric-alike.
FONTS = ["DejaVu Sans", "Liberation Sans", "Arial", "Helvetica", "sans-serif"]

_RC: dict[str, Any] = {
    "svg.hashsalt": "journeykit",
    "svg.fonttype": "none",
    "font.family": ["sans-serif"],
    "font.sans-serif": FONTS[:-1],
    "text.parse_math": False,
}

# Characters XML 1.0 cannot carry at all; a name holding one still draws.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class Picture(Figure):
    """A matplotlib ``Figure`` with a title and a description, that shows and saves itself.

    Everything a ``Figure`` does still works (``savefig``, ``axes``); the
    additions are ``title``, ``description``, ``save(path)`` and ``to_svg()``.

    Examples
    --------
    >>> picture = jk.render.journey_map(jk.example().journey("onboarding-future"))
    >>> picture.title
    'Journey map: Partner recruitment and onboarding (aspiration)'
    >>> svg = picture.to_svg()
    >>> "<title>Journey map: Partner recruitment and onboarding (aspiration)</title>" in svg, "<desc>" in svg
    (True, True)
    """

    def __init__(self, *args: Any, title: str = "", description: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.title = title
        self.description = description

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the picture to ``path`` (``.svg``, ``.png`` or ``.pdf``); see ``journeykit.render.save``.

        Examples
        --------
        >>> picture = jk.render.journey_map(jk.example().journey("onboarding-future"))
        >>> path = picture.save(tmp_path / "onboarding.svg")
        >>> path.name, picture.title in path.read_text(encoding="utf-8")
        ('onboarding.svg', True)
        >>> picture.save(tmp_path / "onboarding.png").read_bytes()[:8]
        b'\\x89PNG\\r\\n\\x1a\\n'
        """
        from journeykit.render.files import save

        return save(self, path)

    def to_svg(self) -> str:
        """The picture as SVG text: text as text, with ``<title>`` and ``<desc>``.

        Examples
        --------
        >>> picture = jk.render.journey_map(jk.example().journey("onboarding-future"))
        >>> svg = picture.to_svg()
        >>> svg[svg.index("<title>") : svg.index("</title>") + 8]
        '<title>Journey map: Partner recruitment and onboarding (aspiration)</title>'
        >>> "<desc>" in svg, svg == picture.to_svg()  # the same picture, the same text
        (True, True)
        """
        return figure_bytes(self, "svg").decode("utf-8")

    def __repr__(self) -> str:
        width, height = self.get_size_inches()
        return f"<Picture {self.title!r} ({width:.1f} x {height:.1f} in)>"

    def _repr_mimebundle_(
        self, include: Iterable[str] | None = None, exclude: Iterable[str] | None = None, **_: Any
    ) -> dict[str, str]:
        svg = self.to_svg()
        return {"image/svg+xml": svg[svg.index("<svg") :], "text/plain": repr(self)}


def figure_bytes(figure: Any, fmt: str) -> bytes:
    """A figure's bytes with no date or random id in them (the same figure, the same bytes).

    Text is cleaned of characters XML cannot hold and never read as mathtext
    (a ``$`` is a dollar). A ``Picture``'s SVG carries its title and description.
    """
    import matplotlib

    title = getattr(figure, "title", "") or ""
    description = getattr(figure, "description", "") or ""
    metadata: dict[str, Any] = {
        "svg": {"Date": None, "Title": _clean(title) or None},
        "pdf": {"CreationDate": None, "Title": _clean(title) or None, "Subject": _clean(description) or None},
        "png": {"Software": None, "Title": _clean(title) or None, "Description": _clean(description) or None},
    }[fmt]
    metadata = {
        k: v for k, v in metadata.items() if v is not None or k in ("Date", "CreationDate", "Software")
    }
    for text in _texts(figure):
        text.set_parse_math(False)
        raw = text.get_text()
        if _UNPRINTABLE.search(raw):
            text.set_text(_UNPRINTABLE.sub("\ufffd", raw))
    buffer = io.BytesIO()
    # gc_paused: writing a big figure makes tens of thousands of short-lived objects,
    # and the collector rescanning the figure's artists each time is superlinear
    with gc_paused(), matplotlib.rc_context(_RC):  # type: ignore[arg-type]  # keys are rcParams names
        figure.savefig(buffer, format=fmt, metadata=metadata, dpi=100)
    data = buffer.getvalue()
    if fmt == "svg":
        data = _described(data.decode("utf-8"), title, description).encode("utf-8")
    return data


def _texts(figure: Any) -> list[Any]:
    """Every ``Text`` of a figure that can be drawn.

    Not ``figure.findobj(Text)``: it asks every axis for its ticks, and an
    axis creates them on the spot, hidden ones too (the views hide most of
    theirs); that cost a seventh of the example report's build time.
    """
    from matplotlib.axis import Axis
    from matplotlib.text import Text

    found: list[Any] = []
    stack: list[Any] = [figure]
    while stack:
        artist = stack.pop()
        if isinstance(artist, Text):
            found.append(artist)
        for child in artist.get_children():
            if isinstance(child, Axis) and not (child.get_visible() and child.axes.axison):
                continue  # never drawn: its ticks need not exist
            stack.append(child)
    return found


def _clean(text: str) -> str:
    return _UNPRINTABLE.sub("\ufffd", text)


def _described(svg: str, title: str, description: str) -> str:
    """The SVG with ``role="img"``, and a ``<desc>`` after its ``<title>``."""
    start = svg.index("<svg")
    end = svg.index(">", start)
    head = svg[start:end]
    if "role=" not in head:
        head += ' role="img"'
    svg = svg[:start] + head + svg[end:]
    if description:
        desc = f"<desc>{html_text(_clean(description))}</desc>"
        close = svg.find("</title>")
        if close >= 0:
            at = close + len("</title>")
            svg = svg[:at] + "\n " + desc + svg[at:]
        else:
            at = svg.index(">", start) + 1
            svg = svg[:at] + "\n " + desc + svg[at:]
    return svg
