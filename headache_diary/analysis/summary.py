"""The summary object of FORMAT.md ("Summary JSON") and its readable text.

All counts are SQL aggregates over the episode table, its indexed child tables and the
local dates stored at write time (see :mod:`headache_diary.analysis.queries`). Rules:

* the period: ``date_from`` defaults to the first episode's local start date (``to`` for
  an empty diary), ``date_to`` to today (the computer's local date); both inclusive;
* episodes belong to the period by their local start date (local = the zone the episode
  was recorded in);
* headache days are the days of the period on which an episode was in progress, on
  [start, end), an ongoing one up to today, including episodes that began earlier;
* a medication counts on the local date it was taken, or the episode's start date;
* percentages, means and per-30 rates are rounded to one decimal, half up, from the exact
  ratio; duration quartiles are exactly ``statistics.quantiles(method="inclusive")`` of the
  ended episodes' durations in minutes.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Any

from sqlalchemy.orm import Session

from headache_diary.analysis import queries as q
from headache_diary.analysis.profile import (
    DISCLAIMER,
    OVERUSE_RULES,
    format_day,
    headline_sentences,
    overuse_flags,
)
from headache_diary.domain import vocab

FORMAT_VERSION = 1


def summarize_diary(
    diary: Any,
    date_from: date | None = None,
    date_to: date | None = None,
    today: date | None = None,
) -> dict[str, Any]:
    """The summary of ``diary`` (a storage.db.Diary) in one read-only unit of work."""
    with q.readable_errors(), diary.read_session() as session:
        return summarize(session, date_from, date_to, today)


def summarize(
    session: Session,
    date_from: date | None = None,
    date_to: date | None = None,
    today: date | None = None,
) -> dict[str, Any]:
    """Every key of the FORMAT.md summary object, plus exact counts beside the percentages
    (``movement_triggered``, ``pressure_provoked``, ``mechanically_provoked``, ``ongoing``)."""
    today = today or date.today()
    period = q.resolve_period(session, date_from, date_to, today)
    months = period.months()

    side = dict.fromkeys(vocab.SIDES, 0)
    per_month: dict[str, dict[str, int]] = {
        m: {"n": 0, "left": 0, "right": 0, "both": 0, "mov": 0} for m in months
    }
    movement = mechanical = pressure = ongoing = 0
    whole = q.covers_all(session, period)
    agg = q.episode_aggregates(session, period, whole)
    for month, s, n, running, mov, mech, press in agg.month_side:
        ongoing += running
        side[s] = side.get(s, 0) + n
        movement += mov
        mechanical += mech
        pressure += press
        pm = per_month.setdefault(month, {"n": 0, "left": 0, "right": 0, "both": 0, "mov": 0})
        pm["n"] += n
        pm["mov"] += mov
        if s in pm:
            pm[s] += n
    episodes = sum(side.values())
    known = side["left"] + side["right"] + side["both"]
    unilateral = side["left"] + side["right"]
    if side["left"] > side["right"]:
        dominant: str | None = "left"
    elif side["right"] > side["left"]:
        dominant = "right"
    else:
        dominant = None

    islands = q.headache_islands(session, period, today, whole)
    hd_month = q.days_per_month(islands)
    headache_days = sum(hd_month.values())

    trig_counts = q.trigger_counts(session, period, whole)
    neck_counts = agg.neck
    neck_positions = {c: neck_counts.get(c, 0) for c in vocab.NECK_POSITIONS}
    neck_positions["not_recorded"] = neck_counts.get("not_recorded", 0)

    durations = q.Histogram([(secs / 60, n) for secs, n in agg.duration])
    duration = None
    if len(durations):
        p25, p75 = durations.quartiles()
        duration = {
            "median": float(durations.median()),
            "p25": float(p25),
            "p75": float(p75),
            "max": float(durations.values[-1]),
        }

    intensities = agg.intensity
    intensity = None
    if intensities:
        hist = q.Histogram(intensities)
        total = sum(v * n for v, n in intensities)
        intensity = {
            "mean": q.round_half_up(Fraction(total, len(hist))),
            "median": float(hist.median()),
        }

    # distinct dates per class and month; a class's days in the period are the sum over
    # its months (months partition the dates)
    med_groups: dict[str, tuple[str, ...]] = {f"class:{c}": (c,) for c in vocab.MEDICATION_CLASSES}
    med_groups.update({r.id: r.classes for r in OVERUSE_RULES if r.classes})
    med_month = q.medication_days_per_month(session, period, med_groups)
    med_days = {
        c: sum(m[f"class:{c}"] for m in med_month.values()) for c in vocab.MEDICATION_CLASSES
    }

    monthly = []
    for m in months:
        pm = per_month[m]
        monthly.append(
            {
                "month": m,
                "episodes": pm["n"],
                "headache_days": hd_month.get(m, 0),
                "unilateral_pct": q.pct(
                    pm["left"] + pm["right"], pm["left"] + pm["right"] + pm["both"]
                ),
                "movement_triggered_pct": q.pct(pm["mov"], pm["n"]),
            }
        )

    return {
        "format_version": FORMAT_VERSION,
        "period": {
            "from": period.start.isoformat(),
            "to": period.end.isoformat(),
            "days": period.days,
        },
        "episodes": episodes,
        "headache_days": headache_days,
        "side": side,
        "unilateral_pct": q.pct(unilateral, known),
        "dominant_side": dominant,
        "dominant_side_pct": None if dominant is None else q.pct(side[dominant], unilateral),
        "side_shifts": q.side_shifts(session, period, whole),
        "movement_triggered_pct": q.pct(movement, episodes),
        "pressure_provoked_pct": q.pct(pressure, episodes),
        "mechanically_provoked_pct": q.pct(mechanical, episodes),
        "headache_days_per_30": (
            None if period.days == 0 else q.round_half_up(Fraction(headache_days * 30, period.days))
        ),
        "triggers": {c: trig_counts.get(c, 0) for c in vocab.TRIGGERS},
        "neck_positions": neck_positions,
        "duration_minutes": duration,
        "intensity": intensity,
        "medication_days": {c: med_days.get(c, 0) for c in vocab.MEDICATION_CLASSES},
        "medication_overuse": overuse_flags(months, med_month, hd_month),
        "monthly": monthly,
        # exact counts beside the rounded percentages ("more keys may be added")
        "movement_triggered": movement,
        "pressure_provoked": pressure,
        "mechanically_provoked": mechanical,
        "ongoing": ongoing,
    }


def _pct_text(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}%"


def format_text(summary: dict[str, Any]) -> str:
    """Readable text for ``headache-diary summary``."""
    p = summary["period"]
    lines = [
        f"Headache Diary summary, {format_day(p['from'])} to {format_day(p['to'])} "
        f"({p['days']} days)",
        DISCLAIMER,
        "",
    ]
    lines += headline_sentences(summary)
    lines.append("")

    def row(label: str, value: object) -> None:
        lines.append(f"  {label:<36} {value}")

    lines.append("Figures")
    row("Episodes", summary["episodes"])
    row("Headache days", summary["headache_days"])
    per30 = summary["headache_days_per_30"]
    row("Headache days per 30 days", "-" if per30 is None else f"{per30:.1f}")
    side = summary["side"]
    row("Side (left/right/both/unsure)", "/".join(str(side[s]) for s in vocab.SIDES))
    row("One-sided (of known side)", _pct_text(summary["unilateral_pct"]))
    dom = summary["dominant_side"]
    row(
        "Dominant side (of one-sided)",
        "-" if dom is None else f"{dom} {_pct_text(summary['dominant_side_pct'])}",
    )
    row("Side shifts", summary["side_shifts"])
    row("Movement/posture-triggered", _pct_text(summary["movement_triggered_pct"]))
    row("Pressure-provoked", _pct_text(summary["pressure_provoked_pct"]))
    row("Mechanically provoked", _pct_text(summary["mechanically_provoked_pct"]))
    dur = summary["duration_minutes"]
    if dur:
        row(
            "Duration, minutes (median, p25-p75)",
            f"{dur['median']:.0f} ({dur['p25']:.0f}-{dur['p75']:.0f}), max {dur['max']:.0f}",
        )
    inten = summary["intensity"]
    if inten:
        row("Intensity (mean, median)", f"{inten['mean']:.1f}, {inten['median']:g}")

    def counts(title: str, data: dict[str, int]) -> None:
        shown = {k: v for k, v in data.items() if v}
        if not shown:
            return
        lines.append("")
        lines.append(title)
        for code, n in shown.items():
            row("Not recorded" if code == "not_recorded" else vocab.label(code), n)

    counts("Triggers (episodes)", summary["triggers"])
    counts("Neck position at onset (episodes)", summary["neck_positions"])
    counts("Medication days by class", summary["medication_days"])

    flags = summary["medication_overuse"]
    lines.append("")
    lines.append("Medication overuse (ICHD-3 8.2), per calendar month")
    if flags:
        for f in flags:
            lines.append(f"  {f['month']}  {f['label']}: {f['days']} days ({f['criterion']})")
    else:
        lines.append("  no month reached a threshold")

    if summary["monthly"]:
        lines.append("")
        lines.append("  month    episodes  headache days  one-sided  movement-triggered")
        for m in summary["monthly"]:
            lines.append(
                f"  {m['month']}  {m['episodes']:>8}  {m['headache_days']:>13}  "
                f"{_pct_text(m['unilateral_pct']):>9}  {_pct_text(m['movement_triggered_pct']):>18}"
            )
    return "\n".join(lines)
