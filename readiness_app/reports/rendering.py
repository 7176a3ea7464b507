"""`render`: the one way to print a document (command line and desktop app)."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

from readiness_app.errors import ReadinessError, ValidationErrors
from readiness_app.logs import get_logger
from readiness_app.register import assessment
from readiness_app.register.connection import Register
from readiness_app.reports import registry
from readiness_app.reports.options import DEFAULT_MARKING, RenderResult, ReportOptions, Story

log = get_logger(__name__)

# How each scope option is spelt on the command line, for messages.
SCOPE_FLAGS = {"day": "--day", "session_id": "--session", "person_id": "--person", "for_date": "--for"}


def resolve_options(reg: Register, key: str, options: ReportOptions | None) -> ReportOptions:
    """Fill in council, marking and clock from the register; refuse scopes the document ignores."""
    spec = registry.get(key)
    options = replace(options) if options else ReportOptions()
    for scope in registry.SCOPES:
        if getattr(options, scope) not in (None, "") and scope not in spec.scopes:
            raise ReadinessError(f"{SCOPE_FLAGS[scope]} does not apply to the {key} document", field=scope)
    from readiness_app.reports import audience

    options.audience = audience.choose(key, spec.audiences, options.audience)
    info = assessment.get(reg)
    if options.council is None:
        options.council = info["council"]
    if options.marking is None:
        options.marking = info.get("marking") or DEFAULT_MARKING
    options.marking = " ".join(options.marking.split())
    if options.marking.lower() == "none":
        options.marking = ""
    from readiness_app.reports.document import marking_problem

    problem = marking_problem(options.marking)
    if problem:
        raise ReadinessError(problem, field="marking")
    if options.generated_at is None:
        options.generated_at = options.now
    return options


WORDING_SETTING = "wording_file"  # the council's file of official We/I statements, if it keeps one


def apply_wording(reg: Register) -> None:
    """Merge in the register's wording file, unless a wording file is already loaded (--wording wins)."""
    from readiness_app.framework import current
    from readiness_app.framework.wording import use_wording

    path = assessment.setting(reg, WORDING_SETTING)
    if path and not current().wording_source:
        try:
            use_wording(path)
        except ReadinessError as exc:
            detail = "; ".join(exc.lines()) if isinstance(exc, ValidationErrors) else str(exc)
            raise ReadinessError(
                f"the register's wording file cannot be used: {detail}",
                "choose it again on the Print page, or clear it there",
                field="wording",
            ) from None


def build_story(reg: Register, key: str, options: ReportOptions) -> Story:
    spec = registry.get(key)
    apply_wording(reg)
    builder = spec.load()
    story = builder(reg, options)
    if not isinstance(story, Story):
        raise TypeError(f"builder for {key} returned {type(story).__name__}, not Story")
    return story


def render_bytes(reg: Register, key: str, options: ReportOptions | None = None) -> tuple[bytes, int]:
    """Build a document in memory: (PDF bytes, page count). Encrypted if a password is set."""
    data, pages, _story = _render(reg, key, options)
    return data, pages


def render_first_part(reg: Register, key: str, options: ReportOptions | None = None) -> tuple[bytes, int] | None:
    """The first part of a long document on its own (the interview packs: the first session's pack), for
    a preview that shows at once while the whole is built. None when the document has no such part."""
    from readiness_app.reports import interview_packs

    opts = options or ReportOptions()
    if key != "interview-packs" or opts.session_id is not None or opts.person_id is not None:
        return None
    first = interview_packs.first_session_id(reg, opts)
    return None if first is None else render_bytes(reg, key, replace(opts, session_id=first))


def text_warnings(reg: Register, seen: dict[str, set[str]]) -> list[str]:
    """What a build had to do to printed text, naming the record and field (never the text: it may be a name)."""
    from readiness_app.register.printing import records_with_text
    from readiness_app.reports.scripts import TOO_LONG

    warnings, placed = [], set()
    for table, record, field, text in records_with_text(reg, set(seen)):
        placed.add(text)
        where = f"{table.replace('_', ' ')} {record}, {field.replace('_', ' ')}"
        scripts = sorted(seen[text] - {TOO_LONG})
        if scripts:
            warnings.append(
                f"{where}: {' and '.join(scripts)} script has no font bundled with the app, "
                "so it printed as a placeholder"
            )
        if TOO_LONG in seen[text]:
            warnings.append(
                f"{where}: too long (a very long word or many line breaks); it printed in full, "
                "broken across lines and pages: shorten it"
            )
    for text in set(seen) - placed:
        scripts = sorted(seen[text] - {TOO_LONG})
        if scripts:
            warnings.append(f"some text in {' and '.join(scripts)} script printed as a placeholder")
    return sorted(set(warnings))


# The accessible versions (real headings and tables a screen reader reads), by file suffix; any other is a PDF.
FORMATS = {".html": "html", ".htm": "html", ".docx": "docx"}


def output_format(path: Path | str) -> str:
    """'html' for an .html file name, 'docx' for a Word one, else 'pdf' (as before)."""
    return FORMATS.get(Path(path).suffix.lower(), "pdf")


def render_accessible(reg: Register, key: str, options: ReportOptions | None = None, fmt: str = "html") -> bytes:
    """An accessible version of a document in memory: UTF-8 HTML (fmt "html") or a .docx file ("docx")."""
    return _render(reg, key, options, fmt)[0]


def _render(reg: Register, key: str, options: ReportOptions | None, fmt: str = "pdf") -> tuple[bytes, int, Story]:
    from readiness_app.reports.flowables import forget_parsed
    from readiness_app.reports.scripts import collecting

    forget_parsed()
    opts = resolve_options(reg, key, options)
    if fmt != "pdf" and opts.password:
        raise ReadinessError(
            "a password protects PDF files only",
            f"save the {'Word' if fmt == 'docx' else 'HTML'} version without one",
            field="password",
        )
    spec = registry.get(key)
    with collecting() as seen:
        if fmt == "docx" and spec.word:  # the document's own Word version (the self-assessment's)
            from readiness_app.reports.accessible_word import finish

            apply_wording(reg)
            story = Story(title=spec.title, flowables=[], subject=spec.description)
            data, pages = finish(spec.load(spec.word)(reg, opts), _furniture(story, opts), story.subject), 1
        else:
            story = build_story(reg, key, opts)
            data, pages, story = _lay_out(story, opts, fmt)
    story.warnings = text_warnings(reg, seen) if seen else []
    return data, pages, story


def _furniture(story: Story, opts: ReportOptions):
    from readiness_app.reports.document import PageFurniture

    return PageFurniture(
        council=opts.council or "",
        title=story.title,
        marking=opts.marking or "",
        generated_at=opts.now,
        audience=opts.audience or "",
    )


def _lay_out(story: Story, opts: ReportOptions, fmt: str = "pdf") -> tuple[bytes, int, Story]:
    from readiness_app.reports.document import build_pdf
    from readiness_app.reports.output import encrypt

    furniture = _furniture(story, opts)
    if fmt == "html":
        from readiness_app.reports.accessible import story_html

        return story_html(story, furniture).encode("utf-8"), 1, story
    if fmt == "docx":
        from readiness_app.reports.accessible_word import story_docx

        return story_docx(story, furniture), 1, story
    data, pages = build_pdf(story, furniture, author=opts.author or opts.council or "readiness-app")
    if opts.password:
        data = encrypt(data, opts.password)
    return data, pages, story


# What to say when the target PDF is locked by a viewer.
CLOSE_PDF = "close the PDF (in Acrobat, Edge, a preview pane ...) and print again, or choose another file name"


def render(reg: Register, key: str, output_path: Path | str, options: ReportOptions | None = None) -> RenderResult:
    """Build the document `key` and write it to `output_path` (atomically)."""
    from readiness_app.output_files import check_target, write_atomically

    fmt = output_format(output_path)
    check_target(output_path)  # fail fast, before a long build
    started = time.perf_counter()
    data, pages, story = _render(reg, key, options, fmt)
    path = write_atomically(output_path, data, close_hint=CLOSE_PDF)
    log.info("printed %s: %d pages in %.2f s", key, pages, time.perf_counter() - started)
    return RenderResult(
        path=path,
        pages=pages,
        encrypted=bool(options and options.password),
        printed=story.printed,
        warnings=tuple(story.warnings),
    )


def needs_recording(reg: Register, result: RenderResult) -> bool:
    """Whether a versioned document was printed at a version the register does not know yet."""
    from readiness_app.register import printing

    if result.printed is None:
        return False
    document, version, _snapshot = result.printed
    return not printing.is_recorded(reg, document, version)


def record_printed(reg: Register, result: RenderResult) -> None:
    """Remember a versioned document's printed version (its next print lists the changes since)."""
    from readiness_app.register import printing

    if result.printed:
        document, version, snapshot = result.printed
        printing.record_version(reg, document, version, snapshot)
