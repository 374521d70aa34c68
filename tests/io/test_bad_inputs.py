"""The catalogue of bad input files: each one must fail with the right error at the right line.

Every file in ``tests/data/bad/`` holds one deliberate problem and is named after it. The table
below says, for each file, which :class:`journeykit.JourneyKitError` subclass it must raise, the
line the problem is on (found by reading the file, not by copying journeykit's output) and a short
lower-case piece of text the message must contain.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import journeykit
from journeykit import (
    DependencyCycleError,
    DuplicateIdError,
    JourneyKitError,
    LimitExceededError,
    ParseError,
    SchemaError,
    UnknownReferenceError,
)

BAD = Path(__file__).parent.parent / "data" / "bad"
GOOD = Path(__file__).parent.parent.parent / "examples" / "partner-portal.yaml"

#: Files loaded with a smaller size limit than the default (``max_bytes=`` / ``--max-bytes``).
MAX_BYTES = {"oversize.yaml": 1024}

#: journeykit's default size limit.
DEFAULT_LIMIT = journeykit.io.MAX_BYTES

#: The limit for the run that validates every file at once: above every file but oversize.yaml.
ALL_AT_ONCE_MAX_BYTES = 6144


CASES = [
    # --- reading the bytes ----------------------------------------------------------------------
    pytest.param("empty.yaml", ParseError, 1, "empty", id="empty-yaml"),
    pytest.param("empty.json", ParseError, 1, "empty", id="empty-json"),
    pytest.param("whitespace-only.yaml", ParseError, 1, "empty", id="whitespace-only"),
    pytest.param("comment-only.yaml", ParseError, 1, "no yaml document", id="comment-only"),
    pytest.param("latin1-encoding.yaml", ParseError, 10, "utf-8", id="latin1"),
    pytest.param("utf16-with-bom.yaml", ParseError, 1, "utf-16", id="utf16-bom"),
    pytest.param(
        "utf16-without-bom.yaml",
        ParseError,
        1,
        "utf-16",
        id="utf16-no-bom",
    ),
    pytest.param(
        "control-character.yaml",
        ParseError,
        10,
        "character",
        id="control-character",
    ),
    pytest.param("oversize.yaml", LimitExceededError, 1, "limit", id="oversize"),
    # --- YAML syntax and the hardened loader ----------------------------------------------------
    pytest.param("yaml-syntax-error.yaml", ParseError, 5, "yaml syntax error", id="yaml-syntax"),
    pytest.param("yaml-tab-indentation.yaml", ParseError, 9, "tab", id="yaml-tab"),
    pytest.param(
        "yaml-multiple-documents.yaml", ParseError, 7, "more than one yaml document", id="yaml-multi-doc"
    ),
    pytest.param("yaml-duplicate-key.yaml", ParseError, 23, "duplicate key", id="yaml-duplicate-key"),
    pytest.param("yaml-anchor-and-alias.yaml", ParseError, 16, "anchor", id="yaml-anchor"),
    pytest.param("yaml-alias-only.yaml", ParseError, 16, "alias", id="yaml-alias"),
    pytest.param("yaml-tag-python-object.yaml", ParseError, 10, "python/object", id="yaml-tag-python"),
    pytest.param("yaml-tag-binary.yaml", ParseError, 13, "binary", id="yaml-tag-binary"),
    pytest.param("yaml-complex-key.yaml", ParseError, 10, "mapping key", id="yaml-complex-key"),
    pytest.param("deep-nesting.yaml", LimitExceededError, 10, "nests", id="deep-nesting-yaml"),
    pytest.param("huge-integer.yaml", LimitExceededError, 7, "4,400 digits", id="huge-integer-yaml"),
    # --- JSON -------------------------------------------------------------------------------------
    pytest.param("json-syntax-error.json", ParseError, 7, "syntax error", id="json-syntax"),
    pytest.param("json-duplicate-key.json", ParseError, 7, "duplicate key", id="json-duplicate-key"),
    pytest.param(
        "json-nan.json",
        ParseError,
        4,
        "nan",
        id="json-nan",
    ),
    pytest.param("deep-nesting.json", LimitExceededError, 3, "nests", id="deep-nesting-json"),
    pytest.param("huge-integer.json", LimitExceededError, 7, "4,300 digits", id="huge-integer-json"),
    pytest.param("json-top-level-list.json", SchemaError, 1, "mapping", id="json-top-level-list"),
    pytest.param("json-emotion-out-of-range.json", SchemaError, 20, "emotion", id="json-emotion"),
    pytest.param(
        "json-emotion-out-of-range-tab-indented.json",
        SchemaError,
        20,
        "emotion",
        id="json-tab-indented",
    ),
    pytest.param(
        "json-emotion-out-of-range-with-c1-character.json",
        SchemaError,
        20,
        "emotion",
        id="json-c1-character",
    ),
    # --- the schema -----------------------------------------------------------------------------
    pytest.param("top-level-list.yaml", SchemaError, 2, "mapping", id="top-level-list"),
    pytest.param("unknown-top-level-key.yaml", SchemaError, 7, "'role'", id="unknown-top-level-key"),
    pytest.param("unknown-key-emotoin.yaml", SchemaError, 23, "emotoin", id="unknown-key"),
    pytest.param("string-where-list-belongs.yaml", SchemaError, 6, "goals", id="string-for-list"),
    pytest.param("number-where-text-belongs.yaml", SchemaError, 9, "name", id="number-for-text"),
    pytest.param("persona-as-string.yaml", SchemaError, 4, "personas.0", id="persona-as-string"),
    pytest.param("emotion-too-high.yaml", SchemaError, 23, "emotion", id="emotion-7"),
    pytest.param("emotion-zero.yaml", SchemaError, 23, "emotion", id="emotion-0"),
    pytest.param("emotion-float.yaml", SchemaError, 23, "emotion", id="emotion-float"),
    pytest.param("emotion-boolean.yaml", SchemaError, 23, "emotion", id="emotion-boolean"),
    pytest.param("impact-out-of-range.yaml", SchemaError, 14, "impact", id="impact-6"),
    pytest.param("metric-target-nan.yaml", SchemaError, 35, "target", id="metric-target-nan"),
    pytest.param("id-with-space.yaml", SchemaError, 24, "sign in", id="id-with-space"),
    pytest.param("id-with-slash.yaml", SchemaError, 11, "partner/sso", id="id-with-slash"),
    pytest.param("bad-lane.yaml", SchemaError, 30, "backoffice", id="bad-lane"),
    pytest.param("bad-state.yaml", SchemaError, 17, "planned", id="bad-state"),
    pytest.param("step-missing-name.yaml", SchemaError, 24, "'name'", id="step-missing-name"),
    pytest.param("rule-empty-requires.yaml", SchemaError, 36, "requires", id="rule-empty-requires"),
    pytest.param("metric-measures-role.yaml", SchemaError, 37, "role:channel-manager", id="measures-role"),
    pytest.param(
        "current-journey-with-replaces.yaml", SchemaError, 34, "replaces", id="current-with-replaces"
    ),
    pytest.param("future-replaces-future.yaml", SchemaError, 39, "future", id="future-replaces-future"),
    pytest.param(
        "persona-null-key.yaml",
        SchemaError,
        7,
        "key",
        id="null-key",
    ),
    pytest.param(
        "attribute-key-true.yaml",
        SchemaError,
        9,
        "true",
        id="boolean-key",
    ),
    # --- references, duplicates and cycles ------------------------------------------------------
    pytest.param("unknown-requirement.yaml", UnknownReferenceError, 26, "partner-ssso", id="unknown-req"),
    pytest.param("unknown-actor-role.yaml", UnknownReferenceError, 31, "channel-mgr", id="unknown-actor"),
    pytest.param("unknown-persona.yaml", UnknownReferenceError, 16, "reseller", id="unknown-persona"),
    pytest.param("unknown-next-step.yaml", UnknownReferenceError, 24, "finish", id="unknown-next"),
    pytest.param(
        "unknown-covers-step.yaml", UnknownReferenceError, 14, "step:onboarding/register", id="unknown-covers"
    ),
    pytest.param(
        "future-replaces-missing-journey.yaml",
        UnknownReferenceError,
        35,
        "onboarding-old",
        id="replaces-missing",
    ),
    pytest.param("duplicate-persona-id.yaml", DuplicateIdError, 7, "duplicate persona id", id="dup-persona"),
    pytest.param("duplicate-step-id.yaml", DuplicateIdError, 24, "duplicate step id", id="dup-step"),
    pytest.param("depends-on-cycle.yaml", DependencyCycleError, 19, "cycle", id="depends-on-cycle"),
    pytest.param("sub-journey-cycle.yaml", DependencyCycleError, 24, "sub-journey", id="sub-journey-cycle"),
]

#: The files of the table, in table order.
FILES = [str(param.values[0]) for param in CASES]
#: The line each file's (first) error must name.
EXPECTED_LINE = {str(param.values[0]): int(str(param.values[2])) for param in CASES}


def _validate(*paths: Path, max_bytes: int | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``journeykit validate`` the way a user does, in a fresh interpreter."""
    command = [sys.executable, "-m", "journeykit", "validate", *map(str, paths)]
    if max_bytes is not None:
        command += ["--max-bytes", str(max_bytes)]
    return subprocess.run(command, capture_output=True, text=True, check=False)


@pytest.mark.parametrize(("filename", "error", "line", "fragment"), CASES)
def test_load_raises_located_error(
    filename: str, error: type[JourneyKitError], line: int, fragment: str
) -> None:
    path = BAD / filename
    kwargs = {"max_bytes": MAX_BYTES[filename]} if filename in MAX_BYTES else {}
    with pytest.raises(error) as excinfo:
        journeykit.load(path, **kwargs)
    err = excinfo.value
    message = str(err)
    assert type(err) is error, f"{type(err).__name__}: {message}"
    prefix = f"{path}:{line}: "
    assert message.startswith(prefix), message
    assert err.file == str(path)
    assert err.line == line
    # Look for the fragment after the prefix: the file name alone names the problem.
    assert fragment in message.splitlines()[0].removeprefix(prefix).lower(), message


@pytest.mark.parametrize(("filename", "error", "line", "fragment"), CASES)
def test_cli_reports_located_error(
    filename: str, error: type[JourneyKitError], line: int, fragment: str
) -> None:
    path = BAD / filename
    result = _validate(path, max_bytes=MAX_BYTES.get(filename))
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1, result.stderr
    assert result.stdout == ""
    first = result.stderr.splitlines()[0] if result.stderr else ""
    prefix = f"{path}:{line}: "
    assert first.startswith(prefix), result.stderr
    assert fragment in first.removeprefix(prefix).lower(), result.stderr


def _blocks(stderr: str, paths: list[Path]) -> list[tuple[Path, list[str]]]:
    """Split ``validate``'s stderr into (file, lines) blocks; a block starts at a line naming a
    file other than the previous block's, and lines naming no file continue the current block."""
    blocks: list[tuple[Path, list[str]]] = []
    for text in stderr.splitlines():
        owner = next((p for p in paths if text.startswith(f"{p}:")), None)
        if owner is not None and (not blocks or blocks[-1][0] != owner):
            blocks.append((owner, [text]))
        elif blocks:
            blocks[-1][1].append(text)
        else:
            blocks.append((Path("?"), [text]))
    return blocks


def test_cli_validates_all_files_at_once() -> None:
    paths = sorted(BAD.iterdir())
    too_big = [p.name for p in paths if p.name not in MAX_BYTES and p.stat().st_size > ALL_AT_ONCE_MAX_BYTES]
    assert not too_big, f"keep catalogue files under {ALL_AT_ONCE_MAX_BYTES} bytes: {too_big}"
    assert all(p.stat().st_size > ALL_AT_ONCE_MAX_BYTES for p in paths if p.name in MAX_BYTES)

    result = _validate(*paths, max_bytes=ALL_AT_ONCE_MAX_BYTES)

    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert result.returncode == 1
    assert result.stdout == ""
    blocks = _blocks(result.stderr, paths)
    assert [owner for owner, _ in blocks] == paths, result.stderr
    for path, lines in blocks:
        line = EXPECTED_LINE[path.name]
        assert lines[0].startswith(f"{path}:{line}: "), lines


def test_catalogue_is_complete() -> None:
    on_disk = sorted(p.name for p in BAD.iterdir())
    assert len(on_disk) >= 25
    assert all(p.is_file() for p in BAD.iterdir())
    missing = sorted(set(on_disk) - set(FILES))
    assert not missing, f"files in {BAD} without an expectation in CASES: {missing}"
    stale = sorted(set(FILES) - set(on_disk))
    assert not stale, f"CASES names files that do not exist: {stale}"
    assert len(set(FILES)) == len(FILES), "a file appears twice in CASES"


def test_oversize_file_loads_without_the_small_limit() -> None:
    # oversize.yaml is a valid programme: only the limit makes it bad.
    assert (BAD / "oversize.yaml").stat().st_size > MAX_BYTES["oversize.yaml"]
    assert journeykit.load(BAD / "oversize.yaml").name == "Partner portal"


def _refuse_to_read(*args: object, **kwargs: object) -> None:
    raise AssertionError("journeykit read a file it should have refused by its size")


def _sparse_file_over_the_default_limit(tmp_path: Path) -> Path:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as f:
        f.truncate(DEFAULT_LIMIT + 1)  # sparse: takes no disk space
    return path


def test_default_size_limit_refuses_file_without_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _sparse_file_over_the_default_limit(tmp_path)
    monkeypatch.setattr(Path, "read_bytes", _refuse_to_read)
    monkeypatch.setattr(Path, "read_text", _refuse_to_read)
    monkeypatch.setattr(Path, "open", _refuse_to_read)
    with pytest.raises(LimitExceededError) as excinfo:
        journeykit.load(path)
    err = excinfo.value
    assert type(err) is LimitExceededError
    assert str(err).startswith(f"{path}:1: ")
    assert err.file == str(path)
    assert err.line == 1
    assert f"{DEFAULT_LIMIT + 1:,}" in str(err)


def test_cli_default_size_limit(tmp_path: Path) -> None:
    path = _sparse_file_over_the_default_limit(tmp_path)
    result = _validate(path)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines()[0].startswith(f"{path}:1: ")


def test_cli_accepts_good_file() -> None:
    if not GOOD.is_file():
        pytest.skip(f"{GOOD} is not there")
    result = _validate(GOOD)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.startswith(f"{GOOD}: ok")
