"""Dialogs for creating and editing records.

Each dialog validates through the register's own rules: it sends the change to
the writer thread and stays open, with the message shown beside the form, if
the register refuses it. Dialogs are opened with `open()` (window-modal, not a
nested event loop), so the watcher keeps running while one is up.
"""
