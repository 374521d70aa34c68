"""segment: planted personas found again, the tables it returns, drafts, assign and errors."""

from __future__ import annotations

import math
import sys
from functools import cache
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import adjusted_rand_score

import journeykit as jk
from journeykit.personas import Segmentation, segment
from journeykit.testing import synthetic_people

#: Planted populations: (seed, k). Every k from 2 to 6, unequal shares, nine
#: informative features of three kinds, two irrelevant columns, 1% of the
#: numeric and categorical values missing. The criterion of ``k="auto"`` was
#: chosen on seeds 0 to 29; these seeds were kept apart to test it.
POPULATIONS = [(seed, 2 + seed % 5) for seed in range(100, 110)]
NUMBERS = ("age", "deals_per_quarter", "visits_per_month", "irrelevant_1")
BOOLEANS = ("certified", "mobile", "newsletter")


@cache
def planted(seed: int, k: int, n: int = 3000) -> Any:
    return synthetic_people(n, k=k, seed=seed)


@cache
def fitted(seed: int, k: int | str) -> Segmentation:
    people = planted(seed, 2 + seed % 5)
    return segment(people.frame, id="user", k=k, seed=0)


def codes(result: Segmentation) -> np.ndarray:
    return result.labels["persona"].cat.codes.to_numpy()


# -- planted personas ------------------------------------------------------------


@pytest.mark.parametrize(("seed", "k"), POPULATIONS)
def test_the_planted_segments_are_found_at_the_planted_k(seed: int, k: int) -> None:
    people = planted(seed, k)
    result = fitted(seed, k)
    assert result.k == k
    assert adjusted_rand_score(people.segments, codes(result)) >= 0.9
    # Personas are numbered by size, so the planted shares compare largest first.
    found = result.segments["share"].to_numpy()
    assert np.abs(np.sort(people.shares)[::-1] - found).max() <= 0.03


@pytest.mark.slow
def test_k_auto_finds_the_planted_k_in_most_populations_and_is_never_more_than_one_off() -> None:
    chosen = {(seed, k): fitted(seed, "auto").k for seed, k in POPULATIONS}
    misses = {key: got for key, got in chosen.items() if got != key[1]}
    assert len(misses) <= 3, misses
    assert all(abs(got - k) <= 1 for (_, k), got in chosen.items()), chosen


def test_k_auto_keeps_every_candidate_and_marks_the_chosen_one() -> None:
    result = fitted(100, "auto")
    candidates = result.candidates
    assert list(candidates["k"]) == list(range(2, 9))
    assert candidates["stability"].between(0, 1).all()
    assert candidates["silhouette"].between(-1, 1).all()
    assert np.allclose(candidates["score"], candidates["stability"] * candidates["silhouette"].clip(lower=0))
    assert candidates.loc[candidates["chosen"], "k"].tolist() == [result.k]
    chosen = candidates[candidates["chosen"]].iloc[0]
    assert chosen["score"] >= candidates["score"].max() - 0.01
    assert (candidates.loc[candidates["k"] > result.k, "score"] < candidates["score"].max() - 0.01).all()
    assert result.quality["stability"] == chosen["stability"]


def test_noise_columns_alone_are_not_segments() -> None:
    # People who differ only in noise: whatever k is chosen, it is not stable.
    rng = np.random.default_rng(3)
    noise = pd.DataFrame(
        {
            "a": rng.standard_normal(1500),
            "b": rng.standard_normal(1500),
            "c": rng.choice(["x", "y", "z"], 1500),
        }
    )
    structured = fitted(100, "auto")
    assert segment(noise, seed=0).quality["stability"] < structured.quality["stability"]


# -- the tables --------------------------------------------------------------------


def test_labels_have_one_row_per_input_row_in_input_order() -> None:
    people = planted(101, 3).frame
    shuffled = people.sample(frac=1.0, random_state=5).reset_index(drop=True)
    result = segment(shuffled, id="user", k=3, seed=0)
    assert list(result.labels.columns) == ["user", "persona"]
    assert result.labels["user"].tolist() == shuffled["user"].tolist()
    assert set(result.labels["persona"]) == {"persona-1", "persona-2", "persona-3"}


def test_without_an_id_people_are_known_by_their_row() -> None:
    people = planted(101, 3).frame.drop(columns="user")
    result = segment(people, k=3, seed=0)
    assert result.labels["row"].tolist() == list(range(len(people)))
    assert "row" in result.representatives.columns


def test_segments_profile_equals_a_pandas_group_by() -> None:
    people = planted(102, 4).frame
    result = fitted(102, 4)
    joined = people.assign(persona=result.labels["persona"].astype(str).to_numpy())
    by = joined.groupby("persona")
    segments = result.segments.set_index("persona")
    assert segments["size"].to_dict() == by.size().to_dict()
    assert math.isclose(segments["share"].sum(), 1.0)
    for column in ("age", "deals_per_quarter", "irrelevant_1"):
        assert np.allclose(segments[column], by[column].mean().reindex(segments.index))
    assert np.allclose(segments["certified"], by["certified"].mean().reindex(segments.index))
    shares = by["tier"].value_counts(normalize=False).unstack(fill_value=0)
    for level in ("gold", "silver"):
        expected = shares[level].reindex(segments.index) / segments["size"]
        assert np.allclose(segments[f"tier={level}"], expected)


def test_distinguishing_effect_sizes_match_an_independent_computation() -> None:
    people = planted(103, 5).frame
    result = fitted(103, 5)
    persona = result.labels["persona"].astype(str).to_numpy()
    table = result.distinguishing
    assert list(table.columns) == ["persona", "feature", "level", "value", "population", "effect", "rank"]
    assert (table["effect"].abs() >= 0.2).all()
    for row in table.itertuples():
        members = people[persona == row.persona]
        if row.feature in NUMBERS:
            column = people[row.feature].dropna()
            expected = (members[row.feature].mean() - column.mean()) / column.std(ddof=0)
        else:
            if row.feature in BOOLEANS:
                p, q = members[row.feature].mean(), people[row.feature].mean()
            else:
                p = (members[row.feature] == row.level).mean()
                q = (people[row.feature] == row.level).mean()
            expected = 2 * math.asin(math.sqrt(p)) - 2 * math.asin(math.sqrt(q))
        assert row.effect == pytest.approx(expected, abs=1e-9)
    for _, group in table.groupby("persona"):
        assert group["rank"].tolist() == list(range(1, len(group) + 1))
        assert (group["effect"].abs().diff().dropna() <= 1e-12).all()


def test_the_planted_differences_are_among_the_distinguishing_features() -> None:
    result = fitted(100, 2)
    top = result.distinguishing.groupby("persona").head(6)
    assert not top["feature"].str.startswith("irrelevant").any()


def test_representatives_are_members_of_their_persona() -> None:
    result = fitted(101, 3)
    labels = result.labels.set_index("user")["persona"]
    reps = result.representatives
    assert reps.groupby("persona").size().to_dict() == dict.fromkeys(result.persona_ids, 3)
    assert all(labels[row.user] == row.persona for row in reps.itertuples())
    for _, group in reps.groupby("persona"):
        assert group["distance"].is_monotonic_increasing


def test_missing_values_are_counted_and_no_row_is_dropped() -> None:
    people = planted(104, 6).frame
    result = fitted(104, 6)
    assert len(result.labels) == len(people)
    features = result.features.set_index("feature")
    for column in ("age", "region", "tier"):
        assert features.loc[column, "missing"] == people[column].isna().sum() > 0
    assert features.loc["region", "filled_with"] == "(missing)"
    assert features.loc["age", "filled_with"] == pytest.approx(people["age"].median())
    assert result.missing == int(people.isna().sum().sum())


def test_quality_figures_are_in_range() -> None:
    result = fitted(102, 4)
    assert set(result.quality) == {"silhouette", "stability"}
    assert 0 <= result.quality["stability"] <= 1
    assert -1 <= result.quality["silhouette"] <= 1


# -- the same answer ---------------------------------------------------------------


def test_the_same_seed_gives_the_same_answer() -> None:
    people = planted(105, 2).frame
    first, again = segment(people, id="user", seed=11), segment(people, id="user", seed=11)
    assert first.k == again.k
    pd.testing.assert_frame_equal(first.labels, again.labels)
    pd.testing.assert_frame_equal(first.segments, again.segments)
    pd.testing.assert_frame_equal(first.candidates, again.candidates)
    assert first.quality == again.quality


@pytest.mark.parametrize(
    "convert",
    [
        pl.from_pandas,
        lambda frame: pl.from_pandas(frame).lazy(),
        pa.Table.from_pandas,
        lambda frame: duckdb.connect().from_arrow(pa.Table.from_pandas(frame)),
    ],
    ids=["polars", "polars-lazy", "arrow", "duckdb"],
)
def test_every_kind_of_table_gives_the_same_answer(convert: Any) -> None:
    people = planted(106, 3, n=800).frame
    expected = segment(people, id="user", k=3, seed=0)
    result = segment(convert(people), id="user", k=3, seed=0)
    pd.testing.assert_frame_equal(result.segments, expected.segments)
    assert result.labels["persona"].tolist() == expected.labels["persona"].tolist()


# -- assign ------------------------------------------------------------------------


def test_assign_gives_the_original_people_their_own_persona() -> None:
    people = planted(101, 3).frame
    result = fitted(101, 3)
    pd.testing.assert_frame_equal(result.assign(people), result.labels)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(0, 2999), min_size=1, max_size=60))
def test_assign_labels_each_row_on_its_own(rows: list[int]) -> None:
    people = planted(101, 3).frame
    result = fitted(101, 3)
    some = people.iloc[rows].reset_index(drop=True)
    expected = result.labels.set_index("user")["persona"].loc[some["user"]].astype(str).tolist()
    assert result.assign(some)["persona"].astype(str).tolist() == expected


def test_assign_takes_unseen_levels_and_missing_values() -> None:
    result = fitted(101, 3)
    new = planted(101, 3).frame.head(4).copy()
    new["region"] = ["atlantis", None, "north", "south"]
    new["age"] = [np.nan, 30.0, 50.0, 70.0]
    assigned = result.assign(new)
    assert assigned["persona"].isin(result.persona_ids).all()


def test_assign_needs_the_features() -> None:
    result = fitted(101, 3)
    with pytest.raises(jk.SegmentationError, match="no column 'tier'") as caught:
        result.assign(planted(101, 3).frame.drop(columns="tier"))
    assert caught.value.column == "tier"


# -- drafts ------------------------------------------------------------------------


def test_drafts_are_valid_personas_with_shares_that_sum_to_one() -> None:
    result = fitted(102, 4)
    drafts = result.to_personas(data="crm.csv")
    assert [d.id for d in drafts] == result.persona_ids
    assert math.isclose(sum(d.share for d in drafts if d.share is not None), 1.0, abs_tol=1e-9)
    for draft, row in zip(drafts, result.segments.itertuples(), strict=True):
        assert draft.size == row.size
        assert draft.share == pytest.approx(row.share, abs=1e-4)
        assert draft.source is not None
        assert (draft.source.method, draft.source.k, draft.source.data) == ("kmeans", 4, "crm.csv")
        assert draft.source.quality["stability"] == pytest.approx(result.quality["stability"], abs=1e-4)
        assert set(draft.attributes) == set(result.features.loc[result.features["used"], "feature"])
    program = jk.Program(name="Drafts", personas=drafts)
    assert jk.loads(jk.dumps(program, format="yaml"), format="yaml") == program


def test_a_draft_is_described_by_its_strongest_trait() -> None:
    result = fitted(100, 2)
    draft = result.to_personas()[0]
    traits = result.distinguishing[result.distinguishing["persona"] == draft.id]
    # A draft says what a persona is or has: a level it holds less often does not describe it.
    telling = traits[traits["level"].isna() | (traits["effect"] > 0)]
    assert draft.name.startswith(f"Persona 1: {_short(telling.iloc[0])}")
    assert (
        (draft.description or "").split("Compared with everyone, ")[1].startswith(telling.iloc[0]["feature"])
    )
    assert f"{draft.size:,}" in (draft.description or "")


def _short(trait: pd.Series) -> str:
    if trait["level"] is not None and not pd.isna(trait["level"]):
        return f"{trait['feature']} {trait['level']}"
    if trait["feature"] in BOOLEANS:
        return trait["feature"] if trait["effect"] > 0 else f"not {trait['feature']}"
    return f"{'high' if trait['effect'] > 0 else 'low'} {trait['feature']}"


# -- NMF -----------------------------------------------------------------------------


def behaviour_counts(n: int, k: int, seed: int) -> tuple[pd.DataFrame, np.ndarray]:
    """Users x activity counts of ``k`` planted behaviours (sparse activity mixes, heavy and light users)."""
    rng = np.random.default_rng(seed)
    mixes = rng.dirichlet(np.full(20, 0.3), size=k)
    segments = rng.choice(k, size=n, p=rng.dirichlet(np.full(k, 5.0)))
    totals = np.maximum(1, rng.lognormal(3, 1, size=n).astype(int))
    counts = np.array([rng.multinomial(t, mixes[s]) for t, s in zip(totals, segments, strict=True)])
    frame = pd.DataFrame(counts, columns=[f"activity_{j:02d}" for j in range(20)])
    frame.insert(0, "user", [f"u{i}" for i in range(n)])
    return frame, segments


@pytest.mark.parametrize("k", [2, 3, 4, 5])
def test_nmf_finds_planted_behaviours(k: int) -> None:
    frame, segments = behaviour_counts(2000, k, seed=k)
    result = segment(frame, id="user", k=k, method="nmf", seed=0)
    assert adjusted_rand_score(segments, codes(result)) >= 0.9
    assert result.method == "nmf"
    agreement = (result.assign(frame)["persona"] == result.labels["persona"]).mean()
    assert agreement >= 0.98


def test_nmf_finds_no_more_segments_than_columns() -> None:
    counts = pd.DataFrame({"a": [i % 7 for i in range(300)], "b": [i % 3 for i in range(300)]})
    assert segment(counts, method="nmf", seed=0).candidates["k"].tolist() == [2]
    with pytest.raises(jk.SegmentationError, match=r"NMF finds at most as many segments as .* columns \(2\)"):
        segment(counts, k=3, method="nmf")
    with pytest.raises(jk.SegmentationError, match="not 2"):
        segment(counts[["a"]], method="nmf")


def test_nmf_refuses_negative_numbers() -> None:
    frame = pd.DataFrame({"a": [1, 2, -3, 4], "b": [0, 1, 0, 2]})
    with pytest.raises(jk.SegmentationError, match="column 'a' has negative values") as caught:
        segment(frame, k=2, method="nmf")
    assert caught.value.column == "a"


# -- errors --------------------------------------------------------------------------


def small() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "user": ["a", "b", "c", "d", "e", "f"],
            "age": [20.0, 22.0, 40.0, 41.0, np.nan, 60.0],
            "plan": ["free", "free", "pro", "pro", "pro", None],
            "when": pd.to_datetime(["2024-01-01"] * 6),
        }
    )


@pytest.mark.parametrize(
    ("options", "column", "message"),
    [
        ({"id": "usr"}, "usr", "no column 'usr' (id=); did you mean 'user'?"),
        ({"features": ["age", "plans"]}, "plans", "no column 'plans' (features=); did you mean 'plan'?"),
        ({"features": ["when"]}, "when", "column 'when' holds timestamp"),
        ({"id": "user", "features": ["user", "age"]}, "user", "is the id column"),
    ],
)
def test_unusable_columns_are_named(options: dict[str, Any], column: str, message: str) -> None:
    with pytest.raises(jk.SegmentationError, match=message.replace("(", r"\(").replace(")", r"\)")) as caught:
        segment(small(), k=2, **options)
    assert caught.value.column == column


def test_an_all_missing_column_is_named() -> None:
    frame = small().assign(empty=[None] * 6)
    with pytest.raises(jk.SegmentationError, match="column 'empty' has no values") as caught:
        segment(frame, id="user", features=["age", "empty"], k=2)
    assert caught.value.column == "empty"


def test_no_usable_feature() -> None:
    with pytest.raises(jk.SegmentationError, match="no usable feature"):
        segment(small()[["user", "when"]], id="user", k=2)
    with pytest.raises(jk.SegmentationError, match="no usable feature"):
        segment(pd.DataFrame({"a": [1, 1, 1], "b": ["x", "x", "x"]}), k=2)


def test_fewer_rows_than_k() -> None:
    with pytest.raises(jk.SegmentationError, match="6 rows, too few for 7 segments"):
        segment(small(), id="user", features=["age", "plan"], k=7)


def test_a_datetime_column_is_left_out_and_listed_when_features_are_not_named() -> None:
    result = segment(small(), id="user", k=2, seed=0)
    features = result.features.set_index("feature")
    assert not features.loc["when", "used"]
    assert "timestamp" in features.loc["when", "note"]


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"k": 1}, ValueError),
        ({"k": True}, ValueError),
        ({"k": "many"}, ValueError),
        ({"method": "dbscan"}, ValueError),
        ({"seed": 1.5}, TypeError),
        ({"features": "age"}, TypeError),
    ],
)
def test_wrong_options(options: dict[str, Any], error: type[Exception]) -> None:
    with pytest.raises(error):
        segment(small(), id="user", **options)


def test_not_a_table() -> None:
    with pytest.raises(TypeError, match="segment\\(\\) takes a pandas"):
        segment([[1, 2], [3, 4]], k=2)


def test_without_scikit_learn_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sklearn", None)
    with pytest.raises(jk.MissingDependencyError, match=r"pip install 'journeykit\[personas\]'"):
        segment(small(), k=2)
