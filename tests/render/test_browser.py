"""The report in a real browser: headless Chromium, driven by Playwright.

The browser is Debian's ``chromium-headless-shell`` package (``make test``
installs it with apt-get when it is missing); Playwright comes from PyPI (the
``dev`` extra) and drives it through ``executable_path``, so no browser is
downloaded. Without either, these tests fail and say how to install it: they
are never skipped.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import journeykit as jk

#: Where Debian's package puts the headless shell (the first is a wrapper script).
BROWSERS = ("/usr/bin/chromium-headless-shell", "/usr/lib/chromium/chromium-headless-shell")
INSTALL = "apt-get install -y chromium-headless-shell (as root; `make test` does it on Debian and Ubuntu)"

#: A phone's viewport: the page must not scroll sideways in it.
PHONE = {"width": 390, "height": 844}

pytestmark = pytest.mark.slow


def _browser_path() -> str:
    found = shutil.which("chromium-headless-shell") or next((p for p in BROWSERS if Path(p).is_file()), None)
    if found is None:
        pytest.fail(
            f"the browser tests need Chromium's headless shell; install it with: {INSTALL}", pytrace=False
        )
    return found


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail(
            "the browser tests need Playwright: pip install -e '.[dev]' (it is in the dev extra)",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=_browser_path())
        yield chromium
        chromium.close()


@pytest.fixture(scope="module", params=["en", "es"])
def report(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[jk.Program, Path]:
    program = jk.example(language=request.param)
    path = jk.report(program, tmp_path_factory.mktemp("browser") / f"portal.{request.param}.html")
    return program, path


@pytest.fixture
def page(browser: Any, report: tuple[jk.Program, Path]) -> Iterator[tuple[Any, list[str]]]:
    """The report open at a phone's width, with every console error, page error and request it made."""
    _program, path = report
    context = browser.new_context(viewport=PHONE)
    tab = context.new_page()
    seen: list[str] = []
    tab.on("console", lambda message: seen.append(f"console {message.type}: {message.text}"))
    tab.on("pageerror", lambda error: seen.append(f"page error: {error}"))
    tab.on("request", lambda request: seen.append(f"request: {request.url}"))
    tab.goto(path.as_uri(), wait_until="load")
    yield tab, seen
    context.close()


def test_the_report_loads_without_errors_and_fetches_nothing(
    page: tuple[Any, list[str]], report: tuple[jk.Program, Path]
) -> None:
    _tab, seen = page
    assert seen == [f"request: {report[1].as_uri()}"]  # the page itself, nothing else, no console line


def test_the_page_does_not_scroll_sideways_on_a_phone(page: tuple[Any, list[str]]) -> None:
    tab, _seen = page
    assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    boxes = tab.evaluate(
        "[...document.querySelectorAll('.picture')].map(b => [b.clientWidth, b.scrollWidth])"
    )
    assert boxes
    assert all(width <= PHONE["width"] for width, _scroll in boxes)
    # the wide pictures (the blueprints) scroll inside their own box instead
    assert any(scroll > width for width, scroll in boxes)


def test_every_figure_has_a_name_for_screen_readers(page: tuple[Any, list[str]]) -> None:
    tab, _seen = page
    labels = tab.evaluate("[...document.querySelectorAll('figure')].map(f => f.getAttribute('aria-label'))")
    assert len(labels) == tab.evaluate("document.querySelectorAll('svg').length")
    # The names Chromium gives to what a screen reader meets as an image or a figure.
    session = tab.context.new_cdp_session(tab)
    nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    kinds = ("image", "img", "figure", "graphics-document")
    pictures = [n for n in nodes if not n.get("ignored") and n.get("role", {}).get("value") in kinds]
    names = [n.get("name", {}).get("value", "") for n in pictures]
    assert all(name.strip() for name in names), names
    for label in labels:  # each figure is an image named by its title and description
        assert label.strip()
        assert label in names


def test_a_goal_and_a_step_are_found_by_the_browser_s_find(
    page: tuple[Any, list[str]], report: tuple[jk.Program, Path]
) -> None:
    tab, _seen = page
    program, _path = report
    goal = max((goal for persona in program.personas for goal in persona.goals), key=len)
    step = max((step.name for journey in program.journeys for step in journey.steps), key=len)

    def found(text: str) -> bool:
        # window.find searches from the selection on: start from the top each time
        return bool(tab.evaluate("t => { getSelection().removeAllRanges(); return window.find(t); }", text))

    assert found(goal), goal
    assert found(step), step
    assert not found("no such words in the journeykit report")
