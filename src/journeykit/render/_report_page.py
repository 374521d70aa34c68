"""The report's page: its style, its shell, and the pieces every section is made of.

Every user text goes through ``text`` (escaped, and cleaned of characters
HTML cannot carry), so nothing in a programme adds an element or an
attribute. Pictures are inline SVG, each in a ``<figure role="img">``
named by the picture's title and description, inside a container of its
own that scrolls sideways, so a wide blueprint never widens the page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from journeykit._text import html_text

__all__ = ["CSS", "figure", "inline_svg", "items", "page", "paragraphs", "table", "text"]

#: Colour is never the only carrier of meaning: links are underlined, status
#: and kinds are words, and nothing is told by a cell's colour.
CSS = """
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
       margin: 0 auto; padding: 1rem; max-width: 75rem; color: #263238; background: #fff;
       line-height: 1.45; overflow-wrap: anywhere; }
h1 { margin: .5rem 0 .2rem; line-height: 1.2; }
h2 { border-bottom: 2px solid #37474f; padding-bottom: .2rem; margin-top: 2.5rem; line-height: 1.25; }
h3 { margin: 1.5rem 0 .5rem; }
a { color: #0b57d0; text-decoration: underline; }
nav ol { columns: 16rem; column-gap: 2rem; padding-left: 1.5rem; }
figure { margin: 1rem 0 2rem; max-width: 100%; }
figcaption { font-size: .9rem; color: #455a64; margin-top: .3rem; }
.picture, .table { overflow-x: auto; max-width: 100%; }
.picture { border: 1px solid #cfd8dc; }
.picture svg { display: block; height: auto; }
.table { margin: .5rem 0 1.5rem; }
table { border-collapse: collapse; font-size: .85rem; overflow-wrap: break-word; }
th, td { border: 1px solid #b0bec5; padding: .25rem .5rem; text-align: left; vertical-align: top; }
/* Columns stay readable on a phone: a wide table scrolls in its box instead of squeezing. */
th, td { min-width: 7rem; }
thead th { background: #eceff1; } tbody th { font-weight: 600; }
caption { text-align: left; font-weight: bold; padding: .3rem 0; }
td ul, dd ul { margin: 0; padding-left: 1.1rem; }
dl { margin: .5rem 0 1rem; } dt { font-weight: 600; margin-top: .5rem; } dd { margin-left: 1.2rem; }
.note { color: #5d4037; font-style: italic; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; font-size: .75rem; }
@media print {
  body { max-width: none; padding: 0; } nav { display: none; }
  .picture, .table { overflow: visible; border: none; } .picture svg { max-width: 100%; }
  section, figure, table { break-inside: avoid-page; } h2 { break-before: page; }
}
"""

# Characters an HTML page cannot carry (NUL and the other C0 controls but
# tab and line breaks, and the noncharacters): a name holding one still shows.
_UNCARRIED = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\ufffe\uffff]")


def text(value: object) -> str:
    """User or catalogue text, safe inside an element or a double-quoted attribute."""
    return html_text(_UNCARRIED.sub("\ufffd", str(value)))


def paragraphs(value: str) -> str:
    """Text whose lines are kept apart, as one paragraph's content."""
    return "<br>".join(text(line) for line in value.strip().splitlines())


def items(values: Iterable[object]) -> str:
    """A bullet list of texts (empty string when there are none)."""
    listed = "".join(f"<li>{text(v)}</li>" for v in values)
    return f"<ul>{listed}</ul>" if listed else ""


def table(
    headers: Sequence[str], rows: Iterable[Sequence[str]], *, caption: str = "", row_headers: bool = False
) -> str:
    """A table in a container of its own that scrolls sideways when it is wider than the page.

    ``headers`` are plain text; ``rows`` are cells already made HTML (escape
    user text with ``text``). With ``row_headers`` the first cell of a row
    heads it.
    """
    head = "".join(f'<th scope="col">{text(h)}</th>' for h in headers)
    body = []
    for row in rows:
        cells = [
            f'<th scope="row">{cell}</th>' if row_headers and i == 0 else f"<td>{cell}</td>"
            for i, cell in enumerate(row)
        ]
        body.append(f"<tr>{''.join(cells)}</tr>")
    title = f"<caption>{text(caption)}</caption>" if caption else ""
    return (
        f'<div class="table"><table>{title}<thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


def figure(svg: str, anchor: str, title: str, description: str) -> str:
    """An inline SVG picture named for screen readers, with a caption, scrolling in its own box.

    ``title`` is the caption; the accessible name is the title and the
    description together (an image's content is not read out).
    """
    label = f"{title}. {description}" if description else title
    return (
        f'<figure role="img" aria-label="{text(label)}" id="{text(anchor)}">'
        f'<div class="picture">{inline_svg(svg, anchor)}</div>'
        f"<figcaption>{text(title)}</figcaption></figure>"
    )


_PROLOGUE = re.compile(r"\A.*?(?=<svg\b)", re.DOTALL)
# matplotlib repeats the drawn text in comments and writes metadata.
_DROPPED = re.compile(r"<!--.*?-->|<metadata>.*?</metadata>", re.DOTALL)
_ID = re.compile(r'\bid="([^"]+)"')
_REFERENCE = re.compile(r'(url\(#|href="#)([^)"]+)')
_BLANK_LINES = re.compile(r"\n\s*")


def inline_svg(svg: str, prefix: str) -> str:
    """An SVG document made fit to sit inside HTML next to others.

    Drops the XML prologue, the comments and the metadata, and prefixes
    every id and every reference to one, so that two pictures' clip paths
    cannot collide.
    """
    svg = _DROPPED.sub("", _PROLOGUE.sub("", svg, count=1))
    svg = _ID.sub(lambda m: f'id="{prefix}-{m.group(1)}"', svg)
    svg = _REFERENCE.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", svg)
    return _BLANK_LINES.sub("\n", svg)


def page(
    *, language: str, title: str, subtitle: str, contents: str, sections: Sequence[tuple[str, str, str]]
) -> str:
    """The whole page: ``sections`` are (anchor, heading, body HTML), listed in a table of contents."""
    nav = "".join(
        f'<li><a href="#{text(anchor)}">{text(name)}</a></li>' for anchor, name, _unused in sections
    )
    body = "".join(
        f'<section id="{text(anchor)}" aria-labelledby="{text(anchor)}-h">'
        f'<h2 id="{text(anchor)}-h">{text(name)}</h2>{content}</section>'
        for anchor, name, content in sections
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{text(language)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{text(title)}</title><style>{CSS}</style></head>"
        f"<body><header><h1>{text(title)}</h1><p>{text(subtitle)}</p></header>"
        f'<nav aria-label="{text(contents)}"><ol>{nav}</ol></nav><main>{body}</main></body></html>\n'
    )
