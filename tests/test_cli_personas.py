"""``journeykit personas segment``, called the way users call it: as a separate process."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd
import pytest

import journeykit as jk
from journeykit.testing import synthetic_people

from .conftest import run_cli as run


@cache
def people() -> pd.DataFrame:
    return synthetic_people(1500, k=3, seed=101).frame


@pytest.fixture
def users(tmp_path: Path) -> Path:
    path = tmp_path / "users.csv"
    people().to_csv(path, index=False)
    return path


def test_the_drafts_file_equals_the_python_api(users: Path, tmp_path: Path) -> None:
    out = tmp_path / "drafts.yaml"
    result = run("personas", "segment", users, "--id", "user", "--k", "3", "-o", out)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    drafts = jk.load(out)
    # The same people through DuckDB's CSV reader: numbers, booleans and text as pandas has them.
    expected = jk.personas.segment(people(), id="user", k=3, seed=0).to_personas(data="users.csv")
    assert [p.model_dump(exclude={"source"}) for p in drafts.personas] == [
        p.model_dump(exclude={"source"}) for p in expected
    ]
    source = drafts.personas[0].source
    assert source is not None
    assert (source.data, source.rows, source.method, source.k, source.seed) == (
        "users.csv",
        1500,
        "kmeans",
        3,
        0,
    )
    assert set(source.quality) == {"silhouette", "stability"}
    assert drafts.name == "Personas from users.csv"
    # The summary goes to standard error: one line, then one per persona.
    lines = result.stderr.splitlines()
    assert lines[0].startswith("users.csv: 3 personas of 1,500 people (kmeans, k as asked)")
    assert lines[1:4] == [f"  {p.id}: {p.share:.0%} ({p.size:,} people)" for p in drafts.personas]
    assert lines[-1] == f"wrote {out}"


def test_without_output_the_programme_goes_to_standard_output(users: Path) -> None:
    result = run("personas", "segment", users, "--id", "user", "--features", "age,tier,certified", "--k", "2")
    assert result.returncode == 0, result.stderr
    program = jk.loads(result.stdout, format="yaml")
    assert len(program.personas) == 2
    assert program.personas[0].source is not None
    assert program.personas[0].source.features == ("age", "tier", "certified")


def test_k_auto_and_nmf_from_parquet(tmp_path: Path) -> None:
    counts = pd.DataFrame(
        {"user": range(300), "a": [i % 7 for i in range(300)], "b": [i % 3 for i in range(300)]}
    )
    path = tmp_path / "usage.parquet"
    counts.to_parquet(path)
    result = run("personas", "segment", path, "--id", "user", "--method", "nmf", "--k", "2")
    assert result.returncode == 0, result.stderr
    assert jk.loads(result.stdout, format="yaml").personas[0].source.method == "nmf"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--id", "usr"], "users.csv: the table has no column 'usr' (id=); did you mean 'user'?"),
        (
            ["--id", "user", "--features", "age,tiers"],
            "users.csv: the table has no column 'tiers' (features=)",
        ),
        (["--id", "user", "--k", "2000"], "users.csv: the table has 1500 rows, too few for 2000 segments"),
    ],
)
def test_unusable_input_is_one_line_with_the_file_and_exit_1(
    users: Path, args: list[str], message: str
) -> None:
    result = run("personas", "segment", users.name, *args, cwd=users.parent)
    assert result.returncode == 1
    assert result.stderr.startswith(message)
    assert len(result.stderr.splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_nmf_names_a_negative_column(tmp_path: Path) -> None:
    (tmp_path / "usage.csv").write_text("user,visits,refunds\na,3,0\nb,5,-1\nc,0,2\n", encoding="utf-8")
    result = run(
        "personas", "segment", "usage.csv", "--id", "user", "--method", "nmf", "--k", "2", cwd=tmp_path
    )
    assert result.returncode == 1
    assert result.stderr.startswith("usage.csv: column 'refunds' has negative values")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--k", "1"], "argument --k: must be at least 2"),
        (["--k", "some"], "argument --k: not 'auto' nor a whole number"),
        (["--features", "age,,tier"], "argument --features: an empty column name"),
        (["--method", "dbscan"], "argument --method: invalid choice"),
        (["-o", "drafts.txt"], "-o writes .yaml, .yml or .json"),
    ],
)
def test_bad_options_are_usage_errors(users: Path, args: list[str], message: str) -> None:
    result = run("personas", "segment", users, *args)
    assert result.returncode == 2
    assert message in result.stderr


def test_the_input_is_never_the_output(users: Path) -> None:
    before = users.read_bytes()
    renamed = users.with_suffix(".json")
    users.rename(renamed)
    result = run("personas", "segment", renamed, "-o", renamed)
    assert result.returncode != 0
    assert renamed.read_bytes() == before


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.csv", None, "missing.csv: no such file"),
        ("people.xlsx", b"x", "people.xlsx: cannot read people from '.xlsx'; give a .csv or .parquet file"),
        ("broken.parquet", b"not parquet at all", "broken.parquet: cannot read it as parquet"),
    ],
)
def test_unreadable_files_are_one_line(
    tmp_path: Path, name: str, content: bytes | None, message: str
) -> None:
    if content is not None:
        (tmp_path / name).write_bytes(content)
    result = run("personas", "segment", name, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith(message)
    assert "Traceback" not in result.stderr


def test_segment_has_help() -> None:
    result = run("personas", "segment", "--help")
    assert result.returncode == 0
    assert result.stdout.startswith("usage: journeykit personas segment")
