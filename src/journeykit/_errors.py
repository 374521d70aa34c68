"""Collects integrity problems and raises them as one pydantic ValidationError.

Validators raise a ``ValidationError`` whose entries carry the exact location
of each problem (``journeys.0.stages.1.steps.2.requires.0``); pydantic prefixes
the location of the model being validated, and the file loader maps every
location back to ``FILE:LINE``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from pydantic import ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

from journeykit._suggest import closest

__all__ = ["ErrorCollector"]

Loc = tuple[str | int, ...]


class ErrorCollector:
    """Gathers problems found while checking a model, then raises them together."""

    def __init__(self) -> None:
        self.errors: list[InitErrorDetails] = []

    def add(self, loc: Loc, kind: str, value: object, message: str) -> None:
        # The message goes in through the context, so braces in it are not
        # read as format fields.
        self.errors.append(
            InitErrorDetails(
                type=PydanticCustomError(kind, "{message}", {"message": message}),
                loc=loc,
                input=value,
            )
        )

    def unique(self, kind: str, items: Iterable[tuple[Loc, str]], *, scope: str = "the programme") -> None:
        """Report every id that appears a second time among ``items``."""
        first: dict[str, Loc] = {}
        for loc, ident in items:
            if ident in first:
                where = ".".join(str(p) for p in first[ident])
                self.add(
                    loc + ("id",),
                    "duplicate_id",
                    ident,
                    f"duplicate {kind} id {ident!r} in {scope} (first defined at {where}); "
                    f"give each {kind} its own id",
                )
            else:
                first[ident] = loc

    def reference(
        self,
        loc: Loc,
        target: str,
        known: Collection[str],
        kind: str,
        where: str,
        *,
        scope: str = "",
    ) -> None:
        """Report ``target`` unless it is in ``known``."""
        if target in known:
            return
        suggestion = closest(target, sorted(known))
        hint = f"; did you mean {suggestion!r}?" if suggestion else f"; define the {kind} or fix the id"
        scope_text = f" {scope}" if scope else ""
        self.add(
            loc,
            "unknown_reference",
            target,
            f"unknown {kind} {target!r}{scope_text}, referenced by {where}{hint}",
        )

    def raise_if_any(self, title: str) -> None:
        if self.errors:
            raise ValidationError.from_exception_data(title, self.errors)
