"""Loading and validating a framework file (TOML)."""

from __future__ import annotations

from pathlib import Path

from readiness_app.errors import ReadinessError, ValidationErrors
from readiness_app.paths import resource
from readiness_app.values import Value

DEFAULT_FRAMEWORK = resource("framework", "cqc-local-authority.toml")


class Theme(Value):
    __slots__ = ("id", "name", "aliases")
    _defaults = {"aliases": ()}
    id: str
    name: str
    aliases: tuple[str, ...]


class Wording(Value):
    """Official wording kept by a council (a We or I statement), with where it came from and when."""

    __slots__ = ("text", "source", "date")
    text: str
    source: str
    date: str

    @property
    def attribution(self) -> str:
        return f"{self.source}, {self.date}"


class QualityStatement(Value):
    """A QS. `people_expect` is the app's own summary of what people look for, never CQC's
    or Think Local Act Personal's wording; the official We and I statements are optional
    and come only from a file the council supplies (see `wording.py`)."""

    __slots__ = (
        "id",
        "number",
        "theme",
        "name",
        "aliases",
        "focus",
        "people_expect",
        "prompts",
        "we_statement",
        "i_statements",
    )
    _defaults = {"we_statement": None, "i_statements": ()}
    id: str
    number: int
    theme: Theme
    name: str
    aliases: tuple[str, ...]
    focus: str
    people_expect: str
    prompts: tuple[str, ...]
    we_statement: Wording | None
    i_statements: tuple[Wording, ...]

    @property
    def label(self) -> str:
        return f"{self.id} {self.name}"


class EvidenceCategory(Value):
    __slots__ = ("id", "name", "aliases")
    _defaults = {"aliases": ()}
    id: str
    name: str
    aliases: tuple[str, ...]


class RatingBand(Value):
    __slots__ = ("name", "min_percent", "max_percent")
    name: str
    min_percent: float
    max_percent: float


class RatingCharacteristic(Value):
    """What a score looks like for one QS (a rubric line), with where the words came from."""

    __slots__ = ("qs", "score", "description", "source", "status")
    qs: str
    score: int
    description: str
    source: str
    status: str  # draft | final | example


CHARACTERISTIC_STATUS = ("draft", "final", "example")


def _characteristics(entries: object, qs_ids: set[str], problems: list[ReadinessError]) -> tuple:
    found = []
    for i, entry in enumerate(entries if isinstance(entries, list) else [], start=1):
        where = f"rating characteristic {i}"
        qs, description = str(entry.get("qs", "")).strip(), str(entry.get("description", "")).strip()
        score, status = entry.get("score"), str(entry.get("status", "draft")).strip().lower()
        if qs not in qs_ids or score not in (1, 2, 3, 4) or not description or status not in CHARACTERISTIC_STATUS:
            problems.append(
                ReadinessError(
                    f"{where}: needs a known qs, a score 1-4, a description and a status draft/final/example"
                )
            )
            continue
        found.append(RatingCharacteristic(qs, score, description, str(entry.get("source", "")).strip(), status))
    return tuple(found)


class Framework:
    """The whole framework. Compared and hashed by identity (it is a cache key)."""

    def __init__(
        self,
        name: str,
        version: str,
        themes: tuple[Theme, ...],
        statements: tuple[QualityStatement, ...],
        categories: tuple[EvidenceCategory, ...],
        score_labels: dict[int, str],
        bands: tuple[RatingBand, ...],
        source: str = "",
    ):
        self.name = name
        self.version = version
        self.themes = themes
        self.statements = statements
        self.categories = categories
        self.score_labels = score_labels
        self.bands = bands
        self.source = source
        self.wording_source = ""  # the council's wording file merged in, if any
        self._by_id = {s.id: s for s in statements}
        self.characteristics: tuple[RatingCharacteristic, ...] = ()  # optional rubric, see parse_framework

    name: str
    version: str
    themes: tuple[Theme, ...]
    statements: tuple[QualityStatement, ...]
    categories: tuple[EvidenceCategory, ...]
    score_labels: dict[int, str]
    bands: tuple[RatingBand, ...]
    source: str
    wording_source: str

    def qs(self, qs_id: str) -> QualityStatement:
        try:
            return self._by_id[qs_id]
        except KeyError:
            raise ReadinessError(f"unknown quality statement id {qs_id!r}") from None

    @property
    def qs_ids(self) -> list[str]:
        return [s.id for s in self.statements]

    def category(self, category_id: str) -> EvidenceCategory:
        for c in self.categories:
            if c.id == category_id:
                return c
        raise ReadinessError(f"unknown evidence category {category_id!r}")

    @property
    def category_ids(self) -> list[str]:
        return [c.id for c in self.categories]

    def theme_of(self, qs_id: str) -> Theme:
        return self.qs(qs_id).theme


def _text(entry: dict, key: str, where: str, problems: list[ReadinessError]) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        problems.append(ReadinessError(f"{where}: '{key}' is missing or empty", field=key))
        return ""
    return value.strip()


def _strings(entry: dict, key: str, where: str, problems: list[ReadinessError]) -> tuple[str, ...]:
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(ReadinessError(f"{where}: '{key}' must be a list of text", field=key))
        return ()
    return tuple(v.strip() for v in value if v.strip())


def _wording(value: object, where: str, problems: list[ReadinessError], defaults: dict) -> Wording | None:
    """One official statement: text, source and date of the wording, each required."""
    if not isinstance(value, dict):
        problems.append(ReadinessError(f"{where} must be a table with text, source and date", field=where))
        return None
    fields = {}
    for key in ("text", "source", "date"):
        raw = value.get(key, defaults.get(key))
        text = str(raw).strip() if raw not in (None, "") and not isinstance(raw, (list, dict)) else ""
        if not text:
            problems.append(ReadinessError(f"{where}: '{key}' is missing or empty", field=key))
        fields[key] = text
    return Wording(**fields) if all(fields.values()) else None


def parse_wording_fields(
    entry: dict, where: str, problems: list[ReadinessError], defaults: dict | None = None
) -> tuple[Wording | None, tuple[Wording, ...]]:
    """The optional `we_statement` and `i_statements` of a QS entry."""
    defaults = defaults or {}
    we = None
    if "we_statement" in entry:
        we = _wording(entry["we_statement"], f"{where} we_statement", problems, defaults)
    i_list: list[Wording] = []
    raw = entry.get("i_statements", [])
    if not isinstance(raw, list):
        problems.append(ReadinessError(f"{where}: 'i_statements' must be a list of tables", field="i_statements"))
        raw = []
    for n, item in enumerate(raw, start=1):
        wording = _wording(item, f"{where} i_statements {n}", problems, defaults)
        if wording:
            i_list.append(wording)
    return we, tuple(i_list)


def parse_framework(data: dict, source: str = "") -> Framework:
    """Build a Framework from parsed TOML, naming every problem found."""
    problems: list[ReadinessError] = []

    themes: dict[str, Theme] = {}
    for i, entry in enumerate(data.get("themes", []), start=1):
        where = f"theme {i}"
        tid, name = _text(entry, "id", where, problems), _text(entry, "name", where, problems)
        if tid in themes:
            problems.append(ReadinessError(f"{where}: duplicate theme id {tid!r}", field="id"))
        elif tid:
            themes[tid] = Theme(tid, name, _strings(entry, "aliases", where, problems))
    if not themes:
        problems.append(ReadinessError("no themes defined", field="themes"))

    statements: list[QualityStatement] = []
    seen: set[str] = set()
    numbers_seen: set[int] = set()
    for i, entry in enumerate(data.get("quality_statements", []), start=1):
        where = f"quality statement {i}"
        qid = _text(entry, "id", where, problems)
        where = f"quality statement {qid or i}"
        name = _text(entry, "name", where, problems)
        theme_id = _text(entry, "theme", where, problems)
        if qid in seen:
            problems.append(ReadinessError(f"{where}: duplicate id {qid!r}", field="id"))
            continue
        seen.add(qid)
        digits = "".join(ch for ch in qid if ch.isdigit())
        if digits:
            numbers_seen.add(int(digits))
        if qid and (not qid.upper().startswith("QS") or not digits):
            problems.append(ReadinessError(f"{where}: id must look like QS1, QS2 ...", field="id"))
        if theme_id and theme_id not in themes:
            problems.append(ReadinessError(f"{where}: unknown theme {theme_id!r}", field="theme"))
            continue
        if not (qid and name and theme_id and digits):
            continue
        prompts = _strings(entry, "prompts", where, problems)
        we, i_list = parse_wording_fields(entry, where, problems)
        statements.append(
            QualityStatement(
                id=qid,
                number=int(digits),
                theme=themes[theme_id],
                name=name,
                aliases=_strings(entry, "aliases", where, problems),
                focus=str(entry.get("focus", "")).strip(),
                people_expect=str(entry.get("people_expect", "")).strip(),
                prompts=prompts,
                we_statement=we,
                i_statements=i_list,
            )
        )
    if not statements:
        problems.append(ReadinessError("no quality statements defined", field="quality_statements"))
    elif numbers_seen:
        missing = [f"QS{n}" for n in range(1, max(numbers_seen) + 1) if n not in numbers_seen]
        if missing:
            problems.append(
                ReadinessError(
                    f"quality statements must be numbered from QS1 without gaps; missing {', '.join(missing)}",
                    field="quality_statements",
                )
            )

    categories: list[EvidenceCategory] = []
    for i, entry in enumerate(data.get("evidence_categories", []), start=1):
        where = f"evidence category {i}"
        cid, name = _text(entry, "id", where, problems), _text(entry, "name", where, problems)
        if cid in {c.id for c in categories}:
            problems.append(ReadinessError(f"{where}: duplicate id {cid!r}", field="id"))
        elif cid and name:
            categories.append(EvidenceCategory(cid, name, _strings(entry, "aliases", where, problems)))
    if not categories:
        problems.append(ReadinessError("no evidence categories defined", field="evidence_categories"))

    score_labels: dict[int, str] = {}
    for key, label in dict(data.get("scores", {})).items():
        if not str(key).isdigit():
            problems.append(ReadinessError(f"scores: {key!r} is not a whole number", field="scores"))
            continue
        score_labels[int(key)] = str(label)
    if sorted(score_labels) != [1, 2, 3, 4]:
        problems.append(ReadinessError("scores must label exactly 1, 2, 3 and 4", field="scores"))

    bands: list[RatingBand] = []
    for i, entry in enumerate(data.get("rating_bands", []), start=1):
        where = f"rating band {i}"
        name = _text(entry, "name", where, problems)
        try:
            low, high = float(entry["min_percent"]), float(entry["max_percent"])
        except (KeyError, TypeError, ValueError):
            problems.append(ReadinessError(f"{where}: needs numeric min_percent and max_percent"))
            continue
        if low > high:
            problems.append(ReadinessError(f"{where}: min_percent is above max_percent"))
        bands.append(RatingBand(name, low, high))
    if not bands:
        problems.append(ReadinessError("no rating bands defined", field="rating_bands"))

    characteristics = _characteristics(data.get("rating_characteristics", []), {s.id for s in statements}, problems)
    if problems:
        raise ValidationErrors(problems, what=f"framework file {source or ''}".strip())

    statements.sort(key=lambda s: s.number)
    framework = Framework(
        name=str(data.get("name", "Framework")),
        version=str(data.get("version", "")),
        themes=tuple(themes.values()),
        statements=tuple(statements),
        categories=tuple(categories),
        score_labels=score_labels,
        bands=tuple(sorted(bands, key=lambda b: b.min_percent)),
        source=source,
    )
    framework.characteristics = characteristics
    return framework


def load_framework(path: Path | str | None = None) -> Framework:
    """Read and validate a framework file; raise ReadinessError naming what is wrong."""
    path = Path(path) if path else DEFAULT_FRAMEWORK
    try:
        data = _read_toml(path)
    except FileNotFoundError:
        raise ReadinessError(f"framework file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ReadinessError(f"cannot read framework file {path}: {exc}") from None
    except ValueError as exc:  # tomllib.TOMLDecodeError
        raise ReadinessError(f"framework file {path} is not valid TOML: {exc}") from None
    return parse_framework(data, source=str(path))


def _read_toml(path: Path) -> dict:
    """The file's TOML as a dict, through a JSON copy in the user's cache folder.

    Parsing TOML is pure Python and costs the desktop window's cold start a few
    milliseconds; the JSON copy is keyed by the file's path, size and modified
    time, so an edited framework file is always read afresh. The copy is only a
    speed-up: when it cannot be read or written, the TOML is parsed as usual.
    """
    import json
    import os
    import zlib  # already loaded with Qt; hashlib would load OpenSSL (~3 ms of the window's start)

    from readiness_app.paths import user_data_dir

    stat = path.stat()
    key = f"{zlib.crc32(str(path.resolve()).encode('utf-8')):08x}"
    cached = user_data_dir() / "cache" / f"framework-{key}-{stat.st_mtime_ns}-{stat.st_size}.json"
    try:
        return json.loads(cached.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    import tomllib

    data = tomllib.loads(path.read_text(encoding="utf-8"))
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        temp = cached.with_suffix(f".{os.getpid()}.tmp")
        temp.write_text(json.dumps(data), encoding="utf-8")
        os.replace(temp, cached)
    except (OSError, TypeError, ValueError):  # TypeError: a TOML date has no JSON form
        pass
    return data


_current: Framework | None = None


def current() -> Framework:
    """The framework in use (the built-in one unless `use_framework` chose another)."""
    global _current
    if _current is None:
        _current = load_framework()
    return _current


def set_current(framework: Framework) -> Framework:
    """Make `framework` the one in use (for example after official wording was merged in)."""
    global _current
    _current = framework  # the matcher's caches are keyed by framework: nothing to reset
    return _current


def use_framework(path: Path | str | None) -> Framework:
    """Switch the process to another framework file (validated first)."""
    global _current
    _current = load_framework(path)
    return _current
