"""Starting the desktop app: `run()` for the command line, `build_main_window()` for tests.

`python main.py` opens the last register (or the welcome screen),
`python main.py --demo` builds a fresh demo in the user's data folder and opens
it with its evidence folder watched, `python main.py open REGISTER` opens that
register. The window is shown before anything heavy is loaded.
"""

from __future__ import annotations

# Every plain-Python module the first screen needs (opening the register, drawing the dashboard,
# the job runners) loads here, before PySide6: once PySide6 is loaded it reads the source of each
# module imported after it (looking for `__feature__`), ~0.2 ms a module.
import queue  # noqa: F401  (the job runners')
import sys
from pathlib import Path
from typing import TYPE_CHECKING, cast

import readiness_app.register.accuracy  # noqa: F401
import readiness_app.register.cases  # noqa: F401
import readiness_app.register.getting_started  # noqa: F401  (a new register's dashboard)
import readiness_app.register.improvement  # noqa: F401
import readiness_app.register.indicators  # noqa: F401  (the information return tile)
import readiness_app.register.information_return  # noqa: F401
import readiness_app.register.migrations  # noqa: F401  (opening a register)
import readiness_app.register.readiness  # noqa: F401
import readiness_app.register.requests  # noqa: F401
import readiness_app.register.sessions  # noqa: F401
import readiness_app.register.snapshots  # noqa: F401
import readiness_app.register.timeline  # noqa: F401  (the next milestone)
import readiness_app.register.visit_summary  # noqa: F401
import readiness_app.register.workdays  # noqa: F401
import readiness_app.safety.integrity  # noqa: F401  (the check on open)
import readiness_app.safety.location  # noqa: F401
import readiness_app.ui.colours  # noqa: F401  (the dashboard)
import readiness_app.ui.getting_started  # noqa: F401  (the dashboard's text: plain Python, no Qt)
import readiness_app.ui.next_milestone  # noqa: F401
import readiness_app.ui.return_tile  # noqa: F401
from readiness_app.errors import NeedsPassphrase, ReadinessError
from readiness_app.logs import get_logger
from readiness_app.opening import open_register
from readiness_app.paths import resource
from readiness_app.register.connection import Register

# isort: split
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from readiness_app.ui import settings, startup
from readiness_app.ui.context import AppContext
from readiness_app.ui.jobs import JobRunner
from readiness_app.ui.main_window import MainWindow

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon

    from readiness_app.ui.welcome import DemoBuilder, WelcomeWindow

log = get_logger("readiness_app.ui")

APP_NAME = "Readiness"


def app_icon() -> QIcon:
    from PySide6.QtGui import QIcon

    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256):
        path = resource("icons", f"readiness-{size}.png")
        if path.exists():
            icon.addFile(str(path))
    return icon


def ensure_app(*, icon: bool = True) -> QApplication:
    """The one QApplication; `icon=False` leaves the window icon to `set_app_icon` (after the first paint)."""
    app = cast("QApplication | None", QApplication.instance())  # this process only ever makes a QApplication
    if app is None:
        QCoreApplication.setOrganizationName("readiness-app")
        QCoreApplication.setApplicationName("readiness-app")
        app = QApplication(sys.argv[:1])
    app.setApplicationDisplayName(APP_NAME)
    from readiness_app.ui.accessibility import install_roles

    install_roles()  # before any window: the heat map, countdown and chart report their roles

    from readiness_app.ui import wheel_guard

    wheel_guard.install(app)
    if icon:
        set_app_icon()
    return app


def set_app_icon() -> None:
    """Give every window the app's icon (reading seven PNGs costs ~2 ms, so the main window does it once drawn)."""
    app = cast("QApplication | None", QApplication.instance())
    if app is not None and app.windowIcon().isNull():
        app.setWindowIcon(app_icon())


def open_writer(path: Path, passphrase: str | None = None) -> Register:
    """The writer's connection (opened first, so upgrades and checks happen once).

    The backup on open is not taken here but as the writer's first job (see
    `backup_on_open`), so copying a big register never delays the window.
    """
    register = open_register(path, passphrase=passphrase, source="app", auto_backup="off")
    register.watch_for_copies(later=True)  # a backup copied over the open file is noticed (ui/jobs.py catches up)
    return register


def backup_on_open(reg: Register) -> Path | None:
    """The automatic backup the data-safety area asks for when the app opens a register."""
    from readiness_app.safety import backup

    return backup.backup_register(reg, kind="auto")


# How often the open app asks whether the day's automatic backup is due.
BACKUP_CHECK_MS = 60 * 60 * 1000


def backup_if_due(reg: Register) -> Path | None:
    from readiness_app.safety import backup

    return backup.backup_if_due(reg)


def start_daily_backups(window: MainWindow, writer: JobRunner) -> QTimer:
    """At least one automatic backup a day while the app stays open (checked hourly, on the writer)."""
    timer = QTimer(window)
    timer.setObjectName("daily_backup_timer")
    timer.setInterval(BACKUP_CHECK_MS)
    timer.timeout.connect(lambda: writer.submit(backup_if_due, description="daily backup"))
    timer.start()
    return timer


def watch_outside_changes(window: MainWindow):
    """Refresh the pages when another program (`watch`, a command) changes the register."""
    from readiness_app.ui.outside_changes import OutsideChanges

    window.outside_changes = OutsideChanges(window.ctx, window)
    return window.outside_changes


def open_reader(path: Path, passphrase: str | None = None) -> Register:
    """A read-only connection (the writer has already checked the file)."""
    return open_register(path, passphrase=passphrase, readonly=True, source="app", check=False)


def build_main_window(
    register_path: Path, *, watch: bool = True, passphrase: str | None = None, writer_register: Register | None = None
) -> MainWindow:
    """Open the register (writer + reader threads + a GUI read connection) and build the window."""
    ensure_app(icon=False)
    register_path = Path(register_path).resolve()
    writer_reg = writer_register or open_writer(register_path, passphrase)
    try:
        read = open_reader(register_path, passphrase)
    except BaseException:
        writer_reg.close()
        raise
    writer = JobRunner("writer", lambda: writer_reg)
    reader = JobRunner("reader", lambda: open_reader(register_path, passphrase))
    ctx = AppContext(register_path, read, writer, reader, settings.app_settings())
    ctx.open_reader = lambda: open_reader(register_path, passphrase)
    window = MainWindow(ctx, watch=watch)
    window.open_page(window.initial_page())
    window.when_shown(set_app_icon)
    window.when_shown(lambda: writer.submit(backup_on_open, description="backing up the register"))
    window.when_shown(lambda: start_daily_backups(window, writer))
    window.when_shown(lambda: watch_outside_changes(window))
    for warning in writer_reg.warnings:
        window.add_warning(warning)
    # after the first paint: writing the settings file takes a few milliseconds
    window.when_shown(lambda: settings.remember_register(register_path))
    return window


def open_with_prompt(path: Path, parent: QWidget | None = None) -> tuple[Register, str | None] | None:
    """Open the writer connection, asking for a passphrase if the register is encrypted.

    Returns None when the user cancels; raises ReadinessError for anything else.
    """
    passphrase: str | None = None
    for _attempt in range(4):
        try:
            return open_writer(path, passphrase), passphrase
        except NeedsPassphrase:
            from PySide6.QtWidgets import QInputDialog, QLineEdit  # only now: their types cost start-up time

            label = "Passphrase for this register:" if passphrase is None else "That passphrase did not work:"
            text, ok = QInputDialog.getText(
                parent, "Encrypted register", f"{path.name}\n{label}", QLineEdit.EchoMode.Password
            )
            if not ok:
                return None
            from readiness_app.safety.passphrase_file import typed

            passphrase = typed(text)  # composed as a passphrase file is read (NFC)
    raise ReadinessError("too many wrong passphrases", "check the passphrase with whoever set it")


class _RegisterDoubleClicked(QObject):
    """macOS hands a register double-clicked in Finder to the running app as a FileOpen event,
    not as an argument (Windows and Linux start the app with the path: cli._desktop_launch)."""

    def __init__(self, launcher: Launcher):
        super().__init__(launcher.app)
        self.launcher = launcher

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.FileOpen:
            from PySide6.QtGui import QFileOpenEvent

            path = Path(cast(QFileOpenEvent, event).file())
            if path.suffix.lower() in (".readiness", ".sqlite") and path.is_file():
                QTimer.singleShot(0, lambda: self.launcher.open_register(path, parent=self.launcher.window))
                return True
        return super().eventFilter(watched, event)


class Launcher:
    """Holds the open window (or the welcome screen) for the life of the app."""

    def __init__(self, app: QApplication):
        self.app = app
        self.window: MainWindow | None = None
        self.welcome: WelcomeWindow | None = None
        self.builder: DemoBuilder | None = None  # kept while the demo is being built
        self.file_open = _RegisterDoubleClicked(self)
        app.installEventFilter(self.file_open)

    def open_register(self, path: Path, passphrase: str | None = None, parent: QWidget | None = None) -> bool:
        try:
            if passphrase is None:
                opened = open_with_prompt(path, parent)
            else:
                opened = (open_writer(path, passphrase), passphrase)
            if opened is None:
                return False
            writer_reg, passphrase = opened
            window = build_main_window(path, passphrase=passphrase, writer_register=writer_reg)
        except ReadinessError as exc:
            from readiness_app.ui import feedback

            feedback.show_error(parent, exc, "Cannot open the register")
            return False
        old, self.window = self.window, window
        window.launcher = self
        window.show()
        if old is not None:
            old.close()  # another register was open (File > Open, Recent, New): this one replaces it
        if self.welcome is not None:
            self.welcome.close()
            self.welcome = None
        return True

    def show_welcome(self) -> None:
        from readiness_app.ui.welcome import WelcomeWindow

        set_app_icon()
        if self.welcome is not None and self.welcome.isVisible():
            self.welcome.raise_()
            return
        self.welcome = WelcomeWindow()
        self.welcome.register_chosen.connect(lambda p: self.open_register(Path(p), parent=self.welcome))
        self.welcome.show()


def run(register: str | None = None, demo: bool = False, passphrase_file: str | None = None) -> int:
    """Start the desktop app; returns the exit code (0 after a normal quit)."""
    app = ensure_app(icon=False)  # the main window sets it once drawn; the welcome screen at once
    from readiness_app.ui.feedback import catch_slot_errors

    catch_slot_errors()
    launcher = Launcher(app)
    passphrase = None
    if passphrase_file:  # the same reader as the command line's --passphrase-file
        from readiness_app.safety.passphrase_file import read_secret_file

        passphrase = read_secret_file(passphrase_file)
    if demo:
        from readiness_app.ui.welcome import DemoBuilder

        set_app_icon()
        builder = DemoBuilder()
        builder.built.connect(lambda p: launcher.open_register(Path(p)))

        def failed(error: BaseException) -> None:
            from readiness_app.ui import feedback

            feedback.show_error(None, error)
            launcher.show_welcome()

        builder.failed.connect(failed)
        QTimer.singleShot(0, builder.start)
        launcher.builder = builder
    elif register:
        path = Path(register)
        if not path.exists():
            raise ReadinessError(f"register not found: {path}", "create one with `init`, or open the demo with --demo")
        if not launcher.open_register(path, passphrase):
            launcher.show_welcome()
    else:
        last = settings.last_register()
        if last is None or not launcher.open_register(last):
            launcher.show_welcome()
    # the collector held by the command line resumes when the dashboard is drawn, or now at the latest
    QTimer.singleShot(startup.COLLECTOR_HELD_MS, startup.release_collector)
    try:
        code = app.exec()
    finally:
        startup.release_collector()
    if launcher.window is not None:
        launcher.window.shutdown()
    return int(code)
