"""File > Settings…: the daily reminder, the tray, the first day of the week and the paper
size (UI preferences: the settings file), and the name and date of birth printed on the
PDF (kept in the diary database, never in the settings file).

A reminder time that is not a time, an impossible date of birth or a name that is too
long is shown in red at its field, and nothing is saved until it is fixed. On Save the
details go to the diary first (one unit of work); the preferences are written only when
that worked, so a failure saves nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, time

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLineEdit,
    QWidget,
)

from headache_diary import i18n
from headache_diary.context import AppContext
from headache_diary.domain.errors import ValidationError
from headache_diary.domain.personal import MAX_NAME, PersonalDetails, clean_personal_details
from headache_diary.domain.preferences import (
    CLOSE_QUITS,
    CLOSE_TO_TRAY,
    PAPER_SIZES,
    Preferences,
    format_time,
    paper_size_label,
    parse_time,
)
from headache_diary.i18n import N_, _
from headache_diary.ui.form_dialog import FormDialog
from headache_diary.ui.passphrase_dialog import ProtectionRow
from headache_diary.ui.screen import fit_to_screen

NO_TRAY = N_(
    "This desktop shows no system tray, so closing the window quits Headache Diary; "
    "the reminder appears while the window is open."
)


class SettingsDialog(FormDialog):
    FAILED_TITLE = N_("Settings not saved")
    DISCARD = N_("Close without saving? The changed settings will be lost.")

    def __init__(
        self,
        ctx: AppContext,
        prefs: Preferences,
        details: PersonalDetails,
        store: Callable[[Preferences], None],
        parent: QWidget | None = None,
        *,
        tray_available: bool = False,
        locale_paper: str = "A4",
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("SettingsDialog")
        self.setWindowTitle(_("Settings"))
        self._ctx = ctx
        self._prefs = prefs
        self._store = store
        self._today = today
        self.saved_preferences: Preferences | None = None

        # Translators: a check box followed by a time field ("Remind me every day at 20:30")
        self.reminder_check = QCheckBox(_("Remind me every day at"))
        self.reminder_check.setObjectName("reminderCheck")
        self.reminder_check.setChecked(prefs.reminder_enabled)
        self.time_edit = QLineEdit(format_time(prefs.reminder_time))
        self.time_edit.setObjectName("reminderTimeEdit")
        self.time_edit.setAccessibleName(_("Reminder time"))
        self.time_edit.setPlaceholderText(_("e.g. {time}", time=format_time(time(20, 30))))
        self.time_edit.setMaxLength(8)
        self.time_edit.setFixedWidth(self.time_edit.fontMetrics().horizontalAdvance("00:000") + 24)
        row = QHBoxLayout()
        row.addWidget(self.reminder_check)
        row.addWidget(self.time_edit)
        row.addStretch(1)
        self.add_row(_("&Reminder"), row, "reminder_time", buddy=self.reminder_check)

        self.tray_check = QCheckBox(_("Keep running in the system tray when the window is closed"))
        self.tray_check.setObjectName("trayCheck")
        self.tray_check.setChecked(prefs.close_to_tray)
        self.tray_check.setEnabled(tray_available)
        self.add_row(_("System &tray"), self.tray_check, "close_action")
        if not tray_available:
            self.tray_check.setToolTip(_(NO_TRAY))
            self.add_note(_(NO_TRAY))
        else:
            self.add_note(
                _(
                    "The reminder appears only on days when nothing has been recorded yet "
                    "(no episode in progress or entered, no dose outside an episode)."
                )
            )

        self.language_combo = QComboBox()
        self.language_combo.setObjectName("languageCombo")
        system = i18n.system_language()
        self.language_combo.addItem(
            _("System language ({language})", language=i18n.LANGUAGE_NAMES[system]), None
        )
        for code in i18n.LANGUAGES:
            self.language_combo.addItem(i18n.LANGUAGE_NAMES[code], code)
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(prefs.language)))
        self.add_row(_("&Language"), self.language_combo)
        self.add_note(_("A new language is used when Headache Diary is started again."))

        self.pdf_language_combo = QComboBox()
        self.pdf_language_combo.setObjectName("pdfLanguageCombo")
        self.pdf_language_combo.addItem(_("Same as the app"), None)
        for code in i18n.LANGUAGES:
            self.pdf_language_combo.addItem(i18n.LANGUAGE_NAMES[code], code)
        self.pdf_language_combo.setCurrentIndex(
            max(0, self.pdf_language_combo.findData(prefs.pdf_language))
        )
        self.add_row(_("PDF lan&guage"), self.pdf_language_combo)

        self.week_combo = QComboBox()
        self.week_combo.setObjectName("weekCombo")
        days = i18n.day_names(1, "wide")
        self.week_combo.addItem(
            _("From the language ({day})", day=days[i18n.first_weekday() - 1]), None
        )
        for number, name in enumerate(days, start=1):
            self.week_combo.addItem(name, number)
        self.week_combo.setCurrentIndex(max(0, self.week_combo.findData(prefs.first_day_of_week)))
        self.add_row(_("&Week starts on"), self.week_combo)

        self.paper_combo = QComboBox()
        self.paper_combo.setObjectName("paperCombo")
        # Translators: {size} is the paper size, A4 or Letter
        self.paper_combo.addItem(_("From this computer's region ({size})", size=locale_paper), None)
        for size in PAPER_SIZES:
            self.paper_combo.addItem(paper_size_label(size), size)
        self.paper_combo.setCurrentIndex(max(0, self.paper_combo.findData(prefs.paper_size)))
        self.add_row(_("&Paper for PDFs"), self.paper_combo)

        # the passphrase (ui.passphrase_dialog): what is chosen is done on Save
        self.protection = ProtectionRow(ctx.paths, self)
        self.add_row(_("Passp&hrase"), self.protection)

        self.name_edit = QLineEdit(details.name)
        self.name_edit.setObjectName("nameEdit")
        self.name_edit.setMaxLength(MAX_NAME + 10)  # too long shows a message, not a cut
        self.name_edit.setPlaceholderText(_("optional, printed on page 1 of the PDF"))
        # Translators: the patient's name, printed on the PDF
        self.name_edit.setAccessibleName(_("Name"))
        self.add_row(_("&Name"), self.name_edit, "name")
        self.dob_check = QCheckBox()
        self.dob_check.setObjectName("dobCheck")
        self.dob_check.setAccessibleName(_("Date of birth given"))
        self.dob_check.setChecked(details.date_of_birth is not None)
        dob = details.date_of_birth or date(1980, 1, 1)
        self.dob_edit = QDateEdit(QDate(dob.year, dob.month, dob.day))
        self.dob_edit.setObjectName("dobEdit")
        self.dob_edit.setAccessibleName(_("Date of birth"))
        self.dob_edit.setCalendarPopup(True)
        self.dob_edit.setDisplayFormat(i18n.date_entry_format())
        self.dob_edit.setMinimumDate(QDate(1800, 1, 1))
        row = QHBoxLayout()
        row.addWidget(self.dob_check)
        row.addWidget(self.dob_edit)
        row.addStretch(1)
        self.add_row(_("&Date of birth"), row, "date_of_birth", buddy=self.dob_check)
        self.add_note(
            _(
                "Name and date of birth are optional. They are kept in the diary on this "
                "computer, printed on page 1 of the PDF only, and never written into the "
                "file's properties."
            )
        )

        for signal in (
            self.reminder_check.toggled,
            self.time_edit.textChanged,
            self.name_edit.textChanged,
            self.dob_check.toggled,
            self.dob_edit.dateChanged,
        ):
            signal.connect(self.revalidate)
        self.reminder_check.toggled.connect(self.time_edit.setEnabled)
        self.dob_check.toggled.connect(self.dob_edit.setEnabled)
        self.time_edit.setEnabled(prefs.reminder_enabled)
        self.dob_edit.setEnabled(self.dob_check.isChecked())
        self.ready()
        fit_to_screen(self, 600, 400)

    # -- values ------------------------------------------------------------------------------
    def details(self) -> PersonalDetails:
        dob = None
        if self.dob_check.isChecked():
            d = self.dob_edit.date()
            dob = date(d.year(), d.month(), d.day())
        return PersonalDetails(self.name_edit.text(), dob)

    def preferences(self) -> tuple[Preferences | None, dict[str, str]]:
        problems: dict[str, str] = {}
        reminder = self._prefs.reminder_time
        text = self.time_edit.text()
        try:
            reminder = parse_time(text)
        except ValueError as exc:
            # a bad time is kept from saving even with the reminder off: it would be lost
            if text.strip() or self.reminder_check.isChecked():
                problems["reminder_time"] = (
                    str(exc)
                    if text.strip()
                    else _("enter a time, e.g. {time}", time=format_time(time(20, 30)))
                )
        prefs = replace(
            self._prefs,
            reminder_enabled=self.reminder_check.isChecked(),
            reminder_time=reminder,
            close_action=CLOSE_TO_TRAY if self.tray_check.isChecked() else CLOSE_QUITS,
            first_day_of_week=self.week_combo.currentData(),
            paper_size=self.paper_combo.currentData(),
            language=self.language_combo.currentData(),
            pdf_language=self.pdf_language_combo.currentData(),
        )
        return (None if problems else prefs), problems

    def values(self) -> object:
        return (self.preferences(), self.details())

    def problems(self) -> dict[str, str]:
        problems = self.preferences()[1]
        try:
            clean_personal_details(self.details(), self._today())
        except ValidationError as exc:
            problems.update(exc.problems)
        return problems

    def prepare_save(self) -> Callable[[], object]:
        """The personal details go to the diary (on a worker); the preferences to the
        settings file once they are stored (:meth:`after_save`)."""
        from headache_diary.services import personal

        ctx, details, today = self._ctx, self.details(), self._today()
        return lambda: personal.set_personal_details(ctx, details, today)

    def after_save(self, result: object) -> None:
        prefs, _problems = self.preferences()
        assert prefs is not None
        self._store(prefs)
        self.saved_preferences = prefs
