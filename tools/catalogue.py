"""The message catalogue: extract the words journeykit writes, merge them, compile them.

Run from the repository root::

    python tools/catalogue.py update    # code -> journeykit.pot -> every LANG/.../journeykit.po
    python tools/catalogue.py compile   # every .po -> .mo (what journeykit reads)
    python tools/catalogue.py check     # exit 1 when the catalogue and the code disagree

A translator edits ``src/journeykit/locale/LANG/LC_MESSAGES/journeykit.po``
(any PO editor works) and runs ``compile``; a new language is a new folder,
made with ``python tools/catalogue.py init LANG``. Babel does all the reading
and writing of catalogues.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "journeykit"
LOCALE = PACKAGE / "locale"
TEMPLATE = LOCALE / "journeykit.pot"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def extract() -> Catalog:
    """Every message the code marks, with the places it is used."""
    catalog = Catalog(
        project="journeykit",
        domain="journeykit",
        copyright_holder="journeykit contributors",
        msgid_bugs_address="https://github.com/journeykit/journeykit/issues",
        fuzzy=False,
    )
    for filename, lineno, message, comments, context in extract_from_dir(
        str(PACKAGE), method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)
    ):
        catalog.add(
            message, None, [(f"journeykit/{filename}", lineno)], auto_comments=comments, context=context
        )
    return catalog


def catalogues() -> list[Path]:
    return sorted(LOCALE.glob("*/LC_MESSAGES/journeykit.po"))


def _read(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


def _write(path: Path, catalog: Catalog) -> None:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, omit_header=False, sort_output=True, include_lineno=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())


def _mo_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def update() -> None:
    template = extract()
    _write(TEMPLATE, template)
    for path in catalogues():
        catalog = _read(path)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        _write(path, catalog)


def init(language: str) -> None:
    path = LOCALE / language / "LC_MESSAGES" / "journeykit.po"
    if path.exists():
        raise SystemExit(f"{path.relative_to(ROOT)} exists already")
    catalog = Catalog(
        locale=language,
        project="journeykit",
        domain="journeykit",
        copyright_holder="journeykit contributors",
        msgid_bugs_address="https://github.com/journeykit/journeykit/issues",
        fuzzy=False,
    )
    catalog.update(extract())
    _write(path, catalog)


def compile_all() -> None:
    for path in catalogues():
        path.with_suffix(".mo").write_bytes(_mo_bytes(_read(path)))


def problems() -> list[str]:
    """What is wrong: messages missing from a catalogue, untranslated or fuzzy, a stale ``.mo``."""
    wanted = {m.id for m in extract() if m.id}
    found: list[str] = []
    for path in catalogues():
        name = str(path.relative_to(ROOT))
        catalog = _read(path)
        have = {m.id for m in catalog if m.id}
        found += [f"{name}: missing {mid!r}" for mid in sorted(wanted - have, key=str)]
        for message in catalog:
            if not message.id or message.id not in wanted:
                continue
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if not all(strings):
                found.append(f"{name}: untranslated {message.id!r}")
            elif message.fuzzy:
                found.append(f"{name}: fuzzy {message.id!r}")
        mo = path.with_suffix(".mo")
        if not mo.exists() or mo.read_bytes() != _mo_bytes(catalog):
            found.append(
                f"{name}: the .mo is not compiled from this .po; run: python tools/catalogue.py compile"
            )
    return found


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "update":
        update()
    elif command == "compile":
        compile_all()
    elif command == "init" and len(argv) == 2:
        init(argv[1])
    elif command == "check":
        found = problems()
        print("\n".join(found) or "the catalogues match the code")
        return 1 if found else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
