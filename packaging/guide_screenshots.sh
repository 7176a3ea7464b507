#!/bin/sh
# The guide's pictures (docs/user-guide/screenshots/): the main pages of the demo at 1024x600 and
# 1366x768, a few at 2x (QT_SCALE_FACTOR=2) and in a system dark mode. Needs Xvfb (apt-get install xvfb).
#     sh packaging/guide_screenshots.sh [python]
set -eu
python=${1:-.venv/bin/python}
out=docs/user-guide/screenshots
pages="dashboard dashboard-below quality evidence evidence-details gaps cases interviews timetable people timeline information_return print"
rm -f "$out"/*.png
mkdir -p "$out"
shoot() {  # screen size, then the script's options
    screen=$1
    shift
    xvfb-run -a -s "-screen 0 ${screen}x24" env QT_QPA_PLATFORM=xcb "$python" packaging/screenshots.py "$out" --small "$@"
}
# shellcheck disable=SC2086  # the page names are words on purpose
shoot 1366x768 --size 1024x600 --only $pages
# shellcheck disable=SC2086
shoot 1366x768 --size 1366x768 --only $pages
QT_SCALE_FACTOR=2 shoot 2732x1536 --size 1366x768 --only dashboard timetable
shoot 1366x768 --size 1366x768 --dark --only dashboard dashboard-below quality evidence-details timetable people cases
du -ch "$out"/*.png | tail -1
