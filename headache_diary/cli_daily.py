"""The daily commands of the command line (FORMAT.md): ``log``, ``end`` and ``checkin``.

Made for a terminal or a desktop keyboard shortcut: each is one short write unit of work
through ``services`` (no window lock is taken, so they work while the window is open; the
window shows the change within a couple of seconds), prints what it saved in one line,
and on bad input prints one line ``headache-diary: error: ...`` and exits non-zero with
nothing saved.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, NoReturn

from headache_diary import cli_workup, i18n
from headache_diary.i18n import N_, _, ngettext

if TYPE_CHECKING:  # imported by the commands themselves: app.py (and the GUI) stay light
    from headache_diary.context import AppContext
    from headache_diary.domain.episode import Episode

#: the times ``--at`` takes (domain.quick_log.TIME_EXAMPLES; shown through
#: :func:`time_examples`)
TIME_EXAMPLES = N_("14:05, 2026-03-01 14:05 or 2026-03-01T14:05+01:00")
COMMANDS = ("log", "end", "checkin", *cli_workup.COMMANDS)

#: argparse's own words (the standard library's messages, which it looks up through its
#: module's ``_`` and ``ngettext``): marked here so that they are in our catalogs, and
#: translated while :func:`argparse_in_language` points argparse at them. The ones a user
#: of this command line can meet: the usage line, the help's headings and -h, and the
#: usage mistakes. (Mistakes in the parser's own definition stay English.)
ARGPARSE_WORDS = (
    # Translators: argparse's words (keep %(name)s, %s and %r as they are); "usage: " starts
    # the usage line and ends with a space
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("unexpected option string: %s"),
)


def _argparse_gettext(message: str) -> str:
    return i18n._(message) if message else message


def _argparse_ngettext(singular: str, plural: str, n: int) -> str:
    return i18n.translations(i18n.current_language()).ngettext(singular, plural, n)


def _argparse_plurals(n: int) -> list[str]:
    """Marks argparse's plural messages for the catalogs (not called: argparse asks for
    them through :func:`_argparse_ngettext`)."""
    # Translators: argparse's "expected 2 arguments" (keep %s)
    return [ngettext("expected %s argument", "expected %s arguments", n)]


@contextmanager
def argparse_in_language() -> Iterator[None]:
    """argparse's own words (:data:`ARGPARSE_WORDS`) in the current language inside the
    block. argparse reads them through the module globals ``_`` and ``ngettext`` when a
    parser is built and when it prints help or an error, so both are pointed at our
    catalogs for the block and given back after it (the composition root builds and runs
    its parsers inside it)."""
    saved = {name: getattr(argparse, name) for name in ("_", "ngettext")}
    setattr(argparse, "_", _argparse_gettext)  # noqa: B010 (a module global of argparse)
    setattr(argparse, "ngettext", _argparse_ngettext)  # noqa: B010
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(argparse, name, value)


class HelpFormatter(argparse.HelpFormatter):
    """argparse's help, with the usage line's "usage: " in the current language (also
    where argparse's own lookup is not redirected, e.g. a parser's ``format_usage``)."""

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, _("usage: ") if prefix is None else prefix)


class CommandParser(argparse.ArgumentParser):
    """The command line's parsers (app.py): help and usage mistakes in the current
    language (our own -h/--help and headings; argparse's messages through
    :func:`argparse_in_language`); a daily command's (:data:`COMMANDS`) usage mistake is
    one line on stderr (exit 2), like every other error here."""

    def __init__(self, *, add_help: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        parents = kwargs.pop("parents", [])
        super().__init__(add_help=False, **kwargs)
        self._positionals.title = _("positional arguments")
        self._optionals.title = _("options")
        if add_help:
            self.add_argument(
                "-h", "--help", action="help", help=_("show this help message and exit")
            )
        # the parents' options after -h, as argparse orders them
        for parent in parents:
            self._add_container_actions(parent)
            self._defaults.update(parent._defaults)

    def error(self, message: str) -> NoReturn:
        command = self.prog.split()[-1]
        if command not in COMMANDS:
            self.print_usage(sys.stderr)
            # Translators: {prog} is the command (headache-diary), {message} the mistake
            self.exit(2, _("{prog}: error: {message}", prog=self.prog, message=message) + "\n")
        # Translators: {command} is a command's name (log, end, checkin), kept as it is
        print(
            _("headache-diary: error: {command}: {message}", command=command, message=message),
            file=sys.stderr,
        )
        raise SystemExit(2)


def time_examples() -> str:
    """The times ``--at`` takes (domain.quick_log.TIME_EXAMPLES), in a sentence."""
    return _(TIME_EXAMPLES)


def metavar(name: str) -> str:
    """A placeholder of the help (DATE, TIME, N, CODE), in the current language."""
    return _(name)


#: the placeholders :func:`metavar` translates (marked for the catalogs)
METAVARS = (
    # Translators: placeholders in the command line's help, in capitals (DATE, FILE)
    N_("DATE"),
    N_("TIME"),
    N_("N"),
    N_("CODE"),
    N_("DIR"),
    N_("FILE"),
    N_("BACKUP"),
    N_("COMMAND"),
    N_("SIDE"),
)


def add_commands(sub: argparse._SubParsersAction[CommandParser], common: CommandParser) -> None:
    n, time = metavar("N"), metavar("TIME")
    p = sub.add_parser("log", parents=[common], help=_("log a headache now (quick log)"))
    # Translators: the values of --side, kept in English (they are codes)
    p.add_argument(
        "--side", required=True, metavar=metavar("SIDE"), help=_("left, right, both or unsure")
    )
    p.add_argument(
        "--at",
        metavar=time,
        help=_("when it started (default now): {examples}", examples=time_examples()),
    )
    length = p.add_mutually_exclusive_group()
    length.add_argument("--ongoing", action="store_true", help=_("still going on (the default)"))
    # Translators: {n} is the placeholder of the number (N)
    length.add_argument(
        "--minutes",
        metavar=n,
        help=_("it lasted {n} minutes (without --at: it just ended)", n=n),
    )
    p.add_argument("--intensity", metavar=n, help=_("peak intensity 0-10"))
    p.add_argument(
        "--trigger",
        metavar=metavar("CODE"),
        action="extend",
        nargs="+",
        default=[],
        help=_(
            "trigger codes (--trigger neck_movement stress, or the option once per code); "
            "'none' for no trigger noticed; without it the triggers are not recorded"
        ),
    )
    p = sub.add_parser("end", parents=[common], help=_("end the ongoing headache"))
    p.add_argument(
        "--at",
        metavar=time,
        help=_("when it ended (default now): {examples}", examples=time_examples()),
    )
    p = sub.add_parser("checkin", parents=[common], help=_("record the day's check-in"))
    p.add_argument(
        "--date", metavar=metavar("DATE"), help=_("the day, YYYY-MM-DD (default: today)")
    )
    how = p.add_mutually_exclusive_group(required=True)
    how.add_argument("--headache-free", action="store_true", help=_("no headache that day"))
    how.add_argument("--headache", action="store_true", help=_("a headache that day"))
    p.add_argument("--neck-stiffness", metavar=n, help=_("neck stiffness 0-10"))
    p.add_argument("--note", default="", help=_("a short note"))
    cli_workup.add_commands(sub, common)  # the neck workup: score


def _whole(text: str | None, what: str) -> int | None:
    from headache_diary.domain.quick_log import QuickLogError

    if text is None:
        return None
    try:
        return int(text.strip())
    except ValueError:
        # Translators: {option} is --minutes or --intensity, {value} what was given
        raise QuickLogError(
            _(
                "{option} {value} is not a whole number. Nothing was saved.",
                option=what,
                value=repr(text),
            )
        ) from None


def run(args: argparse.Namespace, ctx: AppContext, now: datetime | None = None) -> int:
    """Run ``log``, ``end`` or ``checkin`` at ``now`` (default: the clock)."""
    from headache_diary.domain.checkin import CheckIn, parse_stiffness
    from headache_diary.domain.quick_log import parse_time
    from headache_diary.domain.timeutil import now_utc, zone_for

    now = now or now_utc()
    if args.command in cli_workup.COMMANDS:
        return cli_workup.run(args, ctx, now.astimezone(zone_for(ctx.zone)).date())
    if args.command == "log":
        from headache_diary.domain.quick_log import saved_text
        from headache_diary.services.quick_log import start_episode

        at = None if args.at is None else parse_time(args.at, ctx.zone, now)
        ep = start_episode(
            ctx,
            args.side,
            at=at,
            minutes=_whole(args.minutes, "--minutes"),
            intensity=_whole(args.intensity, "--intensity"),
            triggers=args.trigger or None,  # none given: not recorded
            now=now,
        )
        print(saved_text(ep, now))
        _note_other_ongoing(ctx, ep, now)
        return 0
    if args.command == "end":
        from headache_diary.domain.quick_log import ended_text
        from headache_diary.services.quick_log import end_episode

        at = None if args.at is None else parse_time(args.at, ctx.zone, now)
        ep = end_episode(ctx, at=at, now=now)
        print(ended_text(ep, now))
        return 0
    if args.command == "checkin":
        from headache_diary.services.checkins import save_check_in

        today = now.astimezone(zone_for(ctx.zone)).date()
        day = today if args.date is None else _day(args.date)
        stiffness = None if args.neck_stiffness is None else parse_stiffness(args.neck_stiffness)
        done = save_check_in(
            ctx, CheckIn(day, bool(args.headache_free), stiffness, args.note), today
        )
        print(done.text())
        return 0
    raise AssertionError(args.command)


def _note_other_ongoing(ctx: AppContext, saved: Episode, now: datetime) -> None:
    """A note on stderr when other episodes are still marked ongoing: `end` (a keyboard
    shortcut) ends one only when it is the only one, and a forgotten one counts as a
    headache day every day."""
    from headache_diary.domain.quick_log import describe_ongoing
    from headache_diary.services.quick_log import ongoing_episodes

    others = [ep for ep in ongoing_episodes(ctx) if ep.id != saved.id]
    if others:
        # Translators: {episodes} describes the other ongoing episodes (side and start)
        print(
            _(
                "headache-diary: note: still marked ongoing as well: {episodes} (end those in "
                "the window; `end` ends an episode only when one is ongoing)",
                episodes=describe_ongoing(others, now),
            ),
            file=sys.stderr,
        )


def _day(text: str) -> date:
    from headache_diary.domain.checkin import CheckInError

    try:
        if len(text) != 10:
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise CheckInError(
            {
                "date": _(
                    "Bad date {text}: use YYYY-MM-DD, e.g. 2026-03-01. Nothing was saved.",
                    text=repr(text),
                )
            }
        ) from None


def check_before_opening(args: argparse.Namespace, today: date) -> None:
    """Refuse what can be told wrong without the diary (a bad number, side, code or
    date; ``today``: the computer's date) before the diary is opened."""
    from headache_diary.domain.checkin import CheckIn, parse_stiffness, validate_check_in
    from headache_diary.domain.quick_log import check_side, check_triggers

    if args.command in cli_workup.COMMANDS:
        cli_workup.check_before_opening(args, today)
    elif args.command == "log":
        check_side(args.side)
        check_triggers(args.trigger)
        _whole(args.minutes, "--minutes")
        _whole(args.intensity, "--intensity")
    elif args.command == "checkin":
        if args.neck_stiffness is not None:
            parse_stiffness(args.neck_stiffness)
        if args.date is not None:
            day = _day(args.date)
            validate_check_in(CheckIn(day, bool(args.headache_free)), today)
