"""The one error type a user ever sees.

Anything the user can fix (bad input, a missing file, a register from a newer
version) is raised as `ReadinessError`. The command line prints `message` (and
`hint`) on one line each and exits 1; the desktop app shows them in a dialog or
beside the field named by `field`. Every other exception is a bug.
"""

from __future__ import annotations


class ReadinessError(Exception):
    """A problem the user can understand and act on."""

    def __init__(self, message: str, hint: str = "", field: str = "", row: int | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.field = field
        self.row = row

    def __str__(self) -> str:
        where = ""
        if self.row is not None:
            where = f"row {self.row}: "
        if self.field and self.field not in self.message:
            where += f"{self.field}: "
        return where + self.message


class ValidationErrors(ReadinessError):
    """Several row/field problems found at once (an import, a form)."""

    def __init__(self, problems: list[ReadinessError], what: str = "input"):
        self.problems = problems
        count = len(problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"{what}: {count} {noun}; nothing was changed")

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]


# Kinds of ReadinessError that callers act on (ask again, upgrade, wait, restore). They are
# caught by class, never by searching the message, so messages can change freely.


class NeedsPassphrase(ReadinessError):
    """The register is encrypted and no passphrase, or a wrong one, was given."""


class NeedsUpgrade(ReadinessError):
    """The register was written by an older version and must be upgraded before this use."""


class RegisterBusy(ReadinessError):
    """Another program is writing to the register, or holds it open for an operation that needs it alone."""


class RegisterReplaced(ReadinessError):
    """The register file was replaced (a copy put over it) while this program had it open: it stops writing."""


class RegisterDamaged(ReadinessError):
    """The register failed a check or a read; `hint` names the newest good backup when there is one."""


def one_line(text: str | BaseException) -> str:
    """A message (SQLite's may span lines) folded into one line."""
    return " ".join(str(text).split())
