"""The CQC framework as data: themes, quality statements, categories, ratings.

Everything that needs to know the framework asks `current()`; nothing else
hard-codes QS names.
"""

from readiness_app.framework.model import (
    EvidenceCategory,
    Framework,
    QualityStatement,
    Theme,
    current,
    load_framework,
    use_framework,
)

__all__ = [
    "EvidenceCategory",
    "Framework",
    "QualityStatement",
    "Theme",
    "current",
    "load_framework",
    "use_framework",
]
