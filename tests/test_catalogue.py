"""The message catalogue: complete in every language, in step with the code, and really used.

The last test is the one that finds a word written without the catalogue: it
draws every view in a pseudo-language whose every message is bracketed
(``⟦Pain points⟧``); any text of a picture that is neither bracketed nor the
user's own text is a word the catalogue does not know.
"""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

import journeykit as jk
from journeykit import _i18n

from .conftest import catalogue_tool

ROOT = Path(__file__).resolve().parent.parent


def _fields(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None}


def test_every_catalogue_is_complete_and_compiled_from_the_code() -> None:
    problems = catalogue_tool().problems()
    assert problems == [], "\n".join(problems[:40])


def test_translations_keep_every_placeholder_of_their_message() -> None:
    tool = catalogue_tool()
    for path in tool.catalogues():
        for message in tool._read(path):
            if not message.id:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            wanted = set().union(*(_fields(i) for i in ids))
            for translated in filter(None, strings):  # untranslated: the completeness test says so
                # a singular form may leave out the count ("un paso"), nothing else
                assert _fields(translated) <= wanted, (path.parent.parent.name, message.id, translated)
                assert wanted - _fields(translated) <= {"n"}, (
                    path.parent.parent.name,
                    message.id,
                    translated,
                )


def test_english_and_spanish_are_the_languages_journeykit_writes() -> None:
    assert {"en", "es"} <= set(_i18n.available())


def test_a_language_without_a_catalogue_writes_english_and_says_so() -> None:
    with pytest.warns(jk.JourneyKitWarning, match="no catalogue for language 'fr'"), _i18n.use_language("fr"):
        assert _i18n._("Pain points") == "Pain points"


def test_a_tag_that_is_not_bcp47_is_refused() -> None:
    with pytest.raises(jk.ArgumentError, match="BCP 47"), _i18n.use_language("spanish please"):
        pass
    with pytest.raises(jk.SchemaError, match="not a BCP 47 language tag: 'es_ES!'"):
        jk.loads('{"name": "x", "language": "es_ES!"}', format="json")


def test_the_language_in_force_does_not_leak_out_of_its_block() -> None:
    with _i18n.use_language("es"):
        inner = _i18n._("Pain points")
    assert (inner, _i18n._("Pain points")) == ("Puntos de dolor", "Pain points")


# -- every word a picture writes comes from the catalogue -----------------------------


def _user_text(program: jk.Program) -> str:
    """Every string the programme holds, one per line: names, ids, pains, goals, ..."""
    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(key)
                walk(item)
        elif isinstance(value, (list, tuple)):
            for item in value:
                walk(item)

    walk(program.model_dump(mode="json"))
    return "\n".join(found)


def _texts(svg: str) -> list[str]:
    import html

    return [html.unescape(t).strip() for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]


def _is_users_or_translated(text: str, user: str) -> bool:
    """Whether every piece of a drawn line is bracketed, the user's, or no word at all.

    A drawn line may join user text with punctuation ("Portal (web); Email")
    or start with a bullet or a status mark, and wrapping cuts it anywhere.
    """
    if "⟦" in text or "⟧" in text:
        return True
    for piece in re.split(r"[;,()→·:|]| - |^[•✓◐✗?+\-] ", text.rstrip("…")):
        piece = piece.strip().strip("…“”").strip()
        if re.fullmatch(r"[A-ZÀ-Ý]{1,3}", piece):  # a persona's initials, from its name
            continue
        if re.search(r"[A-Za-zÀ-ÿ]{2,}", piece) and piece not in user:
            return False
    return True


@pytest.mark.slow
def test_every_word_a_picture_writes_comes_from_the_catalogue(pseudo_language: str) -> None:
    pytest.importorskip("matplotlib")
    portal = jk.example()
    user = _user_text(portal)
    views = {
        "journey_map": jk.render.journey_map("onboarding-future", program=portal, language=pseudo_language),
        "blueprint": jk.render.blueprint(
            "deal-registration-future", program=portal, language=pseudo_language
        ),
        "persona_card": jk.render.persona_card("sales-manager", program=portal, language=pseudo_language),
        "priority_matrix": jk.render.priority_matrix(portal, language=pseudo_language),
        "compare_view": jk.render.compare_view(
            "onboarding-current", "onboarding-future", program=portal, language=pseudo_language
        ),
        "persona_comparison": jk.render.persona_comparison(portal, language=pseudo_language),
    }
    strays = {
        name: sorted({t for t in _texts(view.to_svg()) if not _is_users_or_translated(t, user)})
        for name, view in views.items()
    }
    strays = {name: words for name, words in strays.items() if words}
    assert strays == {}, "\n".join(f"{name}: {words}" for name, words in strays.items())
    for name, view in views.items():
        assert view.title.startswith("⟦"), name
