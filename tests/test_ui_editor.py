"""The episode editor, driven through its widgets (real diary, offscreen Qt).

The editor's clock is passed in (:data:`NOW`): the default start, "the future" and what
is saved never depend on the wall clock's hour, date or zone.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import QMessageBox

from headache_diary.domain.timeutil import zone_for
from headache_diary.storage import repository
from headache_diary.storage.db import open_diary
from headache_diary.ui.episode_editor import EpisodeEditor
from tests.support_ui import fill_quick, set_time, shown_editor, wait_saved

ZONE = "Europe/Berlin"
#: the editor's "now": after every date the tests enter
NOW = datetime(2026, 11, 20, 12, 0, 30, tzinfo=UTC)


def clock() -> datetime:
    return NOW


def count(ctx) -> int:
    with ctx.diary.session() as s:
        return repository.count_episodes(s)


@pytest.fixture
def editor(qtbot, ctx) -> EpisodeEditor:
    return shown_editor(qtbot, EpisodeEditor(ctx, now=clock))


def test_new_episode_defaults(editor, ctx):
    assert editor.ongoing_radio.isChecked()
    assert editor.intensity_buttons[None].isChecked()
    assert not any(b.isChecked() for b in editor.side_buttons.values())
    # no side yet: Save refuses and says why
    assert not editor.save_button.isEnabled()
    assert "left, right" in editor.messages["side"].text()
    assert not editor.messages["side"].isHidden()
    # start defaults to now in the diary's zone (to the minute)
    now = NOW.astimezone(zone_for(ZONE)).replace(tzinfo=None)
    shown = editor.start_edit.dateTime()
    shown_dt = datetime(
        shown.date().year(),
        shown.date().month(),
        shown.date().day(),
        shown.time().hour(),
        shown.time().minute(),
    )
    assert shown_dt == now.replace(second=0)
    assert ZONE in editor.zone_label.text()


def test_every_field_saved_and_found_after_reopening(qtbot, editor, ctx, paths):
    fill_quick(editor)
    editor.trigger_checks["sustained_posture"].click()
    editor.trigger_checks["stress"].click()
    editor.trigger_note.setText("after cycling")
    editor.neck_combo.setCurrentIndex(editor.neck_combo.findData("looking_down"))
    editor.character_combo.setCurrentIndex(editor.character_combo.findData("pressing"))
    editor.origin_combo.setCurrentIndex(editor.origin_combo.findData("neck"))
    editor.location_checks["occiput"].click()
    editor.location_checks["temple"].click()
    editor.symptom_checks["nausea"].click()
    editor.symptom_checks["shoulder_arm_pain"].click()
    qtbot.mouseClick(editor.add_med_button, Qt.MouseButton.LeftButton)
    row = editor.medications.rows[0]
    row.name.setText("Ibuprofen 400 mg")
    row.med_class.setCurrentIndex(row.med_class.findData("nsaid"))
    row.relief.setCurrentIndex(row.relief.findData("good"))
    row.has_time.click()
    set_time(row.taken, "2026-03-01 09:00")
    editor.medications.add_row()
    second = editor.medications.rows[1]
    assert not editor.save_button.isEnabled()  # the second row has no name yet
    assert "name" in editor.messages["medications"].text()
    second.name.setText("Paracetamol 500 mg")
    # nothing is preset: the class and the relief are answers, chosen on purpose
    assert (second.med_class.currentData(), second.relief.currentData()) == ("", "")
    assert "choose the class of Paracetamol 500 mg" in editor.messages["medications"].text()
    second.med_class.setCurrentIndex(second.med_class.findData("simple_analgesic"))
    assert not editor.save_button.isEnabled()
    assert "choose how much Paracetamol 500 mg helped" in editor.messages["medications"].text()
    second.relief.setCurrentIndex(second.relief.findData("some"))
    editor.medications.add_row()
    editor.medications.remove_row(editor.medications.rows[2])
    editor.notes_edit.setPlainText("worse when driving")
    assert editor.save_button.isEnabled(), editor.revalidate()
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    wait_saved(qtbot, editor)
    assert editor.result() == EpisodeEditor.DialogCode.Accepted
    saved_id = editor.saved.id

    ctx.diary.close()
    diary = open_diary(paths)
    try:
        with diary.session() as s:
            ep = repository.get_episode(s, saved_id)
    finally:
        diary.close()
    zone = zone_for(ZONE)
    assert ep is not None
    assert ep.started_at == datetime(2026, 3, 1, 8, 15, tzinfo=zone)
    assert ep.ended_at == datetime(2026, 3, 1, 10, 45, tzinfo=zone)
    assert ep.time_zone == ZONE
    assert ep.side == "left"
    assert ep.intensity == 7
    assert ep.triggers == ["neck_movement", "sustained_posture", "stress"]
    assert ep.trigger_note == "after cycling"
    assert ep.neck_position == "looking_down"
    assert ep.character == "pressing"
    assert ep.pain_origin == "neck"
    assert ep.pain_locations == ["occiput", "temple"]
    assert ep.symptoms == ["nausea", "shoulder_arm_pain"]
    assert [(m.name, m.med_class, m.relief) for m in ep.medications] == [
        ("Ibuprofen 400 mg", "nsaid", "good"),
        ("Paracetamol 500 mg", "simple_analgesic", "some"),
    ]
    assert ep.medications[0].taken_at == datetime(2026, 3, 1, 9, 0, tzinfo=zone)
    assert ep.medications[1].taken_at is None
    assert ep.notes == "worse when driving"


def test_end_before_start_shows_message_and_saves_nothing(qtbot, editor, ctx):
    fill_quick(editor)
    set_time(editor.end_edit, "2026-03-01 07:00")
    assert editor.end_at_radio.isChecked()  # editing the end chose "Ended at"
    assert "after the start" in editor.messages["ended_at"].text()
    assert not editor.messages["ended_at"].isHidden()
    assert not editor.save_button.isEnabled()
    qtbot.keyClick(editor.trigger_note, Qt.Key.Key_Return)
    editor.accept()  # even a direct accept refuses
    wait_saved(qtbot, editor)
    assert editor.isVisible()
    assert count(ctx) == 0
    # fixing it clears the message
    set_time(editor.end_edit, "2026-03-01 09:00")
    assert editor.messages["ended_at"].isHidden()
    assert editor.save_button.isEnabled()


def test_future_start_shows_message_and_saves_nothing(qtbot, editor, ctx):
    fill_quick(editor)
    tomorrow = (NOW + timedelta(days=1)).astimezone(zone_for(ZONE))
    set_time(editor.start_edit, tomorrow.strftime("%Y-%m-%d %H:%M"))
    assert "future" in editor.messages["started_at"].text()
    assert not editor.save_button.isEnabled()
    assert "start" in editor.summary_label.text()
    editor.accept()
    wait_saved(qtbot, editor)
    assert editor.isVisible()
    assert count(ctx) == 0


def test_switching_between_end_and_length_carries_the_value_over(editor):
    fill_quick(editor)
    set_time(editor.start_edit, "2026-03-01 08:15")
    set_time(editor.end_edit, "2026-03-01 11:40")
    editor.hours_spin.blockSignals(True)  # no length given yet
    editor.hours_spin.setValue(0)
    editor.minutes_spin.setValue(0)
    editor.hours_spin.blockSignals(False)
    editor.end_at_radio.setChecked(True)
    editor.duration_radio.click()
    assert (editor.hours_spin.value(), editor.minutes_spin.value()) == (3, 25)
    assert editor.form().end_mode == "duration" and editor.save_button.isEnabled()
    # and back: an end not after the start becomes the start plus the length
    set_time(editor.end_edit, "2026-03-01 08:00")
    editor.duration_radio.setChecked(True)
    editor.end_at_radio.click()
    assert editor.end_edit.dateTime().toString("yyyy-MM-dd HH:mm") == "2026-03-01 11:40"


def test_zero_duration_is_refused(editor, ctx):
    fill_quick(editor)
    editor.hours_spin.setValue(0)
    editor.minutes_spin.setValue(0)
    assert editor.duration_radio.isChecked()
    assert "how long" in editor.messages["ended_at"].text()
    editor.accept()
    assert count(ctx) == 0


def test_time_in_dst_gap_is_refused(editor, ctx):
    fill_quick(editor, start="2026-03-29 02:30")  # clocks jump 02:00 -> 03:00 in Berlin
    assert "does not exist" in editor.messages["started_at"].text()
    editor.accept()
    assert count(ctx) == 0


@pytest.mark.parametrize(("answer", "saved"), [("Yes", 1), ("No", 0)])
def test_episode_over_72_hours_asks_first(monkeypatch, qtbot, editor, ctx, answer, saved):
    asked = []

    def question(*args, **kwargs):
        asked.append(args[2])
        return getattr(QMessageBox.StandardButton, answer)

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    fill_quick(editor)
    editor.hours_spin.setValue(73)
    assert editor.save_button.isEnabled()  # plausible, so not a validation problem
    editor.accept()
    wait_saved(qtbot, editor)
    assert len(asked) == 1 and "73 hours" in asked[0]
    assert count(ctx) == saved
    assert editor.isVisible() == (saved == 0)


def test_72_hours_exactly_does_not_ask(monkeypatch, qtbot, editor, ctx):
    def question(*args, **kwargs):  # pragma: no cover - failing path
        raise AssertionError("asked")

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    fill_quick(editor)
    editor.hours_spin.setValue(72)
    editor.minutes_spin.setValue(0)
    editor.accept()
    wait_saved(qtbot, editor)
    assert count(ctx) == 1


def test_enter_saves_but_not_from_the_notes(qtbot, editor, ctx):
    fill_quick(editor)
    editor.notes_edit.setFocus()
    qtbot.keyClicks(editor.notes_edit, "line one")
    qtbot.keyClick(editor.notes_edit, Qt.Key.Key_Return)
    qtbot.keyClicks(editor.notes_edit, "line two")
    assert editor.isVisible() and count(ctx) == 0
    editor.side_buttons["right"].setFocus()  # a focused toggle does not swallow Enter
    qtbot.keyClick(editor.side_buttons["right"], Qt.Key.Key_Return)
    wait_saved(qtbot, editor)
    assert not editor.isVisible()
    assert editor.result() == EpisodeEditor.DialogCode.Accepted
    with ctx.diary.session() as s:
        ep = repository.get_episode(s, editor.saved.id)
    assert ep.notes == "line one\nline two"
    assert ep.side == "left"


def test_escape_cancels_after_asking_to_discard(qtbot, editor, ctx, monkeypatch):
    asked = []

    def answer(choice):
        def question(*args, **kwargs):
            asked.append(args[1])
            return choice

        return question

    fill_quick(editor)
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Cancel))
    qtbot.keyClick(editor.trigger_note, Qt.Key.Key_Escape)
    assert asked == ["Discard changes?"]
    assert editor.isVisible()  # "Cancel" keeps what was entered
    assert editor.side_buttons["left"].isChecked()
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Discard))
    qtbot.keyClick(editor.trigger_note, Qt.Key.Key_Escape)
    assert len(asked) == 2
    assert not editor.isVisible()
    assert editor.result() == EpisodeEditor.DialogCode.Rejected
    assert count(ctx) == 0


def test_escape_on_untouched_form_closes_without_asking(qtbot, editor, monkeypatch):
    def question(*args, **kwargs):
        raise AssertionError("nothing was entered; no question expected")

    monkeypatch.setattr(QMessageBox, "question", question)
    qtbot.keyClick(editor.trigger_note, Qt.Key.Key_Escape)
    assert not editor.isVisible()


def test_ongoing_episode(qtbot, editor, ctx):
    fill_quick(editor)
    editor.ongoing_radio.click()
    editor.accept()
    wait_saved(qtbot, editor)
    with ctx.diary.session() as s:
        ep = repository.get_episode(s, editor.saved.id)
    assert ep.ended_at is None and ep.intensity == 7


def test_editing_keeps_the_episodes_own_zone(qtbot, ctx, make_episode):
    original = make_episode(
        "2026-07-04 22:30",
        hours=1.5,
        zone="America/New_York",
        side="right",
        intensity=4,
        triggers=["neck_pressure"],
    ).normalized()
    with ctx.diary.session() as s:
        repository.save_episode(s, original)
    ed = EpisodeEditor(ctx, original, now=clock)
    qtbot.addWidget(ed)
    ed.show()
    assert "America/New_York" in ed.zone_label.text()
    assert ed.start_edit.time() == QTime(22, 30)  # its own wall clock, not Berlin's
    assert ed.end_at_radio.isChecked() and ed.end_edit.time() == QTime(0, 0)
    assert ed.side_buttons["right"].isChecked() and ed.intensity_buttons[4].isChecked()
    assert ed.trigger_checks["neck_pressure"].isChecked()
    ed.intensity_buttons[5].click()
    ed.accept()
    wait_saved(qtbot, ed)
    with ctx.diary.session() as s:
        ep = repository.get_episode(s, original.id)
        assert repository.count_episodes(s) == 1
    assert ep.time_zone == "America/New_York"
    assert ep.started_at == original.started_at and ep.ended_at == original.ended_at
    assert ep.intensity == 5


def _open(qtbot, ctx, episode) -> EpisodeEditor:
    ed = EpisodeEditor(ctx, episode, now=clock)
    qtbot.addWidget(ed, before_close_func=lambda w: w.discard())
    ed.show()
    return ed


def _stored(ctx, episode_id):
    with ctx.diary.session() as s:
        return repository.get_episode(s, episode_id)


def test_lasted_is_elapsed_time_across_a_clock_change(qtbot, editor, ctx):
    # 25 Oct 2026: Berlin's clocks go back from 03:00 to 02:00
    fill_quick(editor, start="2026-10-25 01:30")
    editor.hours_spin.setValue(2)
    editor.minutes_spin.setValue(0)
    editor.accept()
    wait_saved(qtbot, editor)
    ep = _stored(ctx, editor.saved.id)
    assert ep.duration == timedelta(hours=2)
    assert ep.ended_at.isoformat() == "2026-10-25T02:30:00+01:00"


def test_loaded_duration_is_elapsed_time(qtbot, ctx):
    z = zone_for(ZONE)
    from headache_diary.domain.episode import Episode

    ep = Episode(
        started_at=datetime(2026, 10, 25, 1, 0, tzinfo=z),
        ended_at=datetime(2026, 10, 25, 4, 0, tzinfo=z),  # 4 hours of real time
        side="left",
        time_zone=ZONE,
    )
    ed = _open(qtbot, ctx, ep)
    assert (ed.hours_spin.value(), ed.minutes_spin.value()) == (4, 0)
    ed.duration_radio.click()
    assert ed.result_of_form().episode.duration == timedelta(hours=4)


def test_saving_unchanged_keeps_seconds_exactly(qtbot, ctx):
    from headache_diary.domain.episode import Episode, Medication

    z = zone_for(ZONE)
    original = Episode(
        started_at=datetime(2026, 3, 1, 8, 15, 42, tzinfo=z),
        ended_at=datetime(2026, 3, 1, 9, 0, 30, tzinfo=z),
        side="right",
        time_zone=ZONE,
        medications=[
            Medication("Ibuprofen", "nsaid", "good", datetime(2026, 3, 1, 8, 20, 15, tzinfo=z))
        ],
    )
    with ctx.diary.session() as s:
        repository.save_episode(s, original)
    ed = _open(qtbot, ctx, original)
    assert not ed.has_changes()
    ed.accept()
    wait_saved(qtbot, ed)
    assert _stored(ctx, original.id) == original.normalized()
    # choosing "Lasted" with the numbers it shows keeps the stored end too
    ed = _open(qtbot, ctx, original)
    ed.duration_radio.click()
    ed.accept()
    wait_saved(qtbot, ed)
    assert _stored(ctx, original.id).ended_at == original.ended_at


def test_repeated_hour_can_be_kept_and_chosen(qtbot, ctx, editor):
    from headache_diary.domain.episode import Episode
    from headache_diary.domain.timeutil import localize

    second = localize(datetime(2026, 10, 25, 2, 30), ZONE, fold=1)  # 02:30+01:00
    stored = Episode(started_at=second, side="left", time_zone=ZONE, ended_at=None)
    with ctx.diary.session() as s:
        repository.save_episode(s, stored)
    ed = _open(qtbot, ctx, stored)
    assert ed.save_button.isEnabled(), ed.summary_label.text()
    ed.notes_edit.setPlainText("added later")
    ed.accept()
    wait_saved(qtbot, ed)
    assert _stored(ctx, stored.id).started_at.isoformat() == "2026-10-25T02:30:00+01:00"

    # a new episode at 02:30 that day: the first one unless the patient says otherwise
    fill_quick(editor, start="2026-10-25 02:30", side="right")
    editor.hours_spin.setValue(0)
    editor.minutes_spin.setValue(20)
    assert editor.second_time_check.isVisibleTo(editor)
    assert editor.result_of_form().episode.started_at.isoformat() == "2026-10-25T02:30:00+02:00"
    editor.second_time_check.click()
    editor.accept()
    wait_saved(qtbot, editor)
    assert _stored(ctx, editor.saved.id).started_at.isoformat() == ("2026-10-25T02:30:00+01:00")


def test_none_answers_are_explicit_and_exclusive(qtbot, editor, ctx):
    """Nothing ticked = not recorded; "none" is an answer of its own and clears the codes,
    and a code clears "none" (the neck triggers too)."""
    fill_quick(editor)  # ticks neck movement
    assert not editor.no_triggers_check.isChecked() and not editor.no_symptoms_check.isChecked()
    assert editor.form().build().episode.symptoms is None  # not recorded
    editor.no_triggers_check.click()
    assert not editor.trigger_checks["neck_movement"].isChecked()
    assert editor.form().build().episode.triggers == []
    editor.trigger_checks["stress"].click()
    assert not editor.no_triggers_check.isChecked()
    editor.trigger_checks["stress"].click()  # unticked again: nothing ticked
    assert editor.form().build().episode.triggers is None
    editor.no_triggers_check.click()
    editor.symptom_checks["nausea"].click()
    editor.no_symptoms_check.click()
    assert not editor.symptom_checks["nausea"].isChecked()
    assert editor.save_button.isEnabled()
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    wait_saved(qtbot, editor)
    with ctx.diary.session() as s:
        ep = repository.get_episode(s, editor.saved.id)
    assert (ep.triggers, ep.symptoms) == ([], [])
    # reopened, the answers are shown as they were saved
    again = EpisodeEditor(ctx, ep, now=clock)
    qtbot.addWidget(again, before_close_func=lambda w: w.discard())
    assert again.no_triggers_check.isChecked() and again.no_symptoms_check.isChecked()
    assert not any(cb.isChecked() for cb in again.trigger_checks.values())
    assert not again.has_changes()
    # a reopened episode without answers stays "not recorded"
    ep.triggers, ep.symptoms = None, None
    third = EpisodeEditor(ctx, ep, now=clock)
    qtbot.addWidget(third, before_close_func=lambda w: w.discard())
    assert not third.no_triggers_check.isChecked() and not third.no_symptoms_check.isChecked()
    assert third.form().build().episode.triggers is None
