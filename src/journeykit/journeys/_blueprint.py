"""The blueprint behind the front stage: touchpoints, actions, requirements."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from journeykit._base import Amount, Identifier, JourneyModel, Text, Texts

__all__ = [
    "Action",
    "Lane",
    "Requirement",
    "RequirementKind",
    "RequirementStatus",
    "Touchpoint",
]

#: Blueprint lanes below the line of interaction, top to bottom.
Lane = Literal["frontstage", "backstage", "support"]
RequirementStatus = Literal["available", "partial", "missing"]
RequirementKind = Literal[
    "capability", "data", "integration", "process", "policy", "staffing", "content", "other"
]


class Touchpoint(JourneyModel):
    """Where a step happens: a channel and the evidence the customer sees.

    Examples
    --------
    >>> Touchpoint(id="portal-home", name="Portal home page", channel="portal").channel
    'portal'
    """

    id: Identifier = Field(description="Unique touchpoint id.")
    name: Text = Field(description="Display name, e.g. 'Partner portal home page'.")
    channel: Text = Field(description="Channel: portal, email, event, phone, in person, ...")
    evidence: Texts = Field(
        default=(), description="Physical or digital evidence the customer sees (page, email, badge)."
    )
    description: str | None = Field(default=None, description="What happens at this touchpoint.")


class Action(JourneyModel):
    """Work behind a step, in one blueprint lane.

    ``frontstage`` is visible contact with the customer, ``backstage`` is
    invisible contact work, ``support`` is the internal processes and systems
    that make both possible.

    Examples
    --------
    >>> a = Action(id="approve-deal", name="Approve the deal", lane="backstage",
    ...            actor="channel-manager", requires=["deal-rules"])
    >>> a.lane, a.requires
    ('backstage', ('deal-rules',))
    """

    id: Identifier = Field(description="Action id, unique within its journey.")
    name: Text = Field(description="What is done, as a short imperative.")
    lane: Lane = Field(description="Blueprint lane: frontstage, backstage or support.")
    actor: Identifier | None = Field(
        default=None, description="Id of the role (a team, person or system) that performs it."
    )
    description: str | None = Field(default=None, description="Details of the work.")
    triggers: tuple[Identifier, ...] = Field(
        default=(), description="Ids of further actions in the same journey that this one sets off."
    )
    requires: tuple[Identifier, ...] = Field(
        default=(), description="Ids of the requirements this action needs."
    )
    tags: Texts = Field(default=(), description="Free labels, matched by rules.")


class Requirement(JourneyModel):
    """A capability that must exist for steps or actions to work.

    Examples
    --------
    >>> r = Requirement(id="partner-sso", title="Partner single sign-on",
    ...                 status="missing", effort=5, depends_on=["partner-accounts"])
    >>> r.status, r.effort, r.depends_on
    ('missing', 5.0, ('partner-accounts',))
    """

    id: Identifier = Field(description="Unique requirement id.")
    title: Text = Field(description="What must exist, e.g. 'Partner single sign-on'.")
    description: str | None = Field(default=None, description="Details and acceptance notes.")
    kind: RequirementKind = Field(
        default="capability",
        description="capability, data, integration, process, policy, staffing, content or other.",
    )
    owner: Identifier | None = Field(default=None, description="Id of the role that owns it.")
    status: RequirementStatus = Field(default="missing", description="available, partial or missing today.")
    effort: Amount | None = Field(
        default=None, description="Estimated effort to make it available, in person-days."
    )
    depends_on: tuple[Identifier, ...] = Field(
        default=(), description="Ids of requirements that must exist first."
    )
    tags: Texts = Field(default=(), description="Free labels.")
