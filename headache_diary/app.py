"""Composition root: parse arguments -> paths -> logging -> open the diary -> GUI or CLI.

(The GUI opens the diary just after its window is shown; see :func:`run_app`.)

No other module builds paths, engines or a QApplication at import time; everything below
receives the :class:`~headache_diary.context.AppContext` made here. The CLI commands call
``services`` exactly as the window does.

The process-wide state is set here and nowhere else (DESIGN.md), for the length of a run
and restored after it (:func:`process_state`; tests call :func:`main` in their own
process): the garbage collector's policy (:class:`GuiCollector`), the switch interval of
the window process, and the one library workaround the app applies
(:func:`lighter_pyside_imports`). Importing any module of the app changes none of it.
"""

from __future__ import annotations

import argparse
import gc
import linecache
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from datetime import date, datetime
from types import ModuleType
from typing import Any

from headache_diary import __version__, cli_daily, cli_protect, i18n
from headache_diary.context import AppContext
from headache_diary.domain.errors import DiaryError
from headache_diary.domain.keys import PassphraseError
from headache_diary.domain.text import pdf_file_name
from headache_diary.i18n import _, ngettext
from headache_diary.io import formats
from headache_diary.paths import ENV_VAR, Paths, resolve

# --- the process: state that belongs to the composition root alone ---------------------

#: how long a thread may hold the GIL while another waits for it, in the window process.
#: A worker running Python code hands the GIL to the GUI thread after at most this long
#: (Python's default is 5 ms, and the GUI thread needs the GIL for every Python slot): the
#: window answers sooner while a worker computes, at a cost to the worker of well under
#: 1 % (bench_gui's stalls, docs/architecture.md). The tests run with it too (tests/conftest.py).
SWITCH_INTERVAL_S = 0.001

#: how often the GUI thread looks whether the collector has work (:class:`GuiCollector`)
COLLECT_EVERY_MS = 1000

#: the commands whose process loads Qt (the window, the smoke test, the PDF)
QT_COMMANDS = frozenset({None, "smoke-test", "report"})


@contextmanager
def process_state(command: str | None) -> Iterator[None]:
    """The process-wide state of one run of ``command`` (None: the window), as it was
    before afterwards.

    * Automatic garbage collection is off, in every thread: a collection started by
      whichever thread happens to allocate holds the GIL for all of them (a full one took
      100-180 ms with the libraries loaded) and may destroy a GUI-thread QObject on a
      worker. A command's cyclic garbage is bounded by its work and goes with the process;
      the window collects on its GUI thread (:class:`GuiCollector`), as Anki does.
    * The window: the switch interval :data:`SWITCH_INTERVAL_S`.
    * A process that loads Qt: PySide6's lighter import hook (:func:`lighter_pyside_imports`),
      before its large imports.
    """
    was_collecting = gc.isenabled()
    interval = sys.getswitchinterval()
    gc.disable()
    try:
        with ExitStack() as stack:
            if command in QT_COMMANDS:
                stack.enter_context(lighter_pyside_imports())
            if command is None or command == "smoke-test":
                sys.setswitchinterval(SWITCH_INTERVAL_S)
            yield
    finally:
        sys.setswitchinterval(interval)
        if was_collecting:
            gc.enable()


class GuiCollector:
    """The window's garbage collection: on the GUI thread only, while no worker runs.

    Automatic collection is off (:func:`process_state`). Every :data:`COLLECT_EVERY_MS`
    a GUI-thread timer compares the collector's counts with its thresholds and collects
    the generations CPython would have collected by then; while a worker runs, it waits
    (a collection holds the GIL, and scanning the objects of an import or an analysis in
    progress finds nothing to free), so the garbage of long work goes right after it. A
    worker may also ask for the young generations between two parts of its work
    (``ui.tasks.collect_in_gui_thread``: the charts, figure by figure): they are collected
    here, in the GUI thread, while the worker waits (:meth:`collect_young`).
    :meth:`start` is called once, when start-up is over (the window shows the opened
    diary and the modules it loads later, matplotlib among them, are imported): it
    freezes what is alive then (``gc.freeze``: the modules' objects, out of every later
    collection, which then scans only what the app made since).
    """

    def __init__(self) -> None:
        self.timer: Any = None
        self.collections = [0, 0, 0]

    def start(self) -> None:
        if self.timer is not None:
            return
        from PySide6.QtCore import QTimer

        from headache_diary.ui.tasks import set_collector

        gc.freeze()
        self.timer = QTimer()
        self.timer.setInterval(COLLECT_EVERY_MS)
        self.timer.timeout.connect(self.collect)
        self.timer.start()
        set_collector(self.collect_young)

    def stop(self) -> None:
        if self.timer is not None:
            from headache_diary.ui.tasks import set_collector

            set_collector(None)
            self.timer.stop()

    def collect_young(self) -> int:
        """Collect the two young generations now (a worker asked, between two parts of
        its work, and waits); returns how many objects were unreachable."""
        found = gc.collect(1)
        self.collections[1] += 1
        return found

    def collect(self) -> int | None:
        """Collect the oldest generation whose count is over its threshold, unless a worker
        is running; returns the generation collected, or None."""
        from PySide6.QtCore import QThreadPool

        if QThreadPool.globalInstance().activeThreadCount():
            return None
        counts, limits = gc.get_count(), gc.get_threshold()
        over = [g for g in range(3) if counts[g] > limits[g]]
        if not over:
            return None
        generation = max(over)
        gc.collect(generation)
        self.collections[generation] += 1
        return generation


#: set on the lighter check :func:`lighter_pyside_imports` installs
_LIGHT_MARK = "_headache_diary_light"


@contextmanager
def lighter_pyside_imports() -> Iterator[bool]:
    """PySide6's import hook, lightened for the length of the block (yields whether it
    was; where a PySide6 release has no such hook nothing is changed).

    PySide6 (6.4 and later, PYSIDE-2029's ``__feature__`` support) looks at every module
    imported after it to decide whether the module may use ``from __feature__ import
    ...``: its private ``shibokensupport.feature._mod_uses_pyside`` reads the module's
    source with ``inspect.getsource`` and checks for the text "PySide6". ``inspect`` goes
    through ``linecache``, which then keeps the source of every module imported after Qt,
    as lists of lines, for the life of the process: for SQLAlchemy and matplotlib about
    630 files and 35 MiB, and the tokenizing makes those imports 20-25 % slower. The
    lighter check asks the same question of the file's bytes (the same answer for a
    ``.py`` file; anything else goes to PySide6's own check) and the line cache is emptied
    of what PySide6 read before. Measured like for like by
    ``tests/test_app_process.py`` and ``benchmarks/bench_gui.py`` (whose floor gets the
    same hook); the upstream report is docs/upstream/pyside6-import-hook.md.
    """
    import PySide6.QtCore  # noqa: F401  (loads the hook that is replaced)

    feature: ModuleType | None = sys.modules.get("shibokensupport.feature")
    original: Any = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(original) or getattr(original, _LIGHT_MARK, False):
        yield False
        return

    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as f:
                    return b"PySide6" in f.read()
            except OSError:
                pass
        return bool(original(module))

    setattr(uses_pyside, _LIGHT_MARK, True)
    feature._mod_uses_pyside = uses_pyside  # type: ignore[attr-defined]
    linecache.clearcache()  # the sources PySide6 read for the modules imported before
    try:
        yield True
    finally:
        feature._mod_uses_pyside = original  # type: ignore[attr-defined]


def open_context(
    data_dir: str | os.PathLike[str] | None, *, for_reading: bool = False
) -> AppContext:
    """Resolve the data folder and open (create, upgrade) the diary in it."""
    return context_for(resolve(data_dir), for_reading=for_reading)


def context_for(paths: Paths, *, for_reading: bool = False) -> AppContext:
    # imported here: SQLAlchemy is the largest import of the app, and the GUI shows its
    # window before paying for it
    from headache_diary.services.diary import open_context as opened

    return opened(paths, for_reading=for_reading)


#: commands that only read the diary: opened without the page-by-page quick check
READING_COMMANDS = frozenset({"summary", "export", "report"})


class UsageError(DiaryError):
    pass


def parse_date(text: str) -> date:
    try:
        if len(text) != 10:
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(
            _("bad date {text}: use YYYY-MM-DD, e.g. 2026-03-01", text=repr(text))
        ) from None


def _add_range(p: argparse.ArgumentParser) -> None:
    day = cli_daily.metavar("DATE")
    p.add_argument("--from", dest="date_from", metavar=day, help=_("first day, YYYY-MM-DD"))
    p.add_argument("--to", dest="date_to", metavar=day, help=_("last day, YYYY-MM-DD"))


def _language_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        metavar=cli_daily.metavar("DIR"),
        # SUPPRESS: a subcommand's own default must not erase `--data-dir DIR COMMAND`
        default=argparse.SUPPRESS,
        help=_(
            "folder of the diary (default: $HEADACHE_DIARY_DATA_DIR or the per-user data folder)"
        ),
    )
    parser.add_argument(
        "--language",
        metavar=cli_daily.metavar("CODE"),
        choices=i18n.LANGUAGES,
        default=argparse.SUPPRESS,
        help=_(
            "language of the output: en, de or es (default: the one chosen in Settings, "
            "else the system's)"
        ),
    )


def choose_language(argv: Sequence[str], environ: dict[str, str] | None = None) -> str:
    """The language of this run: ``--language CODE``, else the one chosen in Settings,
    else the system's (LANGUAGE, LC_ALL, LC_MESSAGES, LANG). Read before the real parser
    is built, so that its help is in that language too; a bad ``--language`` is left to
    the real parser to refuse."""
    pre = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    _language_options(pre)
    known, _rest = pre.parse_known_args(argv)
    code = getattr(known, "language", None)
    if code in i18n.LANGUAGES:
        return str(code)
    from headache_diary.services.preferences import read_preferences

    env = dict(os.environ) if environ is None else environ
    paths = resolve(getattr(known, "data_dir", None) or env.get(ENV_VAR) or None)
    return read_preferences(paths).app_language(env)


def report_language(args: argparse.Namespace, paths: Paths) -> str:
    """The PDF's language (FORMAT.md): ``--language``, else Settings' PDF language, else
    the app's."""
    code = getattr(args, "language", None)
    if code:
        return str(code)
    from headache_diary.services.preferences import read_preferences

    prefs = read_preferences(paths)
    return prefs.pdf_language or i18n.current_language()


def build_parser() -> argparse.ArgumentParser:
    common = cli_daily.CommandParser(add_help=False)
    _language_options(common)
    cli_protect.add_options(common)
    parser = cli_daily.CommandParser(
        prog="headache-diary",
        description=_("A private headache diary kept on this computer."),
        parents=[common],
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"%(prog)s {__version__}",
        help=_("show program's version number and exit"),
    )
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help=_("check this installation on a temporary diary, offscreen, and exit"),
    )
    sub = parser.add_subparsers(dest="command", metavar=cli_daily.metavar("COMMAND"))
    file = cli_daily.metavar("FILE")
    known = formats.suffixes()
    p = sub.add_parser(
        "import", parents=[common], help=_("import a diary file ({known})", known=known)
    )
    p.add_argument("file", metavar=file)
    p = sub.add_parser(
        "export", parents=[common], help=_("export to a file ({known})", known=known)
    )
    p.add_argument("file", metavar=file)
    p.add_argument(
        "--format",
        choices=[f.name for f in formats.FORMATS],
        help=_("default: from the file's suffix"),
    )
    _add_range(p)
    p = sub.add_parser("summary", parents=[common], help=_("print the analysis"))
    p.add_argument("--json", action="store_true", help=_("print the summary JSON object"))
    _add_range(p)
    p = sub.add_parser("report", parents=[common], help=_("write the PDF summary"))
    p.add_argument("file", metavar=file)
    _add_range(p)
    # data safety: these two work on the file itself (see run_backup_command)
    sub.add_parser("backup", parents=[common], help=_("make a backup of the diary now"))
    p = sub.add_parser(
        "restore",
        parents=[common],
        help=_("replace the diary by a backup (the current diary is kept as a backup first)"),
    )
    p.add_argument(
        "backup",
        metavar=cli_daily.metavar("BACKUP"),
        help=_("a file in the backups folder, or any backup"),
    )
    # daily use: quick log and check-in (cli_daily)
    cli_daily.add_commands(sub, common)
    # the passphrase: encrypt, decrypt, change-passphrase (cli_protect)
    cli_protect.add_commands(sub, common)
    return parser


def today_at(now: datetime) -> date:
    """The computer's date at ``now`` (in the computer's zone, as the diary's)."""
    from headache_diary.domain.timeutil import local_zone_key, zone_for

    return now.astimezone(zone_for(local_zone_key())).date()


def _range(args: argparse.Namespace, today: date) -> tuple[date | None, date | None]:
    d_from = parse_date(args.date_from) if getattr(args, "date_from", None) else None
    d_to = parse_date(args.date_to) if getattr(args, "date_to", None) else None
    if d_from and d_to and d_from > d_to:
        # Translators: {first} and {last} are dates as given (YYYY-MM-DD)
        raise UsageError(
            _(
                "--from {first} is after --to {last}",
                first=d_from.isoformat(),
                last=d_to.isoformat(),
            )
        )
    if d_from and not d_to and d_from > today:
        # without --to the period ends today (FORMAT.md)
        raise UsageError(
            _(
                "--from {first} is after today, where the period ends without --to",
                first=d_from.isoformat(),
            )
        )
    return d_from, d_to


def run_command(args: argparse.Namespace, ctx: AppContext, now: datetime | None = None) -> int:
    """Run the command ``args`` names on ``ctx``'s diary at ``now`` (default: the clock)."""
    from headache_diary.domain.timeutil import now_utc

    now = now or now_utc()
    today = today_at(now)
    if args.command == "import":
        from headache_diary.services.transfer import import_file

        result = import_file(ctx, args.file)
        print(result.text())
        return 0
    if args.command == "export":
        from headache_diary.services.transfer import export_file

        d_from, d_to = _range(args, today)
        done = export_file(ctx, args.file, fmt=args.format, date_from=d_from, date_to=d_to)
        print(done.text())
        return 0
    if args.command == "summary":
        from headache_diary.services.analysis import analysis_snapshot

        d_from, d_to = _range(args, today)
        snapshot = analysis_snapshot(ctx, d_from, d_to, today, with_charts=False)
        if args.json:
            import json

            print(json.dumps(snapshot.to_json(), indent=2, ensure_ascii=False))
        else:
            from headache_diary.analysis.history_wording import history_text
            from headache_diary.analysis.wording import format_text

            print(format_text(snapshot.summary, history_events=len(snapshot.history)))
            neck_history = history_text(snapshot.history, snapshot.history_effects)
            if neck_history:
                print("\n" + neck_history)
            from headache_diary.analysis.medication_wording import medication_text

            regular = medication_text(snapshot)
            if regular:
                print("\n" + regular)
            from headache_diary.analysis.workup_wording import workup_text

            workup = workup_text(snapshot)  # nerve-block response, scores, neck stiffness
            if workup:
                print("\n" + workup)
        return 0
    if args.command in cli_daily.COMMANDS:
        return cli_daily.run(args, ctx, now)
    if args.command == "report":
        from headache_diary.services.preferences import read_preferences
        from headache_diary.services.report import write_report

        d_from, d_to = _range(args, today)
        target = pdf_file_name(args.file)
        paper = read_preferences(ctx.paths).paper_size  # Settings' paper, else the locale's
        write_report(
            ctx,
            target,
            date_from=d_from,
            date_to=d_to,
            page_size=paper,
            today=today,
            language=report_language(args, ctx.paths),
        )
        print(_("wrote {file}", file=str(target)))
        return 0
    raise AssertionError(args.command)


def run_backup_command(args: argparse.Namespace, paths: Paths) -> int:
    """`backup` and `restore BACKUP`: without opening the diary (a damaged one can be
    restored over), and not through run_command's context."""
    from pathlib import Path

    from headache_diary.storage.backup import make_backup
    from headache_diary.storage.lock import acquire_instance_lock
    from headache_diary.storage.restore import restore_backup

    try:
        cli_protect.unlock(args, paths)  # a protected diary's backups need its key
        if args.command == "restore":  # a protected backup onto a new computer
            cli_protect.unlock_backup(args, paths, args.backup)
        if args.command == "backup":
            print(_("backed up the diary to {file}", file=str(make_backup(paths))))
            return 0
        # like the window: nobody else may have the diary open while it is replaced
        with acquire_instance_lock(paths):
            done = restore_backup(paths, Path(args.backup), move_damaged_aside=True)
    except DiaryError as exc:
        print(error_line(exc), file=sys.stderr)
        return 2 if isinstance(exc, PassphraseError) else 1
    for moved in done.moved_aside:
        print(_("moved the damaged diary aside: {file}", file=str(moved)))
    if done.kept_as is not None:
        print(_("kept the previous diary as {file}", file=str(done.kept_as)))
    print(
        ngettext(
            "restored {count} episode from {file}",
            "restored {count} episodes from {file}",
            done.episodes,
            file=str(done.restored_from),
        )
    )
    return 0


def error_line(exc: BaseException) -> str:
    """The one line a command prints on stderr for an error."""
    # Translators: {message} is a whole sentence saying what went wrong
    return _("headache-diary: error: {message}", message=str(exc))


def main(argv: Sequence[str] | None = None, *, now: datetime | None = None) -> int:
    """The ``headache-diary`` command (``now``: the moment a command runs, an aware
    datetime; default the clock. Tests pass one, so that nothing they check depends on
    the wall clock's hour, date or zone.)"""
    # every file the app creates (database, WAL, backups, exports) is the user's alone
    if os.name == "posix":
        os.umask(0o077)
    argv = sys.argv[1:] if argv is None else list(argv)
    i18n.set_default_language(choose_language(argv))
    with cli_daily.argparse_in_language():
        args = build_parser().parse_args(argv)
    from headache_diary.logsetup import logging_to

    command = "smoke-test" if args.smoke_test else args.command
    with process_state(command), logging_to(resolve(getattr(args, "data_dir", None))):
        try:
            status = _main(args, now)
            sys.stdout.flush()  # here, so that a closed pipe is caught below
            return status
        except BrokenPipeError:
            # `headache-diary summary | head`: the reader stopped early; not an error of
            # the app. No traceback; stdout goes to /dev/null so that the flush at exit
            # does not fail again (the recipe in Python's signal module documentation),
            # and the status says the output was cut.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            return 1


def _main(args: argparse.Namespace, now: datetime | None = None) -> int:
    data_dir = getattr(args, "data_dir", None)
    if args.smoke_test:
        from headache_diary.smoke import run_smoke_test

        return run_smoke_test()
    if not args.command:
        return run_app(data_dir)
    if args.command in ("backup", "restore"):
        return run_backup_command(args, resolve(data_dir))
    if args.command in cli_protect.COMMANDS:
        return cli_protect.run(args, resolve(data_dir))
    from headache_diary.domain.timeutil import now_utc

    now = now or now_utc()
    try:
        today = today_at(now)
        _range(args, today)  # refuse a bad range before touching the diary
        if args.command in cli_daily.COMMANDS:
            cli_daily.check_before_opening(args, today)
        paths = resolve(data_dir)
        cli_protect.unlock(args, paths)  # a protected diary: its passphrase, or exit 2
        ctx = context_for(paths, for_reading=args.command in READING_COMMANDS)
    except DiaryError as exc:
        print(error_line(exc), file=sys.stderr)
        return 2
    try:
        return run_command(args, ctx, now)
    except DiaryError as exc:
        print(error_line(exc), file=sys.stderr)
        return 1
    finally:
        ctx.diary.close()


def run_app(data_dir: str | None) -> int:
    """The GUI: the window shows first, then the diary opens (SQLAlchemy is imported then).

    Importing SQLAlchemy and opening the database take about as long as starting Qt, so
    the window appears as fast as a bare Qt window and fills a moment later. When the
    diary cannot be opened the window says why and the app exits with status 2.
    """
    from headache_diary.ui import crash
    from headache_diary.ui.startup import run_gui

    crash.install()
    paths = resolve(data_dir)
    opened: list[AppContext] = []
    collector = GuiCollector()

    def opener() -> AppContext:
        ctx = context_for(paths)
        opened.append(ctx)
        return ctx

    try:
        status = run_gui(opener, paths, started=collector.start)
    finally:
        collector.stop()
        for ctx in opened:
            ctx.diary.close()  # the daily backup is made when the diary opens
    return status


if __name__ == "__main__":
    raise SystemExit(main())
