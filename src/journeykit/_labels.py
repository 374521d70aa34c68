"""The words of result tables: column headers and the values journeykit itself defines.

A table's data keeps its English field names and values (CSV, JSON, records,
frames); only what a person reads -- the plain-text table, Markdown and the
notebook display -- is written in the language in force. User text (ids,
names, pain points) is never translated, so only values from the closed
vocabularies below are: a requirement's status, a quadrant, a lane...
"""

from __future__ import annotations

from journeykit._i18n import N_, _

__all__ = ["WORDED_COLUMNS", "column_label", "value_word"]

#: Column -> its header, for every field of journeykit's result rows.
COLUMN_LABELS = {
    # requirements (Backlog)
    "requirement": N_("requirement"),
    "title": N_("title"),
    "wave": N_("wave"),
    "critical": N_("critical"),
    "status": N_("status"),
    "owner": N_("owner"),
    "effort": N_("effort"),
    "kind": N_("kind"),
    "via": N_("via"),
    "steps": N_("steps"),
    "stages": N_("stages"),
    "journeys": N_("journeys"),
    "personas": N_("personas"),
    "reach": N_("reach"),
    "use_cases": N_("use cases"),
    "lanes": N_("lanes"),
    # check (Findings)
    "code": N_("code"),
    "severity": N_("severity"),
    "message": N_("message"),
    "location": N_("location"),
    "subject": N_("subject"),
    "file": N_("file"),
    "line": N_("line"),
    # compare
    "current": N_("current"),
    "future": N_("future"),
    "replaces": N_("replaces"),
    "changed": N_("changed fields"),
    "emotion_before": N_("emotion before"),
    "emotion_after": N_("emotion after"),
    "emotion_delta": N_("emotion change"),
    "stage": N_("stage"),
    # prioritize
    "id": N_("id"),
    "name": N_("name"),
    "theme": N_("theme"),
    "impact": N_("impact"),
    "ease": N_("ease"),
    "quadrant": N_("quadrant"),
    "score": N_("score"),
    "weighted_score": N_("weighted score"),
    "has_process": N_("has process"),
    "has_sponsor": N_("has sponsor"),
    "has_champion": N_("has champion"),
    "has_metric": N_("has metric"),
    "ready": N_("ready"),
    "missing": N_("not met"),  # the readiness criteria a use case does not meet
    # responsibilities
    "role": N_("role"),
    "journey": N_("journey"),
    "use_case": N_("use case"),
    "sponsor": N_("sponsor"),
    "champion": N_("champion"),
    "actions": N_("actions"),
    "owns": N_("owns"),
    # personas coverage
    "persona": N_("persona"),
    "share": N_("share"),
    "stage_count": N_("stage count"),
    "step_count": N_("step count"),
    "mean_emotion": N_("mean emotion"),
    "pain_point_count": N_("pain point count"),
    "requirement_count": N_("requirement count"),
    "pain_points": N_("pain points"),
    "requirements": N_("requirements"),
    # metrics (measure)
    "metric": N_("metric"),
    "value": N_("value"),
    "unit": N_("unit"),
    "target": N_("target"),
    "direction": N_("direction"),
    "cases": N_("cases"),
    "reason": N_("reason"),
    # diff (ProgramDiff, BacklogDelta)
    "entity": N_("entity"),
    "change": N_("change"),
    "field": N_("field"),
    "before": N_("before"),
    "after": N_("after"),
}

#: Values journeykit defines (never user text), as a reader sees them.
VALUE_WORDS = {
    # requirement status
    "available": N_("available"),
    "partial": N_("partial"),
    "missing": N_("missing"),
    # lanes
    "customer": N_("customer"),
    "frontstage": N_("frontstage"),
    "backstage": N_("backstage"),
    "support": N_("support"),
    # severity
    "error": N_("error"),
    "warning": N_("warning"),
    "info": N_("info"),
    # quadrants
    "quick win": N_("quick win"),
    "major project": N_("major project"),
    "fill-in": N_("fill-in"),
    "thankless task": N_("thankless task"),
    "unscored": N_("unscored"),
    # readiness criteria
    "process": N_("process"),
    "sponsor": N_("sponsor"),
    "champion": N_("champion"),
    "metric": N_("metric"),
    # step changes
    "added": N_("added"),
    "removed": N_("removed"),
    "changed": N_("changed"),
    "same": N_("same"),
    # diff changes
    "moved": N_("moved"),
    "needed": N_("newly needed"),
    "no_longer_needed": N_("no longer needed"),
    # provenance
    "link": N_("link"),
    # metrics
    "pass": N_("pass"),
    "fail": N_("fail"),
    "no target": N_("no target"),
    "no data": N_("no data"),
    "not computable": N_("not computable"),
}

#: The columns whose values come from the vocabularies above (other columns hold user text).
WORDED_COLUMNS = frozenset({"status", "lanes", "severity", "quadrant", "missing", "via", "change"})


def column_label(column: str) -> str:
    """The header of ``column`` in the language in force.

    Examples
    --------
    >>> from journeykit._labels import column_label
    >>> column_label("weighted_score"), column_label("no_such_column")
    ('weighted score', 'no such column')
    """
    label = COLUMN_LABELS.get(column)
    return _(label) if label is not None else column.replace("_", " ")


def value_word(column: str, value: str) -> str:
    """``value`` as a reader of ``column`` sees it: translated when journeykit defines it.

    Examples
    --------
    >>> from journeykit._labels import value_word
    >>> value_word("quadrant", "quick win"), value_word("owner", "missing")
    ('quick win', 'missing')
    """
    if column in WORDED_COLUMNS and value in VALUE_WORDS:
        return _(VALUE_WORDS[value])
    return value
