"""The docs pages show paths that import, and the API they document has examples.

Three promises of the documentation, checked without building the site:

- every ``::: identifier`` of mkdocstrings and every dotted ``journeykit.x.y``
  (or ``jk.x.y``) path the pages show imports, and griffe (what mkdocstrings
  reads) finds the same object Python imports: a function re-exported under the
  name of its own module (``journeykit.compare``) is the module to griffe;
- every public class of the public modules has an entry on the API page;
- every public method of those classes has an ``Examples`` section (run as a
  doctest by the ``--doctest-modules`` option of the test configuration).
"""

from __future__ import annotations

import importlib
import inspect
import logging
import pkgutil
import re
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import journeykit

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SRC = ROOT / "src"
PACKAGE = SRC / "journeykit"

IDENTIFIER = re.compile(r"^:::[ \t]*(\S+)", re.MULTILINE)
#: A numpy-style Examples section with a doctest in it.
EXAMPLES = re.compile(r"^Examples\n-{8}\n(.*\n)*>>> ", re.MULTILINE)
DOTTED = re.compile(r"(?<![\w.])(journeykit|jk)((?:\.[A-Za-z_]\w*)+)")
#: Dotted words ending so are file names (journeykit.schema.json, journeykit.po), not Python paths.
FILE_SUFFIXES = (".json", ".po", ".pot", ".mo", ".yaml", ".yml")


def _pages() -> list[Path]:
    return sorted(DOCS.glob("*.md"))


def _identifiers() -> list[str]:
    """Every ``::: identifier`` of the pages, once, in page order."""
    found: dict[str, None] = {}
    for page in _pages():
        found.update(dict.fromkeys(IDENTIFIER.findall(page.read_text(encoding="utf-8"))))
    return list(found)


def _dotted_paths() -> list[tuple[str, str]]:
    """(page, path) for every dotted journeykit path the pages show, ``jk.`` read as ``journeykit.``."""
    found: dict[tuple[str, str], None] = {}
    for page in _pages():
        for match in DOTTED.finditer(page.read_text(encoding="utf-8")):
            path = "journeykit" + match.group(2)
            if not match.group(0).endswith(FILE_SUFFIXES):
                found[(page.name, path)] = None
    return list(found)


def _import(path: str) -> Any:
    """What ``from A.B import C`` gives for ``A.B.C``: the longest module prefix, then attributes."""
    parts = path.split(".")
    for cut in range(len(parts), 0, -1):
        name = ".".join(parts[:cut])
        try:
            found: Any = importlib.import_module(name)
        except ModuleNotFoundError as err:
            if err.name is not None and name.startswith(err.name) and err.name.startswith("journeykit"):
                continue  # no such module: an attribute of a shorter one
            raise
        for attribute in parts[cut:]:
            found = getattr(found, attribute)
        return found
    raise AssertionError(f"{path} is not under journeykit")


def _canonical(obj: Any) -> str | None:
    """Where an object is defined, as griffe names it; None for data (a constant, an alias)."""
    if isinstance(obj, types.ModuleType):
        return obj.__name__
    if inspect.isclass(obj) or inspect.isfunction(obj):
        return f"{obj.__module__}.{obj.__qualname__}"
    return None


def test_the_pages_have_paths_to_check() -> None:
    assert len(_identifiers()) > 50
    assert ("api.md", "journeykit.Program") in _dotted_paths()
    assert ("graph.md", "journeykit.graph.NODE_KINDS") in _dotted_paths()  # written jk.graph.NODE_KINDS


@pytest.mark.parametrize("identifier", _identifiers())
def test_every_documented_identifier_imports(identifier: str) -> None:
    _import(identifier)


@pytest.mark.parametrize(("page", "path"), _dotted_paths(), ids=lambda value: str(value))
def test_every_dotted_path_on_a_page_imports(page: str, path: str) -> None:
    try:
        _import(path)
    except (ImportError, AttributeError) as err:
        pytest.fail(f"docs/{page} shows {path}, which does not import: {err}")


@pytest.fixture(scope="module")
def griffe_package() -> Any:
    griffe = pytest.importorskip("griffe", reason="the docs tools are in the dev extra")
    return griffe.load("journeykit", search_paths=[str(SRC)])


def _griffe_object(package: Any, identifier: str) -> Any:
    found = package[identifier.removeprefix("journeykit.")] if "." in identifier else package
    return found.final_target if found.is_alias else found


def _shown(obj: Any) -> Iterator[Any]:
    """The object and what mkdocstrings shows under it: members not filtered out by ``!^_``
    (and ``__init__``, merged into its class), defined where they are shown."""
    yield obj
    if obj.is_class or obj.is_module:
        for name, member in obj.members.items():
            if member.is_alias or (name.startswith("_") and name != "__init__"):
                continue
            yield from _shown(member)


@pytest.mark.parametrize("identifier", _identifiers())
def test_the_documented_docstrings_parse_without_warnings(
    identifier: str, griffe_package: Any, caplog: pytest.LogCaptureFixture
) -> None:
    # What fails the strict docs build: griffe warns, for instance, when a
    # paragraph after "Parameters" reads as a parameter without a type.
    with caplog.at_level(logging.WARNING, logger="griffe"):
        for obj in _shown(_griffe_object(griffe_package, identifier)):
            if obj.docstring is not None:
                obj.docstring.parse("numpy")
    assert not [record.getMessage() for record in caplog.records]


@pytest.mark.parametrize("identifier", _identifiers())
def test_mkdocstrings_documents_what_python_imports(identifier: str, griffe_package: Any) -> None:
    documented = _griffe_object(griffe_package, identifier)
    imported = _canonical(_import(identifier))
    if imported is None:
        assert documented.is_attribute, f"{identifier} is data to Python, a {documented.kind.value} to griffe"
    else:
        assert documented.path == imported, (
            f"::: {identifier} documents {documented.path} ({documented.kind.value}), "
            f"but Python imports {imported}; write the path where it is defined"
        )


def _public_modules() -> Iterator[types.ModuleType]:
    """The package and every module of it with no ``_`` in its path, the command line aside."""
    yield journeykit
    for info in pkgutil.walk_packages(journeykit.__path__, "journeykit."):
        parts = info.name.split(".")
        if any(part.startswith("_") for part in parts) or parts[1] == "cli":
            continue
        yield importlib.import_module(info.name)


def _public_classes() -> dict[type, str]:
    """Class -> a public path of it: the classes the public modules list in ``__all__``."""
    classes: dict[type, str] = {}
    for module in _public_modules():
        for name in getattr(module, "__all__", ()):
            obj = getattr(module, name)
            if inspect.isclass(obj) and obj.__module__.startswith("journeykit"):
                classes.setdefault(obj, f"{module.__name__}.{name}")
    return classes


def test_every_public_class_has_an_entry_on_the_api_page() -> None:
    page = (DOCS / "api.md").read_text(encoding="utf-8")
    documented: set[int] = set()  # ids: not every object is hashable
    for identifier in IDENTIFIER.findall(page):
        obj = _import(identifier)
        documented.add(id(obj))
        if isinstance(obj, types.ModuleType):  # a module's entry documents what it defines
            documented.update(id(value) for value in vars(obj).values())
    missing = sorted(path for cls, path in _public_classes().items() if id(cls) not in documented)
    assert not missing, f"no entry on docs/api.md for: {', '.join(missing)}"


def _public_methods() -> dict[str, set[str]]:
    """Source file (relative to src/journeykit) -> ``Class.method`` of every public method without
    an Examples section, over the public classes and the journeykit classes they inherit from
    (the methods every result table inherits from ``Table`` among them)."""
    missing: dict[str, set[str]] = {}
    seen: set[object] = set()
    for cls in _public_classes():
        for base in cls.__mro__:
            if not base.__module__.startswith("journeykit"):
                continue
            for name, attribute in vars(base).items():
                function = getattr(attribute, "__func__", attribute)  # classmethods, staticmethods
                if name.startswith("_") or not inspect.isfunction(function) or function in seen:
                    continue
                seen.add(function)
                if not function.__module__.startswith("journeykit"):
                    continue
                doc = inspect.getdoc(function) or ""
                if EXAMPLES.search(doc):
                    continue
                source = Path(inspect.getsourcefile(function) or "").resolve()
                where = source.relative_to(PACKAGE).as_posix()
                missing.setdefault(where, set()).add(f"{base.__qualname__}.{name}")
    return missing


def test_every_public_method_has_examples() -> None:
    missing = {where: sorted(names) for where, names in sorted(_public_methods().items())}
    assert not missing, f"public methods without an Examples section: {missing}"


def test_the_examples_check_finds_a_method_without_examples() -> None:
    class Probe:
        def shown(self) -> None:
            """Has one.

            Examples
            --------
            >>> 1
            1
            """

        def bare(self) -> None:
            """Has none."""

    docs = {name: inspect.getdoc(getattr(Probe, name)) or "" for name in ("shown", "bare")}
    assert EXAMPLES.search(docs["shown"])
    assert not EXAMPLES.search(docs["bare"])
