"""The words journeykit itself writes, in the reader's language.

Every label of a picture, the report and a CLI table is an English message
looked up in a gettext catalogue (``locale/LANG/LC_MESSAGES/journeykit.po``,
compiled to ``.mo`` by ``tools/catalogue.py`` with Babel). A translator adds a
language by adding a catalogue; no code changes. User text (names, pain
points, ids) is never translated.

The language in force is a context variable, so one thread or task drawing in
Spanish does not change another's words. Public views and commands choose it
from, in order: their ``language=`` argument, the programme's ``language``,
English.

Two markers, both understood by the extractor:

- ``_("Pain points")`` translates now;
- ``N_("Pain points")`` marks a message for the catalogue where it is defined
  (a module-level table) and is translated with ``_()`` where it is used.
"""

from __future__ import annotations

import contextvars
import functools
import gettext
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from journeykit.program import Program

__all__ = ["DEFAULT", "N_", "_", "available", "current", "language_of", "ngettext", "use_language"]

#: The language of the messages in the code, and the fallback.
DEFAULT = "en"
DOMAIN = "journeykit"
LOCALE_DIR = Path(__file__).parent / "locale"

#: BCP 47 in the shape journeykit accepts: a language subtag and optional
#: script, region or variant subtags (``es``, ``es-ES``, ``pt-BR``, ``zh-Hant``).
BCP47 = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")

_current: contextvars.ContextVar[str] = contextvars.ContextVar("journeykit_language", default=DEFAULT)


def _(message: str) -> str:
    """``message`` in the language in force.

    Examples
    --------
    >>> from journeykit._i18n import _, use_language
    >>> with use_language("es"):
    ...     _("Pain points")
    'Puntos de dolor'
    >>> _("Pain points")
    'Pain points'
    """
    return _translations(_current.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form of a message for ``n``, in the language in force."""
    return _translations(_current.get()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue without translating it yet."""
    return message


def current() -> str:
    """The language in force (a BCP 47 tag)."""
    return _current.get()


@contextmanager
def use_language(language: str | None) -> Iterator[str]:
    """Write in ``language`` inside the block (``None`` keeps the language in force).

    A tag with no catalogue falls back to English with a ``JourneyKitWarning``.

    Examples
    --------
    >>> from journeykit._i18n import current, use_language
    >>> with use_language("es-ES"):
    ...     current()
    'es-ES'
    >>> current()
    'en'
    """
    if language is None:
        yield _current.get()
        return
    tag = check_tag(language)
    if _primary(tag) not in available():
        from journeykit.exceptions import JourneyKitWarning

        warnings.warn(
            f"journeykit has no catalogue for language {tag!r} (it has {', '.join(available())}); "
            "words are written in English",
            JourneyKitWarning,
            stacklevel=3,
        )
    token = _current.set(tag)
    try:
        yield tag
    finally:
        _current.reset(token)


def language_of(language: str | None, program: Program | None = None) -> str | None:
    """The language a view writes in: ``language``, else the programme's, else ``None`` (keep)."""
    if language is not None:
        return language
    if program is not None and getattr(program, "language", None):
        return program.language
    return None


def check_tag(tag: str) -> str:
    """``tag`` if it is a BCP 47 language tag; an ``ArgumentError`` naming it otherwise."""
    if not isinstance(tag, str) or len(tag) > 35 or not BCP47.match(tag):
        from journeykit.exceptions import ArgumentError

        raise ArgumentError(f"not a BCP 47 language tag: {tag!r:.40} (for example 'en', 'es' or 'es-ES')")
    return tag


@functools.cache
def available() -> tuple[str, ...]:
    """The languages journeykit writes: English and every language with a catalogue.

    Examples
    --------
    >>> from journeykit._i18n import available
    >>> available()
    ('en', 'es')
    """
    found = {DEFAULT}
    if LOCALE_DIR.is_dir():
        found.update(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.mo"))
    return tuple(sorted(found))


def _primary(tag: str) -> str:
    return tag.split("-", 1)[0].lower()


@functools.cache
def _translations(tag: str) -> gettext.NullTranslations:
    # gettext wants es_ES; it then also tries es. English is the code's own text.
    if _primary(tag) == DEFAULT:
        return gettext.NullTranslations()
    parts = tag.split("-")
    candidates = ["_".join([parts[0].lower(), *parts[1:]]), parts[0].lower()]
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=candidates, fallback=True)
