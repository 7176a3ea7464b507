"""Entry point of the frozen app (the same as `python main.py`).

PyInstaller starts here rather than at main.py so that multiprocessing works
in the bundle: a worker process started with "spawn" (Windows, macOS) re-runs
the executable, and freeze_support() turns that run into the worker.
"""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from readiness_app.cli import main

    sys.exit(main())
