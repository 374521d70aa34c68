"""What an event log says of each step, drawn on the journey map and the blueprint."""

from __future__ import annotations

from typing import TYPE_CHECKING

from journeykit._i18n import _, ngettext

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from journeykit.analytics.funnel import Funnel

__all__ = ["REACH_COLOUR", "check_funnel", "observed_lines", "reach_bar"]

#: The colour of the bar of a step's share of all cases: Okabe-Ito blue, safe for
#: colour-blind readers; the share is also written above the bar, in words.
REACH_COLOUR = "#0072b2"
#: Height of that bar, and its distance from the foot of the cell, in inches.
BAR_INCHES = 0.07
BAR_GAP = 0.05


def check_funnel(funnel: object, function: str) -> None:
    """``funnel`` is a one-segment ``Funnel``; an ``ArgumentError`` showing the call that works otherwise."""
    from journeykit.analytics.funnel import Funnel
    from journeykit.exceptions import ArgumentError

    if not isinstance(funnel, Funnel):
        raise ArgumentError(
            f"{function}(funnel=...) takes the result of journeykit.analytics.funnel(events, journey), "
            f"not {type(funnel).__name__}"
        )
    if funnel.segment is not None:
        raise ArgumentError(f"{function} draws one funnel: call funnel() without segment=")


def observed_lines(funnel: Funnel, step_id: str) -> list[str]:
    """A step's reach, loss and wait, in short lines; none when the funnel has no row for it."""
    from journeykit.analytics._naming import human_duration
    from journeykit.exceptions import ArgumentError

    if funnel.segment is not None:
        raise ArgumentError("a picture shows one funnel: call funnel() without segment=")
    try:
        row = funnel.step(step_id)
    except KeyError:
        return []
    share = float(row["share_of_start"])
    reached, dropped = int(row["reached"]), int(row["dropped"])
    lines = [
        ngettext("{n} case ({share} of all)", "{n} cases ({share} of all)", reached).format(
            n=f"{reached:,}", share="-" if share != share else f"{share:.0%}"
        )
    ]
    if dropped:
        lines.append(
            ngettext("lost {n} since previous", "lost {n} since previous", dropped).format(n=f"{dropped:,}")
        )
    wait = float(row["median_from_previous"])
    if wait == wait:  # not NaN
        lines.append(_("median wait {duration}").format(duration=human_duration(wait)))
    return lines


def reach_bar(ax: Axes, funnel: Funnel, step_id: str, left: float, width: float, bottom: float) -> None:
    """A bar at the foot of a cell, as long as the step's share of all cases."""
    from matplotlib.patches import Rectangle

    try:
        share = float(funnel.step(step_id)["share_of_start"])
    except KeyError:
        return
    if share == share:  # not NaN
        top = bottom - BAR_GAP - BAR_INCHES
        ax.add_artist(
            Rectangle(
                (left, top), width * min(share, 1.0), BAR_INCHES, color=REACH_COLOUR, label=f"reach:{step_id}"
            )
        )
