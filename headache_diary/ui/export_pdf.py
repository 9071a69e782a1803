"""File > Export PDF…: choose the period, paper and optional personal details, then save.

The name and date of birth are stored in the diary database (never in QSettings), and only
once the PDF has been written: a cancelled export changes nothing. The PDF itself is made
by ``services.report.write_report`` on a worker thread (``ui.tasks``), with a progress
dialog that appears when the export takes a moment and can cancel it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from headache_diary import i18n
from headache_diary.context import AppContext
from headache_diary.domain.errors import DiaryError
from headache_diary.domain.jobs import Job
from headache_diary.domain.personal import MAX_NAME, PersonalDetails, clean_personal_details
from headache_diary.domain.preferences import PAPER_SIZES, paper_size_label
from headache_diary.domain.text import default_file_name, pdf_file_name
from headache_diary.i18n import _, pgettext
from headache_diary.services.protection import is_protected
from headache_diary.ui.passphrase_dialog import PLAIN_FILE_NOTE
from headache_diary.ui.periods import CUSTOM, PDF_START, PERIODS, custom_start, period_range
from headache_diary.ui.progress import run_with_progress
from headache_diary.ui.tasks import Task, TaskRunner


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


@dataclass(frozen=True)
class ExportChoices:
    date_from: date | None
    date_to: date | None
    page_size: str
    details: PersonalDetails
    #: the PDF's language (i18n.LANGUAGES), which may differ from the window's
    language: str = i18n.SOURCE_LANGUAGE


class ExportPdfDialog(QDialog):
    """Period, paper size and the optional name / date of birth for page 1."""

    def __init__(
        self,
        parent: QWidget | None,
        details: PersonalDetails,
        today: date,
        page_size: str,
        language: str | None = None,
        *,
        protected: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Export PDF summary"))
        self.today = today

        self.period_combo = QComboBox()
        for label, _days in PERIODS:
            self.period_combo.addItem(_(label))
        first, last = custom_start(today)
        self.from_edit = QDateEdit(_qdate(first))
        self.to_edit = QDateEdit(_qdate(last))
        for edit in (self.from_edit, self.to_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(i18n.date_entry_format())
            edit.setMaximumDate(_qdate(today))
        self.from_edit.setAccessibleName(_("First day of the period"))
        self.to_edit.setAccessibleName(_("Last day of the period"))
        custom = QHBoxLayout()
        # Translators: "from [date] to [date]": the period's first and last day
        from_label = QLabel(pgettext("period", "&from"))
        from_label.setBuddy(self.from_edit)
        to_label = QLabel(pgettext("period", "&to"))
        to_label.setBuddy(self.to_edit)
        custom.addWidget(from_label)
        custom.addWidget(self.from_edit)
        custom.addWidget(to_label)
        custom.addWidget(self.to_edit)
        custom.addStretch(1)

        self.paper_combo = QComboBox()
        for size in PAPER_SIZES:
            self.paper_combo.addItem(paper_size_label(size), size)
        self.paper_combo.setCurrentIndex(max(0, self.paper_combo.findData(page_size)))
        self.language_combo = QComboBox()
        self.language_combo.setObjectName("pdfLanguageCombo")
        for code in i18n.LANGUAGES:
            self.language_combo.addItem(i18n.LANGUAGE_NAMES[code], code)
        self.language_combo.setCurrentIndex(
            max(0, self.language_combo.findData(language or i18n.current_language()))
        )

        self.name_edit = QLineEdit(details.name)
        self.name_edit.setMaxLength(MAX_NAME)
        self.name_edit.setPlaceholderText(_("optional"))
        self.dob_check = QCheckBox(_("Date of &birth"))
        self.dob_edit = QDateEdit(_qdate(details.date_of_birth or date(1980, 1, 1)))
        self.dob_edit.setCalendarPopup(True)
        self.dob_edit.setDisplayFormat(i18n.date_entry_format())
        self.dob_edit.setDateRange(QDate(1900, 1, 1), _qdate(today))
        self.dob_edit.setAccessibleName(_("Date of birth"))
        self.period_combo.setAccessibleName(_("Period"))
        self.paper_combo.setAccessibleName(_("Paper"))
        self.language_combo.setAccessibleName(_("Language of the PDF"))
        self.name_edit.setAccessibleName(_("Name"))
        self.dob_check.setChecked(details.date_of_birth is not None)
        dob = QHBoxLayout()
        dob.addWidget(self.dob_check)
        dob.addWidget(self.dob_edit)
        dob.addStretch(1)

        form = QFormLayout()
        form.addRow(_("&Period:"), self.period_combo)
        form.addRow("", custom)
        form.addRow(_("P&aper:"), self.paper_combo)
        form.addRow(_("&Language:"), self.language_combo)
        form.addRow(_("&Name:"), self.name_edit)
        form.addRow("", dob)
        note = QLabel(
            _(
                "Name and date of birth are optional. They are kept in the diary on this "
                "computer, printed on page 1 only, and never written into the file's "
                "properties."
            )
        )
        note.setWordWrap(True)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("&Save PDF…"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        if protected:  # the PDF is plain by the patient's choice: one line says so
            plain = QLabel(_(PLAIN_FILE_NOTE))
            plain.setObjectName("plainFileNote")
            plain.setWordWrap(True)
            layout.addWidget(plain)
        layout.addWidget(buttons)

        self.period_combo.currentIndexChanged.connect(self._update_enabled)
        self.dob_check.toggled.connect(self._update_enabled)
        self.period_combo.setCurrentIndex(PDF_START)
        self._update_enabled()

    def _update_enabled(self) -> None:
        custom = self.period_combo.currentIndex() == CUSTOM
        self.from_edit.setEnabled(custom)
        self.to_edit.setEnabled(custom)
        self.dob_edit.setEnabled(self.dob_check.isChecked())

    def period(self) -> tuple[date | None, date | None]:
        return period_range(
            self.period_combo.currentIndex(),
            self.today,
            self.from_edit.date().toPython(),  # type: ignore[arg-type]
            self.to_edit.date().toPython(),  # type: ignore[arg-type]
        )

    def choices(self) -> ExportChoices:
        d_from, d_to = self.period()
        dob: date | None = None
        if self.dob_check.isChecked():
            dob = self.dob_edit.date().toPython()  # type: ignore[assignment]
        return ExportChoices(
            d_from,
            d_to,
            self.paper_combo.currentData(),
            PersonalDetails(self.name_edit.text().strip(), dob),
            self.language_combo.currentData(),
        )


def _start_folder() -> Path:
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(docs) if docs else Path.home()
    return folder if folder.is_dir() else Path.home()


def _show_saved(parent: QWidget | None, path: Path) -> None:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(_("PDF saved"))
    box.setText(_("The PDF summary was saved to\n{file}", file=str(path)))
    # Translators: a button: opens the saved PDF
    open_button = box.addButton(pgettext("saved PDF", "Open"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Close)
    box.exec()
    opened = box.clickedButton() is open_button
    box.deleteLater()
    if opened:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def export_pdf_dialog(
    parent: QWidget,
    ctx: AppContext,
    runner: TaskRunner,
    today: date | None = None,
    *,
    page_size: str | None = None,
    language: str | None = None,
) -> Task | None:
    """Ask for the period, paper and details, then the file, and write the PDF on a worker;
    returns the running task, or None when the patient cancelled before that.
    ``page_size``: the paper chosen in the settings (default: from the locale);
    ``language``: the PDF language chosen there (default: the app's)."""
    from headache_diary.report.layout import ensure_gui
    from headache_diary.report.pdf import default_page_size
    from headache_diary.services import personal
    from headache_diary.services.analysis import period_of

    today = today or date.today()
    details = personal.get_personal_details(ctx)
    dialog = ExportPdfDialog(
        parent,
        details,
        today,
        page_size or default_page_size(),
        language=language,
        protected=is_protected(ctx.paths),
    )
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        choice = dialog.choices()
    finally:
        dialog.deleteLater()
    try:
        clean_personal_details(choice.details, today)  # say so now, before the file dialog
        period = period_of(ctx, choice.date_from, choice.date_to, today)
    except DiaryError as exc:
        QMessageBox.critical(parent, _("PDF not saved"), str(exc))
        return None

    start = _start_folder() / default_file_name("pdf", period=(period.start, period.end))
    name, _filter = QFileDialog.getSaveFileName(
        parent, _("Save PDF summary"), str(start), _("PDF files (*.pdf)")
    )
    if not name:
        return None
    path = Path(pdf_file_name(name))
    ensure_gui()  # the bundled fonts are registered in the GUI thread, before the worker

    def work(job: Job) -> Path:
        # the report modules and matplotlib: on the worker (imported at start-up already,
        # see ui.startup.LATER_MODULES, unless the PDF is asked for before that)
        from headache_diary.services.report import write_report

        saved = write_report(
            ctx,
            path,
            choice.date_from,
            choice.date_to,
            page_size=choice.page_size,
            today=today,
            details=choice.details,
            job=job,
            language=choice.language,
        )
        # kept for the next PDF only now that this one was written
        personal.set_personal_details(ctx, choice.details, today)
        return saved

    return run_with_progress(
        parent,
        runner,
        work,
        title=_("Export PDF summary"),
        label=_("Writing the PDF summary…"),
        failed_title=_("PDF not saved"),
        on_done=lambda saved: _show_saved(parent, saved),
    )
