"""How a diff reads: plain text, Markdown for a pull-request comment, HTML for a notebook.

Words are journeykit's, in the language in force; field names are the keys
people write in the file and stay as written; user text is escaped for each
output (``journeykit._text``).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from journeykit._i18n import N_, _
from journeykit._labels import column_label, value_word
from journeykit._text import cell_text, html_text, markdown_cell, terminal_text

if TYPE_CHECKING:
    from journeykit.analysis.diff import Change, ProgramDiff

__all__ = ["html", "markdown", "text"]

#: Kind -> the heading of its section.
HEADINGS = {
    "program": N_("Programme"),
    "persona": N_("Personas"),
    "role": N_("Roles"),
    "touchpoint": N_("Touchpoints"),
    "use_case": N_("Use cases"),
    "journey": N_("Journeys"),
    "stage": N_("Stages"),
    "step": N_("Steps"),
    "action": N_("Actions"),
    "requirement": N_("Requirements"),
    "rule": N_("Rules"),
    "metric": N_("Metrics"),
}
#: The columns of a kind's table.
COLUMNS = ("entity", "change", "field", "before", "after")
#: The longest a value is shown in text, Markdown and HTML (JSON keeps it whole).
SHOWN_MAX = 120


def _sections(diff: ProgramDiff) -> list[tuple[str, list[Change]]]:
    """(heading, changes) for every kind with changes, in ``KINDS`` order."""
    by_kind: dict[str, list[Change]] = {}
    for change in diff.changes:
        by_kind.setdefault(change.kind, []).append(change)
    return [(_(HEADINGS[kind]), changes) for kind, changes in by_kind.items()]


def _title(diff: ProgramDiff) -> str:
    old, new = diff.labels
    title = _("Programme changes")
    return f"{title}: {old} → {new}" if old is not None and new is not None else title


def _summary(diff: ProgramDiff) -> str:
    if diff.empty:
        return _("No differences.")
    return _("Changes: {changes}; backlog changes: {backlog}.").format(
        changes=len(diff.changes), backlog=len(diff.backlog)
    )


def _shown(value: Any) -> str:
    """A value as a reader sees it: text as is, lists and mappings as compact JSON, cut when long."""
    if value is None:
        return ""
    if isinstance(value, (dict, list, tuple)):
        shown = json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    else:
        shown = cell_text(value)
    return shown if len(shown) <= SHOWN_MAX else shown[: SHOWN_MAX - 1] + "…"


def _name(whole: Any) -> str:
    """What an added or removed entity is called: its name or title, else its id."""
    if isinstance(whole, dict):
        for key in ("name", "title", "id"):
            if isinstance(whole.get(key), str):
                return str(whole[key])
    return _shown(whole)


def _cells(change: Change) -> list[str]:
    """The row of a change: entity, change, field, before, after (added and removed: by name)."""
    before, after = change.before, change.after
    if change.change == "added":
        before, after = None, _name(after)
    elif change.change == "removed":
        before, after = _name(before), None
    field = "" if change.field is None else change.field
    return [change.ref, value_word("change", change.change), field, _shown(before), _shown(after)]


def text(diff: ProgramDiff) -> str:
    """The diff as text to read: a summary, a section per kind, then the backlog delta."""
    lines = [terminal_text(_title(diff)), _summary(diff)]
    for heading, changes in _sections(diff):
        lines += ["", heading]
        for change in changes:
            ref, word, field, before, after = (terminal_text(cell) for cell in _cells(change))
            if change.change == "added":
                detail = after
            elif change.change == "removed":
                detail = before
            else:
                detail = f"{field}: {before or '-'} -> {after or '-'}"
            lines.append(f"  {word:<8} {ref}  {detail}".rstrip())
    if len(diff.backlog):
        lines += ["", str(diff.backlog)]
    return "\n".join(lines)


def markdown(diff: ProgramDiff) -> str:
    """The diff as Markdown: a heading, the summary, a table per kind, the backlog delta."""
    out = [f"## {markdown_cell(_title(diff))}", "", _summary(diff), ""]
    header = "| " + " | ".join(markdown_cell(column_label(c)) for c in COLUMNS) + " |"
    for heading, changes in _sections(diff):
        out += [f"### {markdown_cell(heading)}", "", header, "|" + "---|" * len(COLUMNS)]
        out += ["| " + " | ".join(markdown_cell(cell) for cell in _cells(c)) + " |" for c in changes]
        out.append("")
    if len(diff.backlog):
        out += [f"### {markdown_cell(_('Backlog'))}", "", diff.backlog.to_markdown()]
    return "\n".join(out)


def html(diff: ProgramDiff) -> str:
    """The diff as HTML for a notebook: the summary, a table per kind, the backlog delta."""
    parts = [f"<p><strong>{html_text(_title(diff))}</strong>: {html_text(_summary(diff))}</p>"]
    head = "".join(f"<th>{html_text(column_label(c))}</th>" for c in COLUMNS)
    for heading, changes in _sections(diff):
        body = "".join(
            "<tr>" + "".join(f"<td>{html_text(cell)}</td>" for cell in _cells(c)) + "</tr>" for c in changes
        )
        parts.append(
            f"<table><caption>{html_text(heading)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table>"
        )
    if len(diff.backlog):
        parts.append(diff.backlog._repr_html_())
    return "<div>" + "".join(parts) + "</div>"
