"""The PDF summary for the appointment: ``write_report(diary, path, ...)``.

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

Medical history: :func:`medical_history_rows` is the hook; the diary has no history table
yet, so the section is not printed.

Metadata: title "Headache diary summary <period>", creator "Headache Diary"; Qt writes
an empty author, producer "Qt <version>", creation dates and a random XMP document id, and
nothing else (no user name, no paths, no patient name; the tests check this).

Writing: the whole PDF is rendered into memory first; only then is it written to a
temporary file (mode 0600) in the target folder, fsynced and renamed over the target.
A failure or cancellation at any point leaves neither the file nor the temporary file.
"""

from __future__ import annotations

import io
import logging
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from headache_diary.domain.errors import DiaryError, ExportError
from headache_diary.io.atomic import write_atomic
from headache_diary.report.content import (
    CHART_WIDTH_IN,
    TABLE_CAP,
    ReportContent,
    latest_rows,
    profile_rows,
)

log = logging.getLogger(__name__)

#: progress(done, total): return False to cancel
ProgressCallback = Callable[[int, int], bool | None]

#: territories where Letter is the usual paper size (CLDR); everywhere else A4
LETTER_TERRITORIES = frozenset(
    {
        "UnitedStates",
        "Canada",
        "Mexico",
        "Chile",
        "Colombia",
        "CostaRica",
        "ElSalvador",
        "Guatemala",
        "Nicaragua",
        "Panama",
        "Philippines",
        "PuertoRico",
        "Venezuela",
        "Belize",
        "DominicanRepublic",
        "UnitedStatesVirginIslands",
        "UnitedStatesOutlyingIslands",
        "AmericanSamoa",
        "Guam",
        "NorthernMarianaIslands",
    }
)


class ExportCancelled(ExportError):
    """The patient cancelled the export; nothing was written."""


def default_page_size(locale: Any = None) -> str:
    """``"Letter"`` for the US, Canada and the other Letter countries, else ``"A4"``."""
    from PySide6.QtCore import QLocale

    loc = locale if locale is not None else QLocale()
    territory = loc.territory()
    name = territory.name if hasattr(territory, "name") else str(territory)
    return "Letter" if name in LETTER_TERRITORIES else "A4"


def default_file_name(date_from: date, date_to: date) -> str:
    """``headache-diary-summary-2026-09-01-to-2026-11-25.pdf`` (no personal name in it)."""
    return f"headache-diary-summary-{date_from.isoformat()}-to-{date_to.isoformat()}.pdf"


def resolve_period(
    diary: Any, date_from: date | None, date_to: date | None, today: date | None = None
) -> tuple[date, date]:
    """The period a report will cover (FORMAT.md defaults), e.g. for the file name."""
    from headache_diary.analysis.queries import resolve_period as resolve

    with diary.read_session() as s:
        period = resolve(s, date_from, date_to, today or date.today())
    return period.start, period.end


def normalize_page_size(page_size: str | None) -> str:
    if page_size is None:
        return default_page_size()
    for name in ("A4", "Letter"):
        if page_size.strip().lower() == name.lower():
            return name
    raise ExportError(f"Unknown paper size {page_size!r}: choose A4 or Letter.")


class _Progress:
    """Adapts the caller's ``progress(done, total)`` and raises on cancel."""

    def __init__(self, callback: ProgressCallback | None) -> None:
        self.callback = callback
        self.done = 0

    def __call__(self, percent: int | None = None) -> None:
        if percent is not None:
            self.done = max(self.done, min(100, percent))
        if self.callback is not None and self.callback(self.done, 100) is False:
            raise ExportCancelled("The PDF export was cancelled; no file was written.")


# ---------------------------------------------------------------- content


def figure_svg(figure: Any, width_in: float, max_height_in: float) -> tuple[bytes, float]:
    """A matplotlib Figure as SVG whose text stays text; returns (svg, width / height)."""
    import matplotlib

    from headache_diary.analysis.charts import SVG_RC

    w, h = figure.get_size_inches()
    height = min(max_height_in, width_in * h / w) if w > 0 else max_height_in
    figure.set_size_inches(width_in, height)
    buf = io.BytesIO()
    with matplotlib.rc_context({**SVG_RC, "svg.fonttype": "none", "svg.hashsalt": "hd"}):
        figure.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    return buf.getvalue(), width_in / height


def medical_history_rows(
    diary: Any, date_from: date, date_to: date
) -> list[tuple[str, ...]] | None:
    """Hook for the medical history section (injury, imaging, nerve blocks, therapy).

    The diary has no history table yet, so this returns None and the PDF has no such
    section. When history is stored, return (date, event, details) rows here and the
    renderer prints them after the episode table.
    """
    return None


def _table_episodes(diary: Any, date_from: date, date_to: date, count: int) -> list[tuple]:
    """Rows of the latest TABLE_CAP episodes of the period, without loading all of them."""
    from sqlalchemy import select

    from headache_diary.storage.models import EpisodeRow
    from headache_diary.storage.repository import iter_episodes

    start = date_from
    with diary.read_session() as s:
        if count > TABLE_CAP:
            # local start date of the TABLE_CAP-th latest episode: load from that day on
            cut = s.scalar(
                select(EpisodeRow.start_local_date)
                .where(EpisodeRow.start_local_date >= date_from.isoformat())
                .where(EpisodeRow.start_local_date <= date_to.isoformat())
                .order_by(EpisodeRow.started_utc.desc())
                .offset(TABLE_CAP - 1)
                .limit(1)
            )
            if cut:
                start = max(date_from, date.fromisoformat(cut))
        return latest_rows(iter_episodes(s, start, date_to), TABLE_CAP)


def build_content(
    diary: Any,
    date_from: date | None = None,
    date_to: date | None = None,
    *,
    today: date | None = None,
    width_in: float = CHART_WIDTH_IN,
    progress: Callable[[int | None], None] | None = None,
) -> ReportContent:
    """Gather the report from the analysis (figures, profile, charts) and the episodes."""
    from headache_diary.analysis.charts import build_charts
    from headache_diary.analysis.profile import (
        feature_profile,
        headline_sentences,
        overuse_sentences,
    )
    from headache_diary.analysis.summary import summarize_diary
    from headache_diary.storage.personal import get_personal_details

    step = progress or (lambda _p: None)
    summary = summarize_diary(diary, date_from, date_to, today=today)
    period = summary["period"]
    d_from, d_to = date.fromisoformat(period["from"]), date.fromisoformat(period["to"])
    step(10)
    count = int(summary["episodes"])
    # the overuse flags get their own section on page 1, so they are not repeated above
    overuse = overuse_sentences(summary)
    headline = [s for s in headline_sentences(summary) if s not in overuse]
    with diary.read_session() as s:
        personal = get_personal_details(s)
    content = ReportContent(
        date_from=d_from,
        date_to=d_to,
        episodes=count,
        headline=headline,
        profile=profile_rows(feature_profile(diary, d_from, d_to, today)) if count else [],
        overuse=overuse,
        patient_name=personal.name,
        date_of_birth=personal.date_of_birth,
        generated_on=today or date.today(),
        history=medical_history_rows(diary, d_from, d_to),
    )
    step(15)
    if count:
        charts = build_charts(diary, summary, d_from, d_to)
        for n, (title, fig) in enumerate(charts, start=1):
            svg, aspect = figure_svg(fig, width_in, max_height_in=3.4)
            content.charts.append((title, svg, aspect))
            step(15 + 25 * n // max(1, len(charts)))
        content.episode_rows = _table_episodes(diary, d_from, d_to, count)
    step(45)
    return content


# ---------------------------------------------------------------- writing


def _check_target(path: Path) -> None:
    parent = path.parent
    if path.is_dir():
        raise ExportError(f"Cannot write the PDF to {path}: that is a folder.")
    if not parent.exists():
        if any(p.exists() and not p.is_dir() for p in parent.parents):
            raise ExportError(f"Cannot write the PDF to {path}: {parent} is not a folder.")
        raise ExportError(f"Cannot write the PDF to {path}: the folder {parent} does not exist.")
    if not parent.is_dir():
        raise ExportError(f"Cannot write the PDF to {path}: {parent} is not a folder.")


def write_atomically(path: Path, data: bytes) -> None:
    """Temp file (0600) in the target folder, fsync, rename over ``path``, fsync the folder
    (``io.atomic.write_atomic``, which exports use too)."""
    _check_target(path)
    write_atomic(path, data)


def write_report(
    diary: Any,
    path: str | os.PathLike[str],
    date_from: date | None = None,
    date_to: date | None = None,
    page_size: str | None = None,
    progress: ProgressCallback | None = None,
    today: date | None = None,
) -> Path:
    """Write the PDF summary of ``diary`` for the period to ``path``; returns the path.

    ``page_size``: "A4" or "Letter" (default from the locale). ``progress(done, total)``
    is called now and then; returning False cancels (ExportCancelled). Any failure raises
    ExportError and leaves no file behind (an existing file at ``path`` is kept).
    """
    from headache_diary.report.render import render_pdf

    target = Path(path).expanduser().absolute()
    size = normalize_page_size(page_size)
    _check_target(target)  # fail before the work, not after it
    step = _Progress(progress)
    step(0)
    try:
        content = build_content(diary, date_from, date_to, today=today, progress=step)
        data = render_pdf(content, size, progress=step)
        step(100)
    except DiaryError:  # ExportError, ExportCancelled, StorageError...
        raise
    except Exception as exc:
        log.exception("PDF rendering failed")
        raise ExportError(f"The PDF could not be made ({exc}); no file was written.") from exc
    write_atomically(target, data)
    return target
