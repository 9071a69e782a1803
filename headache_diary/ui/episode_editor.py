"""The episode editor: one dialog, built in code, for a new or an existing episode.

Layout, for logging in under 30 seconds: the fields that matter most (side, start, end,
intensity, the neck-related triggers and the neck position) are at the top; the rest
(other triggers, pain character/origin/locations, symptoms, medications, notes) follow
in the same scroll area. Save and Cancel stay visible below it, whatever the screen size.

The dialog is thin: the sections (``ui.editor_sections``) hold the widgets, the form
(``domain.episode_form``) turns their values into an Episode and its problems, and
``services.episodes`` saves it. Choices (documented in docs/user-guide.md):
- Side has no default: the patient must pick left, right, both or unsure.
- A new episode starts "now" in the computer's zone and is "still ongoing" until the
  patient gives an end time or a duration (changing either selects that option).
- Intensity is optional ("not recorded" until a number is clicked), as in FORMAT.md.
- Triggers and symptoms each have an explicit "none" answer; with nothing ticked they are
  "not recorded" (DESIGN.md "Recorded is not absent"). "No trigger noticed" and any
  trigger (neck or other) clear each other, as do "No other symptom" and any symptom.
- Times are wall-clock times in the episode's zone: the computer's zone for a new
  episode, the episode's own zone when editing one recorded elsewhere (the dialog says
  which).

Problems appear in red next to their fields while typing, Save is disabled while anything
is wrong, and nothing is written until the episode is valid (an episode over 72 h asks
first). When saving fails (disk full, read-only folder) the dialog stays open with the
entered values, so nothing typed is lost. Enter saves unless the cursor is in the notes;
Esc cancels and asks first when something was entered.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import datetime

from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from headache_diary.context import AppContext
from headache_diary.domain.episode import Episode, needs_confirmation
from headache_diary.domain.episode_form import EpisodeForm, FormResult
from headache_diary.domain.timeutil import now_utc, zone_for
from headache_diary.i18n import N_, _, ngettext
from headache_diary.services import episodes
from headache_diary.ui.editor_sections import (
    IntensitySection,
    MedicationsSection,
    NeckSection,
    NotesSection,
    OtherTriggersSection,
    PainSection,
    Section,
    SideSection,
    SymptomsSection,
    WhenSection,
    WhenValue,
    wall_of,
)
from headache_diary.ui.form_dialog import EditorDialog
from headache_diary.ui.screen import fit_to_screen


class EpisodeEditor(EditorDialog):
    """Edit ``episode`` (or a new one when None). On Save the episode is validated and
    saved in one unit of work; ``saved`` then holds the stored value."""

    FAILED_TITLE = N_("Episode not saved")
    DISCARD = N_("Close without saving? What you entered for this episode will be lost.")

    def __init__(
        self,
        ctx: AppContext,
        episode: Episode | None = None,
        parent: QWidget | None = None,
        *,
        start: datetime | None = None,
        now: Callable[[], datetime] = now_utc,
    ) -> None:
        """``start``: where a new episode starts (default now; e.g. a day chosen in the
        calendar). ``now``: the clock (the default start, the "now" button, and what
        counts as the future)."""
        super().__init__(parent, scroll=True)
        self._ctx = ctx
        self._clock = now
        if episode is not None:
            self._base = EpisodeForm.of(episode)
        else:
            self._base = EpisodeForm.new(ctx.zone, start or now())
            if start is not None and start.astimezone(zone_for(ctx.zone)).date() < (
                now().astimezone(zone_for(ctx.zone)).date()
            ):
                # an episode added afterwards for an earlier day (the calendar's "New
                # episode on this day"): how long it lasted is asked for, not taken to be
                # still ongoing (which would make every day since a headache day)
                self._base = dataclasses.replace(self._base, end_mode="duration")
        self.setWindowTitle(_("Edit episode") if episode else _("New episode"))
        self.setObjectName("EpisodeEditor")
        self._build(edited_elsewhere=episode is not None and episode.time_zone != ctx.zone)
        self.set_form(self._base)
        for section in self.sections:
            section.changed.connect(self.revalidate)
        self.ready()
        # as wide as the sections need at this font (the side buttons, the intensity row,
        # four columns of triggers), never scrolling sideways; at most the screen
        scroll, layout, body = self.scroll_area, self.layout(), self.scroll_area.widget()
        need = scroll.verticalScrollBar().sizeHint().width() + 8
        if body is not None:
            need += body.minimumSizeHint().width()
        if layout is not None:
            need += layout.contentsMargins().left() + layout.contentsMargins().right()
        fit_to_screen(self, max(840, need), 860)

    # -- construction ------------------------------------------------------------------
    def _build(self, edited_elsewhere: bool) -> None:
        zone = self._base.zone
        col = self.body

        if edited_elsewhere:
            # Translators: {zone} and {computer_zone} are time zone names, e.g.
            # Europe/Berlin; keep the <b> </b> around {zone}
            note = _(
                "Times are in <b>{zone}</b>, the time zone this episode was recorded in "
                "(this computer: {computer_zone}).",
                zone=zone,
                computer_zone=self._ctx.zone,
            )
        else:
            note = _("Times are in <b>{zone}</b>.", zone=zone)
        self.zone_label = QLabel(note)
        self.zone_label.setObjectName("zoneLabel")
        col.addWidget(self.zone_label)

        self.side = SideSection()
        self.when = WhenSection(self._now)
        self.intensity = IntensitySection()
        self.neck = NeckSection()
        self.other_triggers = OtherTriggersSection()
        self.pain = PainSection()
        self.symptoms = SymptomsSection()
        self.medications = MedicationsSection(self._default_taken)
        self.notes = NotesSection()
        self.sections: tuple[Section, ...] = (
            self.side,
            self.when,
            self.intensity,
            self.neck,
            self.other_triggers,
            self.pain,
            self.symptoms,
            self.medications,
            self.notes,
        )
        for section in self.sections:
            col.addWidget(section)
        col.addStretch(1)
        self.messages: dict[str, QLabel] = {}
        for section in self.sections:
            self.messages.update(section.messages)

        self.add_save_bar()

        # the widgets tests and keyboard users reach most often, by name
        self.side_buttons = self.side.buttons
        self.start_edit = self.when.start_edit
        self.end_edit = self.when.end_edit
        self.hours_spin = self.when.hours_spin
        self.minutes_spin = self.when.minutes_spin
        self.ongoing_radio = self.when.ongoing_radio
        self.end_at_radio = self.when.end_at_radio
        self.duration_radio = self.when.duration_radio
        self.second_time_check = self.when.second_time_check
        self.intensity_buttons = self.intensity.buttons
        self.neck_combo = self.neck.neck_combo
        self.trigger_checks = {**self.neck.triggers.checks, **self.other_triggers.triggers.checks}
        self.no_triggers_check = self.other_triggers.none_check
        self.no_symptoms_check = self.symptoms.none_check
        # "no trigger noticed" and a trigger in either section clear each other
        for cb in self.trigger_checks.values():
            cb.toggled.connect(self._trigger_toggled)
        self.no_triggers_check.toggled.connect(self._clear_triggers)
        self.trigger_note = self.other_triggers.note
        self.character_combo = self.pain.character_combo
        self.origin_combo = self.pain.origin_combo
        self.location_checks = self.pain.locations.checks
        self.symptom_checks = self.symptoms.symptoms.checks
        self.notes_edit = self.notes.edit
        self.add_med_button = self.medications.add_button

    def _trigger_toggled(self, on: bool) -> None:
        if on:
            self.no_triggers_check.setChecked(False)

    def _clear_triggers(self, none: bool) -> None:
        if none:
            self.neck.triggers.set_value(())
            self.other_triggers.triggers.set_value(())

    def _now(self) -> datetime:
        return self._clock().astimezone(zone_for(self._base.zone)).replace(tzinfo=None)

    def _default_taken(self) -> datetime:
        """A new medication row's time: the start shown."""
        return wall_of(self.when.start_edit)

    # -- form <-> sections ------------------------------------------------------------
    def form(self) -> EpisodeForm:
        """The form the widgets show."""
        when = self.when.value()
        mech, neck_position = self.neck.value()
        other, no_triggers, note = self.other_triggers.value()
        character, origin, locations = self.pain.value()
        symptoms, no_symptoms = self.symptoms.value()
        return dataclasses.replace(
            self._base,
            start=when.start,
            end_mode=when.end_mode,
            end=when.end,
            duration_minutes=when.duration_minutes,
            second_occurrence=when.second_occurrence,
            side=self.side.value(),
            intensity=self.intensity.value(),
            character=character,
            neck_position=neck_position,
            pain_origin=origin,
            triggers=mech + other,
            no_triggers=no_triggers,
            trigger_note=note,
            pain_locations=locations,
            symptoms=symptoms,
            no_symptoms=no_symptoms,
            medications=self.medications.value(),
            notes=self.notes.value(),
        )

    def set_form(self, form: EpisodeForm) -> None:
        self.side.set_value(form.side)
        self.when.set_value(
            WhenValue(
                form.start,
                form.end_mode,
                form.end or form.start,
                form.duration_minutes,
                form.second_occurrence,
            )
        )
        self.intensity.set_value(form.intensity)
        self.neck.set_value(form.triggers, form.neck_position)
        self.other_triggers.set_value(form.triggers, form.no_triggers, form.trigger_note)
        self.pain.set_value(form.character, form.pain_origin, form.pain_locations)
        self.symptoms.set_value(form.symptoms, form.no_symptoms)
        self.medications.set_value(form.medications)
        self.notes.set_value(form.notes)

    # -- validation --------------------------------------------------------------------
    def result_of_form(self) -> FormResult:
        return self.form().build(self._clock())

    def values(self) -> object:
        return self.form()

    def problems(self) -> dict[str, str]:
        return self.result_of_form().problems

    def revalidate(self) -> dict[str, str]:
        """Show the current problems next to their fields; Save only when there are none."""
        result = self.result_of_form()
        self.when.show_repeated_choice(result.repeated_time_shown)
        self.show_problems(result.problems)
        return result.problems

    def placed(self, key: str, message: str) -> tuple[str, str]:
        if key.startswith("medications["):
            # Translators: a problem of the medication in row {number} of the table
            return "medications", _(
                "Medication {number}: {message}",
                number=key[len("medications[") : -1],
                message=message,
            )
        return (key if key in self.messages else "triggers"), message

    # -- save --------------------------------------------------------------------------
    def prepare_save(self) -> Callable[[], Episode] | None:
        """The episode's save (an episode over 72 hours asks first: None when the patient
        says no)."""
        ep = self.result_of_form().episode
        if ep is None:
            return None
        if needs_confirmation(ep):
            hours = int(ep.duration.total_seconds() // 3600) if ep.duration else 0
            answer = QMessageBox.question(
                self,
                _("Long episode"),
                ngettext(
                    "This episode lasted {count} hour (more than 3 days). Save it anyway?",
                    "This episode lasted {count} hours (more than 3 days). Save it anyway?",
                    hours,
                ),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return None
        ctx, now = self._ctx, self._clock()
        return lambda: episodes.save_episode(ctx, ep, now)
