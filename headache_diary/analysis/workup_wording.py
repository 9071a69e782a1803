"""The neck workup in words and table rows, shared by the Analysis tab, the CLI summary and
the PDF: a nerve block's response (its sheet, the ratings with their % relief, the facts
and the ICHD-3 11.2.1 C4 sentence), the latest scores with their change, and the monthly
neck stiffness.

Facts only: "at least 80 % relief from 30 min to 4 h", "pain 0 of 10 from 60 min to 2 h";
never "C4 met" (DESIGN.md). The C4 text is the app's paraphrase (docs/clinical.md); every
sentence is written only when it holds for the record it describes.
"""

from __future__ import annotations

from collections.abc import Sequence

from headache_diary import i18n
from headache_diary.analysis.results import AnalysisSnapshot, EventEffect
from headache_diary.analysis.workup import BlockResponse, LatestScore, NeckStiffness
from headache_diary.domain.history import format_event_date
from headache_diary.domain.workup import (
    RELIEF_BAR_PCT,
    NerveBlock,
    Total,
    control_label,
    format_after,
    format_total,
    purpose_label,
    score_title,
)
from headache_diary.i18n import N_, _, ngettext

HEADING = N_("Neck workup")
BLOCKS_HEADING = N_("Nerve-block response")
SCORES_HEADING = N_("Scores from the clinic's forms")
STIFFNESS_HEADING = N_("Neck stiffness (daily check-in)")
#: ICHD-3 11.2.1 C4 in the app's words (docs/clinical.md: paraphrased, never quoted)
C4_SENTENCE = N_(
    "ICHD-3 11.2.1 C4 (in this app's words): headache abolished after a diagnostic block "
    "of a neck structure or its nerve supply. The figures below are the patient's own "
    "ratings; whether the criterion is met is for the physician to decide."
)
BETWEEN_RATINGS = N_(
    "Relief = (pain before - pain) / pain before. Between two ratings the pain is not "
    "known: a span runs from one rating to another."
)
RATING_COLUMNS = (N_("After the block"), N_("Pain (0-10)"), N_("Relief"))
SCORE_COLUMNS = (N_("Score"), N_("Latest"), N_("Date"), N_("Before that"), N_("Change"))
NO_SCORE_TEXT = N_(
    "The app ships no questionnaire text (the licences of NDI, HIT-6 and MIDAS restrict "
    "it): the totals are copied from the forms the clinic used."
)


def block_effects(snapshot: AnalysisSnapshot) -> list[EventEffect]:
    """The nerve blocks whose block sheet was recorded, in date order."""
    return [e for e in snapshot.history_effects if e.block_response is not None]


def block_title(effect: EventEffect) -> str:
    """``Nerve block, 10 Mar 2026 – TON block``."""
    ev = effect.event
    if ev.title:
        return _("Nerve block, {date} – {title}", date=format_event_date(ev), title=ev.title)
    return _("Nerve block, {date}", date=format_event_date(ev))


def relief_chart_title(effect: EventEffect) -> str:
    """The relief curve's title (the GUI finds a block's curve by it)."""
    return _(
        "Pain and relief after the nerve block of {date}", date=format_event_date(effect.event)
    )


def score_chart_title(instrument: str, name: str) -> str:
    return _("{score} over time", score=score_title(instrument, name))


def block_sheet(block: NerveBlock) -> list[str]:
    """What the block sheet says, a short sentence each (only what was recorded)."""
    out = []
    if block.target:
        out.append(_("Target: {target}.", target=block.target))
    if block.purpose:
        out.append(_("Purpose: {purpose}.", purpose=purpose_label(block.purpose)))
    if block.control:
        out.append(_("Control: {control}.", control=control_label(block.control)))
    if block.anaesthetic:
        out.append(_("Anaesthetic: {anaesthetic}.", anaesthetic=block.anaesthetic))
    return out


def _pct(value: float | None) -> str:
    return "–" if value is None else i18n.format_percent(value)


def rating_rows(response: BlockResponse) -> list[tuple[str, str, str]]:
    """(time after the block, pain, relief) rows, the pain before first."""
    rows = []
    if response.pain_before is not None:
        rows.append((_("Before"), i18n.format_int(response.pain_before), ""))
    for r in response.ratings:
        rows.append((format_after(r.after_minutes), i18n.format_int(r.pain), _pct(r.relief_pct)))
    return rows


def _span(first: int, last: int) -> tuple[str, str]:
    return format_after(first), format_after(last)


def response_facts(response: BlockResponse) -> list[str]:
    """The facts of the ratings, each sentence true of them: the 80 % span, pain 0, the
    most relief, the hours of relief recorded."""
    out = []
    if not response.ratings:
        out.append(_("No pain ratings after the block are recorded."))
    elif response.pain_before is None:
        out.append(_("No pain before the block is recorded, so no relief can be computed."))
    elif response.pain_before == 0:
        out.append(_("The pain before the block was 0 of 10, so no relief can be computed."))
    else:
        first, last = response.at_least_80_pct_from, response.at_least_80_pct_until
        if first is None or last is None:
            out.append(
                _(
                    "No rating reached {bar} relief; the most was {most}.",
                    bar=i18n.format_percent(RELIEF_BAR_PCT),
                    most=_pct(response.max_relief_pct),
                )
            )
        elif first == last:
            out.append(
                _(
                    "At least {bar} relief at {time} only (one rating).",
                    bar=i18n.format_percent(RELIEF_BAR_PCT),
                    time=format_after(first),
                )
            )
        else:
            start, end = _span(first, last)
            out.append(
                _(
                    "At least {bar} relief from {start} to {end}.",
                    bar=i18n.format_percent(RELIEF_BAR_PCT),
                    start=start,
                    end=end,
                )
            )
    if response.pain_0_from is not None and response.pain_0_until is not None:
        if response.pain_0_from == response.pain_0_until:
            out.append(_("Pain 0 of 10 at {time}.", time=format_after(response.pain_0_from)))
        else:
            start, end = _span(response.pain_0_from, response.pain_0_until)
            out.append(_("Pain 0 of 10 from {start} to {end}.", start=start, end=end))
    elif response.lowest_pain is not None and response.lowest_after_minutes is not None:
        out.append(
            _(
                "Lowest pain {pain} of 10, {time} after the block.",
                pain=response.lowest_pain,
                time=format_after(response.lowest_after_minutes),
            )
        )
    if response.relief_hours is not None:
        out.append(
            _(
                "Relief lasted {hours} hours, as the patient recorded it.",
                hours=_number(response.relief_hours),
            )
        )
    return out


def _number(value: Total) -> str:
    return i18n.format_number(value) if isinstance(value, float) else i18n.format_int(value)


def _signed(value: Total) -> str:
    text = _number(abs(value))
    if value > 0:
        return "+" + text
    if value < 0:
        return "−" + text
    return text


def latest_rows(latest: Sequence[LatestScore]) -> list[tuple[str, str, str, str, str]]:
    """(score, latest, date, the one before it with its date, change) rows."""
    rows = []
    for item in latest:
        s, before = item.latest, item.previous
        change = item.change
        rows.append(
            (
                score_title(s.instrument, s.name),
                format_total(s),
                i18n.format_date(s.date),
                ""
                if before is None
                else _("{total} on {date}", total=format_total(before), date=before.date),
                "" if change is None else _change_text(change, s.instrument),
            )
        )
    return rows


def _change_text(change: Total, instrument: str) -> str:
    if instrument == "ndi":  # also in percentage points of the NDI % (total x 2)
        return _(
            "{change} ({points} points)",
            change=_signed(change),
            points=_signed(change * 2),
        )
    return _signed(change)


def latest_sentences(latest: Sequence[LatestScore]) -> list[str]:
    """One sentence per score (the CLI and the plain-text places)."""
    out = []
    for item in latest:
        s, before = item.latest, item.previous
        title = score_title(s.instrument, s.name)
        if before is None or item.change is None:
            out.append(
                _("{score}: {total} on {date}.", score=title, total=format_total(s), date=s.date)
            )
        else:
            out.append(
                _(
                    "{score}: {total} on {date}; before that {previous} on {previous_date} "
                    "(change {change}).",
                    score=title,
                    total=format_total(s),
                    date=s.date,
                    previous=format_total(before),
                    previous_date=before.date,
                    change=_change_text(item.change, s.instrument),
                )
            )
    return out


def stiffness_sentence(stiffness: NeckStiffness) -> str:
    """The period's mean neck stiffness ("" when no check-in rated it)."""
    if not stiffness.check_ins or stiffness.mean is None:
        return ""
    return ngettext(
        "Neck stiffness (0-10) averaged {mean} over {count} check-in that rated it.",
        "Neck stiffness (0-10) averaged {mean} over {count} check-ins that rated it.",
        stiffness.check_ins,
        mean=stiffness.mean,
    )


def stiffness_month_texts(stiffness: NeckStiffness) -> list[str]:
    """``Nov 2026: 4.5 (20 days)`` for each month with a rating."""
    out = []
    for m in stiffness.monthly:
        if m.mean is None:
            continue
        out.append(
            ngettext(
                "{month}: {mean} ({count} day)",
                "{month}: {mean} ({count} days)",
                m.days,
                month=i18n.format_month_short(m.month),
                mean=m.mean,
            )
        )
    return out


def workup_text(snapshot: AnalysisSnapshot) -> str:
    """The neck workup as plain text for the CLI summary ("" when nothing is recorded)."""
    parts: list[str] = []
    for effect in block_effects(snapshot):
        response = effect.block_response
        assert response is not None and effect.event.block is not None
        lines = [block_title(effect), *block_sheet(effect.event.block)]
        if response.pain_before is not None:
            lines.append(_("Pain before the block: {pain} of 10.", pain=response.pain_before))
        for r in response.ratings:
            time = format_after(r.after_minutes)
            if r.relief_pct is None:
                lines.append(_("{time} after: pain {pain}.", time=time, pain=r.pain))
            else:
                relief = _pct(r.relief_pct)
                lines.append(
                    _(
                        "{time} after: pain {pain}, relief {relief}.",
                        time=time,
                        pain=r.pain,
                        relief=relief,
                    )
                )
        lines += response_facts(response)
        parts.append("\n".join(lines))
    if parts:
        parts.insert(0, _(C4_SENTENCE))
    latest = snapshot.workup.latest(snapshot.period) if snapshot.workup else []
    if latest:
        parts.append("\n".join([_(SCORES_HEADING), *latest_sentences(latest)]))
    stiffness = snapshot.workup.neck_stiffness if snapshot.workup else None
    if stiffness is not None and stiffness.check_ins:
        months = "; ".join(stiffness_month_texts(stiffness))
        parts.append(stiffness_sentence(stiffness) + (f"\n{months}" if months else ""))
    if not parts:
        return ""
    return _(HEADING) + "\n" + "\n\n".join(parts)
