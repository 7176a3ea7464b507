"""A passphrase change that is killed (SIGKILL) after it has re-keyed N backups.

Usage: python rekey_process.py REGISTER OLD_FILE NEW_FILE N
The real `change_passphrase` runs; only the count of backups converted is watched,
so the kill lands half-way through the backups, before the register is re-keyed.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from readiness_app.safety import encryption  # noqa: E402
from readiness_app.safety.passphrase_file import read_secret_file  # noqa: E402


def main() -> None:
    register, old_file, new_file, stop_after = sys.argv[1:5]
    real = encryption._convert
    done = []

    def convert_then_maybe_die(*args, **kwargs):
        result = real(*args, **kwargs)
        done.append(result)
        if len(done) == int(stop_after):
            os.kill(os.getpid(), signal.SIGKILL)
        return result

    encryption._convert = convert_then_maybe_die
    encryption.change_passphrase(Path(register), read_secret_file(old_file), read_secret_file(new_file))


if __name__ == "__main__":
    main()
