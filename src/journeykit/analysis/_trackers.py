"""The backlog in the layouts trackers import: Jira's CSV importer and GitHub issues.

Both carry the same things: a one-line title, the provenance of the
requirement (why it is needed) written for a reader in the language in
force, labels (owner, wave, critical path) and the dependencies between the
requirements of the backlog. Labels, column headers and JSON keys are data
for the tracker and stay in English.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from journeykit._csv_text import spreadsheet_csv
from journeykit._i18n import N_, _
from journeykit._labels import column_label, value_word
from journeykit._text import cell_text, terminal_json

if TYPE_CHECKING:
    from journeykit.analysis.derive import Backlog, NeededRequirement

__all__ = ["JIRA_HOURS_PER_DAY", "github_issues", "github_json", "jira_csv", "summary"]

#: Hours in a person-day when effort becomes Jira's Original Estimate: Jira's
#: own default working day for time tracking.
JIRA_HOURS_PER_DAY = 8.0

#: Jira's Summary field holds at most this many characters.
SUMMARY_MAX = 255

#: The provenance shown for each requirement, in order; fields whose values
#: are ids are written as code in Markdown.
_FIELDS = ("status", "kind", "owner", "effort", "wave", "critical", "reach", "via", "lanes")
_ID_LISTS = ("steps", "stages", "journeys", "personas", "use_cases")
_ID_FIELDS = frozenset({"owner", "via", *_ID_LISTS})

DEPENDS_ON = N_("depends on")


def summary(title: str) -> str:
    """A title as one line a tracker takes: control characters and line breaks
    become spaces, runs of spaces one, at most 255 characters (Jira's limit).

    >>> summary("Partner\\nsingle  sign-on\\x1b")
    'Partner single sign-on'
    """
    printable = "".join(ch if ch.isprintable() else " " for ch in title)
    return " ".join(printable.split())[:SUMMARY_MAX]


def labels(row: NeededRequirement) -> list[str]:
    """``owner-ROLE`` when owned, ``wave-N``, ``critical-path`` when on it (Jira
    labels hold no spaces; ids hold none)."""
    found = [f"owner-{row.owner}"] if row.owner else []
    found.append(f"wave-{row.wave}")
    if row.critical:
        found.append("critical-path")
    return found


def _value(column: str, value: object, *, code: bool) -> str:
    """A field as a reader sees it: journeykit's own words translated, ids as
    written (as Markdown code when ``code``), lists joined with ", "."""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, tuple):
        return ", ".join(_value(column, v, code=code) for v in value)
    if code and column in _ID_FIELDS:
        return f"`{value}`"  # ids hold no backquote: \w, '.' and '-' only
    return value_word(column, cell_text(value))


def _provenance(row: NeededRequirement, *, code: bool) -> list[tuple[str, str]]:
    """(label, value) of every field that has one, effort labelled with its unit."""
    out = []
    for column in (*_FIELDS, *_ID_LISTS):
        value = getattr(row, column)
        if value is None or value == ():
            continue
        label = _("Effort (person-days)") if column == "effort" else column_label(column)
        out.append((label, _value(column, value, code=code)))
    return out


def jira_csv(backlog: Backlog, *, issue_type: str = "Task", hours_per_day: float = JIRA_HOURS_PER_DAY) -> str:
    """The backlog as the CSV Jira's importer reads: see ``Backlog.to_jira_csv``."""
    rows = list(backlog)
    number = {row.requirement: n for n, row in enumerate(rows, start=1)}
    blocked_by = [[number[d] for d in backlog.prerequisites(row.requirement)] for row in rows]
    links = max(1, *map(len, blocked_by)) if rows else 1
    keys = ["id", "summary", "type", "description", "estimate", "label0", "label1", "label2"]
    keys += [f"link{n}" for n in range(links)]
    header = ["Issue Id", "Summary", "Issue Type", "Description", "Original Estimate"]
    header += ["Labels"] * 3 + ["Blocked By"] * links
    records: list[dict[str, Any]] = []
    for row, blockers in zip(rows, blocked_by, strict=True):
        record: dict[str, Any] = {
            "id": number[row.requirement],
            "summary": summary(row.title),
            "type": issue_type,
            "description": _jira_description(row),
            # Jira reads time tracking fields in seconds
            "estimate": None if row.effort is None else round(row.effort * hours_per_day * 3600),
        }
        record.update({f"label{n}": label for n, label in enumerate(labels(row))})
        record.update({f"link{n}": blocker for n, blocker in enumerate(blockers)})
        records.append(record)
    body = spreadsheet_csv(keys, records).split("\n", 1)[1]  # its header names our keys
    return ",".join(header) + "\n" + body


def _jira_description(row: NeededRequirement) -> str:
    lines = [f"{column_label('requirement')}: {row.requirement}"]
    lines += [f"{label}: {value}" for label, value in _provenance(row, code=False)]
    return "\n".join(lines)


def github_issues(backlog: Backlog) -> list[dict[str, Any]]:
    """One issue per requirement: see ``Backlog.to_github_json``."""
    issues = []
    for row in backlog:
        prerequisites = backlog.prerequisites(row.requirement)
        lines = [f"{column_label('requirement')}: `{row.requirement}`", ""]
        lines += [f"- **{label}**: {value}" for label, value in _provenance(row, code=True)]
        if prerequisites:
            lines += ["", f"### {_(DEPENDS_ON)}", ""]
            lines += [f"- [ ] `{d}`" for d in prerequisites]
        issues.append(
            {
                "requirement": row.requirement,
                "title": summary(row.title),
                "body": "\n".join(lines) + "\n",
                "labels": labels(row),
                "depends_on": list(prerequisites),
            }
        )
    return issues


def github_json(backlog: Backlog) -> str:
    """``github_issues`` as indented JSON text; characters a terminal would act on escaped."""
    return terminal_json(json.dumps(github_issues(backlog), indent=2, ensure_ascii=False)) + "\n"
