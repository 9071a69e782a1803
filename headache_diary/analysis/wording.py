"""The analysis in words: headline sentences, the overuse flags, the CLI text.

The GUI, the CLI and the PDF all use these sentences, so the patient and the physician
read the same thing everywhere. The wording is descriptive ("7 of 9 episodes with a known
side were one-sided, all on the left"), never a verdict.
"""

from __future__ import annotations

from headache_diary.analysis.completeness import completeness_sentence
from headache_diary.analysis.overuse import OveruseFlag
from headache_diary.analysis.summary import Summary
from headache_diary.domain import vocab
from headache_diary.domain.text import (
    and_list,
    format_date,
    format_minutes,
    format_month,
    lower_label,
    number,
    plural,
)

DISCLAIMER = "Self-reported, not a diagnosis."


def headline_sentences(summary: Summary) -> list[str]:
    """The summary in plain descriptive sentences (GUI, CLI text and PDF)."""
    out: list[str] = []
    period = summary.period
    n = summary.episodes
    span = f"from {format_date(period.start)} to {format_date(period.end)}"
    hd = summary.headache_days
    per30 = summary.headache_days_per_30
    head = f"{plural(n, 'episode')} {span} ({plural(period.days, 'day')})"
    if hd or n:
        head += f"; headache on {plural(hd, 'day')}"
        if per30 is not None:
            head += f", {number(per30)} per 30 days"
    out.append(head + ".")
    if summary.ongoing:
        out.append(f"{plural(summary.ongoing, 'episode')} still ongoing.")
    if n == 0:
        return out

    side = summary.side
    known = summary.known_side
    uni = summary.unilateral
    if known:
        if uni == 0:
            s = f"None of the {plural(known, 'episode')} with a known side was one-sided"
        else:
            s = f"{uni} of {plural(known, 'episode')} with a known side "
            s += "was one-sided" if uni == 1 else "were one-sided"
            if side["right"] == 0:
                s += ", all on the left" if uni > 1 else ", on the left"
            elif side["left"] == 0:
                s += ", all on the right" if uni > 1 else ", on the right"
            else:
                s += f": {side['left']} on the left, {side['right']} on the right"
        if side["unsure"]:
            s += f"; the side was unsure in {side['unsure']}"
        out.append(s + ".")
    else:
        out.append(f"The side was unsure in all {plural(n, 'episode')}.")
    if uni >= 2:
        shifts = summary.side_shifts
        if shifts == 0:
            out.append("The side never changed from one one-sided episode to the next.")
        else:
            out.append(
                f"The side changed {plural(shifts, 'time')} from one one-sided episode to the next."
            )

    mov_pct = summary.movement_triggered_pct
    if mov_pct is not None:
        s = (
            f"{summary.movement_triggered} of {plural(n, 'episode')} ({number(mov_pct)}%) came "
            "on with neck movement or a sustained awkward head position"
        )
        if summary.pressure_provoked and summary.pressure_provoked_pct is not None:
            s += (
                f"; {summary.pressure_provoked} ({number(summary.pressure_provoked_pct)}%)"
                " with pressure on the upper neck"
            )
        out.append(s + ".")

    positions = {
        k: v
        for k, v in summary.neck_positions.items()
        if k not in ("not_recorded", "unknown") and v
    }
    if positions:
        recorded = sum(positions.values())
        top = max(positions.values())
        tops = [vocab.label(k).lower() for k, v in positions.items() if v == top]
        out.append(
            f"Most common neck position at onset: {' and '.join(tops)} "
            f"({top} of {plural(recorded, 'episode')} with a position recorded)."
        )

    dur = summary.duration
    if dur:
        out.append(
            f"Episodes that ended lasted a median of {format_minutes(dur.median)} "
            f"(middle half {format_minutes(dur.p25)} to {format_minutes(dur.p75)}, "
            f"longest {format_minutes(dur.max)})."
        )
    inten = summary.intensity
    if inten:
        out.append(
            f"Peak intensity averaged {number(inten.mean)} out of 10 "
            f"(median {number(inten.median)})."
        )
    meds = [(c, d) for c, d in summary.medication_days.items() if d]
    if meds:
        listed = ", ".join(f"{lower_label(vocab.label(c))} on {plural(d, 'day')}" for c, d in meds)
        out.append(f"Medication taken: {listed}.")
    overuse = overuse_headline(summary)
    if overuse:
        out.append(overuse)
    return out


def overuse_headline(summary: Summary) -> str:
    """One sentence on the overuse flags of the period ("" when there are none)."""
    flags = [f for f in summary.overuse if not f.is_run]
    months = sorted({f.month for f in flags})
    if not months:
        return ""
    med_months = sorted({f.month for f in flags if f.rule.classes})
    parts = []
    if med_months:
        where = (
            and_list([format_month(m) for m in med_months])
            if len(med_months) <= 3
            else f"{len(med_months)} calendar months (latest {format_month(med_months[-1])})"
        )
        parts.append(f"Medication was taken at or above an ICHD-3 8.2 overuse threshold in {where}")
    hd_months = [f.month for f in flags if not f.rule.classes]
    if hd_months:
        parts.append(f"headache on 15 or more days in {plural(len(hd_months), 'month')}")
    runs = [f for f in summary.overuse if f.is_run]
    if runs:
        longest = max(f.months or 0 for f in runs)
        parts.append(f"a threshold was reached {longest} months in a row at the longest")
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def overuse_sentences(summary: Summary, limit: int | None = None) -> list[str]:
    """The overuse flags in words: first every run of three or more months in a row, then
    one line per flagged month, newest first (at most ``limit`` months, then a count of the
    rest). A combined rule that only repeats one class reaching its own threshold with the
    same days in the same month is left out of the month's line (it is still in the JSON).
    """
    out = []
    for f in summary.overuse:
        if f.is_run:
            out.append(
                f"{f.rule.label} in each of {f.months} months in a row "
                f"({format_month(f.first_month or f.month)} to {format_month(f.month)}); "
                f"ICHD-3 asks for more than 3 months ({f.rule.criterion})."
            )
    by_month: dict[str, list[OveruseFlag]] = {}
    for f in summary.overuse:
        if not f.is_run:
            by_month.setdefault(f.month, []).append(f)
    months = sorted(by_month, reverse=True)
    shown = months if limit is None else months[:limit]
    for month in shown:
        single = {f.days for f in by_month[month] if len(f.rule.classes) == 1}
        items = []
        for f in by_month[month]:
            if len(f.rule.classes) > 1 and f.days in single:
                continue
            items.append(f"{f.rule.short.lower()} on {f.days} days (>= {f.rule.threshold})")
        out.append(f"{format_month(month)}: " + "; ".join(items) + ".")
    if len(shown) < len(months):
        rest = len(months) - len(shown)
        out.append(f"… and {plural(rest, 'earlier month')} with a flag.")
    return out


def _pct_text(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}%"


def format_text(summary: Summary) -> str:
    """Readable text for ``headache-diary summary``."""
    p = summary.period
    lines = [
        f"Headache Diary summary, {format_date(p.start)} to {format_date(p.end)} ({p.days} days)",
        DISCLAIMER,
        "",
    ]
    lines += headline_sentences(summary)
    complete = completeness_sentence(summary.completeness)
    if complete:
        lines.append(complete)
    lines.append("")

    def row(label: str, value: object) -> None:
        lines.append(f"  {label:<36} {value}")

    lines.append("Figures")
    row("Episodes", summary.episodes)
    row("Headache days", summary.headache_days)
    per30 = summary.headache_days_per_30
    row("Headache days per 30 days", "-" if per30 is None else f"{per30:.1f}")
    c = summary.completeness
    row("Days recorded (up to today)", f"{c.recorded_days} of {c.days}")
    row("Confirmed headache-free days", c.headache_free_days)
    row("Days without any record", c.unrecorded_days)
    side = summary.side
    row("Side (left/right/both/unsure)", "/".join(str(side[s]) for s in vocab.SIDES))
    row("One-sided (of known side)", _pct_text(summary.unilateral_pct))
    dom = summary.dominant_side
    row(
        "Dominant side (of one-sided)",
        "-" if dom is None else f"{dom} {_pct_text(summary.dominant_side_pct)}",
    )
    row("Side shifts", summary.side_shifts)
    row("Movement/posture-triggered", _pct_text(summary.movement_triggered_pct))
    row("Pressure-provoked", _pct_text(summary.pressure_provoked_pct))
    row("Mechanically provoked", _pct_text(summary.mechanically_provoked_pct))
    dur = summary.duration
    if dur:
        row(
            "Duration, minutes (median, p25-p75)",
            f"{dur.median:.0f} ({dur.p25:.0f}-{dur.p75:.0f}), max {dur.max:.0f}",
        )
    inten = summary.intensity
    if inten:
        row("Intensity (mean, median)", f"{inten.mean:.1f}, {inten.median:g}")

    def counts(title: str, data: dict[str, int]) -> None:
        shown = {k: v for k, v in data.items() if v}
        if not shown:
            return
        lines.append("")
        lines.append(title)
        for code, n in shown.items():
            row("Not recorded" if code == "not_recorded" else vocab.label(code), n)

    counts("Triggers (episodes)", dict(summary.triggers))
    counts("Neck position at onset (episodes)", dict(summary.neck_positions))
    counts("Medication days by class", dict(summary.medication_days))

    lines.append("")
    lines.append("Medication overuse (ICHD-3 8.2), per calendar month")
    if summary.overuse:
        for f in summary.overuse:
            j = f.to_json()
            lines.append(f"  {f.month}  {j['label']}: {f.days} days ({f.rule.criterion})")
    else:
        lines.append("  no month reached a threshold")

    if summary.monthly:
        lines.append("")
        lines.append("  month    episodes  headache days  one-sided  movement-triggered")
        for m in summary.monthly:
            lines.append(
                f"  {m.month}  {m.episodes:>8}  {m.headache_days:>13}  "
                f"{_pct_text(m.unilateral_pct):>9}  {_pct_text(m.movement_triggered_pct):>18}"
            )
    return "\n".join(lines)
