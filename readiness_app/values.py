"""A tiny base for plain value objects.

Why not dataclasses: each dataclass compiles its generated methods at import,
which cost ~15 ms of every command's start-up (`status` must be fast). Fields
are the `__slots__`, in order; `_defaults` fills the ones left out.
"""

from __future__ import annotations

from typing import Any, ClassVar


class Value:
    __slots__ = ()
    _defaults: ClassVar[dict[str, Any]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        names = self._fields()
        if len(args) > len(names):
            raise TypeError(f"{type(self).__name__} takes {len(names)} fields")
        values = dict(zip(names, args, strict=False))
        for key, value in kwargs.items():
            if key not in names or key in values:
                raise TypeError(f"{type(self).__name__}: unexpected or repeated field {key!r}")
            values[key] = value
        for name in names:
            if name not in values:
                if name not in self._defaults:
                    raise TypeError(f"{type(self).__name__}: missing field {name!r}")
                default = self._defaults[name]
                values[name] = default() if callable(default) else default
            object.__setattr__(self, name, values[name])

    @classmethod
    def _fields(cls) -> tuple[str, ...]:
        fields: list[str] = []
        for klass in reversed(cls.__mro__):
            fields.extend(getattr(klass, "__slots__", ()))
        return tuple(fields)

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._fields())

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other._values() == self._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        inner = ", ".join(f"{n}={getattr(self, n)!r}" for n in self._fields())
        return f"{type(self).__name__}({inner})"
