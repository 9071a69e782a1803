"""The use cases without Qt: what the CLI and the GUI both call (no QApplication here)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from datetime import date

import pytest

from headache_diary.context import AppContext
from headache_diary.domain.errors import StorageError, ValidationError
from headache_diary.domain.personal import PersonalDetails
from headache_diary.services import episodes, personal
from headache_diary.services.analysis import analysis_snapshot
from headache_diary.storage.db import open_diary
from tests.support import MakeEpisode


def test_services_run_without_qt(tmp_path) -> None:
    """Every use case but the PDF works in a process that never imports Qt."""
    script = textwrap.dedent(
        f"""
        import sys
        from datetime import datetime, timedelta
        from zoneinfo import ZoneInfo
        from headache_diary.app import open_context
        from headache_diary.domain.episode import Episode
        from headache_diary.domain.personal import PersonalDetails
        from headache_diary.services import analysis, episodes, personal, transfer

        ctx = open_context({str(tmp_path / "data")!r})
        start = datetime(2026, 3, 1, 8, 0, tzinfo=ZoneInfo("Europe/Berlin"))
        ep = episodes.save_episode(
            ctx, Episode(started_at=start, ended_at=start + timedelta(hours=2),
                         side="left", time_zone="Europe/Berlin")
        )
        assert [i.id for i in episodes.list_page(ctx, 0, 10)] == [ep.id]
        history = episodes.DeleteHistory()
        history.delete(ctx, ep.id)
        history.undo(ctx)
        transfer.export_file(ctx, {str(tmp_path / "out.json")!r})
        transfer.import_file(ctx, {str(tmp_path / "out.json")!r})
        personal.set_personal_details(ctx, PersonalDetails("A", None))
        snap = analysis.analysis_snapshot(ctx)
        assert snap.summary.episodes == 1 and snap.profile
        ctx.diary.close()
        print(sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6")))
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    )
    assert out.stdout.strip() == "[]", out.stderr


def test_save_validates_and_normalizes(ctx: AppContext, make_episode: MakeEpisode) -> None:
    bad = make_episode("2026-03-01 08:00", side="middle")
    with pytest.raises(ValidationError, match="side"):
        episodes.save_episode(ctx, bad)
    assert episodes.count_episodes(ctx) == 0
    good = make_episode("2026-03-01 08:00", triggers=["stress", "neck_movement"])
    saved = episodes.save_episode(ctx, good)
    assert saved.triggers == ["neck_movement", "stress"]  # vocabulary order
    assert episodes.get_episode(ctx, good.id) == saved


def test_delete_history_undoes_one_after_another(
    ctx: AppContext, make_episode: MakeEpisode
) -> None:
    eps = [episodes.save_episode(ctx, make_episode(f"2026-03-0{d} 08:00")) for d in (1, 2, 3)]
    history = episodes.DeleteHistory()
    assert not history and history.undo(ctx) is None
    assert history.delete(ctx, eps[0].id) == eps[0]
    assert history.delete(ctx, eps[1].id) == eps[1]
    assert history.delete(ctx, "no-such-id") is None
    assert episodes.count_episodes(ctx) == 1
    assert history.undo(ctx) == eps[1]
    assert history.undo(ctx) == eps[0]
    assert not history
    assert {i.id for i in episodes.list_page(ctx, 0, 10)} == {e.id for e in eps}
    assert episodes.list_position(ctx, eps[2].id) == 0  # newest first


def test_storage_errors_are_readable_and_name_no_values(
    ctx: AppContext, make_episode: MakeEpisode
) -> None:
    episodes.save_episode(ctx, make_episode("2026-03-01 08:00", notes="private note"))
    with ctx.diary.engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE episode_trigger")
    for call in (
        lambda: episodes.list_page(ctx, 0, 10),
        lambda: episodes.save_episode(
            ctx, make_episode("2026-03-02 08:00", notes="secret", triggers=["stress"])
        ),
        lambda: analysis_snapshot(ctx),
    ):
        with pytest.raises(StorageError) as caught:
            call()
        message = str(caught.value)
        assert message.startswith("The diary could not be read or written")
        assert "secret" not in message and "SELECT" not in message and "INSERT" not in message


def test_full_disk_is_a_readable_error_and_nothing_is_lost(
    paths, make_episode: MakeEpisode
) -> None:
    from sqlalchemy import event

    diary = open_diary(paths)
    ctx = AppContext(paths, diary, "Europe/Berlin")
    try:
        first = episodes.save_episode(ctx, make_episode("2026-03-01 08:00"))
        diary.engine.dispose()
        with diary.engine.connect() as conn:
            pages = conn.exec_driver_sql("PRAGMA page_count").scalar()

        @event.listens_for(diary.engine, "connect")
        def _full(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
            dbapi_connection.execute(f"PRAGMA max_page_count={pages}")

        diary.engine.dispose()
        big = make_episode("2026-03-02 08:00", notes="x" * 200_000)
        with pytest.raises(StorageError, match="the disk is full"):
            episodes.save_episode(ctx, big)
        assert [i.id for i in episodes.list_page(ctx, 0, 10)] == [first.id]
    finally:
        diary.close()


def test_personal_details(ctx: AppContext) -> None:
    assert personal.get_personal_details(ctx).is_empty
    with pytest.raises(ValidationError, match="future"):
        personal.set_personal_details(
            ctx, PersonalDetails("A", date(2030, 1, 1)), today=date(2026, 1, 1)
        )
    stored = personal.set_personal_details(ctx, PersonalDetails(" Ada \n Example ", None))
    assert stored == PersonalDetails("Ada Example", None) == personal.get_personal_details(ctx)


def test_snapshot_json_is_what_the_cli_prints(
    ctx: AppContext, make_episode: MakeEpisode, capsys: pytest.CaptureFixture[str]
) -> None:
    from headache_diary.app import main

    episodes.save_episode(ctx, make_episode("2026-03-01 08:00", triggers=["neck_movement"]))
    expected = analysis_snapshot(ctx, date(2026, 3, 1), date(2026, 3, 31)).to_json()
    ctx.diary.close()
    args = ["summary", "--json", "--from", "2026-03-01", "--to", "2026-03-31"]
    assert main([*args, "--data-dir", str(ctx.paths.data_dir)]) == 0
    assert json.loads(capsys.readouterr().out) == expected
