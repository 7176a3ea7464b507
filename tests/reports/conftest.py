"""Fixtures for the printed documents: each demo document printed once per module."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from readiness_app.opening import open_register
from readiness_app.reports.options import ReportOptions
from readiness_app.reports.rendering import render

CLOCK = datetime(2026, 11, 23, 9, 30)
CORE = ("checklist", "interview-packs", "timetable", "cases")


@dataclass
class Printed:
    path: Path
    pages: int
    texts: list[str]  # text of each page, as pypdf extracts it

    @property
    def text(self) -> str:
        return "\n".join(self.texts)

    @property
    def reader(self) -> PdfReader:
        return PdfReader(self.path)

    def outline_titles(self) -> list[str]:
        titles: list[str] = []

        def walk(items):
            for item in items:
                if isinstance(item, list):
                    walk(item)
                else:
                    titles.append(item.title)

        walk(self.reader.outline)
        return titles


def read_pdf(path: Path, password: str | None = None) -> Printed:
    reader = PdfReader(path)
    if password is not None:
        reader.decrypt(password)
    texts = [page.extract_text() or "" for page in reader.pages]
    return Printed(Path(path), len(reader.pages), texts)


@pytest.fixture
def pdf():
    """read_pdf as a fixture (tests import nothing from conftest)."""
    return read_pdf


@pytest.fixture
def options():
    """ReportOptions with the fixed clock."""

    def make(**kwargs) -> ReportOptions:
        kwargs.setdefault("generated_at", CLOCK)
        return ReportOptions(**kwargs)

    return make


@pytest.fixture(scope="module")
def printed_demo(_demo_master, tmp_path_factory):
    """The four core documents printed from one private demo copy: (docs by key, register)."""
    folder = tmp_path_factory.mktemp("printed")
    shutil.copytree(_demo_master, folder / "demo", copy_function=shutil.copy2)
    reg = open_register(folder / "demo" / "register.sqlite", source="app")
    docs = {}
    for key in CORE:
        result = render(reg, key, folder / f"{key}.pdf", ReportOptions(generated_at=CLOCK))
        docs[key] = read_pdf(result.path)
        assert docs[key].pages == result.pages
    yield docs, reg
    reg.close()
