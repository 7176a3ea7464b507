"""Spreadsheets and calendars in and out: CSV/XLSX import, XLSX/CSV/ICS export (no Qt)."""
