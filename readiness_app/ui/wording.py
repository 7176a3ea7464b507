"""Users' words for what the register calls by key: field names in messages, choice labels.

A `ReadinessError` names its field by the register's key ("start", "due_date");
`say()` puts the label the form shows in its place, so a message reads
"Start time: '9' is not a time", never "start: ...". Choice keys
("in_progress") are shown through `register.vocabulary`'s labels.
"""

from __future__ import annotations

from collections.abc import Mapping

from readiness_app.errors import ReadinessError, ValidationErrors

# Register keys -> the label a user sees beside the field. Anything missing reads as its key in words.
FIELD_LABELS: dict[str, str] = {
    "start": "Start time",
    "end": "End time",
    "date": "Date",
    "day": "Day",
    "title": "Title",
    "qs": "Quality statements",
    "quality_statements": "Quality statements",
    "evidence": "Evidence",
    "evidence_ids": "Evidence",
    "reference": "Reference",
    "description": "Description",
    "status": "Status",
    "kind": "Kind",
    "name": "Name",
    "person": "Person",
    "session": "Session",
    "theme": "Theme",
    "code": "Case code",
    "council": "Council",
    "criteria": "Criteria",
    "stage": "Stage",
    "consent": "Consent",
    "consent_date": "Consent date",
    "records_shared_date": "Records shared date",
    "room": "Room",
    "room_id": "Room",
    "lead": "Lead",
    "owner": "Owner",
    "due_date": "Due date",
    "received_date": "Received",
    "sent_date": "Sent",
    "target_date": "Target date",
    "document_date": "Document date",
    "published_date": "Publication date",
    "went_well": "Went well",
    "to_correct": "To correct or clarify",
    "correction_type": "Type",
    "section": "Section / paragraph",
    "severity": "Severity",
    "priority": "Priority",
    "rating": "Rating",
    "scores": "Scores",
    "password": "Password",
    "passphrase": "Passphrase",
    "register file": "Register file",
    "evidence folder": "Evidence folder",
    "file name": "File name",
    "rel_path": "File",
    "visit day": "Visit day",
    "themes": "Themes heard",
}

_REQUIRED = ("a date is required", "a time is required", "is required")


def field_label(key: str, labels: Mapping[str, str] | None = None) -> str:
    """The label a user sees for a register field key."""
    if labels and key in labels:
        return labels[key]
    if key in FIELD_LABELS:
        return FIELD_LABELS[key]
    words = key.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def say(error: ReadinessError, labels: Mapping[str, str] | None = None) -> str:
    """The error's message with its field named by label (and its row, for imports)."""
    message = error.message
    if error.field:
        label = field_label(error.field, labels)
        spaced = error.field.replace("_", " ")
        if message in _REQUIRED[:2] or message == f"{spaced} is required":
            message = f"{label} is required"
        elif message.lower().startswith(spaced.lower() + " "):
            message = label + message[len(spaced) :]
        elif label.lower() not in message.lower():
            message = f"{label}: {message}"
    if error.row is not None:
        message = f"Row {error.row}: {message}"
    return message


def say_all(error: ReadinessError, labels: Mapping[str, str] | None = None) -> list[str]:
    """One line per problem of a ValidationErrors (or the one message)."""
    if isinstance(error, ValidationErrors):
        return [say(p, labels) for p in error.problems]
    return [say(error, labels)]


def choice_label(vocabulary: Mapping[str, str], key: str | None) -> str:
    """A stored choice key in words ("in_progress" -> "In progress"); unknown keys in plain words."""
    if key is None:
        return ""
    return vocabulary.get(key) or str(key).replace("_", " ").capitalize()


def counted(count: int, one: str, many: str | None = None) -> str:
    """'1 file', '2 files', '1 working day': a count with its noun agreeing."""
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


def shown_count(shown: int, total: int, one: str, many: str | None = None) -> str:
    """A list's count line, following its filters: '40 sessions', '12 of 40 sessions shown', '0 of 1 item shown'.

    Every page with a filterable list says its count through this, so they all read alike.
    """
    if shown == total:
        return counted(total, one, many)
    return f"{shown:,} of {counted(total, one, many)} shown"


def counted_suffix(spin, one: str, many: str | None = None) -> None:
    """A number box whose unit agrees with its value: '1 working day', '3 working days'."""

    def agree(value: int) -> None:
        spin.setSuffix(" " + counted(value, one, many).split(" ", 1)[1])

    spin.valueChanged.connect(agree)
    agree(spin.value())
