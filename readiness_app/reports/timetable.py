"""Day timetables: one landscape page per day, rooms across, time down.

Each session is a block with its title, kind, id and assessors. Sessions that
clash (a person, room or assessor booked twice, as `register.conflicts` finds)
get a thick red border and a ⚠, and the clashes are spelt out under the grid.
Sessions overlapping in one room (a virtual room hosting parallel calls, or a
clash) sit side by side. When a day uses more rooms than fit legibly across
the page, that day is printed as a list instead.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from reportlab.lib import colors
from reportlab.lib.utils import simpleSplit
from reportlab.platypus import Flowable, Paragraph

from readiness_app.errors import ReadinessError
from readiness_app.register import assessment, conflicts, people, sessions
from readiness_app.register.connection import Register
from readiness_app.register.validation import long_date, parse_date
from readiness_app.register.vocabulary import SESSION_KIND
from readiness_app.reports import flowables as F
from readiness_app.reports import styles as S
from readiness_app.reports.audience import INTERNAL
from readiness_app.reports.options import ReportOptions, Story
from readiness_app.reports.scripts import printable

if TYPE_CHECKING:
    from readiness_app.register.sessions import Session

TITLE = "Visit timetable"
MAX_GRID_ROOMS = 6  # more columns than this get too narrow to read: use the list view
KIND_FILL = {
    "one_to_one": "#DCEBF5",
    "focus_group": "#E4F2E1",
    "drop_in": "#FFF4D6",
    "case_tracking": "#EFE3F4",
    "partner_provider": "#FBE5DA",
    "other": "#ECEFF1",
}
CONFLICT_LINES = 6  # clashes spelt out under the grid before "and N more"
MAX_LANES = 4  # sessions side by side in one room column; any more are listed after the grid


def _minutes(hhmm: str) -> int:
    h, m = hhmm.split(":")[:2]
    return int(h) * 60 + int(m)


def _lanes(rows: list[Session]) -> dict[int, tuple[int, int]]:
    """Side-by-side placement for overlapping sessions in one column: id -> (lane, lanes in its cluster)."""
    placed: dict[int, tuple[int, int]] = {}
    cluster: list[tuple[Session, int]] = []
    lane_ends: list[int] = []
    cluster_end = -1

    def close() -> None:
        for row, lane in cluster:
            placed[row["id"]] = (lane, len(lane_ends))

    for row in sorted(rows, key=lambda r: (r["start"], r["end"], r["id"])):
        start, end = _minutes(row["start"]), _minutes(row["end"])
        if cluster and start >= cluster_end:
            close()
            cluster, lane_ends = [], []
        for lane, lane_end in enumerate(lane_ends):
            if lane_end <= start:
                lane_ends[lane] = end
                break
        else:
            lane = len(lane_ends)
            lane_ends.append(end)
        cluster.append((row, lane))
        cluster_end = max(cluster_end, end)
    if cluster:
        close()
    return placed


class DayGrid(Flowable):
    """Rooms as columns, time down the side; fills the rest of the page."""

    HEADER = 26
    GUTTER = 34

    def __init__(
        self,
        columns: list[tuple[str, str]],
        by_column: dict[str, list[Session]],
        clashing: set[int],
        clash_lines: list[str],
        hidden: int = 0,
    ):
        super().__init__()
        self.columns = columns  # (key, label)
        self.by_column = by_column
        self.clashing = clashing
        self.clash_lines = clash_lines
        self.hidden = hidden  # sessions too many to draw side by side, listed after the grid
        all_rows = [r for rows in by_column.values() for r in rows]
        first = min((_minutes(r["start"]) for r in all_rows), default=9 * 60)
        last = max((_minutes(r["end"]) for r in all_rows), default=17 * 60)
        self.t0 = min(first // 60 * 60, 9 * 60)
        self.t1 = max(-(-last // 60) * 60, 17 * 60)

    def accessible_content(self) -> list:
        """The grid as the accessible (HTML) version says it: every session in time order, then room,
        in a real table, and each double booking in words (a grid read line by line is scrambled)."""
        names = dict(self.columns)
        placed = sorted(
            ((row, key) for key, rows in self.by_column.items() for row in rows),
            key=lambda pair: (pair[0]["start"], list(names).index(pair[1]) if pair[1] in names else 0, pair[0]["end"]),
        )
        rows = [
            [
                f"{row['start']}–{row['end']}",
                names.get(key, row["room"] or "No room set"),
                ("⚠ " if row["id"] in self.clashing else "") + row["title"],
                SESSION_KIND.get(row["kind"], row["kind"]),
                ", ".join(a["name"] for a in row["assessors"]) or "assessors to be confirmed",
            ]
            for row, key in placed
        ]
        out: list = [
            F.para("Rooms: " + ", ".join(label for _key, label in self.columns) + "."),
            F.table(rows, ["Time", "Room", "Session", "Kind", "CQC assessors"], [0.1, 0.2, 0.35, 0.12, 0.23]),
        ]
        if self.clash_lines:
            out.append(F.para("⚠ before a title marks a double booking; each is listed below."))
            out.append(F.subheading("Double bookings"))
            out += F.bullets(self.clash_lines)
        else:
            out.append(F.para("No double bookings."))
        if self.hidden:
            out.append(F.para(f"{self.hidden} more sessions did not fit side by side: they are listed after this."))
        return out

    def _clash_text(self) -> list[str]:
        """Each clash spelt out in full, wrapped to the grid's width (a clipped line hides which sessions clash)."""
        out: list[str] = []
        for line in self.clash_lines[:CONFLICT_LINES]:
            out += simpleSplit("⚠ " + printable(line), S.FAMILY, 7, self.width - self.GUTTER)
        if len(self.clash_lines) > CONFLICT_LINES:
            out.append(f"… and {len(self.clash_lines) - CONFLICT_LINES} more: run `check` or see the Conflicts page")
        return out

    def _footer_height(self) -> float:
        lines = len(self._clash_text())
        return 14 + (10 * lines + 6 if lines else 0)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = avail_width, max(avail_height - 1, 200)
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        sheet = S.style_sheet()
        footer = self._footer_height()
        top = self.height
        grid_top = top - self.HEADER
        grid_bottom = footer
        span = self.t1 - self.t0
        per_min = (grid_top - grid_bottom) / span
        col_w = (self.width - self.GUTTER) / max(1, len(self.columns))

        def y_of(minute: int) -> float:
            return grid_top - (minute - self.t0) * per_min

        # Column headers.
        c.saveState()
        c.setFillColor(S.ACCENT)
        c.rect(self.GUTTER, grid_top, self.width - self.GUTTER, self.HEADER, stroke=0, fill=1)
        for i, (_, label) in enumerate(self.columns):
            p = Paragraph(F.esc(label), sheet["header_cell"])
            _, h = p.wrap(col_w - 6, self.HEADER)
            p.drawOn(c, self.GUTTER + i * col_w + 3, grid_top + (self.HEADER - min(h, self.HEADER)) / 2)
        # Hour and half-hour lines with labels.
        c.setFont(S.FAMILY, 7)
        for minute in range(self.t0, self.t1 + 1, 30):
            y = y_of(minute)
            hour = minute % 60 == 0
            c.setStrokeColor(S.RULE if hour else colors.HexColor("#E3E7EA"))
            c.setLineWidth(0.5 if hour else 0.3)
            c.line(self.GUTTER, y, self.width, y)
            if hour:
                c.setFillColor(S.MUTED)
                c.drawRightString(self.GUTTER - 4, y - 2.5, f"{minute // 60:02d}:00")
        c.setStrokeColor(S.RULE)
        c.setLineWidth(0.5)
        for i in range(len(self.columns) + 1):
            x = self.GUTTER + i * col_w
            c.line(x, grid_bottom, x, grid_top)
        c.restoreState()

        for i, (key, _) in enumerate(self.columns):
            rows = self.by_column.get(key, [])
            lanes = _lanes(rows)
            for row in rows:
                lane, count = lanes[row["id"]]
                w = col_w / count
                x = self.GUTTER + i * col_w + lane * w
                y_top, y_bot = y_of(_minutes(row["start"])), y_of(_minutes(row["end"]))
                self._block(row, x + 1.5, y_bot + 1, w - 3, y_top - y_bot - 2)

        # The clashes, spelt out.
        c.saveState()
        c.setFont(S.FAMILY, 7)
        c.setFillColor(S.MUTED)
        legend = "Blocks show title; time, kind; CQC assessors. "
        legend += "⚠ red border = double booking (listed below)." if self.clash_lines else "No double bookings."
        if self.hidden:
            legend += f" {self.hidden} more sessions did not fit side by side: they are listed after this grid."
        c.drawString(self.GUTTER, footer - 11, legend)
        c.setFillColor(S.CONFLICT)
        y = footer - 22
        for line in self._clash_text():
            c.drawString(self.GUTTER, y, line)
            y -= 10
        c.restoreState()

    def _block(self, row: Session, x: float, y: float, w: float, h: float) -> None:
        c = self.canv
        sheet = S.style_sheet()
        clash = row["id"] in self.clashing
        c.saveState()
        c.setFillColor(colors.HexColor(KIND_FILL.get(row["kind"], "#ECEFF1")))
        c.setStrokeColor(S.CONFLICT if clash else S.ACCENT)
        c.setLineWidth(2 if clash else 0.6)
        c.rect(x, y, w, h, stroke=1, fill=1)
        clip = c.beginPath()
        clip.rect(x, y, w, h)
        c.clipPath(clip, stroke=0, fill=0)  # text never spills out of its block
        title = ("⚠ " if clash else "") + row["title"]
        # sessions by time and title: users never see their ids
        kind = f"{row['start']}–{row['end']} · {SESSION_KIND.get(row['kind'], row['kind'])}"
        assessors = ", ".join(a["name"] for a in row["assessors"]) or "assessors to be confirmed"
        cursor = y + h - 2
        for text, style in ((title, "block_title"), (kind, "block_text"), (assessors, "block_text")):
            if w < 12:  # too narrow for any text (reportlab cannot lay out a paragraph in no width)
                break
            p = Paragraph(F.esc(text), sheet[style])
            _, ph = p.wrap(w - 5, h)
            if cursor - ph < y and style != "block_title":
                break
            p.drawOn(c, x + 2.5, cursor - ph)
            cursor -= ph + 0.5
        c.restoreState()


def _columns(rows: list[Session], rooms: list[dict[str, Any]], kind: str | None) -> list[tuple[str, str]]:
    """On site: every physical room (so free ones show) plus virtual rooms in use; a virtual
    day: only the rooms in use. 'No room set' when a session has none."""
    used = {r["room_id"] for r in rows}
    cols = []
    for room in rooms:
        if room["id"] not in used and (room["virtual"] or kind == "virtual"):
            continue
        if room["id"] not in used and room.get("use", "interviews") != "interviews":
            continue  # the CQC team's base and the home-team room are not interview rooms
        label = room["name"] + (" (virtual)" if room["virtual"] else "")
        cols.append((str(room["id"]), label))
    if len(cols) > MAX_GRID_ROOMS:  # too many rooms overall: show only those in use today
        cols = [c for c in cols if int(c[0]) in used]
    if None in used:
        cols.append(("none", "No room set"))
    return cols


def _list_view(rows: list[Session], clash_by_session: dict[int, list[str]]) -> list:
    table_rows: list[list[Any]] = []
    style: list[tuple[Any, ...]] = []
    for i, r in enumerate(rows, start=1):
        clash = "; ".join(clash_by_session.get(r["id"], []))
        table_rows.append(
            [
                f"{r['start']}–{r['end']}",
                r["room"] or "No room set",
                r["title"],
                SESSION_KIND.get(r["kind"], r["kind"]),
                ", ".join(a["name"] for a in r["assessors"]),
                ("⚠ " + clash) if clash else "",
            ]
        )
        if clash:
            style.append(("TEXTCOLOR", (5, i), (5, i), S.CONFLICT))
            style.append(("LINEBEFORE", (0, i), (0, i), 2.5, S.CONFLICT))
    return [
        F.table(
            table_rows,
            ["Time", "Room", "Session", "Kind", "CQC assessors", "Double booking"],
            [0.08, 0.15, 0.27, 0.11, 0.17, 0.22],
            extra_style=style,
        )
    ]


def _day_page(
    day: str, kind: str | None, rows: list[Session], rooms: list[dict[str, Any]], day_conflicts: list
) -> list:
    label = long_date(day) + (f" ({'on site' if kind == 'onsite' else 'virtual'})" if kind else "")
    out: list = [F.heading(label, 0)]
    if not rows:
        out.append(F.notice("No sessions are planned for this day yet."))
        return out
    clashing = {sid for c in day_conflicts for sid in c.session_ids}
    clash_by_session: dict[int, list[str]] = defaultdict(list)
    for c in day_conflicts:
        for sid in c.session_ids:
            clash_by_session[sid].append(c.others(sid))
    clash_lines = [c.message for c in day_conflicts]
    cols = _columns(rows, rooms, kind)
    if len(cols) > MAX_GRID_ROOMS:
        out.append(
            F.para(
                f"{len(cols)} rooms are in use on this day, too many to print side by side, "
                "so the day is listed in time order.",
                "muted",
            )
        )
        return out + _list_view(rows, clash_by_session)
    by_column: dict[str, list[Session]] = defaultdict(list)
    for r in rows:
        by_column[str(r["room_id"]) if r["room_id"] is not None else "none"].append(r)
    hidden: list[Session] = []
    for key, column_rows in by_column.items():
        lanes = _lanes(column_rows)
        hidden += [r for r in column_rows if lanes[r["id"]][0] >= MAX_LANES]
        by_column[key] = [r for r in column_rows if lanes[r["id"]][0] < MAX_LANES]
    out.append(DayGrid(cols, by_column, clashing, clash_lines, hidden=len(hidden)))
    if hidden:
        hidden.sort(key=lambda r: (r["start"], r["end"], r["id"]))
        out.append(F.heading(f"{label}: not shown in the grid", 1, keep_with_next=False))
        out.append(
            F.para(
                f"Not shown in the grid: {len(hidden)} sessions overlap more than {MAX_LANES} others "
                "in one room, so they are listed here.",
                "muted",
            )
        )
        out += _list_view(hidden, clash_by_session)
    return out


def build(reg: Register, options: ReportOptions) -> Story:
    rows = sessions.list_sessions(reg, include_cancelled=False)
    kinds = {d["date"]: d["kind"] for d in assessment.visit_days(reg)}
    if options.day:
        day = parse_date(options.day, "day", required=True)
        days = [day]
        if not any(r["date"] == day for r in rows):
            raise ReadinessError(f"no sessions are planned on {long_date(day)}", field="day")
    else:
        days = sorted(set(kinds) | {r["date"] for r in rows})
    rooms = people.list_rooms(reg)
    found = conflicts.find_conflicts(reg)
    if options.audience and options.audience != INTERNAL:  # the host's copy: no case codes, no clash list
        from readiness_app.reports.interview_packs import session_title

        for r in rows:
            r["title"] = session_title(r, options.audience)
        found = []
    story: list = []
    if not days:
        story += F.document_title(TITLE, options.council or "")
        story.append(
            F.notice(
                "No visit days are set and no sessions are planned yet, so there is no timetable "
                "to print. Set the on-site dates and add sessions, then print again."
            )
        )
    for n, day in enumerate(days):
        if n:
            story += F.switch_page("landscape")
        story += _day_page(
            day, kinds.get(day), [r for r in rows if r["date"] == day], rooms, [c for c in found if c.date == day]
        )
    title = TITLE if not options.day else f"Timetable for {long_date(options.day and days[0])}"
    return Story(
        title=title,
        subject="Who is interviewed where and when during the CQC on-site assessment",
        keywords=["CQC", "timetable"],
        flowables=story,
        first_page="landscape",
    )
