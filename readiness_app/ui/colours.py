"""The app's few colours, in one place (no Qt: the dashboard reads them before anything else loads)."""

from __future__ import annotations

RAG_COLOURS = {"red": "#f6d5d2", "amber": "#fbe8c4", "green": "#d5ecd9"}  # backgrounds
RAG_TEXT = {"red": "#8a1c14", "amber": "#7a4d00", "green": "#1e5e2f"}  # text and borders on them
WARNING_TEXT = "#a4262c"  # overdue, failed, double-booked
