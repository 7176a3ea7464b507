"""Rebuild the timetable samples in resources/samples/.

    python packaging/make_samples.py

The timetables are dated relative to the visit ("Day 1", "Day 2", "Virtual
day 1"), so they import into a register, or a demo built on any date, whose
visit days are set. `council-timetable.xlsx` is shaped like a council's own
file: a title row, a blank row, the header on row 3, one sheet per day,
"09:00 - 10:00" times, attendees one per line as "Name – Role", a merged
lunch row, an instructions sheet and a hidden lists sheet.
"""

from __future__ import annotations

import csv
import sys
from datetime import time
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[1] / "resources" / "samples"
NCC = "Northmoor County Council"

HEADER = ["Date", "Start", "End", "Room", "Title", "Kind", "QS", "Assessors", "Attendees", "Case"]
# (day, start, end, room, title, kind, QS, CQC team, attendees, case)
SESSIONS = [
    ("Day 1", "08:00", "08:45", "Room 1 - Council Chamber", "Early briefing with the home team", "Other", "QS8",
     "Alex Barton (CQC)",
     f"Harriet Okafor (Team Manager, {NCC}); Rhys Iqbal (Senior Practitioner, {NCC})", ""),
    ("Day 1", "17:15", "18:00", "Room 2 - Committee Room A", "Integrated commissioning conversation",
     "Partner or provider meeting", "QS4; Partnerships and communities", "Bea Kaur (CQC); Chris Doyle (CQC)",
     "Grace Pritchard (Head of Integrated Commissioning, Northmoor ICB)", ""),
    ("Day 2", "08:15", "09:00", "Room 3 - Committee Room B", "Carers' voice", "Focus group",
     "Supporting people to lead healthier lives; QS3", "Dee Mensah (CQC)",
     "Megan Walsh (Chief Officer, Northmoor Carers Centre); Daniel Abbott (Carer, Carers' Forum)", ""),
    ("Day 2", "17:15", "18:00", "Room 4 - Moorside Suite", "Case tracking conversation NM-104", "Case tracking",
     "QS7", "Ellis Ward (CQC)", f"Tomasz Evans (Approved Mental Health Professional, {NCC})", "NM-104"),
    ("Day 3", "08:00", "08:45", "Room 1 - Council Chamber", "Provider market conversation", "1:1",
     "Care provision; QS8", "Fern Cole (CQC)", "Samir Quinn (Registered Manager, Heather Lodge)", ""),
    ("Virtual day 1", "16:00", "16:45", "Teams", "Making It Real group follow-up", "Other", "QS1; QS3",
     "Gabe Lin (CQC)", "Priya Hughes (Member, Making It Real group)", ""),
]  # fmt: skip
# The CSV shows other ways of writing a time.
CSV_TIMES = {2: ("8.15am", "9am")}

COUNCIL_HEADER = ["Time", "Session", "Format", "Venue", "Focus", "CQC colleagues", "Attendees", "Notes"]
# Per day: (time, session, format, venue, focus, CQC colleagues, attendees one per line, notes)
COUNCIL_DAYS = {
    "Day 1": [
        ("09:00 - 10:00", "Director of Adult Social Care", "1:1", "Room 1 - Council Chamber", "QS8; QS9",
         "Jo Smith (Inspector)", "Aisha Rahman – Director of Adult Social Care", "Briefed 2 days before"),
        ("10:15 - 11:15", "Front door and early help", "Focus group", "Room 2 - Committee Room A", "QS1; QS2",
         "Assessor 7\nJo Smith (Inspector)",
         "Harriet Okafor – Team Manager\nRhys Iqbal – Senior Practitioner\nNadia Osei – Occupational Therapist", ""),
        ("11:30 - 12:30", "Safeguarding adults board chair", "Partner meeting", "Teams", "Safeguarding",
         "Sam Patel - Specialist adviser", "Carol Whitby – Independent Chair, Northmoor SAB", "Teams link sent"),
        ("13:30 - 14:30", "Carers and people with lived experience", "Focus group", "Room 5 - Training Room",
         "QS3; QS5", "Assessor 7", "Megan Walsh – Chief Officer, Northmoor Carers Centre\nDaniel Abbott – Carer",
         "Taxi booked for two members"),
    ],
    "Day 2": [
        ("09:00 - 10:00", "Principal Social Worker", "1:1", "Room 1 - Council Chamber", "QS1; QS8",
         "Jo Smith (Inspector)", "Tomasz Evans – Principal Social Worker", ""),
        ("10:15 - 11:15", "Commissioning and market shaping", "Focus group", "Room 3 - Committee Room B", "QS4",
         "Assessor 7\nSam Patel - Specialist adviser",
         "Grace Pritchard – Head of Integrated Commissioning, Northmoor ICB\nLeon Marsh – Commissioning Manager", ""),
        ("13:30 - 14:15", "Hospital discharge team", "Drop-in", "Room 4 - Moorside Suite", "QS6",
         "Assessor 7", "Rhys Iqbal – Senior Practitioner", "Staff may come and go"),
    ],
    "Day 3": [
        ("09:30 - 10:30", "Lead member for adult social care", "1:1", "Room 1 - Council Chamber", "QS9",
         "Jo Smith (Inspector)", "Cllr Beth Morgan – Cabinet Member for Adult Social Care", ""),
        ("11:00 - 12:00", "Providers' forum", "Partner meeting", "Room 2 - Committee Room A", "Care provision",
         "Sam Patel - Specialist adviser", "Samir Quinn – Registered Manager, Heather Lodge", ""),
    ],
}  # fmt: skip


def write_sessions_csv(path: Path) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(HEADER)
        for index, row in enumerate(SESSIONS):
            row = list(row)
            if index in CSV_TIMES:
                row[1], row[2] = CSV_TIMES[index]
            out.writerow(row)


def write_sessions_xlsx(path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Timetable"
    ws.append(HEADER)
    for row in SESSIONS:
        row = list(row)
        row[1], row[2] = (time(int(t[:2]), int(t[3:])) for t in row[1:3])
        ws.append([c if c != "" else None for c in row])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    _save(wb, path)


def write_council_timetable(path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = Workbook()
    notes = wb.active
    notes.title = "Read me"
    notes.append(["How to use this timetable"])
    notes.append(["One sheet per day. Rooms are booked through Facilities. Send changes to the assurance team."])
    grey = PatternFill("solid", fgColor="DDDDDD")
    for day, rows in COUNCIL_DAYS.items():
        ws = wb.create_sheet(day)
        ws.append([f"{NCC} – CQC on-site assessment timetable – {day}"])
        ws["A1"].font = Font(bold=True, size=14)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COUNCIL_HEADER))
        ws.append([])
        ws.append(COUNCIL_HEADER)
        for cell in ws[3]:
            cell.font = Font(bold=True)
            cell.fill = grey
        for index, row in enumerate(rows):
            if index and row[0] >= "13" and rows[index - 1][0] < "13":
                ws.append(["12:30 - 13:30 Lunch"])  # a spacer row, merged across
                ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=len(COUNCIL_HEADER))
            ws.append([c or None for c in row])
        for line in ws.iter_rows(min_row=4):
            for cell in line:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        for letter, width in zip("ABCDEFGH", (14, 34, 15, 26, 14, 26, 46, 26), strict=True):
            ws.column_dimensions[letter].width = width
    lists = wb.create_sheet("Lists")  # the drop-down values, hidden as councils do
    for value in ("1:1", "Focus group", "Drop-in", "Partner meeting"):
        lists.append([value])
    lists.sheet_state = "hidden"
    _save(wb, path)


def _save(wb, path: Path) -> None:
    # A fixed creation time keeps a rebuilt file the same unless its content changed.
    from datetime import datetime

    wb.properties.created = wb.properties.modified = datetime(2026, 1, 1)
    wb.properties.creator = "readiness-app samples"
    wb.save(path)


def main(folder: Path = SAMPLES) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    write_sessions_csv(folder / "sessions.csv")
    write_sessions_xlsx(folder / "sessions.xlsx")
    write_council_timetable(folder / "council-timetable.xlsx")
    print(f"wrote sessions.csv, sessions.xlsx and council-timetable.xlsx in {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else SAMPLES))
