"""The ``score`` command (FORMAT.md): ``headache-diary score INSTRUMENT TOTAL [--date DATE]
[--note TEXT] [--name NAME]`` records a total copied from a clinic's form, one write unit
of work through ``services.scores``, like the daily commands (``cli_daily``): it prints
what it saved in one line; bad input is one line ``headache-diary: error: ...``, exit
non-zero, nothing saved."""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING, Any

from headache_diary.domain.errors import DiaryError
from headache_diary.i18n import _

if TYPE_CHECKING:
    from headache_diary.context import AppContext
    from headache_diary.domain.workup import Score

COMMANDS = ("score",)


class ScoreError(DiaryError):
    """A score that cannot be saved; ``str()`` is one readable line."""


def add_commands(sub: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "score",
        parents=[common],
        help=_("record a score copied from a clinic's form (NDI, HIT-6, MIDAS or another)"),
    )
    p.add_argument(
        "instrument",
        metavar="INSTRUMENT",
        help=_("ndi (0-50), hit6 (36-78), midas (0-270) or other (0 or more, with --name)"),
    )
    p.add_argument("total", metavar="TOTAL", help=_("the total on the form"))
    p.add_argument(
        "--date", metavar="DATE", help=_("the date of the form, YYYY-MM-DD (default: today)")
    )
    p.add_argument("--note", default="", help=_("a short note"))
    p.add_argument("--name", default="", help=_("the score's name (for other)"))


def _build(args: argparse.Namespace, today: date) -> Score:
    """The validated score the arguments describe; a ValidationError whose message is one
    line otherwise."""
    from headache_diary.domain.errors import ValidationError
    from headache_diary.domain.workup import INSTRUMENTS, Score, parse_total, validate_score

    if args.instrument not in INSTRUMENTS:
        raise ScoreError(
            _(
                "Unknown instrument {code}: use ndi, hit6, midas or other. Nothing was saved.",
                code=repr(args.instrument),
            )
        )
    total = parse_total(args.total)
    if total is None:
        raise ScoreError(
            _("The total {value} is not a number. Nothing was saved.", value=repr(args.total))
        )
    day = today
    if args.date is not None:
        try:
            if len(args.date) != 10:
                raise ValueError
            day = date.fromisoformat(args.date)
        except ValueError:
            raise ScoreError(
                _(
                    "Bad date {value}: use YYYY-MM-DD, e.g. 2026-03-01. Nothing was saved.",
                    value=repr(args.date),
                )
            ) from None
    score = Score(day, args.instrument, total, args.name, args.note)
    try:
        return validate_score(score, today)
    except ValidationError as exc:
        problems = " ".join(exc.problems.values())
        raise ScoreError(_("{problems} Nothing was saved.", problems=problems)) from None


def check_before_opening(args: argparse.Namespace, today: date) -> None:
    """Refuse a bad instrument, total, name or date before the diary is opened."""
    _build(args, today)


def run(args: argparse.Namespace, ctx: AppContext, today: date) -> int:
    from headache_diary.domain.workup import format_total, score_title
    from headache_diary.services.scores import save_score

    saved = save_score(ctx, _build(args, today), today).value
    print(
        _(
            "Saved the score {instrument}: {total}, dated {date}.",
            instrument=score_title(saved.instrument, saved.name),
            total=format_total(saved),
            date=saved.date,
        )
    )
    return 0
