"""The evidence folder's settings, stored in the register (table `setting`).

| key                          | meaning                                              | default |
|------------------------------|------------------------------------------------------|---------|
| evidence.ignore_patterns     | extra ignore patterns, one per line                  | (none)  |
| evidence.reference_pattern   | regex finding the information-return reference       | LAIR-/IR- numbers |
| evidence.stability_seconds   | quiet time before a new file is taken in             | 3       |
| evidence.auto_accept         | 'on': fully classified new files are accepted        | off     |
| evidence.polling             | 'auto' (network folders poll) or 'always'            | auto    |
| evidence.polling_seconds     | how often a polled folder is looked at               | 10      |
| evidence.rescan_minutes      | full reconcile while watching, every N minutes       | 5       |
| evidence.index_contents      | 'off': the files' text is not read or searchable     | on      |
| evidence.index_limit_mb      | the register may not grow past this by file text     | 2048    |
"""

from __future__ import annotations

from dataclasses import dataclass

from readiness_app.errors import ReadinessError
from readiness_app.evidence.classify import REFERENCE_SETTING, compile_reference_pattern
from readiness_app.evidence.ignore import SETTING_KEY as IGNORE_SETTING
from readiness_app.evidence.ignore import IgnoreRules, parse_patterns
from readiness_app.register import assessment
from readiness_app.register.connection import Register

KEYS = {
    "ignore_patterns": IGNORE_SETTING,
    "reference_pattern": REFERENCE_SETTING,
    "stability_seconds": "evidence.stability_seconds",
    "auto_accept": "evidence.auto_accept",
    "polling": "evidence.polling",
    "polling_seconds": "evidence.polling_seconds",
    "rescan_minutes": "evidence.rescan_minutes",
    "index_contents": "evidence.index_contents",
    "index_limit_mb": "evidence.index_limit_mb",
}
_ON = {"on", "yes", "true", "1"}
_OFF = {"off", "no", "false", "0", ""}


@dataclass(frozen=True)
class EvidenceSettings:
    ignore_patterns: tuple[str, ...] = ()
    reference_pattern: str | None = None
    stability_seconds: float = 3.0
    auto_accept: bool = False
    polling: str = "auto"
    polling_seconds: float = 10.0
    rescan_minutes: float = 5.0
    index_contents: bool = True
    index_limit_mb: float = 2048.0

    @property
    def ignore_rules(self) -> IgnoreRules:
        return IgnoreRules(self.ignore_patterns)

    def as_dict(self) -> dict:
        return {
            "ignore_patterns": list(self.ignore_patterns),
            "reference_pattern": self.reference_pattern,
            "stability_seconds": self.stability_seconds,
            "auto_accept": self.auto_accept,
            "polling": self.polling,
            "polling_seconds": self.polling_seconds,
            "rescan_minutes": self.rescan_minutes,
            "index_contents": self.index_contents,
            "index_limit_mb": self.index_limit_mb,
        }


def _number(name: str, text: str | None, default: float, low: float, high: float) -> float:
    if text is None or str(text).strip() == "":
        return default
    try:
        value = float(str(text).strip())
    except ValueError:
        raise ReadinessError(f"{name} must be a number, not {text!r}", field=KEYS[name]) from None
    if not low <= value <= high:
        raise ReadinessError(f"{name} must be between {low:g} and {high:g}, not {value:g}", field=KEYS[name])
    return value


def _switch(name: str, text: str | None) -> bool:
    value = (text or "").strip().lower()
    if value in _ON:
        return True
    if value in _OFF:
        return False
    raise ReadinessError(f"{name} must be on or off, not {text!r}", field=KEYS[name])


def _polling(text: str | None) -> str:
    value = (text or "auto").strip().lower()
    if value not in {"auto", "always"}:
        raise ReadinessError(f"polling must be 'auto' or 'always', not {text!r}", field=KEYS["polling"])
    return value


def parse(raw: dict[str, str | None]) -> EvidenceSettings:
    """Settings from their stored text (keys as in KEYS); raises ReadinessError naming a bad one."""
    pattern = (raw.get("reference_pattern") or "").strip() or None
    if pattern:
        compile_reference_pattern(pattern)
    return EvidenceSettings(
        ignore_patterns=parse_patterns(raw.get("ignore_patterns")),
        reference_pattern=pattern,
        stability_seconds=_number("stability_seconds", raw.get("stability_seconds"), 3.0, 0.0, 3600.0),
        auto_accept=_switch("auto_accept", raw.get("auto_accept")),
        polling=_polling(raw.get("polling")),
        polling_seconds=_number("polling_seconds", raw.get("polling_seconds"), 10.0, 0.5, 3600.0),
        rescan_minutes=_number("rescan_minutes", raw.get("rescan_minutes"), 5.0, 0.1, 1440.0),
        index_contents=_switch("index_contents", raw.get("index_contents") or "on"),
        index_limit_mb=_number("index_limit_mb", raw.get("index_limit_mb"), 2048.0, 10.0, 1_000_000.0),
    )


def load(reg: Register) -> EvidenceSettings:
    return parse({name: assessment.setting(reg, key) for name, key in KEYS.items()})


def save(reg: Register, name: str, value: str | None) -> EvidenceSettings:
    """Validate and store one setting by its short name (e.g. 'auto_accept', 'on'; 'index-contents' too)."""
    name = name.replace("-", "_")
    if name not in KEYS:
        raise ReadinessError(f"unknown evidence setting {name!r}", hint="one of: " + ", ".join(KEYS), field=name)
    raw = {n: assessment.setting(reg, k) for n, k in KEYS.items()}
    raw[name] = value
    parse(raw)  # refuse a bad value before storing it
    assessment.set_setting(reg, KEYS[name], value)
    return load(reg)
