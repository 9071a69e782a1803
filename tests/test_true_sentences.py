"""Every sentence is true of the diary it describes (DESIGN.md): a sentence that depends on
data is written only when it holds. Each such sentence is fed a diary where it must not
appear (and, so that the test can fail, one where it must) in the CLI summary, the
Analysis tab and the PDF."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel

from headache_diary.analysis.wording import NO_HISTORY_YET, NO_MEDICATION_DAYS, NO_THRESHOLD
from headache_diary.app import main
from headache_diary.context import AppContext
from headache_diary.domain.history import HistoryEvent
from headache_diary.domain.medication import AcuteDose, PlanEntry
from headache_diary.domain.timeutil import zone_for
from headache_diary.services import history, medication, report, transfer
from tests.support_report import norm, pdf_text
from tests.support_ui import open_view_at

TODAY = date(2026, 6, 30)


#: pytest-qt's QApplication in every test, so report/ does not make a QGuiApplication of
#: its own
pytestmark = pytest.mark.usefixtures("qapp")


FROM, TO = "2026-03-01", "2026-06-30"


def report_text(ctx: AppContext, tmp_path: Path, name: str = "r.pdf") -> str:
    return pdf_text(
        report.write_report(
            ctx, tmp_path / name, date(2026, 3, 1), TODAY, today=TODAY, page_size="A4"
        )
    )


def cli_text(capsys, ctx: AppContext) -> str:
    code = main(["summary", "--from", FROM, "--to", TO, "--data-dir", str(ctx.paths.data_dir)])
    out, err = capsys.readouterr()
    assert code == 0, err
    return norm(out)


def tab_text(qtbot, ctx: AppContext) -> str:
    """Every label of the Analysis tab, for the period of the other two."""
    view = open_view_at(qtbot, ctx, date(2026, 3, 1), TODAY, TODAY)
    return norm(" ".join(label.text() for label in view.findChildren(QLabel)))


@pytest.fixture
def episodes(ctx: AppContext, make_episode) -> AppContext:
    eps = [make_episode(f"2026-03-{d:02d} 10:00", hours=2, intensity=5) for d in (2, 9, 16)]
    transfer.import_episodes(ctx, eps)
    return ctx


FIVE_EVENTS = (
    HistoryEvent(date=date(2019, 1, 1), kind="neck_injury", date_precision="year"),
    HistoryEvent(date=date(2025, 11, 3), kind="headaches_began"),
    HistoryEvent(date=date(2026, 1, 1), kind="xray", date_precision="month"),
    HistoryEvent(date=date(2026, 3, 20), kind="mri", details="C2/3 facet arthropathy"),
    HistoryEvent(date=date(2026, 4, 20), kind="nerve_block", side="left"),
)


def test_no_neck_history_is_said_only_of_a_diary_without_one(
    episodes: AppContext, capsys, qtbot, tmp_path
) -> None:
    ctx = episodes
    # a diary without history: the sentence is true, and every place says it
    assert NO_HISTORY_YET in cli_text(capsys, ctx)
    assert NO_HISTORY_YET in tab_text(qtbot, ctx)
    assert NO_HISTORY_YET in report_text(ctx, tmp_path, "before.pdf")
    # five history events: it must appear nowhere
    for event in FIVE_EVENTS:
        history.save_event(ctx, event, TODAY)
    cli, tab, pdf = cli_text(capsys, ctx), tab_text(qtbot, ctx), report_text(ctx, tmp_path)
    for text in (cli, tab, pdf):
        assert "no neck history" not in text.lower()
        # the rest of the list of what a diary cannot show is still there
        assert "A diary can show neither ICHD-3 11.2.1 B" in text


def test_the_overuse_status_says_only_what_holds(ctx: AppContext, capsys, qtbot, tmp_path) -> None:
    """No medication day / no month at a threshold / a month at a threshold: each diary
    gets its own sentence and neither of the other two, in the CLI, the tab and the PDF."""

    def texts(name: str) -> list[str]:
        return [cli_text(capsys, ctx), tab_text(qtbot, ctx), report_text(ctx, tmp_path, name)]

    def triptan(day: int) -> None:
        taken = datetime(2026, 3, day, 9, tzinfo=zone_for("Europe/Berlin"))
        now = datetime(2026, 6, 30, 12, tzinfo=zone_for("Europe/Berlin"))
        medication.save_dose(ctx, AcuteDose(taken, "Europe/Berlin", "", "triptan"), now)

    # a daily muscle relaxant not taken for headache: no medication day at all
    relaxant = PlanEntry("Tizanidine", "muscle_relaxant", date(2026, 1, 1), for_headache=False)
    medication.save_plan_entry(ctx, relaxant, TODAY)
    for text in texts("none.pdf"):
        assert NO_MEDICATION_DAYS in text and NO_THRESHOLD not in text
    # triptans on 9 days of March: medication days, no threshold (10)
    for day in range(1, 10):
        triptan(day)
    for text in texts("nine.pdf"):
        assert NO_THRESHOLD in text and NO_MEDICATION_DAYS not in text
    # the 10th day: March reaches 8.2.2
    triptan(10)
    for text in texts("ten.pdf"):
        assert NO_THRESHOLD not in text and NO_MEDICATION_DAYS not in text
        assert "March 2026: triptans on 10 days (ICHD-3 8.2.2: 10 or more days a month)." in text
