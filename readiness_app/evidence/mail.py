"""E-mails saved from Outlook into the evidence folder (.eml, .msg): subject, sender and date.

A saved e-mail's file name is often just its subject, cut short; the message
itself knows who sent it and when. These become the item's title, owner and
document date when the file first arrives. `.eml` is read with the standard
library; `.msg` (Outlook's own format) with extract-msg when it is installed.
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


def _msg(path: Path) -> MailDetails | None:
    try:
        import extract_msg  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return None
    message = extract_msg.openMsg(str(path), delayAttachments=True)
    try:
        subject = " ".join(str(message.subject or "").split())
        owner = _sender_name(str(message.sender or ""))
        sent = message.date if isinstance(message.date, datetime) else None
    finally:
        message.close()
    if not (subject or owner or sent):
        return None
    return MailDetails(subject, owner, _uk_day(sent))


def _sender_name(text: str) -> str:
    """'Jo Smith <jo@x.gov.uk>' -> 'Jo Smith'; a bare address stays as it is."""
    from email.utils import parseaddr

    name, address = parseaddr(text)
    return name or address or text.strip()


def _uk_day(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is not None:
        from zoneinfo import ZoneInfo

        moment = moment.astimezone(ZoneInfo("Europe/London"))
    day: date = moment.date()
    return day.isoformat()
