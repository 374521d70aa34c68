"""What ``segment`` returns: the segments, their figures, the drafts, and how it shows itself."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from journeykit._text import html_text

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pandas as pd

    from journeykit.personas._encode import Encoding, Method
    from journeykit.personas._input import People
    from journeykit.personas._persona import Organization, Persona
    from journeykit.personas._profile import Profile, Trait
    from journeykit.personas._stability import Candidate

__all__ = ["Segmentation"]


@dataclass(frozen=True, eq=False)
class Segmentation:
    """Segments of people, what sets each apart, and how good the division is.

    Personas are numbered by size, largest first (``persona-1``, ...).

    Attributes
    ----------
    k
        The number of segments.
    method, seed
        How they were made.
    labels
        One row per input row, in input order: the id column (``row`` without
        one) and ``persona``.
    segments
        One row per persona: ``persona``, ``size``, ``share``, then the
        profile of every feature: the mean of a number, the share of true of
        a boolean, and a ``feature=level`` column per level of a category
        with the share of the persona's people at that level.
    distinguishing
        The features (and levels) that set each persona apart: ``persona``,
        ``feature``, ``level`` (None for numbers and booleans), ``value``
        (the persona's mean or share), ``population`` (everyone's),
        ``effect`` (the effect size: standardised mean difference for a
        number, Cohen's h for a share) and ``rank`` (1: the largest effect
        of that persona). Only effects of at least 0.2 are listed.
    representatives
        The members closest to each persona's centre: ``persona``, the id
        column, ``distance`` (in the encoded space; for NMF, the part of the
        member's weight outside the persona) and ``rank``.
    quality
        ``silhouette`` (-1 to 1, of the final segments, on a sample of at
        most 5,000 people) and ``stability`` (0 to 1: agreement of the
        labels across resamples of people and features).
    candidates
        Every k considered: ``k``, ``stability``, ``silhouette`` (of the
        reference segments fitted on the sample), ``score`` (stability times
        the silhouette, at least 0: what ``k="auto"`` maximises) and
        ``chosen``. With a fixed k, that k alone.
    features
        Every column considered: ``feature``, ``kind`` (numeric, boolean,
        categorical), ``used``, ``missing`` (how many values were missing),
        ``filled_with`` (what they became) and ``note``.
    rows
        How many people were segmented.
    """

    k: int
    method: Method
    seed: int
    labels: pd.DataFrame
    segments: pd.DataFrame
    distinguishing: pd.DataFrame
    representatives: pd.DataFrame
    quality: dict[str, float]
    candidates: pd.DataFrame
    features: pd.DataFrame
    rows: int
    _encoding: Encoding = field(repr=False)
    _model: Any = field(repr=False)
    _order: npt.NDArray[np.int64] = field(repr=False)
    _profile: Profile = field(repr=False)
    _traits: tuple[Trait, ...] = field(repr=False)
    _id_name: str = field(repr=False)

    @property
    def persona_ids(self) -> list[str]:
        """The persona ids, largest persona first.

        Examples
        --------
        >>> from journeykit.testing import synthetic_people
        >>> people = synthetic_people(200, k=3, seed=4).frame
        >>> result = jk.personas.segment(people, id="user", k=3, seed=0)
        >>> result.persona_ids
        ['persona-1', 'persona-2', 'persona-3']
        """
        return [f"persona-{i + 1}" for i in range(self.k)]

    @property
    def missing(self) -> int:
        """How many values of the features used were missing (and filled as ``.features`` says).

        Examples
        --------
        >>> from journeykit.testing import synthetic_people
        >>> people = synthetic_people(200, k=3, seed=4).frame
        >>> result = jk.personas.segment(people, id="user", k=3, seed=0)
        >>> result.missing
        10
        >>> int(result.features["missing"].sum())
        10
        """
        return int(self.features.loc[self.features["used"], "missing"].sum())

    def to_frame(self) -> pd.DataFrame:
        """The segments table (``.segments``): one row per persona.

        Examples
        --------
        >>> from journeykit.testing import synthetic_people
        >>> people = synthetic_people(200, k=3, seed=4).frame
        >>> result = jk.personas.segment(people, id="user", k=3, seed=0)
        >>> result.to_frame()[["persona", "size", "share"]]
             persona  size  share
        0  persona-1    90   0.45
        1  persona-2    60   0.30
        2  persona-3    50   0.25
        """
        frame: pd.DataFrame = self.segments.copy()
        return frame

    def to_personas(
        self,
        *,
        data: str | None = None,
        organization: Organization | None = None,
        date: dt.date | None = None,
    ) -> tuple[Persona, ...]:
        """Draft personas, one per segment, for an analyst to edit rather than start blank.

        Each draft has the persona's id, a name and a description written from
        its distinguishing features, its ``share`` (rounded to 4 decimals so
        the shares still sum to 1) and ``size``, ``attributes`` with the
        typical value of every feature (mean of a number to 3 significant
        digits, majority of a boolean, most frequent level of a category),
        and a ``source`` with the method, k, seed, features, quality figures
        and the date.

        Parameters
        ----------
        data
            What the people came from, for ``source.data`` (a file name, a query).
        organization
            Whose side the personas are on (default: the model's, ``partner``).
        date
            The date for ``source.date`` (default: today).

        Examples
        --------
        >>> import datetime
        >>> from journeykit.testing import synthetic_people
        >>> people = synthetic_people(200, k=3, seed=4).frame
        >>> result = jk.personas.segment(people, id="user", k=3, seed=0)
        >>> drafts = result.to_personas(data="people.csv", date=datetime.date(2026, 1, 15))
        >>> [(persona.id, persona.share, persona.size) for persona in drafts]
        [('persona-1', 0.45, 90), ('persona-2', 0.3, 60), ('persona-3', 0.25, 50)]
        >>> drafts[0].name
        'Persona 1: low deals_per_quarter, company_size enterprise'
        >>> drafts[0].source.data, drafts[0].source.rows, str(drafts[0].source.date)
        ('people.csv', 200, '2026-01-15')
        """
        from journeykit.personas import _drafts
        from journeykit.personas._persona import Persona, PersonaSource

        source = PersonaSource(
            data=data,
            rows=self.rows,
            method=self.method,
            k=self.k,
            features=tuple(self.features.loc[self.features["used"], "feature"]),
            seed=self.seed,
            quality={name: round(value, 4) for name, value in self.quality.items()},
            date=date or dt.date.today(),
        )
        shares = _drafts.rounded_shares(self._profile.sizes)
        drafts = []
        for segment, ident in enumerate(self.persona_ids):
            traits = [t for t in self._traits if t.persona == segment]
            fields: dict[str, Any] = {
                "id": ident,
                "name": _drafts.name(segment + 1, traits),
                "description": _drafts.description(int(self._profile.sizes[segment]), self.rows, traits),
                "share": shares[segment],
                "size": int(self._profile.sizes[segment]),
                "attributes": _drafts.attributes(self._profile, segment),
                "source": source,
            }
            if organization is not None:
                fields["organization"] = organization
            drafts.append(Persona(**fields))
        return tuple(drafts)

    def assign(self, table: Any) -> pd.DataFrame:
        """The persona of new people: a table like ``.labels`` for the rows of ``table``.

        ``table`` needs the columns the segments were made from (and the id
        column, if there was one). Values are encoded by the rule fitted on
        the original people: a missing value is filled as it was then, and a
        level never seen then counts as ``(other)`` (or as no level). Each
        row joins the nearest segment (k-means) or its strongest component
        (NMF).

        Examples
        --------
        >>> from journeykit.testing import synthetic_people
        >>> people = synthetic_people(200, k=3, seed=4).frame
        >>> result = jk.personas.segment(people, id="user", k=3, seed=0)
        >>> result.assign(people.head(3))
           user    persona
        0     0  persona-2
        1     1  persona-3
        2     2  persona-3
        >>> result.assign(people).equals(result.labels)  # the people it was made from
        True
        """
        import numpy as np

        from journeykit.personas._input import read_people
        from journeykit.personas._stability import strongest

        used = [f.name for f in self._encoding.features]
        people = read_people(table, id=None if self._id_name == "row" else self._id_name, features=used)
        by_name = {c.name: c for c in people.columns}
        missing = [name for name in used if name not in by_name]
        if missing:
            from journeykit.exceptions import SegmentationError

            raise SegmentationError(
                f"column {missing[0]!r} holds values of another kind than when the segments were made",
                column=missing[0],
            )
        matrix = self._encoding.transform([by_name[name] for name in used])
        if self.method == "nmf":
            clusters = strongest(self._model.transform(matrix), self._model.components_)
        else:
            clusters = self._model.predict(matrix).astype(np.int64)
        return _labels_frame(people, self._order[clusters], self.persona_ids)

    # -- building ----------------------------------------------------------------

    @classmethod
    def _build(
        cls,
        *,
        people: People,
        encoding: Encoding,
        matrix: npt.NDArray[np.float32],
        model: Any,
        labels: npt.NDArray[np.int64],
        distance: npt.NDArray[np.float64],
        k: int,
        method: Method,
        seed: int,
        figures: Sequence[Candidate],
        representatives: int,
    ) -> Segmentation:
        import numpy as np
        import pandas as pd
        from sklearn.metrics import silhouette_score

        from journeykit.personas._profile import effect_rows, profile, segments_frame
        from journeykit.personas._profile import representatives as nearest
        from journeykit.personas._stability import SILHOUETTE_ROWS

        # Personas by size, largest first; ties keep the model's order.
        sizes = np.bincount(labels, minlength=k)
        order = np.empty(k, dtype=np.int64)
        order[np.argsort(-sizes, kind="stable")] = np.arange(k)
        personas = order[labels]
        ids = [f"persona-{i + 1}" for i in range(k)]

        prof = profile(encoding.features, personas, k)
        traits = tuple(effect_rows(prof))
        rng = np.random.default_rng(seed)
        sample = np.arange(len(personas))
        if len(sample) > SILHOUETTE_ROWS:
            sample = np.sort(rng.choice(len(personas), size=SILHOUETTE_ROWS, replace=False))
        silhouette = (
            float(silhouette_score(matrix[sample], personas[sample]))
            if len(np.unique(personas[sample])) > 1
            else float("nan")
        )
        chosen = next((c for c in figures if c.k == k), None)
        quality = {"silhouette": silhouette, "stability": chosen.stability if chosen else float("nan")}

        distinguishing = pd.DataFrame(
            [(ids[t.persona], t.feature, t.level, t.value, t.population, t.effect) for t in traits],
            columns=["persona", "feature", "level", "value", "population", "effect"],
        )
        distinguishing["rank"] = distinguishing.groupby("persona", sort=False).cumcount() + 1
        id_values = _id_values(people)
        near = nearest(distance, personas, k, representatives)
        representative_rows = pd.DataFrame(
            {
                "persona": [ids[s] for s, _, _ in near],
                people.id_name: [id_values[row] for _, row, _ in near],
                "distance": [d for _, _, d in near],
            }
        )
        representative_rows["rank"] = representative_rows.groupby("persona", sort=False).cumcount() + 1
        candidates = pd.DataFrame(
            {
                "k": [c.k for c in figures],
                "stability": [c.stability for c in figures],
                "silhouette": [c.silhouette for c in figures],
                "score": [c.score for c in figures],
                "chosen": [c.k == k for c in figures],
            }
        )
        return cls(
            k=k,
            method=method,
            seed=seed,
            labels=_labels_frame(people, personas, ids),
            segments=segments_frame(prof, ids),
            distinguishing=distinguishing,
            representatives=representative_rows,
            quality=quality,
            candidates=candidates,
            features=_features_frame(people, encoding),
            rows=people.rows,
            _encoding=encoding,
            _model=model,
            _order=order,
            _profile=prof,
            _traits=traits,
            _id_name=people.id_name,
        )

    # -- display -----------------------------------------------------------------

    def __repr__(self) -> str:
        return (
            f"<Segmentation: {self.k} personas of {self.rows} people by {self.method}, "
            f"silhouette {self.quality['silhouette']:.2f}, stability {self.quality['stability']:.2f}>"
        )

    def _repr_mimebundle_(
        self, include: Iterable[str] | None = None, exclude: Iterable[str] | None = None, **_: object
    ) -> dict[str, str] | None:
        """In Jupyter, the persona comparison picture (the HTML summary alone without matplotlib)."""
        from journeykit.render.jupyter import segmentation_bundle

        return segmentation_bundle(self, include, exclude)

    def _repr_html_(self) -> str:
        """A notebook summary: the quality, each persona's share as a bar, and its strongest traits."""
        rows = []
        for segment, ident in enumerate(self.persona_ids):
            share = float(self.segments["share"].iloc[segment])
            size = int(self.segments["size"].iloc[segment])
            traits = [t for t in self._traits if t.persona == segment][:3]
            described = "; ".join(html_text(_trait_text(t)) for t in traits) or "&mdash;"
            rows.append(
                f"<tr><td><code>{html_text(ident)}</code></td><td style='text-align:right'>{size:,}</td>"
                f"<td><div style='display:flex;align-items:center;gap:6px'>"
                f"<div style='background:#00897b;height:10px;width:{round(share * 160)}px'></div>"
                f"<span>{share:.0%}</span></div></td><td>{described}</td></tr>"
            )
        quality = f"silhouette {self.quality['silhouette']:.2f}, stability {self.quality['stability']:.2f}"
        return (
            f"<div><p><strong>Segmentation</strong>: {self.k} personas of {self.rows:,} people "
            f"({html_text(self.method)}, seed {self.seed}); {quality}; "
            f"{self.missing:,} missing values filled</p>"
            "<table><thead><tr><th>persona</th><th>size</th><th>share</th>"
            "<th>sets it apart</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></div>"
        )


def _trait_text(trait: Trait) -> str:
    sign = "+" if trait.effect > 0 else "−"
    name = trait.feature if trait.level is None else f"{trait.feature}={trait.level}"
    return f"{name} {sign}{abs(trait.effect):.1f}"


def _id_values(people: People) -> list[Any]:
    if people.ids is None:
        return list(range(people.rows))
    values: list[Any] = people.ids.to_pylist()
    return values


def _labels_frame(people: People, personas: npt.NDArray[np.int64], ids: Sequence[str]) -> pd.DataFrame:
    import pandas as pd

    column = pd.Categorical.from_codes(personas, categories=pd.Index(list(ids)))
    if people.ids is None:
        import numpy as np

        ids_column: Any = np.arange(people.rows)
    else:
        ids_column = people.ids.to_pandas()
    frame: pd.DataFrame = pd.DataFrame({people.id_name: ids_column, "persona": column})
    return frame


def _features_frame(people: People, encoding: Encoding) -> pd.DataFrame:
    import pandas as pd

    used = {f.name: f for f in encoding.features}
    rows: list[tuple[str, str | None, bool, int, object, str]] = []
    for column in people.columns:
        feature = used.get(column.name)
        if feature is not None:
            rows.append((column.name, column.kind, True, feature.missing, feature.fill, ""))
        else:
            rows.append((column.name, column.kind, False, column.values.null_count, None, "a single value"))
    for name, reason in people.skipped:
        rows.append((name, None, False, 0, None, reason))
    frame: pd.DataFrame = pd.DataFrame(
        rows, columns=["feature", "kind", "used", "missing", "filled_with", "note"]
    )
    return frame
