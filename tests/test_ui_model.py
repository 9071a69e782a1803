"""The episode list model: text of each column, order, and lazy paging."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from headache_diary.domain.episode import Episode
from headache_diary.domain.timeutil import zone_for
from headache_diary.storage import repository
from headache_diary.ui.episode_model import PAGE_SIZE, EpisodeListModel, IdRole
from headache_diary.ui.formatting import format_duration, format_start

ZONE = "Europe/Berlin"


@pytest.mark.parametrize(
    ("minutes", "text"),
    [(150, "2 h 30 min"), (45, "45 min"), (180, "3 h"), (0, "0 min"), (73 * 60 + 5, "73 h 5 min")],
)
def test_format_duration(minutes, text):
    assert format_duration(timedelta(minutes=minutes)) == text


def test_format_ongoing_and_start():
    assert format_duration(None) == "ongoing"
    dt = datetime(2026, 11, 25, 8, 15, tzinfo=zone_for(ZONE))
    assert format_start(dt) == "Wed, 25 Nov 2026, 08:15"


def rows(model: EpisodeListModel, n: int | None = None) -> list[list[str]]:
    n = model.rowCount() if n is None else n
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(n)]


def test_columns_newest_first_in_each_episodes_own_zone(qtbot, ctx, make_episode):
    with ctx.diary.session() as s:
        for ep in (
            make_episode(
                "2026-03-01 08:15",
                hours=2.5,
                side="left",
                intensity=6,
                triggers=["stress", "neck_movement"],
                neck_position="looking_down",
            ),
            make_episode("2026-03-02 23:30", hours=None, side="unsure"),
            # after the DST change and in another zone: wall clock as recorded there
            make_episode("2026-04-01 09:00", hours=0.75, zone="America/New_York", side="right"),
        ):
            repository.save_episode(s, ep.normalized())
    model = EpisodeListModel(ctx, ZONE)
    assert model.rowCount() == 3 and model.columnCount() == 6
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(6)] == [
        "Start",
        "Duration",
        "Side",
        "Intensity",
        "Triggers",
        "Neck position",
    ]
    assert rows(model) == [
        ["Wed, 1 Apr 2026, 09:00 (EDT)", "45 min", "Right", "", "", ""],
        ["Mon, 2 Mar 2026, 23:30", "ongoing", "Unsure", "", "", ""],
        [
            "Sun, 1 Mar 2026, 08:15",
            "2 h 30 min",
            "Left",
            "6/10",
            "Neck movement, Stress",
            "Looking down",
        ],
    ]
    assert "America/New_York" in model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(0, 0).data(IdRole) == model.record_id(0)


def test_refresh_picks_up_changes(ctx, make_episode):
    model = EpisodeListModel(ctx, ZONE)
    assert model.rowCount() == 0
    ep = make_episode("2026-03-01 08:00")
    with ctx.diary.session() as s:
        repository.save_episode(s, ep.normalized())
    assert model.rowCount() == 0  # cached until told
    model.refresh()
    assert model.rowCount() == 1 and model.record_id(0) == ep.id
    assert model.row_of(ep.id) == 0 and model.row_of("nope") is None


def test_thousands_of_episodes_are_paged_lazily(qtbot, ctx, monkeypatch):
    n = 3000
    zone = zone_for(ZONE)
    start = datetime(2020, 1, 1, 8, 0, tzinfo=zone)
    with ctx.diary.session() as s:
        repository.insert_episodes(
            s,
            (
                Episode(
                    started_at=start + timedelta(hours=7 * i),
                    ended_at=start + timedelta(hours=7 * i + 1),
                    time_zone=ZONE,
                    side="left",
                    intensity=i % 11,
                ).normalized()
                for i in range(n)
            ),
        )
    calls: list[tuple[int, int]] = []
    real = repository.list_page

    def counting(session, offset, limit):
        calls.append((offset, limit))
        return real(session, offset, limit)

    monkeypatch.setattr(repository, "list_page", counting)
    model = EpisodeListModel(ctx, ZONE)
    assert model.rowCount() == n
    assert calls == []  # counting rows fetches none

    view = QTableView()
    qtbot.addWidget(view)
    model.setParent(view)  # the view outlives this test's locals until qtbot closes it
    view.verticalHeader().setDefaultSectionSize(24)
    view.resize(600, 400)
    view.setModel(model)
    view.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(lambda: calls != [])
    view.viewport().repaint()  # a second paint reads from the cache
    assert calls == [(0, PAGE_SIZE)]  # only the visible rows' page
    newest = start + timedelta(hours=7 * (n - 1))
    assert model.index(0, 0).data() == format_start(newest)

    view.scrollToBottom()
    last_page = (n - 1) // PAGE_SIZE * PAGE_SIZE
    qtbot.waitUntil(lambda: calls[-1] == (last_page, PAGE_SIZE))
    assert len(calls) <= 3  # top, bottom (and perhaps the page before the last)
    assert model.index(n - 1, 0).data() == format_start(start)
    assert model.index(n - 1, 3).data() == "0/10"
    # pages stay cached: scrolling back to the top reads nothing new
    before = len(calls)
    view.scrollToTop()
    view.viewport().repaint()  # paints now, from the cached first page
    assert model.index(0, 0).data() == format_start(newest)
    assert len(calls) == before


def test_duration_is_elapsed_time_across_the_clock_change(qtbot, ctx, make_episode):
    """01:30 to 04:30 on the night the clocks go back (Europe/Berlin) lasted 4 hours: the
    list shows the stored elapsed time, as the PDF does, not the 3 h between wall times."""
    ep = make_episode("2026-10-25 01:30", hours=3)  # wall-clock arithmetic: ends 04:30 CET
    assert ep.ended_at is not None and ep.ended_at.hour == 4 and ep.ended_at.minute == 30
    assert ep.duration == timedelta(hours=4)
    with ctx.diary.session() as s:
        repository.save_episode(s, ep.normalized())
    model = EpisodeListModel(ctx, ZONE)
    assert model.index(0, 1).data() == "4 h"
    from headache_diary.report.content import episode_row

    assert episode_row(ep.normalized())[2] == "4 h"  # the PDF's table says the same


def test_a_failure_while_painting_is_reported_not_raised(qtbot, ctx, make_episode):
    with ctx.diary.session() as s:
        repository.save_episode(s, make_episode("2026-03-01 08:00").normalized())
    view = QTableView()
    qtbot.addWidget(view)
    model = EpisodeListModel(ctx, ZONE, view)  # owned by the view, deleted with it
    view.setModel(model)
    with ctx.diary.engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE episode_trigger")
    with qtbot.waitSignal(model.failed, timeout=2000) as failed:
        assert model.index(0, 0).data() is None  # the page cannot be read: an empty cell
    assert "could not be read or written" in failed.args[0]
    reported: list[str] = []
    model.failed.connect(reported.append)
    view.resize(400, 200)
    view.grab()  # painting asks again: no exception, no second report
    assert reported == []
