"""E-mails saved from Outlook into the evidence folder (.eml, .msg): subject, sender and date.

A saved e-mail's file name is often just its subject, cut short; the message
itself knows who sent it and when. These become the item's title, owner and
document date when the file first arrives. `.eml` is read with the standard
library; `.msg` (Outlook's own format, an OLE compound file) with olefile,
reading only the three properties needed (not extract-msg, which brings a
dozen packages for attachments and bodies this never reads).
Only the headers are read, never attachments; a message that cannot be read
is simply taken in like any other file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from readiness_app.logs import get_logger

MAIL_SUFFIXES = (".eml", ".msg")
log = get_logger(__name__)


@dataclass(frozen=True)
class MailDetails:
    title: str
    owner: str
    document_date: str | None  # ISO date in UK time


def is_mail(rel_path: str) -> bool:
    return rel_path.lower().endswith(MAIL_SUFFIXES)


def mail_details(path: Path | str) -> MailDetails | None:
    """Subject, sender and sent date of a saved e-mail, or None when it cannot be read as one."""
    try:
        if str(path).lower().endswith(".msg"):
            return _msg(Path(path))
        return _eml(Path(path))
    except Exception as exc:  # a damaged message is still evidence: taken in without its details
        log.debug("could not read the e-mail headers of a file (%s)", type(exc).__name__)
        return None


def _eml(path: Path) -> MailDetails | None:
    from email import policy
    from email.parser import BytesParser
    from email.utils import getaddresses, parsedate_to_datetime

    with path.open("rb") as fp:
        message = BytesParser(policy=policy.default).parse(fp, headersonly=True)
    subject = " ".join(str(message.get("subject", "")).split())
    senders = getaddresses([str(message.get("from", ""))])
    owner = ""
    if senders:
        name, address = senders[0]
        owner = name or address
    sent = None
    if message.get("date"):
        try:
            sent = parsedate_to_datetime(str(message["date"]))
        except (TypeError, ValueError):
            sent = None
    if not (subject or owner or sent):
        return None
    return MailDetails(subject, owner, _uk_day(sent))


# MAPI property ids (MS-OXPROPS): subject, sender's name and address, when it was sent or received.
SUBJECT, SENDER_NAME, SENDER_ADDRESS, SENT, RECEIVED = 0x0037, 0x0C1A, 0x0C1F, 0x0039, 0x0E06
PT_UNICODE, PT_STRING8, PT_SYSTIME = 0x001F, 0x001E, 0x0040


def _msg(path: Path) -> MailDetails | None:
    import olefile  # type: ignore[import-untyped]

    if not olefile.isOleFile(str(path)):
        return None
    with olefile.OleFileIO(str(path)) as ole:
        subject = " ".join(_msg_text(ole, SUBJECT).split())
        owner = _msg_text(ole, SENDER_NAME) or _msg_text(ole, SENDER_ADDRESS)
        sent = _msg_time(ole, SENT) or _msg_time(ole, RECEIVED)
    if not (subject or owner or sent):
        return None
    return MailDetails(subject, owner.strip(), _uk_day(sent))


def _msg_text(ole, prop: int) -> str:
    """A string property: a stream of its own, UTF-16 (or the ANSI code page in older files)."""
    for kind, encoding in ((PT_UNICODE, "utf-16-le"), (PT_STRING8, "cp1252")):
        name = f"__substg1.0_{prop:04X}{kind:04X}"
        if ole.exists(name):
            return ole.openstream(name).read().decode(encoding, errors="replace").rstrip("\x00")
    return ""


def _msg_time(ole, prop: int) -> datetime | None:
    """A time property from the message's property stream (32-byte header, then 16 bytes a property)."""
    import struct
    from datetime import UTC, timedelta

    if not ole.exists("__properties_version1.0"):
        return None
    data = ole.openstream("__properties_version1.0").read()
    wanted = (prop << 16) | PT_SYSTIME
    for offset in range(32, len(data) - 15, 16):
        tag, _flags, value = struct.unpack_from("<IIQ", data, offset)
        if tag == wanted and value:
            return datetime(1601, 1, 1, tzinfo=UTC) + timedelta(microseconds=value // 10)  # FILETIME
    return None


def _uk_day(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is not None:
        from zoneinfo import ZoneInfo

        moment = moment.astimezone(ZoneInfo("Europe/London"))
    day: date = moment.date()
    return day.isoformat()
