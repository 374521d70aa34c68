"""jk.diff: what changed between two programmes, entity by entity, and in the backlog."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import journeykit as jk
from journeykit.analysis.diff import Change, ProgramDiff
from journeykit.testing import programs

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: Programme list -> (kind, the field a single edit changes).
EDITABLE = {
    "personas": ("persona", "name"),
    "roles": ("role", "name"),
    "touchpoints": ("touchpoint", "name"),
    "use_cases": ("use_case", "name"),
    "requirements": ("requirement", "title"),
    "rules": ("rule", "description"),
    "metrics": ("metric", "name"),
    "journeys": ("journey", "name"),
}
NEW_TEXT = "A text no generated programme holds ✓"


def _programme(data: dict[str, Any]) -> jk.Program:
    return jk.Program.model_validate(data)


def _summary(diff: ProgramDiff) -> list[tuple[Any, ...]]:
    return [(c.kind, c.journey, c.id, c.change, c.field) for c in diff.changes]


@SETTINGS
@given(programs())
def test_a_programme_does_not_differ_from_itself(program: jk.Program) -> None:
    diff = jk.diff(program, program)
    assert diff.empty
    assert not diff
    assert diff.changes == ()
    assert len(diff.backlog) == 0


@SETTINGS
@given(programs(), st.data())
def test_one_field_changed_is_the_only_change(program: jk.Program, data: st.DataObject) -> None:
    dumped = program.model_dump(mode="json")
    candidates = [(key, n) for key in EDITABLE for n in range(len(dumped[key]))]
    if not candidates:
        key, kind, field, ident = "", "program", "name", ""
        before = dumped["name"]
        dumped["name"] = NEW_TEXT
    else:
        key, n = data.draw(st.sampled_from(candidates))
        kind, field = EDITABLE[key]
        entity = dumped[key][n]
        ident, before = entity["id"], entity.get(field)
        entity[field] = NEW_TEXT
    diff = jk.diff(program, _programme(dumped))
    assert diff.changes == (Change(kind, ident, "changed", field, before, NEW_TEXT),)
    assert len(diff.backlog) == 0  # names and titles are no part of the backlog's comparison


@SETTINGS
@given(programs(), st.data())
def test_one_entity_added_is_the_only_change_and_reversed_it_is_removed(
    program: jk.Program, data: st.DataObject
) -> None:
    dumped = program.model_dump(mode="json")
    stages = [(j, s) for j, journey in enumerate(dumped["journeys"]) for s in range(len(journey["stages"]))]
    where = data.draw(
        st.sampled_from(["personas", "roles", "touchpoints", "requirements", *(["step"] * bool(stages))])
    )
    new_id = "zz-new-entity"
    if where == "step":
        j, s = data.draw(st.sampled_from(stages))
        dumped["journeys"][j]["stages"][s]["steps"].append({"id": new_id, "name": "New", "next": []})
        expected = ("step", dumped["journeys"][j]["id"], new_id, "added", None)
    else:
        entity: dict[str, Any] = {"id": new_id, "name": "New"}
        if where == "touchpoints":
            entity["channel"] = "portal"
        if where == "requirements":
            entity = {"id": new_id, "title": "New"}
        dumped[where].append(entity)
        expected = (EDITABLE[where][0], None, new_id, "added", None)
    added = _programme(dumped)
    forward, backward = jk.diff(program, added), jk.diff(added, program)
    assert _summary(forward) == [expected]
    assert _summary(backward) == [(*expected[:3], "removed", None)]
    assert forward.changes[0].after == backward.changes[0].before
    assert len(forward.backlog) == len(backward.backlog) == 0  # nothing needs what was added


@SETTINGS
@given(programs(max_stages=3, max_steps=3), st.data())
def test_a_step_moved_to_another_stage_is_one_move(program: jk.Program, data: st.DataObject) -> None:
    dumped = program.model_dump(mode="json")
    moves = [
        (j, a, b)
        for j, journey in enumerate(dumped["journeys"])
        for a, stage in enumerate(journey["stages"])
        if stage["steps"]
        for b in range(len(journey["stages"]))
        if b != a
    ]
    if not moves:
        return
    j, a, b = data.draw(st.sampled_from(moves))
    journey = dumped["journeys"][j]
    step = journey["stages"][a]["steps"].pop()
    journey["stages"][b]["steps"].append(step)
    moved = _programme(dumped)
    before, after = journey["stages"][a]["id"], journey["stages"][b]["id"]
    forward = jk.diff(program, moved)
    assert forward.changes == (Change("step", step["id"], "moved", "stage", before, after, journey["id"]),)
    backward = jk.diff(moved, program)
    assert backward.changes == (Change("step", step["id"], "moved", "stage", after, before, journey["id"]),)


def _with_requirement(program: jk.Program, rid: str, **update: Any) -> jk.Program:
    dumped = program.model_dump(mode="json")
    for requirement in dumped["requirements"]:
        if requirement["id"] == rid:
            requirement.update(update)
    return _programme(dumped)


def test_a_requirement_made_available_is_a_change_of_status_in_the_backlog(portal: jk.Program) -> None:
    diff = jk.diff(portal, _with_requirement(portal, "partner-sso", status="available", effort=13))
    assert [(c.field, c.before, c.after) for c in diff.of("requirement")] == [
        ("status", "missing", "available"),
        ("effort", 8, 13),
    ]
    rows = {(row.requirement, row.field): (row.before, row.after) for row in diff.backlog}
    assert rows[("partner-sso", "status")] == ("missing", "available")
    assert rows[("partner-sso", "effort")] == (8, 13)
    assert {row.change for row in diff.backlog} == {"changed"}


def test_a_requirement_no_step_needs_any_more_leaves_the_backlog(portal: jk.Program) -> None:
    dumped = portal.model_dump(mode="json")
    for journey in dumped["journeys"]:
        for stage in journey["stages"]:
            for step in stage["steps"]:
                step["requires"] = [r for r in step["requires"] if r != "mdf-claims"]
                for action in step["actions"]:
                    action["requires"] = [r for r in action["requires"] if r != "mdf-claims"]
    dumped["rules"] = [rule for rule in dumped["rules"] if "mdf-claims" not in rule["requires"]]
    new = _programme(dumped)
    needed_before = {row.requirement for row in jk.derive_requirements(portal, include_available=True)}
    needed_after = {row.requirement for row in jk.derive_requirements(new, include_available=True)}
    gone = needed_before - needed_after
    diff = jk.diff(portal, new)
    assert gone
    assert {row.requirement for row in diff.backlog if row.change == "no_longer_needed"} == gone
    back = jk.diff(new, portal)
    assert {row.requirement for row in back.backlog if row.change == "needed"} == gone


def test_reordered_steps_name_the_fewest_moves(portal: jk.Program) -> None:
    dumped = portal.model_dump(mode="json")
    journey, stage = next((j, s) for j in dumped["journeys"] for s in j["stages"] if len(s["steps"]) >= 3)
    stage["steps"].append(stage["steps"].pop(0))  # the first step goes last
    diff = jk.diff(portal, _programme(dumped))
    step = stage["steps"][-1]["id"]
    assert _summary(diff) == [("step", journey["id"], step, "changed", "position")]
    assert (diff.changes[0].before, diff.changes[0].after) == (1, len(stage["steps"]))


def test_a_journey_added_is_one_change_holding_its_stages(portal: jk.Program) -> None:
    dumped = portal.model_dump(mode="json")
    journey = json.loads(json.dumps(dumped["journeys"][0]))
    journey["id"] = "copy"
    for stage in journey["stages"]:
        for step in stage["steps"]:
            step["replaces"] = None
    dumped["journeys"].append(journey)
    diff = jk.diff(portal, _programme(dumped))
    assert _summary(diff) == [("journey", None, "copy", "added", None)]
    assert diff.changes[0].after["stages"] == journey["stages"]


def test_the_outputs(portal: jk.Program) -> None:
    new = _with_requirement(portal, "partner-sso", status="partial", title="SSO | <b>")
    diff = jk.diff(portal, new)
    data = json.loads(diff.to_json())
    assert data["changes"][0] == {
        "kind": "requirement",
        "id": "partner-sso",
        "change": "changed",
        "field": "title",
        "before": "Partner single sign-on",
        "after": "SSO | <b>",
        "journey": None,
    }
    assert data["backlog"][0]["change"] == "changed"
    assert data["backlog"][0]["after"] == "partial"
    markdown = diff.to_markdown()
    assert "### Requirements" in markdown
    assert "### Backlog" in markdown
    assert "SSO \\| &lt;b&gt;" in markdown  # user text escaped in the table
    assert "| partner-sso | changed | status | missing | partial |" in markdown
    assert "changed  partner-sso  status: missing -> partial" in str(diff)
    html = diff._repr_html_()
    assert "SSO | &lt;b&gt;" in html
    bundle = diff._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "text/html", "text/markdown"}
    frame = diff.to_frame()
    assert list(frame.columns) == ["kind", "id", "change", "field", "before", "after", "journey"]
    assert len(frame) == len(diff.changes)


def test_the_words_follow_the_language(portal: jk.Program) -> None:
    from journeykit._i18n import use_language

    diff = jk.diff(portal, _with_requirement(portal, "partner-sso", status="available"))
    with use_language("es"):
        spanish = diff.to_markdown()
    assert spanish != diff.to_markdown()
    assert json.loads(diff.to_json()) == diff.to_dict()  # data is never translated


def test_wrong_arguments(portal: jk.Program) -> None:
    with pytest.raises(jk.ArgumentError, match="Program, a path or 'REV:PATH'"):
        jk.diff(portal, 3)  # type: ignore[arg-type]
    with pytest.raises(jk.ArgumentValueError, match="the kinds are"):
        jk.diff(portal, portal).of("steps")
