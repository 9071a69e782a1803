"""The analysis in words: key figures, headline sentences, medication overuse, definitions,
the CLI text.

(About 500 lines: this is the one module whose sentences the GUI, the CLI and the PDF all
show, so that the patient and the physician read the same thing everywhere; splitting it
would invite a second wording.)

The wording is descriptive ("triptans were taken on 12 days in June 2026"), never a
verdict: no "met", no "you have". Shares always carry their denominator and the count not
recorded (DESIGN.md "Recorded is not absent"); an episode still marked ongoing is always
disclosed with its start date; clinical text is paraphrased, never quoted (see
docs/clinical.md "Sources"), and the app's own readings are labelled as such.
"""

from __future__ import annotations

from dataclasses import dataclass

from headache_diary.analysis.completeness import completeness_sentence
from headache_diary.analysis.features import APP_SCALE, DIARY_CANNOT_SHOW, HISTORY_CAN_INFORM
from headache_diary.analysis.overuse import (
    BY_ID,
    CRITERION_A_DAYS,
    ICHD_CLASS,
    RUN_MONTHS,
    MonthOveruse,
    OveruseRun,
)
from headache_diary.analysis.results import ProfileFeature, ProfileGroup, Summary
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


# -- key figures ------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyFigure:
    """A figure for page 1 and the top of the Analysis tab: ``value`` ("78%", "4.2" or
    "–" when there is nothing to count) and ``basis``, what it is of."""

    id: str
    label: str
    value: str
    basis: str


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{number(value)}%"


def key_figures(summary: Summary) -> list[KeyFigure]:
    """One-sided %, same-side %, movement/posture-provoked %, pressure-provoked %,
    headache days per 30, each with its denominator."""
    side = summary.side
    known, uni = summary.known_side, summary.unilateral
    basis = f"{uni} of {plural(known, 'episode')} with a known side"
    if side["unsure"]:
        basis += f" (side unsure in {side['unsure']})"
    out = [KeyFigure("one_sided", "One-sided (left or right)", _pct(summary.unilateral_pct), basis)]

    shifts = plural(summary.side_shifts, "side shift")
    dom = summary.dominant_side
    if dom:
        basis = f"{side[dom]} of {uni} one-sided on the {dom}; {shifts}"
    elif uni:
        basis = f"left and right equally often ({side['left']} each); {shifts}"
    else:
        basis = "no one-sided episodes"
    # not the profile's side_locked row, which is of all episodes with a known side
    label = "On the same side, of one-sided episodes"
    out.append(KeyFigure("same_side", label, _pct(summary.dominant_side_pct), basis))

    rec = summary.recorded.triggers
    not_rec = summary.episodes - rec
    for fid, label, count, pct in (
        (
            "movement_provoked",
            "Brought on by neck movement or posture",
            summary.movement_triggered,
            summary.movement_triggered_pct,
        ),
        (
            "pressure_provoked",
            "Brought on by pressure on the neck",
            summary.pressure_provoked,
            summary.pressure_provoked_pct,
        ),
    ):
        basis = f"{count} of {plural(rec, 'episode')} with triggers recorded"
        basis += f"; {not_rec} not recorded"
        out.append(KeyFigure(fid, label, _pct(pct), basis))

    per30 = summary.headache_days_per_30
    basis = (
        f"{plural(summary.headache_days, 'headache day')} in {plural(summary.period.days, 'day')}"
    )
    # every ongoing episode runs up to today: the earliest one covers the others' days
    ongoing_days = max((o.headache_days for o in summary.ongoing_episodes), default=0)
    if ongoing_days:
        n = len(summary.ongoing_episodes)
        who = (
            "an episode still marked ongoing is"
            if n == 1
            else f"{n} episodes still marked ongoing are"
        )
        basis += f"; {who} in progress on {ongoing_days} of them"
    out.append(
        KeyFigure(
            "headache_days_per_30",
            "Headache days per 30 days",
            "–" if per30 is None else number(per30),
            basis,
        )
    )
    return out


def disclosure_sentences(summary: Summary) -> list[str]:
    """Where headache days come from that the patient may not expect: episodes still
    marked ongoing (with their start date) and episodes that began before the period."""
    out = []
    for o in summary.ongoing_episodes:
        first = max(o.started, summary.period.start)
        span = (
            f"on {format_date(first)}"
            if o.headache_days == 1
            else f"on each of the {o.headache_days} days from {format_date(first)} to "
            f"{format_date(o.until)}"
        )
        out.append(
            f"An episode still marked ongoing since {format_date(o.started)} counts as a "
            f"headache day {span} (if it has in fact ended, these days are overcounted)."
        )
    start = summary.period.start
    ongoing_before = sum(o.started < start for o in summary.ongoing_episodes)
    n = summary.started_before_period - ongoing_before
    if n:
        other = " other" if ongoing_before else ""
        subject = f"{n}{other} episode{'s' if n > 1 else ''} that began before {format_date(start)}"
        if n == 1:
            tail = "was still in progress then; its days in this period count as headache "
            tail += "days, the episode itself is not counted."
        else:
            tail = "were still in progress then; their days in this period count as headache "
            tail += "days, the episodes themselves are not counted."
        out.append(f"{subject} {tail}")
    return out


# -- headline sentences -------------------------------------------------------------------


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
    out += disclosure_sentences(summary)
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

    rec = summary.recorded.triggers
    if rec:
        s = (
            f"{summary.movement_triggered} of {plural(rec, 'episode')} with triggers recorded "
            f"({_pct(summary.movement_triggered_pct)}) came on with neck movement or a "
            "sustained awkward head position"
        )
        if summary.pressure_provoked:
            s += (
                f"; {summary.pressure_provoked} ({_pct(summary.pressure_provoked_pct)}) with "
                "pressure on the upper neck"
            )
        if summary.triggers[vocab.NONE]:
            s += f"; no trigger noticed in {summary.triggers[vocab.NONE]}"
        out.append(s + f"; triggers not recorded in {n - rec}.")
    elif n == 1:
        out.append("Triggers were not recorded for the episode.")
    else:
        out.append(f"Triggers were not recorded for any of the {n} episodes.")

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
            f"(median {number(inten.median)}; {summary.recorded.intensity} of "
            f"{plural(n, 'episode')} with an intensity recorded)."
        )
    meds = [(c, d) for c, d in summary.medication_days.items() if d]
    if meds:
        listed = ", ".join(f"{lower_label(vocab.label(c))} on {plural(d, 'day')}" for c, d in meds)
        out.append(f"Medication taken: {listed}.")
    return out


# -- medication overuse (ICHD-3 8.2) --------------------------------------------------------


def _classes(classes: tuple[str, ...]) -> str:
    return and_list([lower_label(vocab.label(c)) for c in classes])


def month_sentence(f: MonthOveruse) -> str:
    """``June 2026: triptans on 12 days (ICHD-3 8.2.2: 10 or more days a month).``"""
    c = f.criterion
    days = f"on {f.days} days"
    rule = f"ICHD-3 {c.id}: {c.threshold} or more days a month"
    if c.id == "8.2.3":
        what = f"non-opioid analgesics ({_classes(f.classes)}) together {days}"
    elif c.id == "8.2.6":
        kinds = and_list(sorted({ICHD_CLASS[x] + "s" for x in f.classes}))
        what = f"{kinds} ({_classes(f.classes)}) {days} in all, no class at its own threshold"
        rule = f"ICHD-3 {c.id}: two or more classes on {c.threshold} or more days a month"
    elif c.id == "8.2.8":
        what = f"other medication for headache ({_classes(f.classes)}) {days}"
        rule += ", in this app's words"
    else:
        what = f"{c.what} {days}"
    return f"{format_month(f.month)}: {what} ({rule})."


def month_span(first: str, last: str) -> str:
    """``March 2026``, ``January to April 2026`` or ``November 2025 to February 2026``."""
    if first == last:
        return format_month(first)
    if first[:4] == last[:4]:
        return f"{format_month(first).split()[0]} to {format_month(last)}"
    return f"{format_month(first)} to {format_month(last)}"


def run_sentence(r: OveruseRun, inside: set[str]) -> str:
    """A run of two or more consecutive months with some ICHD-3 8.2 threshold reached:
    which criteria when (and, when they changed, whether any one of them lasted more than
    3 months), in how many of its months criterion A was met, and whether it reaches
    beyond the period (``inside``: the period's months)."""
    s = (
        f"An ICHD-3 8.2 medication threshold was reached in each of {r.months} consecutive "
        f"months, {format_month(r.first)} to {format_month(r.last)}"
    )
    if not r.criteria_changed:
        s += f" ({and_list(list(r.criteria))})"
        if r.months >= RUN_MONTHS:
            s += ": more than 3 months"
        else:
            s += "; ICHD-3 8.2 speaks of regular overuse for more than 3 months"
    else:
        stretches = ", then ".join(
            f"{and_list(list(met))} in {month_span(a, b)}" for a, b, met in r.stretches()
        )
        s += f", but the criteria changed: {stretches}"
        longest = r.longest_single_criterion_months
        if longest >= RUN_MONTHS:
            which = and_list(list(r.longest_single_criteria))
            s += f"; {which} in {longest} consecutive months: more than 3 months"
        elif r.months >= RUN_MONTHS:
            s += (
                "; no single criterion was met in more than 3 consecutive months (at most "
                f"{longest})"
            )
        else:
            s += "; ICHD-3 8.2 speaks of regular overuse for more than 3 months"
    a = r.headache_15_days_months
    if a is not None:
        days = f"headache on {CRITERION_A_DAYS} or more days"
        if a == 0:
            s += f"; criterion A ({days}) was met in none of its {r.months} months"
        else:
            s += f"; criterion A ({days}) was met in {a} of its {r.months} months"
    if r.first not in inside or r.last not in inside:
        s += "; the run extends beyond this period"
    return s + "."


def overuse_sentences(summary: Summary, limit: int | None = None) -> list[str]:
    """Runs of two or more consecutive months first, then one line per month and
    criterion, newest month first (at most ``limit`` months, then a count of the rest).
    Criterion A is not here: see :func:`criterion_a_sentence`."""
    out = []
    inside = set(summary.period.months())
    for r in summary.overuse.runs:
        if r.months >= 2:
            out.append(run_sentence(r, inside))
    by_month: dict[str, list[MonthOveruse]] = {}
    for f in summary.overuse.months:
        by_month.setdefault(f.month, []).append(f)
    newest = sorted(by_month, reverse=True)
    shown = newest if limit is None else newest[:limit]
    for m in shown:
        out += [month_sentence(f) for f in by_month[m]]
    if len(shown) < len(newest):
        rest = len(newest) - len(shown)
        out.append(f"… and {plural(rest, 'earlier month')} with a threshold reached.")
    return out


NO_THRESHOLD = "No calendar month of this period reached an ICHD-3 8.2 medication threshold."
NO_MEDICATION_DAYS = (
    "No medication day in this period: no dose was recorded, and no regular medication "
    "counts as one."
)


def overuse_status(summary: Summary) -> str:
    """The sentence said instead of :func:`overuse_sentences` when the period has no month
    with a threshold reached ("" when it has one): whether there were medication days."""
    if summary.overuse.months:
        return ""
    if any(summary.medication_days.values()):
        return NO_THRESHOLD
    return NO_MEDICATION_DAYS


def overuse_line(summary: Summary) -> str:
    """The overuse check in one line, for page 1 of the PDF (the details follow later)."""
    head = "Overuse check (ICHD-3 8.2): "
    status = overuse_status(summary)
    if status:
        return head + status[0].lower() + status[1:]
    months = sorted({f.month for f in summary.overuse.months})
    criteria = ", ".join(sorted({f.criterion.id for f in summary.overuse.months}))
    n = len(summary.period.months())
    if n == 1:
        text = f"{head}a threshold was reached in this period's calendar month ({criteria})"
    else:
        text = (
            f"{head}a threshold was reached in {len(months)} of the {n} calendar months of "
            f"this period ({criteria})"
        )
    longest = max(summary.overuse.runs, key=lambda r: r.months)
    single = max(summary.overuse.runs, key=lambda r: r.longest_single_criterion_months)
    n_single = single.longest_single_criterion_months
    if longest.months >= RUN_MONTHS:
        text += (
            f"; in {longest.months} consecutive months, {month_span(longest.first, longest.last)}"
        )
        if n_single >= RUN_MONTHS:
            which = and_list(list(single.longest_single_criteria))
            text += f", {which} in {n_single} consecutive months: more than 3 months"
        else:
            text += f", but no single criterion in more than 3 (at most {n_single})"
    elif longest.months > 1:
        text += f"; in at most {longest.months} consecutive months, not more than 3"
    else:
        text += "; never in two consecutive months"
    return text + "; the months and the definitions follow further on."


def criterion_a_sentence(summary: Summary) -> str:
    """ICHD-3 8.2 criterion A on its own ("" when no month had 15 or more headache days)."""
    if not summary.headache_15_days:
        return ""
    months = and_list(
        [f"{format_month(m)} ({plural(d, 'headache day')})" for m, d in summary.headache_15_days]
    )
    return (
        f"Headache on {CRITERION_A_DAYS} or more days of a calendar month, the figure of "
        f"ICHD-3 8.2 criterion A (on its own it says nothing about medication): {months}."
    )


def overuse_definition() -> str:
    """The complete definition the PDF and the Analysis tab print."""
    t = {i: c.threshold for i, c in BY_ID.items()}
    return (
        "Medication overuse (ICHD-3 8.2) is counted per whole calendar month, days outside "
        "the period included, on medication days: the local date a dose was taken, or the "
        "episode's start date when no time was entered; a dose taken outside an episode "
        "on its own date; regular medication of an analgesic class on every day from its "
        "start to its stop, whatever it is taken for; regular muscle relaxants or other "
        "medication only when marked as taken to relieve headache (preventive medication "
        "never counts). Thresholds: ergots (8.2.1), "
        "triptans (8.2.2), opioids (8.2.4) or combination analgesics (8.2.5) on "
        f"{t['8.2.1']} or more days a month; non-opioid analgesics (paracetamol, aspirin, "
        f"other NSAIDs) on {t['8.2.3']} or more days a month, counted together as one "
        "class (8.2.3); in a month where none of these is reached, two or more of these "
        f"classes on {t['8.2.6']} or more days in all (8.2.6); other medication taken for "
        f"headache (muscle relaxants, other) on {t['8.2.8']} or more days (8.2.8, in this "
        "app's words). This app's own readings: 'not individually overused' (8.2.6) is "
        "judged month by month, and combination analgesics count towards 8.2.6. ICHD-3 "
        "asks for regular overuse for more than 3 months: runs of consecutive months with "
        f"a threshold reached are shown, and {RUN_MONTHS} or more months are more than 3 "
        f"months. Headache on {CRITERION_A_DAYS} or more days a month (criterion A) is "
        "shown on its own. ICHD-3 states that these numbers of days rest on expert "
        "opinion rather than formal evidence."
    )


def relief_sentence(summary: Summary) -> str:
    """Relief recorded by class for the period's doses ("" when none were recorded)."""
    parts = []
    for cls, counts in summary.relief_by_class.items():
        total = sum(counts.values())
        if total:
            listed = ", ".join(f"{r} {n}" for r, n in counts.items() if n)
            parts.append(f"{lower_label(vocab.label(cls))}: {listed}")
    if not parts:
        return ""
    return "Relief recorded, by class (doses): " + "; ".join(parts) + "."


# -- profile, definitions ---------------------------------------------------------------------


NO_HISTORY_YET = "This diary holds no neck history yet."


def cannot_show_sentence(history_events: int | None = None) -> str:
    """DESIGN.md's one list of what a diary cannot show and what the history can inform.

    ``history_events``: how many events the diary's neck history holds; the sentence that
    it holds none is added only when that is so (0), never when it holds some or when
    the caller does not know (None)."""
    (b, b_what), (c3, c3_what) = DIARY_CANNOT_SHOW
    inform = and_list([f"{c.split()[-1]} ({what})" for c, what in HISTORY_CAN_INFORM])
    text = (
        f"A diary can show neither {b} ({b_what}) nor {c3.split()[-1]} ({c3_what}). A neck "
        "history (injury, imaging, treatments, nerve blocks) can record the findings behind "
        f"B and inform {inform}; it informs the physician and decides no criterion."
    )
    return f"{text} {NO_HISTORY_YET}" if history_events == 0 else text


def profile_value(f: ProfileFeature) -> str:
    """``14 of 41 episodes with symptoms recorded (34.1%); 20 not recorded``."""
    pct = f.pct
    text = f.as_text() + ("" if pct is None else f" ({number(pct)}%)")
    return f"{text}; {f.left_out}" if f.left_out else text


DEFINITIONS = (
    "Every share is of the episodes where the field it needs was recorded; an explicit "
    "'none' counts as recorded, an empty field does not.",
    "Unilateral: side left or right; percentages are of episodes with a known side "
    "(left, right or both).",
    "Movement-triggered: brought on by neck movement or a sustained awkward head position; "
    "pressure-provoked: by pressure on the upper neck or back of the head on the painful "
    "side; mechanically provoked: either.",
    "Headache day: a calendar day (local time) on which any episode was in progress, or for "
    "which a daily check-in reported a headache; an episode still marked ongoing counts up "
    "to today.",
    "Recorded day: a headache day or a day with a daily check-in; a day without either is "
    "unknown, never counted as headache-free.",
    "Side shift: two consecutive one-sided episodes on different sides.",
    f"Intensity: peak, 0-10 ({APP_SCALE}).",
)


def definitions() -> list[str]:
    return [*DEFINITIONS, overuse_definition()]


# -- CLI ---------------------------------------------------------------------------------------


def format_text(summary: Summary, *, history_events: int | None = None) -> str:
    """Readable text for ``headache-diary summary``; ``history_events``: how many events
    the neck history holds (None: not known, so nothing is said about it)."""
    p = summary.period
    lines = [
        f"Headache Diary summary, {format_date(p.start)} to {format_date(p.end)} "
        f"({plural(p.days, 'day')})",
        DISCLAIMER,
        "",
    ]
    lines += headline_sentences(summary)
    complete = completeness_sentence(summary.completeness)
    if complete:
        lines.append(complete)
    lines.append("")

    def row(label: str, value: object) -> None:
        lines.append(f"  {label:<40} {value}")

    lines.append("Key figures")
    for k in key_figures(summary):
        row(k.label, f"{k.value:>6}  {k.basis}")
    lines.append("")
    side = summary.side
    row("Episodes", summary.episodes)
    row("Headache days", summary.headache_days)
    c = summary.completeness
    row("Days recorded (up to today)", f"{c.recorded_days} of {c.days}")
    row("Confirmed headache-free days", c.headache_free_days)
    row("Days without any record", c.unrecorded_days)
    row("Side (left/right/both/unsure)", "/".join(str(side[s]) for s in vocab.SIDES))
    row("Mechanically provoked", _pct(summary.mechanically_provoked_pct))
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
            name = {"not_recorded": "Not recorded", vocab.NONE: "None noticed"}.get(code)
            row(name or vocab.label(code), n)

    counts("Triggers (episodes)", dict(summary.triggers))
    counts("Neck position at onset (episodes)", dict(summary.neck_positions))
    counts("Medication days by class", dict(summary.medication_days))

    lines.append("")
    lines.append("Medication overuse (ICHD-3 8.2), per whole calendar month")
    flagged = overuse_sentences(summary)
    lines += [f"  {s}" for s in flagged] or [f"  {overuse_status(summary)}"]
    a = criterion_a_sentence(summary)
    if a:
        lines.append(f"  {a}")
    relief = relief_sentence(summary)
    if relief:
        lines.append(f"  {relief}")

    if summary.episodes:
        lines += ["", "Feature profile (counts of episodes, not a diagnosis)"]
        for g in summary.profile:
            lines.append(f"  {_group_line(g)}")
            for f in g.features:
                lines.append(f"    {f.label}: {profile_value(f)} [{f.criterion}]")
                if f.note:
                    lines.append(f"      ({f.note})")
        lines.append(f"  {cannot_show_sentence(history_events)}")

    if summary.monthly:
        lines.append("")
        lines.append("  month    episodes  headache days  one-sided  movement-triggered")
        for m in summary.monthly:
            lines.append(
                f"  {m.month}  {m.episodes:>8}  {m.headache_days:>13}  "
                f"{_pct(m.unilateral_pct):>9}  {_pct(m.movement_triggered_pct):>18}"
            )
    lines += ["", "Definitions"] + [f"  - {d}" for d in definitions()]
    return "\n".join(lines)


def _group_line(g: ProfileGroup) -> str:
    return f"{g.label} ({g.criterion})" + (f". {g.note}" if g.note else "")
