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

from headache_diary import i18n
from headache_diary.analysis.completeness import completeness_sentence
from headache_diary.analysis.features import (
    DIARY_CANNOT_SHOW,
    HISTORY_CAN_INFORM,
)
from headache_diary.analysis.overuse import (
    BY_ID,
    CRITERION_A_DAYS,
    ICHD_CLASS_PLURAL,
    RUN_MONTHS,
    MonthOveruse,
    OveruseRun,
)
from headache_diary.analysis.results import ProfileFeature, ProfileGroup, Summary
from headache_diary.domain import vocab
from headache_diary.domain.text import format_date, format_minutes, format_month
from headache_diary.i18n import N_, _, format_list, format_percent, ngettext, pgettext

DISCLAIMER = N_("Self-reported, not a diagnosis.")


def disclaimer() -> str:
    """:data:`DISCLAIMER` in the current language."""
    return _(DISCLAIMER)


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
    return "–" if value is None else format_percent(value)


def _episodes(n: int) -> str:
    # Translators: a count of episodes, put into a longer sentence as {episodes}
    return ngettext("{count} episode", "{count} episodes", n)


def _days(n: int) -> str:
    # Translators: a count of days, put into a longer sentence as {days}
    return ngettext("{count} day", "{count} days", n)


def _headache_days(n: int) -> str:
    # Translators: a count of headache days, put into a longer sentence
    return ngettext("{count} headache day", "{count} headache days", n)


def _one_sided_basis(summary: Summary) -> str:
    side = summary.side
    known, uni = summary.known_side, summary.unilateral
    if side["unsure"]:
        return ngettext(
            "{uni} of {count} episode with a known side (side unsure in {unsure})",
            "{uni} of {count} episodes with a known side (side unsure in {unsure})",
            known,
            uni=uni,
            unsure=side["unsure"],
        )
    return ngettext(
        "{uni} of {count} episode with a known side",
        "{uni} of {count} episodes with a known side",
        known,
        uni=uni,
    )


def _same_side_basis(summary: Summary) -> str:
    side = summary.side
    uni, shifts = summary.unilateral, summary.side_shifts
    dom = summary.dominant_side
    if dom == "left":
        return ngettext(
            "{on_side} of {uni} one-sided on the left; {count} side shift",
            "{on_side} of {uni} one-sided on the left; {count} side shifts",
            shifts,
            on_side=side["left"],
            uni=uni,
        )
    if dom == "right":
        return ngettext(
            "{on_side} of {uni} one-sided on the right; {count} side shift",
            "{on_side} of {uni} one-sided on the right; {count} side shifts",
            shifts,
            on_side=side["right"],
            uni=uni,
        )
    if uni:
        return ngettext(
            "left and right equally often ({each} each); {count} side shift",
            "left and right equally often ({each} each); {count} side shifts",
            shifts,
            each=side["left"],
        )
    return _("no one-sided episodes")


def key_figures(summary: Summary) -> list[KeyFigure]:
    """One-sided %, same-side %, movement/posture-provoked %, pressure-provoked %,
    headache days per 30, each with its denominator."""
    out = [
        KeyFigure(
            "one_sided",
            _("One-sided (left or right)"),
            _pct(summary.unilateral_pct),
            _one_sided_basis(summary),
        )
    ]
    # not the profile's side_locked row, which is of all episodes with a known side
    out.append(
        KeyFigure(
            "same_side",
            _("On the same side, of one-sided episodes"),
            _pct(summary.dominant_side_pct),
            _same_side_basis(summary),
        )
    )

    rec = summary.recorded.triggers
    not_rec = summary.episodes - rec
    for fid, label, count, pct in (
        (
            "movement_provoked",
            N_("Brought on by neck movement or posture"),
            summary.movement_triggered,
            summary.movement_triggered_pct,
        ),
        (
            "pressure_provoked",
            N_("Brought on by pressure on the neck"),
            summary.pressure_provoked,
            summary.pressure_provoked_pct,
        ),
    ):
        basis = ngettext(
            "{n} of {count} episode with triggers recorded; {missing} not recorded",
            "{n} of {count} episodes with triggers recorded; {missing} not recorded",
            rec,
            n=count,
            missing=not_rec,
        )
        out.append(KeyFigure(fid, _(label), _pct(pct), basis))

    per30 = summary.headache_days_per_30
    hd = _headache_days(summary.headache_days)
    days = summary.period.days
    # every ongoing episode runs up to today: the earliest one covers the others' days
    ongoing_days = max((o.headache_days for o in summary.ongoing_episodes), default=0)
    if ongoing_days:
        n = len(summary.ongoing_episodes)
        if n == 1:
            # Translators: {headache_days} is e.g. "14 headache days"; {count} the days
            # of the period; {ongoing} how many of the headache days
            basis = ngettext(
                "{headache_days} in {count} day; an episode still marked ongoing is in "
                "progress on {ongoing} of them",
                "{headache_days} in {count} days; an episode still marked ongoing is in "
                "progress on {ongoing} of them",
                days,
                headache_days=hd,
                ongoing=ongoing_days,
            )
        else:
            # Translators: {headache_days} is e.g. "14 headache days"; {count} the days
            # of the period; {n} episodes; {ongoing} how many of the headache days
            basis = ngettext(
                "{headache_days} in {count} day; {n} episodes still marked ongoing are in "
                "progress on {ongoing} of them",
                "{headache_days} in {count} days; {n} episodes still marked ongoing are in "
                "progress on {ongoing} of them",
                days,
                headache_days=hd,
                n=n,
                ongoing=ongoing_days,
            )
    else:
        # Translators: {headache_days} is e.g. "14 headache days"; {count} the days of the
        # period
        basis = ngettext(
            "{headache_days} in {count} day",
            "{headache_days} in {count} days",
            days,
            headache_days=hd,
        )
    out.append(
        KeyFigure(
            "headache_days_per_30",
            _("Headache days per 30 days"),
            "–" if per30 is None else i18n.format_number(per30),
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
        if o.headache_days == 1:
            out.append(
                _(
                    "An episode still marked ongoing since {started} counts as a headache day "
                    "on {first} (if it has in fact ended, these days are overcounted).",
                    started=format_date(o.started),
                    first=format_date(first),
                )
            )
        else:
            out.append(
                ngettext(
                    "An episode still marked ongoing since {started} counts as a headache day "
                    "on each of the {count} day from {first} to {until} (if it has in fact "
                    "ended, these days are overcounted).",
                    "An episode still marked ongoing since {started} counts as a headache day "
                    "on each of the {count} days from {first} to {until} (if it has in fact "
                    "ended, these days are overcounted).",
                    o.headache_days,
                    started=format_date(o.started),
                    first=format_date(first),
                    until=format_date(o.until),
                )
            )
    start = summary.period.start
    ongoing_before = sum(o.started < start for o in summary.ongoing_episodes)
    n = summary.started_before_period - ongoing_before
    if n:
        if ongoing_before:
            text = ngettext(
                "{count} other episode that began before {start} was still in progress then; "
                "its days in this period count as headache days, the episode itself is not "
                "counted.",
                "{count} other episodes that began before {start} were still in progress "
                "then; their days in this period count as headache days, the episodes "
                "themselves are not counted.",
                n,
                start=format_date(start),
            )
        else:
            text = ngettext(
                "{count} episode that began before {start} was still in progress then; its "
                "days in this period count as headache days, the episode itself is not "
                "counted.",
                "{count} episodes that began before {start} were still in progress then; "
                "their days in this period count as headache days, the episodes themselves "
                "are not counted.",
                n,
                start=format_date(start),
            )
        out.append(text)
    return out


# -- headline sentences -------------------------------------------------------------------


def _period_sentence(summary: Summary) -> str:
    period = summary.period
    n = summary.episodes
    hd = summary.headache_days
    per30 = summary.headache_days_per_30
    values = {
        "episodes": _episodes(n),
        "start": format_date(period.start),
        "end": format_date(period.end),
        "days": _days(period.days),
    }
    if not (hd or n):
        # Translators: {episodes} is e.g. "0 episodes", {days} e.g. "90 days"
        return _("{episodes} from {start} to {end} ({days}).", **values)
    if per30 is None:
        # Translators: {episodes} is e.g. "12 episodes", {days} e.g. "90 days"
        return ngettext(
            "{episodes} from {start} to {end} ({days}); headache on {count} day.",
            "{episodes} from {start} to {end} ({days}); headache on {count} days.",
            hd,
            **values,
        )
    # Translators: {episodes} is e.g. "12 episodes", {days} e.g. "90 days", {per30} a rate
    return ngettext(
        "{episodes} from {start} to {end} ({days}); headache on {count} day, {per30} per 30 days.",
        "{episodes} from {start} to {end} ({days}); headache on {count} days, {per30} per 30 days.",
        hd,
        per30=i18n.format_number(per30),
        **values,
    )


def _side_sentence(summary: Summary) -> str:
    side = summary.side
    known = summary.known_side
    uni = summary.unilateral
    if not known:
        return ngettext(
            "The side was unsure in the {count} episode.",
            "The side was unsure in all {count} episodes.",
            summary.episodes,
        )
    # Translators: e.g. "5 episodes with a known side", put into the next sentences
    of = ngettext("{count} episode with a known side", "{count} episodes with a known side", known)
    if uni == 0:
        # Translators: {of} is e.g. "5 episodes with a known side"
        s = _("None of the {of} was one-sided", of=of)
    elif side["right"] == 0:
        # Translators: {of} is e.g. "5 episodes with a known side"
        s = ngettext(
            "{count} of {of} was one-sided, on the left",
            "{count} of {of} were one-sided, all on the left",
            uni,
            of=of,
        )
    elif side["left"] == 0:
        s = ngettext(
            "{count} of {of} was one-sided, on the right",
            "{count} of {of} were one-sided, all on the right",
            uni,
            of=of,
        )
    else:
        s = _(
            "{uni} of {of} were one-sided: {left} on the left, {right} on the right",
            uni=uni,
            of=of,
            left=side["left"],
            right=side["right"],
        )
    if side["unsure"]:
        # Translators: {statement} is the sentence before, without its full stop
        return _(
            "{statement}; the side was unsure in {unsure}.", statement=s, unsure=side["unsure"]
        )
    return s + "."


def _trigger_sentence(summary: Summary) -> str:
    n = summary.episodes
    rec = summary.recorded.triggers
    if not rec:
        return ngettext(
            "Triggers were not recorded for the episode.",
            "Triggers were not recorded for any of the {count} episodes.",
            n,
        )
    values = {
        "movement": summary.movement_triggered,
        "movement_pct": _pct(summary.movement_triggered_pct),
        "pressure": summary.pressure_provoked,
        "pressure_pct": _pct(summary.pressure_provoked_pct),
        "no_trigger": summary.triggers[vocab.NONE],
        "missing": n - rec,
    }
    pressure, none = bool(summary.pressure_provoked), bool(summary.triggers[vocab.NONE])
    if pressure and none:
        return ngettext(
            "{movement} of {count} episode with triggers recorded ({movement_pct}) came on "
            "with neck movement or a sustained awkward head position; {pressure} "
            "({pressure_pct}) with pressure on the upper neck; no trigger noticed in "
            "{no_trigger}; triggers not recorded in {missing}.",
            "{movement} of {count} episodes with triggers recorded ({movement_pct}) came on "
            "with neck movement or a sustained awkward head position; {pressure} "
            "({pressure_pct}) with pressure on the upper neck; no trigger noticed in "
            "{no_trigger}; triggers not recorded in {missing}.",
            rec,
            **values,
        )
    if pressure:
        return ngettext(
            "{movement} of {count} episode with triggers recorded ({movement_pct}) came on "
            "with neck movement or a sustained awkward head position; {pressure} "
            "({pressure_pct}) with pressure on the upper neck; triggers not recorded in "
            "{missing}.",
            "{movement} of {count} episodes with triggers recorded ({movement_pct}) came on "
            "with neck movement or a sustained awkward head position; {pressure} "
            "({pressure_pct}) with pressure on the upper neck; triggers not recorded in "
            "{missing}.",
            rec,
            **values,
        )
    if none:
        return ngettext(
            "{movement} of {count} episode with triggers recorded ({movement_pct}) came on "
            "with neck movement or a sustained awkward head position; no trigger noticed in "
            "{no_trigger}; triggers not recorded in {missing}.",
            "{movement} of {count} episodes with triggers recorded ({movement_pct}) came on "
            "with neck movement or a sustained awkward head position; no trigger noticed in "
            "{no_trigger}; triggers not recorded in {missing}.",
            rec,
            **values,
        )
    return ngettext(
        "{movement} of {count} episode with triggers recorded ({movement_pct}) came on with "
        "neck movement or a sustained awkward head position; triggers not recorded in "
        "{missing}.",
        "{movement} of {count} episodes with triggers recorded ({movement_pct}) came on with "
        "neck movement or a sustained awkward head position; triggers not recorded in "
        "{missing}.",
        rec,
        **values,
    )


def headline_sentences(summary: Summary) -> list[str]:
    """The summary in plain descriptive sentences (GUI, CLI text and PDF)."""
    out: list[str] = [_period_sentence(summary)]
    out += disclosure_sentences(summary)
    n = summary.episodes
    if n == 0:
        return out

    out.append(_side_sentence(summary))
    if summary.unilateral >= 2:
        shifts = summary.side_shifts
        if shifts == 0:
            out.append(_("The side never changed from one one-sided episode to the next."))
        else:
            out.append(
                ngettext(
                    "The side changed {count} time from one one-sided episode to the next.",
                    "The side changed {count} times from one one-sided episode to the next.",
                    shifts,
                )
            )
    out.append(_trigger_sentence(summary))

    positions = {
        k: v
        for k, v in summary.neck_positions.items()
        if k not in ("not_recorded", "unknown") and v
    }
    if positions:
        recorded = sum(positions.values())
        top = max(positions.values())
        tops = format_list([vocab.label(k) for k, v in positions.items() if v == top])
        out.append(
            # Translators: {positions} lists neck positions, e.g. "Looking down"
            ngettext(
                "Most common neck position at onset: {positions} ({top} of {count} episode "
                "with a position recorded).",
                "Most common neck position at onset: {positions} ({top} of {count} episodes "
                "with a position recorded).",
                recorded,
                positions=tops,
                top=top,
            )
        )

    dur = summary.duration
    if dur:
        out.append(
            _(
                "Episodes that ended lasted a median of {median} (middle half {p25} to {p75}, "
                "longest {longest}).",
                median=format_minutes(dur.median),
                p25=format_minutes(dur.p25),
                p75=format_minutes(dur.p75),
                longest=format_minutes(dur.max),
            )
        )
    inten = summary.intensity
    if inten:
        out.append(
            ngettext(
                "Peak intensity averaged {mean} out of 10 (median {median}; {recorded} of "
                "{count} episode with an intensity recorded).",
                "Peak intensity averaged {mean} out of 10 (median {median}; {recorded} of "
                "{count} episodes with an intensity recorded).",
                n,
                mean=float(inten.mean),
                median=float(inten.median),
                recorded=summary.recorded.intensity,
            )
        )
    meds = [(c, d) for c, d in summary.medication_days.items() if d]
    if meds:
        listed = format_list(
            [
                # Translators: one item of the list "Medication taken: ..."; {medication}
                # is a medication class, e.g. "Triptan"
                ngettext(
                    "{medication} on {count} day",
                    "{medication} on {count} days",
                    d,
                    medication=vocab.label(c),
                )
                for c, d in meds
            ]
        )
        out.append(_("Medication taken: {list}.", list=listed))
    return out


# -- medication overuse (ICHD-3 8.2) --------------------------------------------------------


def _classes(classes: tuple[str, ...]) -> str:
    return format_list([vocab.label(c) for c in classes])


def month_sentence(f: MonthOveruse) -> str:
    """``June 2026: triptans on 12 days (ICHD-3 8.2.2: 10 or more days a month).``"""
    c = f.criterion
    values = {
        "month": format_month(f.month),
        "threshold": c.threshold,
        "classes": _classes(f.classes),
    }
    if c.id == "8.2.1":
        return ngettext(
            "{month}: ergots on {count} day (ICHD-3 8.2.1: {threshold} or more days a month).",
            "{month}: ergots on {count} days (ICHD-3 8.2.1: {threshold} or more days a month).",
            f.days,
            **values,
        )
    if c.id == "8.2.2":
        return ngettext(
            "{month}: triptans on {count} day (ICHD-3 8.2.2: {threshold} or more days a month).",
            "{month}: triptans on {count} days (ICHD-3 8.2.2: {threshold} or more days a month).",
            f.days,
            **values,
        )
    if c.id == "8.2.3":
        # Translators: {classes} lists medication classes, e.g. "Simple analgesic and NSAID"
        return ngettext(
            "{month}: non-opioid analgesics ({classes}) together on {count} day (ICHD-3 "
            "8.2.3: {threshold} or more days a month).",
            "{month}: non-opioid analgesics ({classes}) together on {count} days (ICHD-3 "
            "8.2.3: {threshold} or more days a month).",
            f.days,
            **values,
        )
    if c.id == "8.2.4":
        return ngettext(
            "{month}: opioids on {count} day (ICHD-3 8.2.4: {threshold} or more days a month).",
            "{month}: opioids on {count} days (ICHD-3 8.2.4: {threshold} or more days a month).",
            f.days,
            **values,
        )
    if c.id == "8.2.5":
        return ngettext(
            "{month}: combination analgesics on {count} day (ICHD-3 8.2.5: {threshold} or "
            "more days a month).",
            "{month}: combination analgesics on {count} days (ICHD-3 8.2.5: {threshold} or "
            "more days a month).",
            f.days,
            **values,
        )
    if c.id == "8.2.6":
        # sorted by the English source, as before, then said in the current language
        kinds = format_list([_(k) for k in sorted({ICHD_CLASS_PLURAL[x] for x in f.classes})])
        # Translators: {kinds} lists ICHD-3 classes (e.g. "triptans and non-opioid
        # analgesics"), {classes} the app's medication classes taken
        return ngettext(
            "{month}: {kinds} ({classes}) on {count} day in all, no class at its own "
            "threshold (ICHD-3 8.2.6: two or more classes on {threshold} or more days a "
            "month).",
            "{month}: {kinds} ({classes}) on {count} days in all, no class at its own "
            "threshold (ICHD-3 8.2.6: two or more classes on {threshold} or more days a "
            "month).",
            f.days,
            kinds=kinds,
            **values,
        )
    return ngettext(
        "{month}: other medication for headache ({classes}) on {count} day (ICHD-3 8.2.8: "
        "{threshold} or more days a month, in this app's words).",
        "{month}: other medication for headache ({classes}) on {count} days (ICHD-3 8.2.8: "
        "{threshold} or more days a month, in this app's words).",
        f.days,
        **values,
    )


def month_span(first: str, last: str) -> str:
    """``March 2026``, ``January to April 2026`` or ``November 2025 to February 2026``."""
    if first == last:
        return format_month(first)
    if first[:4] == last[:4]:
        # Translators: {first} is a month without its year, {last} a month and year
        return _(
            "{first} to {last}",
            first=i18n.month_names()[int(first[5:7]) - 1],
            last=format_month(last),
        )
    return _("{first} to {last}", first=format_month(first), last=format_month(last))


def _criteria(ids: tuple[str, ...] | list[str]) -> str:
    return format_list(list(ids))


def run_sentence(r: OveruseRun, inside: set[str]) -> str:
    """A run of two or more consecutive months with some ICHD-3 8.2 threshold reached:
    which criteria when (and, when they changed, whether any one of them lasted more than
    3 months), in how many of its months criterion A was met, and whether it reaches
    beyond the period (``inside``: the period's months)."""
    values = {
        "first": format_month(r.first),
        "last": format_month(r.last),
        "criteria": _criteria(list(r.criteria)),
    }
    if not r.criteria_changed:
        if r.months >= RUN_MONTHS:
            # Translators: {criteria} lists ICHD-3 subtypes, e.g. "8.2.2 and 8.2.3"
            s = _(
                "An ICHD-3 8.2 medication threshold was reached in each of {count} consecutive "
                "months, {first} to {last} ({criteria}): more than 3 months",
                count=r.months,
                **values,
            )
        else:
            s = _(
                "An ICHD-3 8.2 medication threshold was reached in each of {count} consecutive "
                "months, {first} to {last} ({criteria}); ICHD-3 8.2 speaks of regular overuse "
                "for more than 3 months",
                count=r.months,
                **values,
            )
    else:
        stretches = ""
        for start, end, met in r.stretches():
            # Translators: e.g. "8.2.2 in January to March 2026"
            part = _(
                "{criteria} in {months}",
                criteria=_criteria(list(met)),
                months=month_span(start, end),
            )
            # Translators: joins the stretches of a run: "8.2.2 in May, then 8.2.3 in June"
            stretches = (
                part
                if not stretches
                else _("{earlier}, then {later}", earlier=stretches, later=part)
            )
        longest = r.longest_single_criterion_months
        if longest >= RUN_MONTHS:
            # Translators: {stretches} e.g. "8.2.2 in May 2026, then 8.2.3 in June 2026";
            # {which} lists ICHD-3 subtypes
            s = _(
                "An ICHD-3 8.2 medication threshold was reached in each of {count} consecutive "
                "months, {first} to {last}, but the criteria changed: {stretches}; {which} in "
                "{longest} consecutive months: more than 3 months",
                count=r.months,
                stretches=stretches,
                which=_criteria(list(r.longest_single_criteria)),
                longest=longest,
                **values,
            )
        elif r.months >= RUN_MONTHS:
            s = _(
                "An ICHD-3 8.2 medication threshold was reached in each of {count} consecutive "
                "months, {first} to {last}, but the criteria changed: {stretches}; no single "
                "criterion was met in more than 3 consecutive months (at most {longest})",
                count=r.months,
                stretches=stretches,
                longest=longest,
                **values,
            )
        else:
            s = _(
                "An ICHD-3 8.2 medication threshold was reached in each of {count} consecutive "
                "months, {first} to {last}, but the criteria changed: {stretches}; ICHD-3 8.2 "
                "speaks of regular overuse for more than 3 months",
                count=r.months,
                stretches=stretches,
                **values,
            )
    a = r.headache_15_days_months
    if a == 0:
        # Translators: {statement} is the sentence before, without its full stop
        s = _(
            "{statement}; criterion A (headache on {days} or more days) was met in none of its "
            "{count} months",
            statement=s,
            days=CRITERION_A_DAYS,
            count=r.months,
        )
    elif a is not None:
        s = _(
            "{statement}; criterion A (headache on {days} or more days) was met in {a} of its "
            "{count} months",
            statement=s,
            days=CRITERION_A_DAYS,
            a=a,
            count=r.months,
        )
    if r.first not in inside or r.last not in inside:
        # Translators: {statement} is the sentence before, without its full stop
        s = _("{statement}; the run extends beyond this period", statement=s)
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
        out.append(
            ngettext(
                "… and {count} earlier month with a threshold reached.",
                "… and {count} earlier months with a threshold reached.",
                rest,
            )
        )
    return out


NO_THRESHOLD = N_("No calendar month of this period reached an ICHD-3 8.2 medication threshold.")
NO_MEDICATION_DAYS = N_(
    "No medication day in this period: no dose was recorded, and no regular medication "
    "counts as one."
)


def overuse_status(summary: Summary) -> str:
    """The sentence said instead of :func:`overuse_sentences` when the period has no month
    with a threshold reached ("" when it has one): whether there were medication days."""
    if summary.overuse.months:
        return ""
    if any(summary.medication_days.values()):
        return _(NO_THRESHOLD)
    return _(NO_MEDICATION_DAYS)


def overuse_line(summary: Summary) -> str:
    """The overuse check in one line, for page 1 of the PDF (the details follow later)."""
    if not summary.overuse.months:
        if any(summary.medication_days.values()):
            return _(
                "Overuse check (ICHD-3 8.2): no calendar month of this period reached an "
                "ICHD-3 8.2 medication threshold."
            )
        return _(
            "Overuse check (ICHD-3 8.2): no medication day in this period: no dose was "
            "recorded, and no regular medication counts as one."
        )
    months = sorted({f.month for f in summary.overuse.months})
    criteria = _criteria(sorted({f.criterion.id for f in summary.overuse.months}))
    n = len(summary.period.months())
    if n == 1:
        # Translators: {criteria} lists ICHD-3 subtypes, e.g. "8.2.2, 8.2.3"
        text = _(
            "Overuse check (ICHD-3 8.2): a threshold was reached in this period's calendar "
            "month ({criteria})",
            criteria=criteria,
        )
    else:
        text = _(
            "Overuse check (ICHD-3 8.2): a threshold was reached in {months} of the {count} "
            "calendar months of this period ({criteria})",
            months=len(months),
            count=n,
            criteria=criteria,
        )
    longest = max(summary.overuse.runs, key=lambda r: r.months)
    single = max(summary.overuse.runs, key=lambda r: r.longest_single_criterion_months)
    n_single = single.longest_single_criterion_months
    if longest.months >= RUN_MONTHS:
        span = month_span(longest.first, longest.last)
        if n_single >= RUN_MONTHS:
            # Translators: {statement} is the sentence before, without its full stop;
            # {span} e.g. "January to April 2026"; {which} lists ICHD-3 subtypes
            text = _(
                "{statement}; in {count} consecutive months, {span}, {which} in {single} "
                "consecutive months: more than 3 months",
                statement=text,
                count=longest.months,
                span=span,
                which=_criteria(list(single.longest_single_criteria)),
                single=n_single,
            )
        else:
            text = _(
                "{statement}; in {count} consecutive months, {span}, but no single criterion "
                "in more than 3 (at most {single})",
                statement=text,
                count=longest.months,
                span=span,
                single=n_single,
            )
    elif longest.months > 1:
        text = _(
            "{statement}; in at most {count} consecutive months, not more than 3",
            statement=text,
            count=longest.months,
        )
    else:
        text = _("{statement}; never in two consecutive months", statement=text)
    return _("{statement}; the months and the definitions follow further on.", statement=text)


def criterion_a_sentence(summary: Summary) -> str:
    """ICHD-3 8.2 criterion A on its own ("" when no month had 15 or more headache days)."""
    if not summary.headache_15_days:
        return ""
    months = format_list(
        [
            # Translators: one item of a list of months, e.g. "May 2026 (16 headache days)"
            ngettext(
                "{month} ({count} headache day)",
                "{month} ({count} headache days)",
                d,
                month=format_month(m),
            )
            for m, d in summary.headache_15_days
        ]
    )
    return _(
        "Headache on {days} or more days of a calendar month, the figure of ICHD-3 8.2 "
        "criterion A (on its own it says nothing about medication): {months}.",
        days=CRITERION_A_DAYS,
        months=months,
    )


def overuse_definition() -> str:
    """The complete definition the PDF and the Analysis tab print."""
    t = {i: c.threshold for i, c in BY_ID.items()}
    return _(
        "Medication overuse (ICHD-3 8.2) is counted per whole calendar month, days outside "
        "the period included, on medication days: the local date a dose was taken, or the "
        "episode's start date when no time was entered; a dose taken outside an episode "
        "on its own date; regular medication of an analgesic class on every day from its "
        "start to its stop, whatever it is taken for; regular muscle relaxants or other "
        "medication only when marked as taken to relieve headache (preventive medication "
        "never counts). Thresholds: ergots (8.2.1), "
        "triptans (8.2.2), opioids (8.2.4) or combination analgesics (8.2.5) on "
        "{t1} or more days a month; non-opioid analgesics (paracetamol, aspirin, "
        "other NSAIDs) on {t3} or more days a month, counted together as one "
        "class (8.2.3); in a month where none of these is reached, two or more of these "
        "classes on {t6} or more days in all (8.2.6); other medication taken for "
        "headache (muscle relaxants, other) on {t8} or more days (8.2.8, in this "
        "app's words). This app's own readings: 'not individually overused' (8.2.6) is "
        "judged month by month, and combination analgesics count towards 8.2.6. ICHD-3 "
        "asks for regular overuse for more than 3 months: runs of consecutive months with "
        "a threshold reached are shown, and {run} or more months are more than 3 "
        "months. Headache on {a} or more days a month (criterion A) is "
        "shown on its own. ICHD-3 states that these numbers of days rest on expert "
        "opinion rather than formal evidence.",
        t1=t["8.2.1"],
        t3=t["8.2.3"],
        t6=t["8.2.6"],
        t8=t["8.2.8"],
        run=RUN_MONTHS,
        a=CRITERION_A_DAYS,
    )


def relief_sentence(summary: Summary) -> str:
    """Relief recorded by class for the period's doses ("" when none were recorded)."""
    parts = []
    for cls, counts in summary.relief_by_class.items():
        total = sum(counts.values())
        if total:
            # Translators: one relief level and its count of doses, e.g. "Good 3"
            listed = format_list(
                [
                    _("{relief} {count}", relief=vocab.label(r), count=n)
                    for r, n in counts.items()
                    if n
                ]
            )
            # Translators: a medication class and its relief counts, e.g. "Triptan: Good 3"
            parts.append(_("{medication}: {relief}", medication=vocab.label(cls), relief=listed))
    if not parts:
        return ""
    # Translators: {list} holds one "class: relief counts" part per class, separated by ";"
    return _("Relief recorded, by class (doses): {list}.", list="; ".join(parts))


# -- profile, definitions ---------------------------------------------------------------------


NO_HISTORY_YET = N_("This diary holds no neck history yet.")


def cannot_show_sentence(history_events: int | None = None) -> str:
    """DESIGN.md's one list of what a diary cannot show and what the history can inform.

    ``history_events``: how many events the diary's neck history holds; the sentence that
    it holds none is added only when that is so (0), never when it holds some or when
    the caller does not know (None)."""
    (b, b_what), (c3, c3_what) = DIARY_CANNOT_SHOW
    inform = format_list(
        [
            # Translators: an ICHD-3 11.2.1 criterion and what it asks, e.g. "C1 (...)"
            _("{criterion} ({what})", criterion=c.split()[-1], what=_(what))
            for c, what in HISTORY_CAN_INFORM
        ]
    )
    # Translators: {b} is "ICHD-3 11.2.1 B"; {b_what} and {c3_what} what the criteria ask;
    # {inform} lists criteria and what they ask
    text = _(
        "A diary can show neither {b} ({b_what}) nor {c3} ({c3_what}). A neck history "
        "(injury, imaging, treatments, nerve blocks) can record the findings behind B and "
        "inform {inform}; it informs the physician and decides no criterion.",
        b=b,
        b_what=_(b_what),
        c3=c3.split()[-1],
        c3_what=_(c3_what),
        inform=inform,
    )
    return f"{text} {_(NO_HISTORY_YET)}" if history_events == 0 else text


def profile_value(f: ProfileFeature) -> str:
    """``14 of 41 episodes with symptoms recorded (34.1%); 20 not recorded``."""
    text = f.as_text()
    if f.pct is not None:
        # Translators: {count_text} e.g. "14 of 41 episodes with symptoms recorded"
        text = _("{count_text} ({percent})", count_text=text, percent=format_percent(f.pct))
    left_out = f.left_out
    # Translators: {left_out} e.g. "20 not recorded"
    return _("{text}; {left_out}", text=text, left_out=left_out) if left_out else text


DEFINITIONS = (
    N_(
        "Every share is of the episodes where the field it needs was recorded; an explicit "
        "'none' counts as recorded, an empty field does not."
    ),
    N_(
        "Unilateral: side left or right; percentages are of episodes with a known side "
        "(left, right or both)."
    ),
    N_(
        "Movement-triggered: brought on by neck movement or a sustained awkward head position; "
        "pressure-provoked: by pressure on the upper neck or back of the head on the painful "
        "side; mechanically provoked: either."
    ),
    N_(
        "Headache day: a calendar day (local time) on which any episode was in progress, or "
        "for which a daily check-in reported a headache; an episode still marked ongoing "
        "counts up to today."
    ),
    N_(
        "Recorded day: a headache day or a day with a daily check-in; a day without either is "
        "unknown, never counted as headache-free."
    ),
    N_("Side shift: two consecutive one-sided episodes on different sides."),
    # the bands of features.APP_SCALE, written out: the table is shown as it is too
    N_("Intensity: peak, 0-10 (1-3 mild, 4-6 moderate, 7-10 severe: this app's scale)."),
)


def definitions() -> list[str]:
    """The definitions in the current language, the overuse definition last."""
    return [*(_(d) for d in DEFINITIONS), overuse_definition()]


# -- CLI ---------------------------------------------------------------------------------------


def format_text(summary: Summary, *, history_events: int | None = None) -> str:
    """Readable text for ``headache-diary summary``; ``history_events``: how many events
    the neck history holds (None: not known, so nothing is said about it)."""
    p = summary.period
    lines = [
        ngettext(
            "Headache Diary summary, {start} to {end} ({count} day)",
            "Headache Diary summary, {start} to {end} ({count} days)",
            p.days,
            start=format_date(p.start),
            end=format_date(p.end),
        ),
        disclaimer(),
        "",
    ]
    lines += headline_sentences(summary)
    complete = completeness_sentence(summary.completeness)
    if complete:
        lines.append(complete)
    lines.append("")

    def row(label: str, value: object) -> None:
        lines.append(f"  {label:<40} {value}")

    lines.append(_("Key figures"))
    for k in key_figures(summary):
        row(k.label, f"{k.value:>6}  {k.basis}")
    lines.append("")
    side = summary.side
    fmt = i18n.format_int
    row(_("Episodes"), fmt(summary.episodes))
    row(_("Headache days"), fmt(summary.headache_days))
    c = summary.completeness
    row(_("Days recorded (up to today)"), _("{n} of {count}", n=c.recorded_days, count=c.days))
    row(_("Confirmed headache-free days"), fmt(c.headache_free_days))
    row(_("Days without any record"), fmt(c.unrecorded_days))
    row(_("Side (left/right/both/unsure)"), "/".join(fmt(side[s]) for s in vocab.SIDES))
    row(_("Mechanically provoked"), _pct(summary.mechanically_provoked_pct))
    dur = summary.duration
    if dur:
        row(
            _("Duration, minutes (median, p25-p75)"),
            _(
                "{median} ({p25}-{p75}), max {longest}",
                median=i18n.format_number(dur.median, 0),
                p25=i18n.format_number(dur.p25, 0),
                p75=i18n.format_number(dur.p75, 0),
                longest=i18n.format_number(dur.max, 0),
            ),
        )
    inten = summary.intensity
    if inten:
        row(
            _("Intensity (mean, median)"),
            _(
                "{mean}, {median}",
                mean=i18n.format_fixed(inten.mean),
                median=i18n.format_number(inten.median),
            ),
        )

    def counts(title: str, data: dict[str, int]) -> None:
        shown = {k: v for k, v in data.items() if v}
        if not shown:
            return
        lines.append("")
        lines.append(title)
        for code, n in shown.items():
            if code == "not_recorded":
                name = _("Not recorded")
            elif code == vocab.NONE:
                name = _("None noticed")
            else:
                name = vocab.label(code)
            row(name, fmt(n))

    counts(_("Triggers (episodes)"), dict(summary.triggers))
    counts(_("Neck position at onset (episodes)"), dict(summary.neck_positions))
    counts(_("Medication days by class"), dict(summary.medication_days))

    lines.append("")
    lines.append(_("Medication overuse (ICHD-3 8.2), per whole calendar month"))
    flagged = overuse_sentences(summary)
    lines += [f"  {s}" for s in flagged] or [f"  {overuse_status(summary)}"]
    a = criterion_a_sentence(summary)
    if a:
        lines.append(f"  {a}")
    relief = relief_sentence(summary)
    if relief:
        lines.append(f"  {relief}")

    if summary.episodes:
        lines += ["", _("Feature profile (counts of episodes, not a diagnosis)")]
        for g in summary.profile:
            lines.append(f"  {_group_line(g)}")
            for f in g.features:
                lines.append(f"    {f.label}: {profile_value(f)} [{f.criterion}]")
                note = f.note
                if note:
                    lines.append(f"      ({note})")
        lines.append(f"  {cannot_show_sentence(history_events)}")

    if summary.monthly:
        lines.append("")
        heads = (
            pgettext("table column", "month"),
            pgettext("table column", "episodes"),
            pgettext("table column", "headache days"),
            pgettext("table column", "one-sided"),
            pgettext("table column", "movement-triggered"),
        )
        widths = [max(8, len(heads[0]) + 1), max(8, len(heads[1])), max(13, len(heads[2]))]
        widths += [max(9, len(heads[3])), max(18, len(heads[4]))]
        lines.append(
            f"  {heads[0]:<{widths[0]}} {heads[1]:>{widths[1]}}  {heads[2]:>{widths[2]}}  "
            f"{heads[3]:>{widths[3]}}  {heads[4]:>{widths[4]}}"
        )
        for m in summary.monthly:
            lines.append(
                f"  {m.month:<{widths[0]}} {fmt(m.episodes):>{widths[1]}}  "
                f"{fmt(m.headache_days):>{widths[2]}}  "
                f"{_pct(m.unilateral_pct):>{widths[3]}}  "
                f"{_pct(m.movement_triggered_pct):>{widths[4]}}"
            )
    lines += ["", _("Definitions")] + [f"  - {d}" for d in definitions()]
    return "\n".join(lines)


def _group_line(g: ProfileGroup) -> str:
    label, criterion, note = g.label, g.criterion, g.note
    if note:
        # Translators: a group of the feature profile, its sources and its note
        return _("{label} ({criterion}). {note}", label=label, criterion=criterion, note=note)
    return _("{label} ({criterion})", label=label, criterion=criterion)
