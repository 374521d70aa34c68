"""The words a persona's picture writes around its data: shares, counts and attribute values.

One mapping, ``WORDS``, marks them for the message catalogue (``N_``); they
are translated where they are written, into the language in force. The
persona card and the persona comparison both use them. Numbers keep one
format in every language (``1,812``, ``18%``).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from journeykit._i18n import N_, _, ngettext
from journeykit._text import drawn_text

if TYPE_CHECKING:
    from journeykit.personas import Persona

__all__ = [
    "ORGANIZATION_WORDS",
    "WORDS",
    "card_description",
    "initials_of",
    "people_line",
    "rows_text",
    "share_text",
    "value_text_of",
]

#: The words written around the data (translate with ``_`` where used).
WORDS = {
    "share": N_("{share} of people"),
    "yes": N_("yes"),
    "no": N_("no"),
    "source": N_("Source: {parts}"),
    "k": N_("k = {k}"),
    "seed": N_("seed {seed}"),
}


#: A persona's organisation, as the card's badge and description write it.
ORGANIZATION_WORDS = {"partner": N_("partner"), "customer": N_("customer"), "internal": N_("internal")}


def share_text(share: float) -> str:
    """A share as a percentage: whole percents, but one digit under 1% and where 100% would be rounded up.

    >>> share_text(0.18), share_text(0.3987), share_text(0.005), share_text(0.9996), share_text(1)
    ('18%', '40%', '0.5%', '99.9%', '100%')
    """
    percent = 100 * share
    if 0 < percent < 1:
        return f"{percent:.1g}%"
    if 99.5 <= percent < 100:
        return f"{math.floor(percent * 10) / 10:.1f}%"
    return f"{percent:.0f}%"


def people_line(share: float | None, size: int | None) -> str:
    """``"18% of people · 1,812 people"``, either half alone, or "" without both.

    >>> people_line(0.18, 1812), people_line(None, 1), people_line(0.5, None), people_line(None, None)
    ('18% of people · 1,812 people', '1 person', '50% of people', '')
    """
    parts = []
    if share is not None:
        parts.append(_(WORDS["share"]).format(share=share_text(share)))
    if size is not None:
        parts.append(ngettext("{size} person", "{size} people", size).format(size=f"{size:,}"))
    return " · ".join(parts)


def rows_text(rows: int) -> str:
    """``"1,500 rows"``: how many rows of data a persona was made from.

    >>> rows_text(1500), rows_text(1)
    ('1,500 rows', '1 row')
    """
    return ngettext("{rows} row", "{rows} rows", rows).format(rows=f"{rows:,}")


def value_text_of(value: object) -> str:
    """An attribute value as people read it: yes/no, numbers to three significant digits.

    Whole numbers are written in full, with thousands separators from
    10,000 (so a year stays 2019); other numbers keep three significant
    digits, and from 100 on are rounded to a whole number. Text is left as
    it is.

    >>> [value_text_of(v) for v in (True, False, 2019, 125000, -3, 27.2665, 0.123456, 11.5, 50.0, 12345.6)]
    ['yes', 'no', '2019', '125,000', '−3', '27.3', '0.123', '11.5', '50', '12,346']
    """
    if isinstance(value, bool):
        return _(WORDS["yes" if value else "no"])
    if isinstance(value, float) and math.isfinite(value):
        if abs(value) >= 100 or value.is_integer():
            return value_text_of(round(value))
        return f"{value:.3g}".replace("-", "−")
    if isinstance(value, int):
        text = f"{value:,}" if abs(value) >= 10_000 else str(value)
        return text.replace("-", "−")
    return str(value)


def card_description(persona: Persona, journeys: int) -> str:
    """What the persona card says, in a few short sentences, for a screen reader;
    ``journeys`` is how many journeys of the programme the persona takes part in."""
    name = drawn_text(persona.name, one_line=True)
    organization = _(ORGANIZATION_WORDS.get(persona.organization, persona.organization))
    if persona.role:
        role = drawn_text(persona.role, one_line=True)
        parts = [
            _("{name}: {role} ({organization}).").format(name=name, role=role, organization=organization)
        ]
    else:
        parts = [_("{name} ({organization}).").format(name=name, organization=organization)]
    if persona.share is not None:
        parts.append(_("Stands for {share} of the people.").format(share=share_text(persona.share)))
    if persona.goals:
        parts.append(ngettext("{n} goal.", "{n} goals.", len(persona.goals)).format(n=len(persona.goals)))
    if persona.challenges:
        n = len(persona.challenges)
        parts.append(ngettext("{n} challenge.", "{n} challenges.", n).format(n=n))
    if journeys:
        n = journeys
        parts.append(ngettext("Takes part in {n} journey.", "Takes part in {n} journeys.", n).format(n=n))
    return " ".join(parts)


def initials_of(name: str) -> str:
    """Up to two letters or digits from the first words of ``name`` ("" if there are none)."""
    letters = [next((c for c in word if c.isalnum()), "") for word in name.split()]
    return "".join(c for c in letters if c)[:2].upper()
