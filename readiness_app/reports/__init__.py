"""Printed documents (reportlab, no Qt): checklist, interview packs, timetables, case summary.

How a document is made
----------------------
One entry point, used by the command line and the desktop app alike::

    from readiness_app.reports.rendering import render
    from readiness_app.reports.options import ReportOptions

    result = render(reg, "interview-packs", "packs.pdf", ReportOptions(day="2026-12-08"))
    result.path, result.pages

`render` looks the key up in `registry.DOCUMENTS`, calls the document's builder,
lays the story out on the shared page templates (header and footer on every
page, "Page X of Y", bookmarks, metadata, embedded fonts), writes a temporary
file beside the target and renames it into place, encrypting it first with
AES-256 when `options.password` is set. `render_bytes(reg, key, options)` does the
same in memory and returns (bytes, pages), e.g. for a preview. Anything the user can fix comes back as
`ReadinessError`; no partial file is ever left behind. reportlab is not
thread-safe: call `render` from one worker thread at a time.

The builder contract (for new documents, e.g. readiness_app.reports.bulletin)
---------------------------------------------------------------------------
A builder is a plain function in its own module::

    from readiness_app.reports.options import ReportOptions, Story
    from readiness_app.reports import flowables as F

    def build(reg: Register, options: ReportOptions) -> Story:
        story = [F.heading("Tomorrow's interviews", level=0), F.para("..."), F.table(...)]
        return Story(title="Nightly bulletin", subject="...", flowables=story)

- Read the register only through `readiness_app.register.*` functions (no SQL here).
- `options` carries the scope (`day`, `session_id`, `person_id`, `for_date`), the
  clock (`options.now`, `options.today`: never read the clock yourself, so
  output is repeatable) and the council name (`options.council`, filled in by
  `render`). Marking, password and metadata are handled by `render`.
- Raise `ReadinessError` for an unknown id or an empty scope the user asked for
  (e.g. "no sessions on 2026-12-09"); for an empty register return an honest
  document that says what is missing (`F.notice(...)`).
- Headings from `flowables.heading(text, level)` become PDF bookmarks (level 0
  = a section, level 1 = inside it; do not skip levels).
- Pages start portrait; `flowables.switch_page("landscape")` (or "portrait")
  starts a new page in that orientation. `Story.first_page` picks the first one.
- Use `flowables.table(rows, headers, widths)` for tables: header row repeats on
  every page and cells wrap. Widths are fractions of the frame width. Other
  blocks: `para`, `markup`, `facts`, `bullets`, `notice`, `space`, `title_block`,
  `document_title`, `sign_off`, `notes_box`, `rag_cell`/`rag_style`, `keep_space`.
  Plain text is escaped for you; only `markup` takes <b>/<i> tags.
- Register the document in `registry.DOCUMENTS` (key, title, "module:function",
  the scope options it accepts); `report KEY REGISTER -o FILE.pdf` then works.
"""

from __future__ import annotations

# Deliberately light: `readiness_app.cli.reports` is imported for every CLI
# run, so nothing here imports reportlab.
