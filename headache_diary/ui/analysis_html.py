"""The Analysis tab's rich text, built from the analysis' own wording (``analysis.wording``),
so the tab says what the PDF and the CLI say; only the markup is the GUI's."""

from __future__ import annotations

from html import escape

from headache_diary.analysis.medication_wording import COUNTING_NOTE, medication_summary
from headache_diary.analysis.results import AnalysisSnapshot, ProfileGroup, Summary
from headache_diary.analysis.wording import (
    DEFINITIONS,
    cannot_show_sentence,
    criterion_a_sentence,
    disclosure_sentences,
    key_figures,
    overuse_definition,
    overuse_sentences,
    overuse_status,
    relief_sentence,
)
from headache_diary.domain import vocab
from headache_diary.i18n import N_, _

# marked for translation: shown with _()
PROFILE_NOTE = N_(
    "Counts of your own episodes next to features that published criteria describe. "
    "They are not a diagnosis; your physician interprets them."
)


def bullets(items: list[str]) -> str:
    lis = "".join(f"<li style='margin-bottom:4px'>{escape(s)}</li>" for s in items)
    return f"<ul style='margin-left:-20px'>{lis}</ul>"


def key_figures_html(summary: Summary) -> str:
    """The key figures, as on page 1 of the PDF ("" without episodes)."""
    if not summary.episodes:
        return ""
    rows = "".join(
        f"<tr><td>{escape(k.label)}</td>"
        f"<td align='right'><b style='font-size:large'>{escape(k.value)}</b></td>"
        f"<td>{escape(k.basis)}</td></tr>"
        for k in key_figures(summary)
    )
    return f"<table cellspacing='0' cellpadding='3'>{rows}</table>"


def disclosures_html(summary: Summary) -> str:
    """Episodes still marked ongoing and episodes from before the period ("" if none)."""
    return "<br>".join(f"<b>{escape(n)}</b>" for n in disclosure_sentences(summary))


def profile_notes_html(groups: list[ProfileGroup], history_events: int) -> str:
    """Each group's note, what a diary cannot show (and, only when the diary holds no
    neck history, that it holds none: ``history_events``), what the profile is."""
    notes = [f"<b>{escape(g.label)}</b>: {escape(g.note)}" for g in groups if g.note]
    notes += [escape(cannot_show_sentence(history_events)), escape(_(PROFILE_NOTE))]
    return "".join(f"<p>{n}</p>" for n in notes)


def overuse_html(summary: Summary) -> str:
    """Medication days, the months at or above an ICHD-3 8.2 threshold, criterion A,
    relief by class and the complete definition."""
    meds = [(c, d) for c, d in summary.medication_days.items() if d]
    parts = []
    if meds:
        # Translators: a medication class and its number of medication days, e.g. "Triptan 4"
        listed = ", ".join(
            _("{medication} {days}", medication=vocab.label(c), days=d) for c, d in meds
        )
        said = _("Days with medication in this period: {list}.", list=listed)
        parts.append(f"<p>{escape(said)}</p>")
    flags = overuse_sentences(summary, limit=12)
    if flags:
        items = "".join(f"<li>{escape(s)}</li>" for s in flags)
        above = _("At or above a threshold:")
        parts.append(f"<p><b>{escape(above)}</b></p><ul style='margin-left:-20px'>{items}</ul>")
    else:
        parts.append(f"<p>{escape(overuse_status(summary))}</p>")
    for extra in (criterion_a_sentence(summary), relief_sentence(summary)):
        if extra:
            parts.append(f"<p>{escape(extra)}</p>")
    parts.append(
        # the definitions a physician reads: small, but in the text colour
        f"<p><small>{escape(overuse_definition())}</small></p>"
    )
    return "".join(parts)


def medication_html(snapshot: AnalysisSnapshot) -> str:
    """The plan entries of the period and the doses outside episodes ("" when neither),
    in the words of the PDF and the CLI (analysis.medication_wording)."""
    lines = medication_summary(snapshot)
    if not lines:
        return ""
    note = (
        f"<p style='color: palette(placeholder-text)'><small>{escape(_(COUNTING_NOTE))}</small></p>"
    )
    return bullets(lines) + note


def definitions_html() -> str:
    return bullets([_(d) for d in DEFINITIONS])
