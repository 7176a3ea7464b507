"""Saving a form without overwriting what another program changed while it was open.

A form remembers the record as it loaded it. On Save it writes only the fields
the user changed, and only while the register still holds, for each of them,
the value the form loaded (or already the value typed): a compare-and-set, run
in the write transaction so nothing can slip in between the look and the write.
Fields that the user left alone are never written back, so another program's
change to them stands. When a field the user changed was also changed by
someone else, nothing is written and `ChangedWhileOpen` carries both versions, so
the form can ask: keep theirs, keep mine, or choose field by field.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from readiness_app.errors import ReadinessError
from readiness_app.register.connection import Register


class ChangedWhileOpen(ReadinessError):
    """Someone changed (or deleted) the record since the form loaded it; nothing was written.

    `theirs`: the record as stored now, in the form's terms (None when it was deleted);
    `clashes`: the fields both sides changed, to different values.
    """

    def __init__(self, noun: str, theirs: dict[str, Any] | None, clashes: list[str]):
        what = "deleted" if theirs is None else "changed"
        super().__init__(
            f"Someone {what} this {noun} since you opened it; nothing was saved",
            "choose which values to keep" if theirs is not None else "save it as a new record if it is still needed",
        )
        self.theirs = theirs
        self.clashes = clashes


def same(a: Any, b: Any) -> bool:
    """Equal as a form sees them: lists of links in any order, None like an empty text."""
    if isinstance(a, (list, tuple, set)) and isinstance(b, (list, tuple, set)):
        return sorted(map(str, a)) == sorted(map(str, b))
    return ("" if a is None else a) == ("" if b is None else b)


def edited(at_load: Mapping[str, Any], mine: Mapping[str, Any]) -> dict[str, Any]:
    """The fields the user changed in the form (its values now against those it showed at first)."""
    return {k: v for k, v in mine.items() if k not in at_load or not same(at_load[k], v)}


def save_if_unchanged(
    reg: Register,
    *,
    noun: str,
    read: Callable[[Register], dict[str, Any]],
    loaded: Mapping[str, Any],
    changes: Mapping[str, Any],
    write: Callable[[Register, dict[str, Any]], Any],
) -> Any:
    """Write `changes` (the fields the user changed) if nobody changed those fields since `loaded`.

    `read(reg)` gives the record as stored now, in the same terms as `loaded` (it raises
    ReadinessError when the record is gone). `write(reg, fields)` changes just `fields`.
    Raises `ChangedWhileOpen` and writes nothing when a field the user changed holds a third value now.
    """
    with reg.transaction():
        try:
            now = read(reg)
        except ReadinessError:
            raise ChangedWhileOpen(noun, None, sorted(changes)) from None
        clashes = [k for k, v in changes.items() if not same(now.get(k), loaded.get(k)) and not same(now.get(k), v)]
        if clashes:
            raise ChangedWhileOpen(noun, now, clashes)
        return write(reg, dict(changes)) if changes else None
