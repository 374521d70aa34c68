from __future__ import annotations

import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import journeykit as jk
from journeykit.render import files


@pytest.fixture
def dot(portal: jk.Program) -> object:
    return jk.render.traceability(portal, journey="onboarding-future")


def test_dot_text(tmp_path: Path, dot: object) -> None:
    path = jk.render.save(dot, tmp_path / "t.dot")
    assert path.read_text(encoding="utf-8") == dot.source  # type: ignore[attr-defined]


def test_svg_parses_and_holds_the_labels(tmp_path: Path, dot: object, portal: jk.Program) -> None:
    path = jk.render.save(dot, tmp_path / "t.svg")
    root = ET.parse(path).getroot()
    assert root.tag.endswith("svg")
    texts = {"".join(t.itertext()) for t in root.iter() if t.tag.endswith("text")}
    assert portal.journey("onboarding-future").steps[0].name in texts


def test_png_has_a_sensible_size(tmp_path: Path, dot: object) -> None:
    data = jk.render.save(dot, tmp_path / "t.png").read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", data[16:24])
    assert 200 < width < 20000
    assert 100 < height < 20000


@pytest.mark.parametrize("suffix", [".svg", ".pdf", ".png", ".dot"])
def test_same_view_same_bytes(tmp_path: Path, dot: object, suffix: str) -> None:
    first = jk.render.save(dot, tmp_path / f"a{suffix}").read_bytes()
    second = jk.render.save(dot, tmp_path / f"b{suffix}").read_bytes()
    assert first == second


def test_mermaid_text_is_saved_as_mmd(tmp_path: Path, portal: jk.Program) -> None:
    text = jk.to_mermaid(portal.journeys[0])
    assert jk.render.save(text, tmp_path / "j.mmd").read_text(encoding="utf-8") == text
    with pytest.raises(jk.UnsupportedFormatError):
        jk.render.save(text, tmp_path / "j.svg")


def test_unknown_suffix(tmp_path: Path, dot: object) -> None:
    with pytest.raises(jk.UnsupportedFormatError, match=r"\.gif"):
        jk.render.save(dot, tmp_path / "t.gif")


def test_without_any_graphviz_the_error_says_what_to_install(
    tmp_path: Path, dot: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    import builtins

    real_import = builtins.__import__

    def no_pygraphviz(name: str, *args: object, **kwargs: object) -> object:
        if name == "pygraphviz":
            raise ImportError("no pygraphviz here")
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(files.shutil, "which", lambda name: None)
    monkeypatch.setattr(builtins, "__import__", no_pygraphviz)
    with pytest.raises(jk.render.MissingRendererError, match=r"journeykit\[render\]"):
        jk.render.save(dot, tmp_path / "t.svg")
    assert not (tmp_path / "t.svg").exists()
    assert jk.render.save(dot, tmp_path / "t.dot").exists()  # text needs no Graphviz
