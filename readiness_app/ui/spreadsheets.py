"""File > Import and File > Export: what the menus offer, and running an export.

Light at import (the menus are built at start-up); the exporters
(readiness_app.interop.exporters, openpyxl, icalendar) load only when an
export runs, on the reader thread, which has its own read-only connection.
Files are written by the exporters to a temporary name and renamed into place,
so a failed export never leaves half a file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget

# What File > Import offers (the import dialog's "What" list, in this order).
IMPORT_KINDS = {
    "cases": "Case long list",
    "sessions": "Interview timetable",
    "people": "People",
    "evidence": "Evidence details",
}

# What File > Export offers: key -> (menu text, file name stem, [(suffix, file type)], first is the default)
EXPORTS: dict[str, tuple[str, str, tuple[tuple[str, str], ...]]] = {
    "evidence_index": (
        "Evidence index",
        "evidence-index",
        (("xlsx", "Excel workbook"), ("csv", "CSV, comma-separated")),
    ),
    "schedule": (
        "Interview schedule",
        "interview-schedule",
        (("ics", "Calendar"), ("xlsx", "Excel workbook"), ("csv", "CSV, comma-separated")),
    ),
    "cases": (
        "Case list",
        "case-list",
        (("xlsx", "Excel workbook"), ("csv", "CSV, comma-separated")),
    ),
    "gaps": (
        "Gaps and improvement actions",
        "gaps-and-actions",
        (("xlsx", "Excel workbook"), ("csv", "CSV, gaps only")),
    ),
}
EXPORT_TITLES = {key: spec[0] for key, spec in EXPORTS.items()}
FOLDER_SETTING = "export/folder"


def _filters(formats: tuple[tuple[str, str], ...]) -> list[str]:
    return [f"{label} (*.{suffix})" for suffix, label in formats]


def default_folder(settings: Any) -> Path:
    value = settings.value(FOLDER_SETTING)
    folder = Path(str(value)) if value else Path.home()
    return folder if folder.is_dir() else Path.home()


def choose_file(parent: QWidget | None, settings: Any, key: str, today_iso: str) -> Path | None:
    """The save dialog, opened in the last export folder; None if the user cancels.

    A name typed without a suffix gets the one of the file type chosen in the dialog.
    """
    from PySide6.QtWidgets import QFileDialog

    title, stem, formats = EXPORTS[key]
    filters = _filters(formats)
    suggested = default_folder(settings) / f"{stem}-{today_iso}.{formats[0][0]}"
    name, chosen = QFileDialog.getSaveFileName(parent, f"Export {title.lower()}", str(suggested), ";;".join(filters))
    if not name:
        return None
    path = Path(name)
    suffixes = [suffix for suffix, _label in formats]
    if path.suffix.lower().lstrip(".") not in suffixes:
        suffix = suffixes[filters.index(chosen)] if chosen in filters else suffixes[0]
        path = path.with_name(f"{path.name}.{suffix}")
    settings.setValue(FOLDER_SETTING, str(path.parent))
    return path


def export_job(key: str, path: Path, today: Any):
    """The function the reader thread runs: `fn(register) -> Written`."""

    def run(reg):
        from readiness_app.interop import exporters

        if key == "evidence_index":
            return exporters.export_evidence_index(reg, path)
        if key == "schedule":
            return exporters.export_schedule(reg, path)
        if key == "cases":
            return exporters.export_cases(reg, path)
        if key == "gaps":
            return exporters.export_gaps(reg, path, today=today)
        raise KeyError(key)

    return run


def export(ctx: Any, parent: QWidget | None, key: str, path: Path | None = None) -> int | None:
    """Ask for a file (unless `path` is given) and export to it in the background; returns the job id."""
    from readiness_app.ui import feedback

    today = ctx.today()
    if path is None:
        path = choose_file(parent, ctx.settings, key, today.isoformat())
        if path is None:
            return None
    title = EXPORTS[key][0]

    def done(written: Any) -> None:
        from readiness_app.output_files import evidence_warning

        warning = evidence_warning(written.path, ctx.evidence_folder())
        text = f"Exported {written.rows} {written.noun} to {written.path.name} ({written.path.parent})"
        ctx.notice.emit(f"{text}. Note: {warning}" if warning else text)

    def failed(error: BaseException) -> None:
        feedback.show_error(parent, error, f"Export of the {title.lower()} failed")

    ctx.notice.emit(f"Exporting the {title.lower()} ...")
    return ctx.reader.submit(
        export_job(key, path, today), description=f"exporting the {title.lower()}", on_done=done, on_error=failed
    )


INVITATIONS_TITLE = "Meeting invitations (Outlook)"


def export_invitations(ctx: Any, parent: QWidget | None, folder: Path | None = None) -> int | None:
    """File > Export > Meeting invitations: a folder of .ics files, written on the register's writer.

    The writer, not the reader: the export remembers what each invitation said
    (its SEQUENCE goes up when a session moves). Asks for the organiser's
    address the first time.
    """
    from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit

    from readiness_app.interop.invitations import ORGANISER_KEY
    from readiness_app.register import assessment
    from readiness_app.ui import feedback

    organiser = None
    if not assessment.setting(ctx.read, ORGANISER_KEY):
        organiser, ok = QInputDialog.getText(
            parent, INVITATIONS_TITLE, "Organiser's e-mail address (yours):", QLineEdit.EchoMode.Normal, ""
        )
        if not ok or not organiser.strip():
            return None
    if folder is None:
        chosen = QFileDialog.getExistingDirectory(
            parent, "Folder for the invitations", str(default_folder(ctx.settings))
        )
        if not chosen:
            return None
        folder = Path(chosen)
        ctx.settings.setValue(FOLDER_SETTING, str(folder))

    def run(reg):
        from readiness_app.interop.invitations import export_invitations as export

        return export(reg, folder, organiser_email=organiser)

    def done(result: Any) -> None:
        ctx.notice.emit(result.summary() + ". Open each new, updated or cancelled file and send it from Outlook.")

    def failed(error: BaseException) -> None:
        feedback.show_error(parent, error, "Export of the meeting invitations failed")

    return ctx.writer.submit(run, description="exporting meeting invitations", on_done=done, on_error=failed)
