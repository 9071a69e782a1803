"""The PDF summary for the appointment: content from an analysis snapshot, then PDF bytes.

The unit of work that reads the diary and writes the file is ``services.report``; this
module gets everything as values (:func:`build_content`) and returns bytes
(:func:`make_pdf`).

Route: Qt's QPdfWriter + QPainter, charts as matplotlib SVG drawn by QSvgRenderer.
Chosen after measuring both candidates on this 2-core machine with the same six charts
and a line of text (fonts: matplotlib's bundled DejaVu Sans):

==========================  =====================  ================================
                            QPdfWriter + QtSvg     reportlab + svglib
==========================  =====================  ================================
render the PDF              0.04 s                 0.34 s
chart text in the PDF       DejaVu Sans, embedded  Helvetica, *not* embedded (svglib
                                                   maps SVG font names itself)
text extraction (pdftotext) all text, charts too   all text, charts too
new dependencies            none (PySide6 has it)  reportlab, svglib, lxml, cssselect2,
                                                   tinycss2, pillow
==========================  =====================  ================================

so the report needs nothing beyond what the app already ships. QtGui only (no widgets):
an offscreen QGuiApplication is created when none exists.

Measured with benchmarks/bench_report.py: a year of daily episodes (400, 16 pages) takes
0.6 s in a running app (0.4 s of it is matplotlib drawing the six charts as SVG; laying out
and painting the pages 0.1 s), 1.8 s as a fresh ``headache-diary report`` process (imports
and Qt start-up). 50,000 episodes: 2.0 s, 69 pages, the table capped at the latest 2,000.

Metadata: title "Headache diary summary <period>", creator "Headache Diary"; Qt writes
an empty author, producer "Qt <version>", creation dates and a random XMP document id, and
nothing else (no user name, no paths, no patient name; the tests check this).

Writing: the whole PDF is rendered into memory first; only then is it written to a
temporary file (mode 0600) in the target folder, fsynced and renamed over the target.
A failure or cancellation at any point leaves neither the file nor the temporary file.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from headache_diary.analysis.calendar import MonthCalendar
from headache_diary.analysis.completeness import completeness_sentence
from headache_diary.analysis.results import AnalysisSnapshot
from headache_diary.analysis.wording import (
    cannot_show_sentence,
    criterion_a_sentence,
    disclosure_sentences,
    headline_sentences,
    key_figures,
    overuse_line,
    overuse_sentences,
    overuse_status,
    relief_sentence,
)
from headache_diary.domain.episode import Episode
from headache_diary.domain.errors import Cancelled, DiaryError, ExportError
from headache_diary.domain.medication import AcuteDose
from headache_diary.domain.personal import PersonalDetails
from headache_diary.i18n import _
from headache_diary.io.atomic import target_file
from headache_diary.report.content import (
    CHART_WIDTH_IN,
    ReportContent,
    profile_rows,
    table_rows,
)
from headache_diary.report.history_section import neck_history_content
from headache_diary.report.medication_section import medication_content
from headache_diary.report.workup_section import score_charts, workup_content

log = logging.getLogger(__name__)

#: progress(done, total): return False to cancel
ProgressCallback = Callable[[int, int], bool | None]

#: territories where Letter is the usual paper size (CLDR); everywhere else A4
_LETTER_TERRITORY_NAMES = """
    UnitedStates Canada Mexico Chile Colombia CostaRica ElSalvador Guatemala Nicaragua
    Panama Philippines PuertoRico Venezuela Belize DominicanRepublic
    UnitedStatesVirginIslands UnitedStatesOutlyingIslands AmericanSamoa Guam
    NorthernMarianaIslands
"""  # i18n: QLocale.Territory names
LETTER_TERRITORIES = frozenset(_LETTER_TERRITORY_NAMES.split())


#: the paper sizes the PDF offers (their names are the same in every language)
PAGE_SIZE_NAMES = ("A4", "Letter")  # i18n: paper size names


class ExportCancelled(Cancelled, ExportError):
    """The patient cancelled the export; nothing was written."""


def default_page_size(locale: Any = None) -> str:
    """``"Letter"`` for the US, Canada and the other Letter countries, else ``"A4"``."""
    from PySide6.QtCore import QLocale

    loc = locale if locale is not None else QLocale()
    territory = loc.territory()
    name = territory.name if hasattr(territory, "name") else str(territory)
    return "Letter" if name in LETTER_TERRITORIES else "A4"  # i18n: paper size name


def normalize_page_size(page_size: str | None) -> str:
    if page_size is None:
        return default_page_size()
    for name in PAGE_SIZE_NAMES:
        if page_size.strip().lower() == name.lower():
            return name
    raise ExportError(
        _("Unknown paper size {size!r}: choose A4 or Letter.", size=page_size.strip())
    )


class _Progress:
    """Adapts the caller's ``progress(done, total)`` and raises on cancel."""

    def __init__(self, callback: ProgressCallback | None) -> None:
        self.callback = callback
        self.done = 0

    def __call__(self, percent: int | None = None) -> None:
        if percent is not None:
            self.done = max(self.done, min(100, percent))
        if self.callback is not None and self.callback(self.done, 100) is False:
            raise ExportCancelled(_("The PDF export was cancelled; no file was written."))


# ---------------------------------------------------------------- content


def figure_svg(figure: Any, width_in: float, max_height_in: float) -> tuple[bytes, float]:
    """A matplotlib Figure as SVG whose text stays text; returns (svg, width / height)."""
    from headache_diary.analysis.charts import figure_svg_bytes

    w, h = figure.get_size_inches()
    height = min(max_height_in, width_in * h / w) if w > 0 else max_height_in
    figure.set_size_inches(width_in, height)
    return figure_svg_bytes(figure), width_in / height


def build_content(
    snapshot: AnalysisSnapshot,
    table: list[Episode],
    personal: PersonalDetails,
    *,
    today: date,
    width_in: float = CHART_WIDTH_IN,
    progress: Callable[[int | None], None] | None = None,
    calendar: tuple[list[MonthCalendar], int] = ([], 0),
    doses: list[AcuteDose] | None = None,
    first_weekday: int = 1,
) -> ReportContent:
    """The report's content: figures, profile and charts from the snapshot, the episode
    table from ``table`` (the latest episodes of the period, oldest first), the headache
    calendar's months (and how many were left out; weeks from ``first_weekday``) and the
    doses outside episodes from ``doses`` (those of the period, oldest first)."""
    from headache_diary.analysis.charts import build_charts

    step = progress or (lambda _p: None)
    summary = snapshot.summary
    step(10)
    # the disclosures are boxed on page 1, so they are not repeated in the sentences
    disclosures = disclosure_sentences(summary)
    headline = [s for s in headline_sentences(summary) if s not in disclosures]
    # Translators: a note under the PDF's feature profile: the group (e.g. "Migraine-like
    # features") and what is to be said about it
    notes = [_("{group}: {note}", group=g.label, note=g.note) for g in snapshot.profile if g.note]
    content = ReportContent(
        date_from=summary.period.start,
        date_to=summary.period.end,
        episodes=summary.episodes,
        headline=headline,
        key_figures=key_figures(summary) if summary.episodes else [],
        disclosures=disclosures,
        profile=profile_rows(snapshot.profile) if summary.episodes else [],
        profile_notes=(
            [*notes, cannot_show_sentence(len(snapshot.history))] if summary.episodes else []
        ),
        overuse=overuse_sentences(summary),
        overuse_status=overuse_status(summary),
        overuse_line=overuse_line(summary),
        criterion_a=criterion_a_sentence(summary),
        relief=relief_sentence(summary),
        patient_name=personal.name,
        date_of_birth=personal.date_of_birth,
        generated_on=today,
        neck_history=neck_history_content(snapshot),
        workup=workup_content(snapshot),
        completeness=completeness_sentence(summary.completeness),
        calendar=calendar[0],
        calendar_left_out=calendar[1],
        calendar_first_weekday=first_weekday,
        # an empty report stays one page: the section only with something to say
        medication=(
            medication_content(snapshot, doses or [])
            if summary.episodes or doses or snapshot.plan_in_period()
            else None
        ),
    )
    step(15)
    if summary.episodes:
        charts = build_charts(snapshot)
        for n, (title, fig) in enumerate(charts, start=1):
            # a chart with the medication plan under it is taller (its rows)
            tall = min(5.0, max(3.4, float(fig.get_figheight())))
            svg, aspect = figure_svg(fig, width_in, max_height_in=tall)
            content.charts.append((title, svg, aspect))
            step(15 + 25 * n // max(1, len(charts)))
        content.episode_rows = table_rows(table)
    for title, fig in score_charts(snapshot):  # the neck workup's scores over time
        svg, aspect = figure_svg(fig, width_in, max_height_in=3.4)
        content.charts.append((title, svg, aspect))
    step(45)
    return content


def make_pdf(
    content_of: Callable[[Callable[[int | None], None]], ReportContent],
    page_size: str | None = None,
    progress: ProgressCallback | None = None,
) -> bytes:
    """The PDF bytes of the content ``content_of(step)`` returns.

    ``page_size``: "A4" or "Letter" (default from the locale). ``progress(done, total)``
    is called now and then; returning False cancels (ExportCancelled). Any failure raises
    ExportError.
    """
    from headache_diary.report.compose import render_pdf

    size = normalize_page_size(page_size)
    step = _Progress(progress)
    step(0)
    try:
        content = content_of(step)
        data = render_pdf(content, size, progress=step)
        step(100)
    except DiaryError:  # ExportError, ExportCancelled, StorageError...
        raise
    except Exception as exc:
        log.exception("PDF rendering failed")
        raise ExportError(
            # Translators: {reason} is a technical error message (often in English)
            _("The PDF could not be made ({reason}); no file was written.", reason=str(exc))
        ) from exc
    return data


# ---------------------------------------------------------------- writing


def check_target(path: Path) -> None:
    """ExportError now, before the work, when ``path`` cannot be written."""
    parent = path.parent
    if path.is_dir():
        raise ExportError(_("Cannot write the PDF to {file}: that is a folder.", file=str(path)))
    target_file(path)  # a device or a pipe is refused; a link is followed
    not_folder = _(
        "Cannot write the PDF to {file}: {folder} is not a folder.",
        file=str(path),
        folder=str(parent),
    )
    if not parent.exists():
        if any(p.exists() and not p.is_dir() for p in parent.parents):
            raise ExportError(not_folder)
        raise ExportError(
            _(
                "Cannot write the PDF to {file}: the folder {folder} does not exist.",
                file=str(path),
                folder=str(parent),
            )
        )
    if not parent.is_dir():
        raise ExportError(not_folder)
