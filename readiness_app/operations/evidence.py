"""Evidence items: sort the inbox (accept, tag, withdraw), then close the gaps accepted items fill; edit details.

Accepting and closing are two steps on purpose: accepting says which open "no evidence
in this category" gaps the items may fill, and closing them is the lead's choice (the
window asks; the command line closes them with `accept --close-gaps`).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from readiness_app.operations import Operation
from readiness_app.register import evidence, gaps

CLOSING_NOTE = "closed when evidence {item} was accepted"


class GapOffer(NamedTuple):
    """An open gap that an accepted item may fill."""

    item_id: int
    gap: dict[str, Any]


class Sorted(NamedTuple):
    items: int  # how many items changed
    offers: list[GapOffer]  # gaps the accepted items may fill (none for tagging or withdrawing)


def tag(item_ids: list[int], qs: list[str], category: str | None, *, withdraw: bool = False) -> Operation[Sorted]:
    """Set the QS and category of items without accepting them, or withdraw them, in one change."""

    def write(reg: Any) -> Sorted:
        values: dict[str, Any] = {"status": "withdrawn"} if withdraw else {}
        if category:
            values["category"] = category
        with reg.transaction():
            for item_id in item_ids:
                evidence.update(reg, item_id, qs=qs if (qs or not withdraw) else None, **values)
        return Sorted(len(item_ids), [])

    return Operation("sorting evidence", "Withdraw" if withdraw else "Save tags", write)


def accept(item_ids: list[int], qs: list[str] | str | None = None, category: str | None = None) -> Operation[Sorted]:
    """Accept items (setting their QS and category when given); returns the gaps they may fill."""

    def write(reg: Any) -> Sorted:
        offers: list[GapOffer] = []
        with reg.transaction():
            for item_id in item_ids:
                offers += [GapOffer(item_id, gap) for gap in evidence.accept(reg, item_id, qs=qs, category=category)]
        return Sorted(len(item_ids), offers)

    return Operation("sorting evidence", "Accept", write)


def close_gaps(offers: list[GapOffer]) -> Operation[list[int]]:
    """Close the offered gaps, each linked to the item that fills it; returns the gaps closed."""
    unique = {offer.gap["id"]: offer.item_id for offer in offers}

    def write(reg: Any) -> list[int]:
        with reg.transaction():
            for gap_id, item_id in unique.items():
                gaps.close(reg, gap_id, item_id, CLOSING_NOTE.format(item=item_id))
        return list(unique)

    return Operation("closing gaps", "Close gaps", write)


def edit_details(item_id: int, **changed: Any) -> Operation[dict[str, Any]]:
    """Reference, title, owner, document date, status, notes."""
    return Operation(
        "saving evidence details", "Save evidence details", lambda reg: evidence.update_details(reg, item_id, **changed)
    )
