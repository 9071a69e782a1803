"""The report's composition: what goes on which page, in which order and wording.

Page 1 says who, when and what (period, "self-reported", the key figures with their
denominators, any episode still marked ongoing, how complete the record is, the headline
sentences, the neck history with its before/after figures, the overuse check with its
complete definition, the feature profile, the definitions); then the headache calendar;
then the charts; then the table of episodes. The layout engine
(:mod:`headache_diary.report.layout`) measures and paints.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QBuffer, QIODevice, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter

from headache_diary.analysis.wording import DEFINITIONS, overuse_definition
from headache_diary.i18n import _, pgettext
from headache_diary.report.calendar_pdf import layout_calendar
from headache_diary.report.content import (
    CHART_WIDTH_IN,
    SELF_REPORTED,
    TABLE_KEY,
    ReportContent,
    episode_columns,
)
from headache_diary.report.history_section import layout_neck_history
from headache_diary.report.layout import (
    ACCENT,
    MM,
    MUTED,
    NOTE_FILL,
    PT,
    RESOLUTION,
    RULE,
    Layout,
    LineOp,
    Op,
    TextOp,
    ensure_gui,
    font,
    new_writer,
    paint_pages,
)
from headache_diary.report.medication_section import layout_medication
from headache_diary.report.workup_section import layout_blocks, layout_scores


def _layout_report(
    lay: Layout,
    content: ReportContent,
    check: Callable[[], None],
) -> None:
    # page 1: who, when, what
    lay.paragraph(_("Headache diary summary"), font(20, bold=True), color=ACCENT, after=2)
    lay.paragraph(content.period_text, font(12.5), after=6)
    lay.boxed(_(SELF_REPORTED), font(11, bold=True), NOTE_FILL, after=5)
    details = []
    if content.patient_name:
        # Translators: page 1 of the PDF: the patient's name as entered in Settings
        details.append(_("Patient: {name}", name=content.patient_name))
    if content.date_of_birth is not None:
        details.append(_("Date of birth: {date}", date=content.date_of_birth))
    if details:
        lay.paragraph("     ".join(details), font(10.5), after=4)  # i18n: two fields
    lay.paragraph(content.generated_text, font(8.5), color=MUTED, after=2)

    lay.heading(_("Key figures"))
    if content.episodes == 0:
        lay.paragraph(
            _(
                "No episodes were recorded in this period, so there are no figures, charts "
                "or episode table."
            ),
            font(10.5, bold=True),
        )
    else:
        lay.table(
            (
                # Translators: column headers of the PDF's key figures: the figure's name,
                # its value, and what it is counted of (e.g. "of 40 episodes with a side")
                pgettext("key figures", "Figure"),
                pgettext("key figures", "Value"),
                pgettext("key figures", "Of"),
            ),
            [(k.label, k.value, k.basis) for k in content.key_figures],
            (3.3, 1.0, 6.0),
            size=9.5,
            fit=(True, True, False),
        )
        lay.gap(4)
    if content.overuse_line:  # the overuse check in one line; its details come later
        lay.paragraph(content.overuse_line, font(9.5, bold=True), after=3)
    for note in content.disclosures:  # where headache days come from
        lay.boxed(note, font(9.5, bold=True), NOTE_FILL, after=3)
    if content.completeness:  # so that no record is never read as headache-free
        lay.boxed(content.completeness, font(9.5, bold=True), NOTE_FILL, after=3)

    lay.heading(_("Summary"))
    lay.bullets(content.headline, font(10))
    if content.workup is not None:  # the latest scores and neck stiffness: page 1 or 2
        layout_scores(lay, content.workup)

    # what was done about the neck, and what changed after it
    if content.neck_history is not None:
        layout_neck_history(lay, content.neck_history, check)
    if content.workup is not None:  # each nerve block's response and relief curve
        layout_blocks(lay, content.workup, check)

    # regular medication and doses outside episodes, then what they add up to
    if content.medication is not None:
        layout_medication(lay, content.medication, check)

    lay.heading(_("Medication overuse check (ICHD-3 8.2)"))
    if content.overuse:
        lay.bullets(content.overuse, font(9.5))
    else:
        lay.paragraph(content.overuse_status, font(9.5))
    for extra in (content.criterion_a, content.relief):
        if extra:
            lay.paragraph(extra, font(9.5))
    lay.paragraph(overuse_definition(), font(8), color=MUTED, after=2)

    if content.profile:
        lay.heading(_("Feature profile (counts of episodes, not a diagnosis)"))
        lay.table(
            (
                # Translators: column headers of the PDF's feature profile: the feature,
                # the count of episodes with it, and where it is described (ICHD-3 ...)
                pgettext("feature profile", "Feature"),
                pgettext("feature profile", "In this diary"),
                pgettext("feature profile", "Reference"),
            ),
            [
                (r.text, r.reference)
                if r.is_group
                else (
                    _("{feature}\n({note})", feature=r.text, note=r.note) if r.note else r.text,
                    r.value,
                    r.reference,
                )
                for r in content.profile
            ],
            (5.0, 3.4, 2.1),
            size=7.5,
            zebra=False,
            group_rows=frozenset(i for i, r in enumerate(content.profile) if r.is_group),
        )
        lay.gap(3)
        for note in content.profile_notes:
            lay.paragraph(note, font(8), after=2.5)

    lay.heading(_("Definitions used"), size=10.5, keep_with=30)
    lay.bullets([_(d) for d in DEFINITIONS], font(8), after=1.5)

    # the headache calendar, as on paper calendars (report.calendar_pdf)
    layout_calendar(
        lay, content.calendar, content.calendar_left_out, content.calendar_first_weekday
    )

    # charts
    if content.charts:
        first_h = lay.width / content.charts[0][2]
        lay.heading(_("Charts"), keep_with=first_h / PT + 10)
        for _title, svg, aspect in content.charts:  # every figure carries its own title
            check()
            lay.svg(svg, aspect, max_w=CHART_WIDTH_IN * RESOLUTION, max_h=lay.height * 0.45)
            lay.gap(8)

    # episodes
    if content.episode_rows:
        # Translators: the heading of the PDF's table of episodes
        lay.heading(pgettext("heading", "Episodes"), keep_with=120)
        lay.paragraph(_(TABLE_KEY), font(8.5), color=MUTED)
        if content.table_note:
            lay.boxed(content.table_note, font(9, bold=True), NOTE_FILL, after=4)
        lay.table(
            episode_columns(),
            content.episode_rows,
            (1, 1, 1, 1, 1, 1, 36, 34, 27, 40, 44),
            size=6.5,
            fit=(True, True, True, True, True, True, False, False, False, False, False),
            check=check,
        )


def render_pdf(
    content: ReportContent,
    page_size: str,
    *,
    progress: Callable[[int | None], None] | None = None,
) -> bytes:
    """The report as PDF bytes.

    ``progress(percent)`` is called as pages are laid out and painted (``None``: no new
    percentage, just a chance to cancel); it cancels by raising (pdf.ExportCancelled).
    """
    ensure_gui()
    report = progress or (lambda _pct: None)

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = new_writer(buffer, page_size, content.title)
    rect = writer.pageLayout().fullRectPixels(RESOLUTION)
    lay = Layout(writer, float(rect.width()), float(rect.height()))
    _layout_report(lay, content, check=lambda: report(None))
    if not lay.pages[-1]:
        lay.pages.pop()
    report(55)
    small = font(7.5)
    paint_pages(
        writer,
        lay.pages,
        lambda painter, number, total: _paint_frame(painter, lay, content, number, total, small),
        lambda number, total: report(55 + 45 * number // total),
    )
    buffer.close()
    return bytes(buffer.data().data())


def _paint_frame(
    p: QPainter, lay: Layout, content: ReportContent, number: int, total: int, f: QFont
) -> None:
    """Running header and footer: period and page number on every page."""
    h = lay.fm(f).height()
    y_head = 10 * MM
    y_foot = lay.page_h - 10 * MM - h
    ops: list[Op] = [
        TextOp(
            QRectF(lay.left, y_head, lay.width, h + 1),
            f,
            # Translators: every page's running header; {period} is e.g.
            # "1 Sept 2026 – 25 Nov 2026, 86 days"
            _("Headache diary summary  ·  {period}", period=content.period_text),
            flags=int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
            color=QColor(MUTED),
        ),
        LineOp(lay.left, y_head + h + 1.5 * PT, lay.right, y_head + h + 1.5 * PT, RULE, 0.4),
        LineOp(lay.left, y_foot - 2 * PT, lay.right, y_foot - 2 * PT, RULE, 0.4),
        TextOp(
            QRectF(lay.left, y_foot, lay.width, h + 1),
            f,
            _(SELF_REPORTED),
            flags=int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
            color=QColor(MUTED),
        ),
        TextOp(
            QRectF(lay.left, y_foot, lay.width, h + 1),
            f,
            # Translators: every page's footer, e.g. "Page 2 of 5"
            _("Page {number} of {total}", number=number, total=total),
            flags=int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop),
            color=QColor(MUTED),
        ),
    ]
    for op in ops:
        op.paint(p)
