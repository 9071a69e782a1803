"""The summary of a period (FORMAT.md "Summary JSON", format 2), counted in SQL.

All counts are SQL aggregates over the episode table, its indexed child tables and the
local dates stored at write time (see :mod:`headache_diary.analysis.queries`). Rules:

* the period: ``date_from`` defaults to the earliest episode start or check-in (``to`` for
  an empty diary), ``date_to`` to today (the computer's local date); both inclusive;
* episodes belong to the period by their local start date (local = the zone the episode
  was recorded in);
* headache days are the days of the period on which an episode was in progress, on
  [start, end), an ongoing one up to today, including episodes that began earlier, or a
  check-in reported a headache (``analysis.completeness``); every
  episode still marked ongoing and every episode that began before the period is
  disclosed (``ongoing_episodes``, ``started_before_period``);
* every share is of the episodes where the field it needs was recorded, and ``recorded``
  says how many those are (DESIGN.md "Recorded is not absent");
* ICHD-3 8.2 is evaluated per whole calendar month (also its days outside the period), and
  runs of months at their full length (:mod:`headache_diary.analysis.overuse`);
* percentages, means and per-30 rates are rounded to one decimal, half up, from the exact
  ratio; duration quartiles are exactly ``statistics.quantiles(method="inclusive")`` of the
  ended episodes' durations in minutes.

:func:`summarize` fills :class:`~headache_diary.analysis.results.Summary`, whose
``to_json`` is the object ``headache-diary summary --json`` prints.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from sqlalchemy.orm import Session

from headache_diary.analysis import medication
from headache_diary.analysis import queries as q
from headache_diary.analysis import results as r
from headache_diary.analysis.completeness import DailyRecord, fold_check_ins
from headache_diary.analysis.overuse import CRITERION_A_DAYS, evaluate, run_months, with_criterion_a
from headache_diary.analysis.profile import build_profile, profile_counts
from headache_diary.domain import vocab


def summarize(session: Session, period: r.Period, today: date) -> r.Summary:
    """The summary of ``period`` (already resolved, see :func:`queries.resolve_period`)."""
    months = period.months()

    side = dict.fromkeys(vocab.SIDES, 0)
    per_month: dict[str, dict[str, int]] = {}
    movement = mechanical = pressure = ongoing = trig_rec = 0
    whole = q.covers_all(session, period)
    agg = q.episode_aggregates(session, period, whole)
    for month, s, n, running, mov, mech, press, rec in agg.month_side:
        ongoing += running
        side[s] = side.get(s, 0) + n
        movement += mov
        mechanical += mech
        pressure += press
        trig_rec += rec
        pm = per_month.setdefault(month, dict.fromkeys(("n", *vocab.SIDES, "mov", "rec"), 0))
        pm["n"] += n
        pm["mov"] += mov
        pm["rec"] += rec
        pm[s] = pm.get(s, 0) + n
    episodes = sum(side.values())
    known = side["left"] + side["right"] + side["both"]
    unilateral = side["left"] + side["right"]
    dominant: str | None = None
    if side["left"] > side["right"]:
        dominant = "left"
    elif side["right"] > side["left"]:
        dominant = "right"

    # headache days over whole calendar months (criterion A), then clipped to the period;
    # a check-in that reported a headache on a day without an episode counts too
    months_around = period.whole_months()
    full = q.headache_islands(session, months_around, today, whole)
    month_check_ins = q.check_in_days(session, months_around)
    full_month, _ = _per_month(full, month_check_ins, months_around, today)
    period_check_ins = [(d, f) for d, f in month_check_ins if period.start <= d <= period.end]
    hd_month, daily = _per_month(q.clip(full, period), period_check_ins, period, today)
    headache_days = sum(hd_month.values())

    trig_counts = q.trigger_counts(session, period, whole)
    triggers = {c: trig_counts.get(c, 0) for c in vocab.TRIGGERS}
    triggers[vocab.NONE] = trig_counts.get(vocab.NONE, 0)
    triggers["not_recorded"] = episodes - trig_rec
    neck_positions = {c: agg.neck.get(c, 0) for c in vocab.NECK_POSITIONS}
    neck_positions["not_recorded"] = agg.neck.get("not_recorded", 0)

    durations = q.Histogram([(secs / 60, n) for secs, n in agg.duration])
    duration = None
    if len(durations):
        p25, p75 = durations.quartiles()
        duration = r.DurationStats(
            float(durations.median()), float(p25), float(p75), float(durations.values[-1])
        )
    intensity = None
    if agg.intensity:
        hist = q.Histogram(agg.intensity)
        total = sum(v * n for v, n in agg.intensity)
        intensity = r.IntensityStats(
            r.round_half_up(Fraction(total, len(hist))), float(hist.median())
        )

    days = medication.day_classes(session, today)
    overuse = evaluate(days, months)
    # criterion A in each month of the overuse runs, which may reach beyond the period
    outside = sorted({m for r in overuse.runs for m in run_months(r)} - set(full_month))
    outside = [m for m in outside if m not in months]
    if outside:
        full_month.update(_month_headache_days(session, outside[0], outside[-1], today))
    overuse = with_criterion_a(
        overuse, {m: full_month.get(m, 0) for r in overuse.runs for m in run_months(r)}
    )
    shifts = q.side_shifts(session, period, whole)
    counts = profile_counts(session, period, today, whole, episodes, agg.duration)
    relief = medication.relief(session, period, whole, episodes)
    profile = build_profile(counts, side, shifts, (movement, pressure, trig_rec), relief)

    monthly = []
    for m in months:
        pm = per_month.get(m, {})
        left, right, both = pm.get("left", 0), pm.get("right", 0), pm.get("both", 0)
        monthly.append(
            r.MonthFigures(
                m,
                pm.get("n", 0),
                hd_month.get(m, 0),
                r.pct(left + right, left + right + both),
                r.pct(pm.get("mov", 0), pm.get("rec", 0)),
            )
        )
    return r.Summary(
        period=period,
        episodes=episodes,
        headache_days=headache_days,
        side=side,
        unilateral_pct=r.pct(unilateral, known),
        dominant_side=dominant,
        dominant_side_pct=None if dominant is None else r.pct(side[dominant], unilateral),
        side_shifts=shifts,
        movement_triggered=movement,
        pressure_provoked=pressure,
        mechanically_provoked=mechanical,
        movement_triggered_pct=r.pct(movement, trig_rec),
        pressure_provoked_pct=r.pct(pressure, trig_rec),
        mechanically_provoked_pct=r.pct(mechanical, trig_rec),
        headache_days_per_30=r.per_30(headache_days, period.days),
        triggers=triggers,
        neck_positions=neck_positions,
        duration=duration,
        intensity=intensity,
        medication_days=medication.days_by_class(days, period),
        overuse=overuse,
        headache_15_days=[
            (m, full_month[m]) for m in months if full_month.get(m, 0) >= CRITERION_A_DAYS
        ],
        monthly=monthly,
        recorded=r.Recorded(
            triggers=trig_rec,
            symptoms=counts.get("symptoms_rec", 0),
            neck_position=episodes - neck_positions["not_recorded"],
            character=counts.get("character_rec", 0),
            pain_origin=counts.get("origin_rec", 0),
            pain_locations=counts.get("locations_rec", 0),
            intensity=sum(n for _v, n in agg.intensity),
        ),
        ongoing_episodes=_ongoing(session, period, today),
        started_before_period=q.started_before(session, period, today) if period.days else 0,
        profile=profile,
        relief_by_class=relief.by_class,
        ongoing=ongoing,
        completeness=daily.completeness,
    )


def _month_headache_days(session: Session, first: str, last: str, today: date) -> dict[str, int]:
    """Headache days of every whole calendar month from ``first`` to ``last`` (``YYYY-MM``):
    episodes in progress and check-ins that reported a headache."""
    span = r.Period(
        date.fromisoformat(f"{first}-01"), date.fromisoformat(f"{last}-01")
    ).whole_months()
    islands = q.headache_islands(session, span, today)
    return _per_month(islands, q.check_in_days(session, span), span, today)[0]


def _per_month(
    islands: list[tuple[date, date]],
    check_ins: list[tuple[date, bool]],
    span: r.Period,
    today: date,
) -> tuple[dict[str, int], DailyRecord]:
    """Headache days per month of ``span``: the episodes' runs (``islands``, inside it) and
    the check-ins that reported a headache on another day; and the check-ins folded in."""
    out = q.days_per_month(islands)
    daily = fold_check_ins(islands, check_ins, span, today)
    for day in daily.extra_headache_days:
        key = f"{day.year:04d}-{day.month:02d}"
        out[key] = out.get(key, 0) + 1
    return out, daily


def _ongoing(session: Session, period: r.Period, today: date) -> list[r.OngoingEpisode]:
    """Episodes still marked ongoing, in progress during the period, with their days in it."""
    last = min(period.end, today)
    out = []
    for started in q.ongoing_starts(session, period):
        days = (last - max(started, period.start)).days + 1
        if days > 0:
            out.append(r.OngoingEpisode(started, days, last))
    return out
