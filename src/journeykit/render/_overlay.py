"""What an event log says of each step, drawn on the journey map and the blueprint."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from journeykit.analytics.funnel import Funnel

__all__ = ["REACH_COLOUR", "observed_lines", "reach_bar"]

#: The colour of the bar of a step's share of all cases.
REACH_COLOUR = "#f9a825"
#: Height of that bar, and its distance from the foot of the cell, in inches.
BAR_INCHES = 0.07
BAR_GAP = 0.05


def observed_lines(funnel: Funnel, step_id: str) -> list[str]:
    """A step's reach, loss and wait, in short lines; none when the funnel has no row for it."""
    from journeykit.analytics._observed import human_duration

    if funnel.segment is not None:
        raise ValueError("a picture shows one funnel: call funnel() without segment=")
    try:
        row = funnel.step(step_id)
    except KeyError:
        return []
    share = float(row["share_of_start"])
    lines = [f"{int(row['reached']):,} cases ({'-' if share != share else f'{share:.0%}'} of all)"]
    if int(row["dropped"]):
        lines.append(f"lost {int(row['dropped']):,} since previous")
    wait = float(row["median_from_previous"])
    if wait == wait:  # not NaN
        lines.append(f"median wait {human_duration(wait)}")
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
