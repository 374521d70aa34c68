"""Metric.observe: how a metric's value is computed from events, as typed, checked data."""

from __future__ import annotations

from typing import Any

import pytest

import journeykit as jk
from journeykit.program import TIME_UNITS, Observation


def program(observe: dict[str, Any] | None, **metric: Any) -> jk.Program:
    data: dict[str, Any] = {"id": "m", "name": "M", **metric}
    if observe is not None:
        data["observe"] = observe
    return jk.Program.model_validate(
        {
            "name": "P",
            "journeys": [
                {
                    "id": "j",
                    "name": "J",
                    "stages": [
                        {"id": "in", "name": "In", "steps": [{"id": "a", "name": "A"}]},
                        {"id": "out", "name": "Out", "steps": [{"id": "b", "name": "B"}]},
                    ],
                }
            ],
            "metrics": [data],
        }
    )


DURATION = {"kind": "duration", "start": "step:j/a", "end": "stage:j/out"}


@pytest.mark.parametrize(
    ("observe", "unit"),
    [
        (DURATION, "days"),
        ({**DURATION, "statistic": "p95"}, "h"),
        ({"kind": "conversion", "start": "stage:j/in", "end": "step:j/b"}, "%"),
        ({"kind": "conversion", "start": "stage:j/in", "end": "step:j/b", "within": 2.5}, None),
        (
            {
                "kind": "conversion",
                "start": "step:j/a",
                "end": "step:j/b",
                "within": 3,
                "within_unit": "Hours",
            },
            "%",
        ),
        ({"kind": "count", "end": "step:j/b"}, "partners"),
        ({"kind": "count", "start": "step:j/a", "end": "step:j/b", "counting": "events_per_case"}, None),
        ({"kind": "count", "start": "step:j/b", "end": "step:j/b"}, None),
    ],
)
def test_valid_observations_round_trip(observe: dict[str, Any], unit: str | None) -> None:
    built = program(observe, unit=unit)
    assert built.metrics[0].observe == Observation.model_validate(observe)
    assert jk.Program.model_validate(built.model_dump()) == built
    assert jk.loads(jk.dumps(built)) == built


def test_a_metric_without_observe_is_as_before() -> None:
    metric = program(None, unit="parsecs").metrics[0]
    assert metric.observe is None
    assert "observe" not in jk.dumps(program(None))


@pytest.mark.parametrize(
    ("observe", "unit", "message"),
    [
        ({"kind": "conversion", "end": "step:j/b"}, "%", "a conversion needs a start"),
        ({"kind": "duration", "end": "step:j/b"}, "days", "a duration needs a start"),
        ({**DURATION, "end": "step:j/a"}, "days", "start and end of a duration are the same"),
        ({**DURATION, "within": 3}, "days", "within applies to a conversion, not to a duration"),
        ({"kind": "count", "end": "step:j/b", "statistic": "mean"}, None, "statistic applies to a duration"),
        ({**DURATION, "counting": "events"}, "days", "counting applies to a count"),
        (
            {"kind": "conversion", "start": "step:j/a", "end": "step:j/b", "within_unit": "days"},
            "%",
            "within_unit needs within",
        ),
        (
            {
                "kind": "conversion",
                "start": "step:j/a",
                "end": "step:j/b",
                "within": 2,
                "within_unit": "months",
            },
            "%",
            "within_unit: unit 'months' is not a time unit",
        ),
        (
            {"kind": "conversion", "start": "step:j/a", "end": "step:j/b", "within": 0},
            "%",
            "greater than 0",
        ),
        ({**DURATION, "statistic": "p50"}, "days", "statistic"),
        ({**DURATION, "from": "step:j/a"}, "days", "unknown key 'from'"),
        ({"kind": "ratio", "start": "step:j/a", "end": "step:j/b"}, None, "kind"),
        (DURATION, "parsecs", "metric 'm' measures a duration, but unit 'parsecs' is not a time unit"),
        (DURATION, None, "metric 'm' measures a duration, but it has no unit; use one of seconds"),
        (
            {"kind": "conversion", "start": "step:j/a", "end": "step:j/b"},
            "days",
            "metric 'm' measures a conversion, which is a share, not a time",
        ),
    ],
)
def test_invalid_observations_are_schema_errors(
    observe: dict[str, Any], unit: str | None, message: str
) -> None:
    with pytest.raises(jk.SchemaError, match=message.replace("(", r"\(")):
        jk.loads("name: P\n" + _metrics_yaml(observe, unit))


def _metrics_yaml(observe: dict[str, Any], unit: str | None) -> str:
    import yaml

    return _JOURNEYS + yaml.safe_dump(
        {"metrics": [{"id": "m", "name": "M", **({"unit": unit} if unit else {}), "observe": observe}]},
        sort_keys=False,
    )


_JOURNEYS = """journeys:
  - id: j
    name: J
    stages:
      - {id: in, name: In, steps: [{id: a, name: A}]}
      - {id: out, name: Out, steps: [{id: b, name: B}]}
"""


@pytest.mark.parametrize(
    ("point", "ref", "error", "message"),
    [
        ("start", "step:j/c", jk.UnknownReferenceError, "unknown step 'step:j/c', referenced by metric 'm'"),
        ("end", "stage:j/outt", jk.UnknownReferenceError, "did you mean 'stage:j/out'"),
        ("end", "step:k/b", jk.UnknownReferenceError, "unknown step 'step:k/b'"),
        ("start", "journey:j", jk.SchemaError, "metric 'm' cannot refer to a journey"),
        ("start", "use_case:x", jk.SchemaError, "use one of stage:..., step:..."),
        ("end", "step:b", jk.SchemaError, "should be written step:JOURNEY/STEP"),
    ],
)
def test_refs_must_name_a_step_or_stage_that_exists(
    point: str, ref: str, error: type[Exception], message: str
) -> None:
    observe = {**DURATION, point: ref}
    with pytest.raises(error, match=message.replace(".", r"\.")) as info:
        jk.loads("name: P\n" + _metrics_yaml(observe, "days"), source="p.yaml")
    assert f"metrics.0.observe.{point}" in str(info.value)
    assert str(info.value).startswith("p.yaml:")


def test_time_units_cover_english_and_spanish() -> None:
    assert TIME_UNITS["días"] == TIME_UNITS["days"] == TIME_UNITS["d"] == 86400
    assert TIME_UNITS["horas"] == 3600
    assert program(DURATION, unit=" Días ").metrics[0].unit == " Días "


def test_the_examples_observe_what_events_can_tell(portal: jk.Program) -> None:
    observed = {m.id: m.observe for m in portal.metrics if m.observe is not None}
    assert set(observed) == {
        "application-to-approval-days",
        "time-to-first-deal",
        "onboarding-completion",
        "deal-decision-hours",
        "registered-deal-win-rate",
    }
    spanish = jk.example(language="es")
    assert {m.id: m.observe for m in spanish.metrics if m.observe is not None} == {
        ident: o if o.within_unit is None else o.model_copy(update={"within_unit": "días"})
        for ident, o in observed.items()
    }


def test_the_schema_describes_observe() -> None:
    schema = jk.io.json_schema()
    properties = schema["$defs"]["Observation"]["properties"]
    assert set(properties) == set(Observation.model_fields)
    assert all(spec.get("description") for spec in properties.values())
