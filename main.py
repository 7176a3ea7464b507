"""Launcher: `python main.py [COMMAND ...]` (the same as the `readiness` command)."""

import sys

from readiness_app.cli import main

if __name__ == "__main__":
    sys.exit(main())
