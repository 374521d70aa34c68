"""load, loads, save and dumps: files, folders, round trips, determinism, atomicity."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

import journeykit as jk
from journeykit.testing import programs

JOURNEY = """\
journeys:
  - id: onboarding
    name: Onboarding
    personas: [sales]
    stages:
      - id: join
        name: Join
        steps:
          - id: apply
            name: Apply
            requires: [{requirement}]
"""

PROGRAM_YAML = """\
name: Partner portal
personas:
  - id: sales
    name: Partner sales manager
    attributes:
      country: NO
      active: yes
roles:
  - id: admin
    name: Portal administrator
requirements:
  - id: sso
    title: Partner single sign-on
    owner: admin
""" + JOURNEY.format(requirement="sso")


def test_yaml_and_json_of_the_same_programme_load_equal(tmp_path: Path) -> None:
    program = jk.loads(PROGRAM_YAML)
    json_path = tmp_path / "p.json"
    json_path.write_text(jk.dumps(program, format="json"), encoding="utf-8")
    assert jk.load(json_path) == program


def test_only_true_and_false_are_booleans() -> None:
    # YAML 1.1 would read NO and yes as booleans; journeykit reads YAML 1.2 core.
    attributes = jk.loads(PROGRAM_YAML).personas[0].attributes
    assert attributes == {"country": "NO", "active": "yes"}


@pytest.mark.parametrize(
    "text",
    [
        "NO",
        "yes",
        "on",
        "0o17",
        "0x1F",
        "1_000",
        "1:30",
        "2024-01-01",
        "~",
        "null",
        "true",
        "1e3",
        ".inf",
        "-.5",
        "  padded  ",
        "multi\nline\n",
        "# not a comment",
    ],
)
def test_text_that_looks_like_something_else_survives_yaml(text: str) -> None:
    program = jk.Program(name=text, personas=[jk.Persona(id="p", name="P", attributes={"k": text})])
    back = jk.loads(jk.dumps(program))
    assert back.name == text
    assert back.personas[0].attributes["k"] == text


def test_saving_is_deterministic(tmp_path: Path, portal: jk.Program) -> None:
    for suffix in (".yaml", ".json"):
        first = jk.save(portal, tmp_path / f"a{suffix}").read_bytes()
        second = jk.save(jk.load(tmp_path / f"a{suffix}"), tmp_path / f"b{suffix}").read_bytes()
        assert first == second


def test_saving_leaves_out_defaults(tmp_path: Path) -> None:
    text = jk.dumps(jk.Program(name="P", personas=[jk.Persona(id="p", name="P")]))
    assert text == "name: P\npersonas:\n  - id: p\n    name: P\n"


def test_whole_numbers_are_written_without_a_decimal_point() -> None:
    program = jk.Program(
        name="P",
        requirements=[
            jk.Requirement(id="a", title="A", effort=5),
            jk.Requirement(id="b", title="B", effort=2.5),
        ],
    )
    text = jk.dumps(program)
    assert "effort: 5\n" in text
    assert "effort: 2.5\n" in text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(program=programs())
def test_any_programme_survives_save_and_load(tmp_path: Path, program: jk.Program) -> None:
    for suffix in (".yaml", ".json"):
        assert jk.load(jk.save(program, tmp_path / f"p{suffix}")) == program


def test_save_replaces_the_file_atomically(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "portal.yaml"
    target.write_text("old contents\n", encoding="utf-8")

    def fail(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(jk.FileAccessError, match="No space left on device") as excinfo:
        jk.save(jk.Program(name="P"), target)
    assert str(excinfo.value).startswith(f"{target}: ")
    assert target.read_text(encoding="utf-8") == "old contents\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["portal.yaml"]  # no temporary file left


def test_an_invalid_programme_never_overwrites_a_file(tmp_path: Path) -> None:
    target = tmp_path / "portal.yaml"
    target.write_text("old contents\n", encoding="utf-8")
    # model_construct skips validation, as code that builds models carelessly might.
    broken = jk.Program.model_construct(name="P", personas=(jk.Persona(id="p", name="P"),) * 2)
    with pytest.raises(jk.DuplicateIdError):
        jk.save(broken, target)
    assert target.read_text(encoding="utf-8") == "old contents\n"


def test_save_keeps_the_permissions_of_the_file_it_replaces(tmp_path: Path) -> None:
    target = tmp_path / "portal.yaml"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o640)
    jk.save(jk.Program(name="P"), target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_save_into_a_missing_folder_is_a_file_access_error(tmp_path: Path) -> None:
    with pytest.raises(jk.FileAccessError) as excinfo:
        jk.save(jk.Program(name="P"), tmp_path / "missing" / "p.yaml")
    assert str(excinfo.value).startswith(str(tmp_path / "missing" / "p.yaml"))


@pytest.mark.parametrize("name", ["p.txt", "p", "p.yaml.bak"])
def test_save_refuses_unknown_suffixes(tmp_path: Path, name: str) -> None:
    with pytest.raises(jk.UnsupportedFormatError, match=r"\.yaml, \.yml or \.json"):
        jk.save(jk.Program(name="P"), tmp_path / name)
    assert not (tmp_path / name).exists()


def test_loading_a_missing_file_is_a_file_access_error(tmp_path: Path) -> None:
    with pytest.raises(jk.FileAccessError) as excinfo:
        jk.load(tmp_path / "nope.yaml")
    assert str(excinfo.value).startswith(f"{tmp_path / 'nope.yaml'}: ")


def test_spanish_example_keeps_every_accent(tmp_path: Path) -> None:
    source = Path(jk.example_path(language="es"))
    program = jk.load(source)
    for suffix in (".yaml", ".json"):
        saved = jk.save(program, tmp_path / f"es{suffix}")
        text = saved.read_text(encoding="utf-8")
        for accented in "áéíóúñ":
            assert accented in text
        assert "\\u00" not in text  # written as characters, not escapes
        assert jk.load(saved) == program
    original = source.read_text(encoding="utf-8")
    assert program.name in original


# --- folders --------------------------------------------------------------------------------


def _folder(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def test_a_folder_merges_into_one_programme(tmp_path: Path) -> None:
    folder = _folder(
        tmp_path,
        {
            "00-programme.yaml": "name: Portal\npersonas:\n  - id: sales\n    name: Sales\n",
            "journeys/onboarding.yaml": JOURNEY.format(requirement="sso"),
            "requirements.json": '{"requirements": [{"id": "sso", "title": "SSO"}]}',
            ".hidden/ignored.yaml": "this: is not read",
            "notes.txt": "not a programme file",
        },
    )
    program = jk.load(folder)
    assert program.name == "Portal"
    assert program.journey("onboarding").steps[0].requires == ("sso",)
    assert [r.id for r in program.requirements] == ["sso"]


def test_errors_in_a_folder_name_the_file_and_its_own_line(tmp_path: Path) -> None:
    folder = _folder(
        tmp_path,
        {
            "a.yaml": "name: Portal\npersonas:\n  - id: sales\n    name: Sales\n",
            "b.yaml": "requirements:\n  - id: sso\n    title: SSO\n",
            "c.yaml": "# journeys\n" + JOURNEY.format(requirement="ssso"),
        },
    )
    with pytest.raises(jk.UnknownReferenceError) as excinfo:
        jk.load(folder)
    assert str(excinfo.value).startswith(f"{folder / 'c.yaml'}:12: ")
    assert "did you mean 'sso'" in str(excinfo.value)


def test_a_folder_may_give_the_name_only_once(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"a.yaml": "name: Portal\n", "b.yaml": "# again\nname: Portal 2\n"})
    with pytest.raises(jk.SchemaError) as excinfo:
        jk.load(folder)
    assert str(excinfo.value).startswith(f"{folder / 'b.yaml'}:2: ")
    assert f"already given in {folder / 'a.yaml'}" in str(excinfo.value)


def test_an_empty_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(jk.ParseError, match=r"no \.yaml"):
        jk.load(tmp_path)


def test_loads_reads_json_text() -> None:
    assert jk.loads('{"name": "Portal"}', format="json").name == "Portal"
    with pytest.raises(jk.UnsupportedFormatError):
        jk.loads("name: x", format="toml")  # type: ignore[arg-type]
