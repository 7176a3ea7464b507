#!/usr/bin/env bash
# Run the test suite (or the tests named) with the system clock moved to another day.
#
#   bash tests/any_date.sh 2031-01-15                      # the whole suite, on 15 Jan 2031
#   bash tests/any_date.sh 2027-06-30 tests/gui/test_gui_words.py -x
#
# libfaketime (Debian's `faketime`, installed by .ci/setup) moves the calendar clock only:
# - FAKETIME_DONT_FAKE_MONOTONIC=1: the monotonic clock is not a date; moving it made every timed
#   wait in Python (Event.wait, Queue.get, Thread.join with a timeout: sem_clockwait, which
#   libfaketime does not intercept) sleep for years.
# - FAKETIME_FORCE_MONOTONIC_FIX=0: with the monotonic clock left alone, that "fix" shifts Qt's
#   thread-wait deadlines (QThread.wait returned at once, so job runners "did not stop").
# - READINESS_ANY_DATE_SLEEP=1 with tests/any_date on PYTHONPATH: time.sleep through a relative
#   wait, as libfaketime 0.9.10 breaks absolute monotonic sleeps even when it leaves that clock
#   alone (tests/any_date/sitecustomize.py says more).
# The app's own clock is pinned by the tests' fixtures to 2026-11-23 whatever the system says;
# READINESS_NOW is dropped so nothing from the calling shell pins it instead, and a libfaketime
# already around (this script run from a test that itself runs under it) is dropped too, so the
# date asked for is the date the tests see.
set -euo pipefail
day="${1:?usage: bash tests/any_date.sh YYYY-MM-DD [pytest arguments]}"
shift
here="$(cd "$(dirname "$0")/.." && pwd)"
python="${PYTHON:-$here/.venv/bin/python}"
command -v faketime >/dev/null || { echo "faketime is missing: run bash .ci/setup" >&2; exit 2; }
[ "$#" -gt 0 ] || set -- tests
cd "$here"
exec env -u READINESS_NOW -u LD_PRELOAD -u FAKETIME -u FAKETIME_SHARED \
    FAKETIME_DONT_FAKE_MONOTONIC=1 FAKETIME_FORCE_MONOTONIC_FIX=0 READINESS_ANY_DATE_SLEEP=1 \
    PYTHONPATH="$here/tests/any_date${PYTHONPATH:+:$PYTHONPATH}" \
    faketime "$day 10:00:00" "$python" -m pytest -q -p no:cacheprovider "$@"
