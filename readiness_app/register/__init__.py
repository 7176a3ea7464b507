"""The SQLite register: the database and its records, the only package that writes SQL.

Open one with `readiness_app.opening.open_register` / `create_register`; change it
through the aggregate modules (evidence, gaps, cases, sessions, people ...), each of
which validates its input and writes an audit entry in the same transaction.
"""

from readiness_app.register.connection import Register

__all__ = ["Register"]
