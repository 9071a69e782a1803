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
from datetime import date, datetime
from typing import TYPE_CHECKING, NoReturn

from headache_diary import cli_workup

if TYPE_CHECKING:  # imported by the commands themselves: app.py (and the GUI) stay light
    from headache_diary.context import AppContext
    from headache_diary.domain.episode import Episode

#: the times ``--at`` takes (domain.quick_log.TIME_EXAMPLES)
TIME_EXAMPLES = "14:05, 2026-03-01 14:05 or 2026-03-01T14:05+01:00"
COMMANDS = ("log", "end", "checkin", *cli_workup.COMMANDS)


class CommandParser(argparse.ArgumentParser):
    """The command line's parsers (app.py): a daily command's (:data:`COMMANDS`) usage
    mistake is one line on stderr (exit 2), like every other error here."""

    def error(self, message: str) -> NoReturn:
        command = self.prog.split()[-1]
        if command not in COMMANDS:
            super().error(message)
        print(f"headache-diary: error: {command}: {message}", file=sys.stderr)
        raise SystemExit(2)


def add_commands(sub: argparse._SubParsersAction[CommandParser], common: CommandParser) -> None:
    p = sub.add_parser("log", parents=[common], help="log a headache now (quick log)")
    p.add_argument("--side", required=True, help="left, right, both or unsure")
    p.add_argument("--at", metavar="TIME", help=f"when it started (default now): {TIME_EXAMPLES}")
    length = p.add_mutually_exclusive_group()
    length.add_argument("--ongoing", action="store_true", help="still going on (the default)")
    length.add_argument(
        "--minutes", metavar="N", help="it lasted N minutes (without --at: it just ended)"
    )
    p.add_argument("--intensity", metavar="N", help="peak intensity 0-10")
    p.add_argument(
        "--trigger",
        metavar="CODE",
        action="extend",
        nargs="+",
        default=[],
        help=(
            "trigger codes (--trigger neck_movement stress, or the option once per code); "
            "'none' for no trigger noticed; without it the triggers are not recorded"
        ),
    )
    p = sub.add_parser("end", parents=[common], help="end the ongoing headache")
    p.add_argument("--at", metavar="TIME", help=f"when it ended (default now): {TIME_EXAMPLES}")
    p = sub.add_parser("checkin", parents=[common], help="record the day's check-in")
    p.add_argument("--date", metavar="DATE", help="the day, YYYY-MM-DD (default: today)")
    how = p.add_mutually_exclusive_group(required=True)
    how.add_argument("--headache-free", action="store_true", help="no headache that day")
    how.add_argument("--headache", action="store_true", help="a headache that day")
    p.add_argument("--neck-stiffness", metavar="N", help="neck stiffness 0-10")
    p.add_argument("--note", default="", help="a short note")
    cli_workup.add_commands(sub, common)  # the neck workup: score


def _whole(text: str | None, what: str) -> int | None:
    from headache_diary.domain.quick_log import QuickLogError

    if text is None:
        return None
    try:
        return int(text.strip())
    except ValueError:
        raise QuickLogError(f"{what} {text!r} is not a whole number. Nothing was saved.") from None


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
        print(
            f"headache-diary: note: still marked ongoing as well: {describe_ongoing(others, now)}"
            " (end those in the window; `end` ends an episode only when one is ongoing)",
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
            {"date": f"Bad date {text!r}: use YYYY-MM-DD, e.g. 2026-03-01. Nothing was saved."}
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
