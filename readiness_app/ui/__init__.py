"""The desktop app (PySide6). The only package that imports Qt.

Start it with `readiness_app.ui.app.run()`; tests build a window with
`build_main_window(path)`. Layout: `app` (start-up), `main_window` (sidebar,
status bar, menus), `jobs` (the background job runner), `pages/` (one module
per sidebar page), `dialogs/`, `models` (table models over plain lists).
Rule: never touch a widget from a worker thread; results come back by signal.
"""
