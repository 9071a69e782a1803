"""The Analysis view on real diaries, offscreen."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import date

from PySide6.QtWidgets import QLabel

from headache_diary.analysis.charts import build_charts, figure_svg_bytes
from headache_diary.context import AppContext
from headache_diary.storage.repository import insert_episodes
from headache_diary.ui.analysis_view import PERIODS
from tests.support import MakeEpisode, add, med, nine_known_sides, snapshot
from tests.support_ui import open_view, table_texts, updated

CHART_TITLES = [
    "Side of the episodes",
    "One-sided and movement-triggered episodes per month",
    "Triggers",
    "Neck position at onset",
    "Headache days per month",
    "Peak intensity per month",
]


def test_known_diary(qtbot, ctx: AppContext, make_episode: MakeEpisode) -> None:
    eps = nine_known_sides(make_episode)
    eps[0].medications = [med("triptan")]
    add(ctx.diary, *eps)
    view = open_view(qtbot, ctx)
    assert view.period_combo.currentText() == "All episodes"
    assert not view.from_edit.isVisible()
    text = view.headline.text()
    assert "10 episodes from 1 Mar 2026 to" in text
    assert "7 of 9 episodes with a known side were one-sided, all on the left" in text
    assert "4 of 9 episodes with triggers recorded (44.4%) came on with neck movement" in text
    # the key figures of page 1 of the PDF, each with its denominator
    keys = view.key_label.text()
    assert view.key_label.isVisible()
    for part in (
        "One-sided (left or right)",
        "77.8%",
        "7 of 9 episodes with a known side (side unsure in 1)",
        "On the same side, of one-sided episodes",
        "Brought on by neck movement or posture",
        "44.4%",
        "4 of 9 episodes with triggers recorded; 1 not recorded",
        "Brought on by pressure on the neck",
        "Headache days per 30 days",
    ):
        assert part in keys, part
    assert not view.disclosure_label.isVisible()  # nothing ongoing
    rows = table_texts(view)
    assert rows[0][0] == "Features described for cervicogenic headache"
    side_row = next(r for r in rows if r[0].strip().startswith("One-sided on the same side"))
    assert side_row[0].strip() == (
        "One-sided on the same side (left), of all episodes with a known side\n    (0 side shifts)"
    )
    assert side_row[1] == "7 of 9 episodes with a known side (77.8%); side unsure in 1"
    assert side_row[2] == "CHISG III; Comment to ICHD-3 11.2.1"
    assert any(
        r[0].strip() == "Lasting 4 to 72 hours\n    (durations as recorded, treated or not)"
        for r in rows
    )
    assert view.profile_table.isVisible()
    note = view.profile_note.text()
    assert "A diary can show neither ICHD-3 11.2.1 B" in note and "C4" in note
    assert "Triptan 1" in view.overuse_label.text()
    assert "No calendar month of this period reached" in view.overuse_label.text()
    assert "judged month by month" in view.overuse_label.text()  # the complete definition
    assert "this app&#x27;s scale" in view.definitions_label.text()
    assert view.chart_titles() == CHART_TITLES
    assert all(isinstance(c, QLabel) for c in view.chart_labels)
    qtbot.waitUntil(lambda: all(c.isVisible() for c in view.chart_labels))
    assert all(not c.pixmap().isNull() and c.pixmap().width() >= 800 for c in view.chart_labels)
    image = view.grab().toImage()
    assert not image.isNull() and image.width() >= 900


def test_custom_period_and_refresh(qtbot, ctx: AppContext, make_episode: MakeEpisode) -> None:
    add(ctx.diary, *nine_known_sides(make_episode))
    view = open_view(qtbot, ctx)
    updated(qtbot, view, lambda: view.set_custom_period(date(2026, 3, 10), date(2026, 3, 12)))
    assert view.from_edit.isVisible() and view.to_edit.isVisible()
    assert view.period() == (date(2026, 3, 10), date(2026, 3, 12))
    assert "3 episodes from 10 Mar 2026 to 12 Mar 2026 (3 days)" in view.headline.text()
    assert "None of the 2 episodes with a known side was one-sided" in view.headline.text()
    # a new episode shows after refresh() (the main window calls it after every change)
    add(ctx.diary, make_episode("2026-03-11 18:00", side="right"))
    updated(qtbot, view, view.refresh)
    assert "4 episodes from 10 Mar 2026" in view.headline.text()
    # an empty period: words, no charts, no profile table
    updated(qtbot, view, lambda: view.set_custom_period(date(2026, 1, 1), date(2026, 1, 31)))
    assert "No episode started in this period" in view.headline.text()
    assert view.chart_labels == []
    assert not view.profile_table.isVisible()


def test_refresh_waits_while_hidden(qtbot, ctx: AppContext, make_episode: MakeEpisode) -> None:
    add(ctx.diary, make_episode("2026-03-01 08:00"))
    view = open_view(qtbot, ctx)
    view.hide()
    add(ctx.diary, make_episode("2026-03-02 08:00"))
    view.refresh()
    assert not view.runner.busy  # nothing computed while hidden
    assert view.summary is not None and view.summary.episodes == 1
    updated(qtbot, view, view.show)
    assert view.summary.episodes == 2
    assert "2 episodes" in view.headline.text()


def test_rolling_periods(qtbot, ctx: AppContext, make_episode: MakeEpisode) -> None:
    add(ctx.diary, make_episode("2026-03-01 08:00"))
    view = open_view(qtbot, ctx)
    view._today = lambda: date(2026, 3, 20)
    updated(qtbot, view, lambda: view.set_period(0))  # last 30 days
    assert view.period() == (date(2026, 2, 19), date(2026, 3, 20))
    assert view.summary.period.days == 30 and view.summary.episodes == 1
    view.set_period(1)
    assert view.period() == (date(2025, 12, 21), date(2026, 3, 20))
    view.set_period(2)
    assert view.period()[1] - view.period()[0] == (date(2026, 3, 20) - date(2025, 3, 21))
    assert [label for label, _ in PERIODS][:4] == [
        "Last 30 days",
        "Last 90 days",
        "Last 12 months",
        "All episodes",
    ]


def test_empty_diary(qtbot, ctx: AppContext) -> None:
    view = open_view(qtbot, ctx)
    assert "No episodes recorded yet" in view.headline.text()
    assert view.chart_labels == []
    assert not view.profile_table.isVisible()
    assert not view.charts_heading.isVisible()
    assert "No medication day in this period" in view.overuse_label.text()
    view.grab()


def test_one_episode_diary(qtbot, ctx: AppContext, make_episode: MakeEpisode) -> None:
    add(ctx.diary, make_episode("2026-03-01 08:00", hours=None, side="right"))
    view = open_view(qtbot, ctx)
    text = view.headline.text()
    assert "1 episode from 1 Mar 2026" in text
    assert "1 of 1 episode with a known side was one-sided, on the right" in text
    # the ongoing episode is disclosed with its start date, above the sentences
    assert view.disclosure_label.isVisible()
    assert "An episode still marked ongoing since 1 Mar 2026" in view.disclosure_label.text()
    assert view.chart_titles() == CHART_TITLES  # a single month and a single point draw
    view.grab()


def test_overuse_flags_shown(qtbot, ctx: AppContext, make_episode: MakeEpisode) -> None:
    add(
        ctx.diary,
        *[
            make_episode(f"2026-02-{d:02d} 08:00", medications=[med("triptan")])
            for d in range(1, 12)
        ],
    )
    view = open_view(qtbot, ctx)
    text = view.overuse_label.text()
    assert "February 2026: triptans on 11 days (ICHD-3 8.2.2: 10 or more days a month)." in text


def test_charts_render_to_svg_with_text(diary, make_episode: MakeEpisode) -> None:
    with diary.session() as s:
        insert_episodes(s, nine_known_sides(make_episode))
    charts = build_charts(snapshot(diary, today=date(2026, 3, 31)))
    assert [t for t, _ in charts] == CHART_TITLES
    for title, fig in charts:
        svg = figure_svg_bytes(fig).decode()
        # text stays text (QSvgRenderer cannot draw glyph paths' <use> references well)
        assert f">{title}<" in svg.replace("&#39;", "'")
        assert "DejaVu Sans" in svg
    assert build_charts(snapshot(diary, date(2020, 1, 1), date(2020, 1, 2))) == []


def test_charts_leave_global_rcparams_alone_and_svg_saves_take_turns(
    qtbot, diary, make_episode: MakeEpisode, monkeypatch
) -> None:
    """The Analysis tab's charts (built and drawn with Agg on a worker) and the PDF's (saved
    as SVG on another) run at the same time: building and drawing a chart writes nothing to
    matplotlib's global rcParams, and an SVG save writes only the SVG writer's keys, under
    the one lock, even with two saves at once; afterwards rcParams are as they were."""
    import threading

    import matplotlib

    from headache_diary.analysis import charts
    from headache_diary.ui.chart_images import render_charts

    writes: list[tuple[str, bool]] = []
    set_value, update_raw = matplotlib.RcParams._set, matplotlib.RcParams._update_raw

    def spy_set(self, key, value):  # type: ignore[no-untyped-def]
        if self is matplotlib.rcParams:
            writes.append((key, charts._svg_lock.locked()))
        return set_value(self, key, value)

    def spy_update(self, params):  # type: ignore[no-untyped-def]
        if self is matplotlib.rcParams:
            writes.append(("(restore)", charts._svg_lock.locked()))
        return update_raw(self, params)

    monkeypatch.setattr(matplotlib.RcParams, "_set", spy_set)
    monkeypatch.setattr(matplotlib.RcParams, "_update_raw", spy_update)
    with diary.session() as s:
        insert_episodes(s, nine_known_sides(make_episode))
    snap = snapshot(diary, today=date(2026, 3, 31))
    # read raw: reading "backend" through rcParams[...] would resolve it (pyplot!)
    before = dict(dict.items(matplotlib.rcParams))

    assert len(render_charts(snap, 700)) == len(CHART_TITLES)  # the Analysis tab's way
    assert writes == []

    start = threading.Barrier(3)
    errors: list[BaseException] = []

    def save_all() -> None:
        try:
            start.wait(10)
            for _title, fig in build_charts(snap):
                assert ">DejaVu Sans<" not in (svg := figure_svg_bytes(fig).decode())
                assert "DejaVu Sans" in svg
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    def draw_all() -> None:
        try:
            start.wait(10)
            render_charts(snap, 700)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=f) for f in (save_all, save_all, draw_all)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert writes and all(locked for _key, locked in writes)
    assert {key for key, _locked in writes} <= {*charts.SVG_RC, "(restore)"}
    assert dict(dict.items(matplotlib.rcParams)) == before


def test_chart_images_are_opaque_pixmaps_drawn_one_figure_at_a_time(
    qtbot, diary, make_episode: MakeEpisode
) -> None:
    """The images are in the format an opaque QPixmap shares (RGB32, no copy when shown),
    with the figure's white background kept; the charts are made lazily, one figure alive
    at a time."""
    import gc
    import weakref

    from PySide6.QtGui import QColor, QImage, QPixmap

    from headache_diary.analysis.charts import iter_charts
    from headache_diary.ui.chart_images import render_charts

    with diary.session() as s:
        insert_episodes(s, nine_known_sides(make_episode))
    snap = snapshot(diary, today=date(2026, 3, 31))
    images = render_charts(snap, 700, 2.0)
    assert [c.title for c in images] == CHART_TITLES
    for chart in images:
        image = chart.image
        assert image.format() == QImage.Format.Format_RGB32
        assert image.devicePixelRatio() == 2.0 and image.width() == 1400
        assert image.pixelColor(image.width() - 1, image.height() - 1) == QColor("white")
        assert not QPixmap.fromImage(image).isNull()
    charts = iter_charts(snap)
    title, fig = next(charts)
    assert title == CHART_TITLES[0]
    first = weakref.ref(fig)
    del fig
    title, _fig = next(charts)
    assert title == CHART_TITLES[1]
    gc.collect()
    assert first() is None  # the generator kept no reference to the figure before


def test_charts_do_not_use_pyplot(tmp_path) -> None:
    """Drawing the charts as the window does (Agg, into QImages) and as the PDF does (SVG)
    never brings in pyplot (not even through matplotlib resolving its backend, which
    imports pyplot), in a process of its own."""
    code = textwrap.dedent(
        """
        import sys
        from datetime import date, datetime, timedelta
        from pathlib import Path
        from headache_diary.analysis.charts import build_charts, figure_svg_bytes
        from headache_diary.context import AppContext
        from headache_diary.domain.episode import Episode
        from headache_diary.domain.timeutil import zone_for
        from headache_diary.paths import Paths
        from headache_diary.services.analysis import analysis_snapshot
        from headache_diary.services.episodes import save_episode
        from headache_diary.storage.db import open_diary
        import headache_diary.ui.analysis_view
        from headache_diary.ui.chart_images import render_charts

        paths = Paths(Path(sys.argv[1]))
        diary = open_diary(paths)
        ctx = AppContext(paths, diary, "Europe/Berlin")
        start = datetime(2026, 3, 1, 8, tzinfo=zone_for("Europe/Berlin"))
        for day in range(0, 60, 3):
            at = start + timedelta(days=day)
            episode = Episode(started_at=at, ended_at=at + timedelta(hours=2), side="left",
                              time_zone="Europe/Berlin", intensity=5)
            save_episode(ctx, episode, start + timedelta(days=90))  # "now": passed in
        snapshot = analysis_snapshot(ctx, today=date(2026, 5, 31))
        images = render_charts(snapshot, 700)
        svgs = [figure_svg_bytes(fig) for _title, fig in build_charts(snapshot)]
        diary.close()
        assert len(images) == len(svgs) == 6 and all(not i.image.isNull() for i in images)
        assert all(b"<svg" in svg for svg in svgs)
        assert "matplotlib.pyplot" not in sys.modules, "pyplot imported"
        print("drawn", len(images), len(svgs))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "data")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["drawn", "6", "6"]


def test_main_window_import_does_not_import_matplotlib() -> None:
    code = textwrap.dedent(
        """
        import sys
        import headache_diary.app
        import headache_diary.ui.main_window
        loaded = sorted(m for m in sys.modules if m.split(".")[0] == "matplotlib")
        assert not loaded, loaded
        assert "headache_diary.analysis.charts" not in sys.modules
        """
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def test_database_failure_shows_a_message(
    qtbot, ctx: AppContext, make_episode: MakeEpisode
) -> None:
    add(ctx.diary, make_episode("2026-03-01 08:00"))
    view = open_view(qtbot, ctx)
    with ctx.diary.engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE episode_trigger")
    updated(qtbot, view, view.refresh)
    assert "could not be computed" in view.headline.text()
    assert view.chart_labels == [] and not view.profile_table.isVisible()
