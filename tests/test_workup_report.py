"""The neck workup in the PDF: the latest scores with their change and the neck stiffness
on page 1 or 2, each nerve block's response with the C4 sentence and its relief curve
after the neck history, a chart per score; nothing of it when nothing is recorded."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pypdf
import pytest

from headache_diary.context import AppContext
from headache_diary.domain.checkin import CheckIn
from headache_diary.domain.history import HistoryEvent
from headache_diary.domain.workup import BlockRating, NerveBlock, Score
from headache_diary.services import checkins, history, report, scores, transfer

TODAY = date(2026, 6, 30)


def norm(text: str) -> str:
    return " ".join(text.split())


def page_texts(path: Path) -> list[str]:
    return [norm(p.extract_text() or "") for p in pypdf.PdfReader(path).pages]


@pytest.fixture(autouse=True)
def _app(qapp) -> None:
    """pytest-qt's QApplication, so report/ does not make a QGuiApplication of its own."""


@pytest.fixture
def with_workup(ctx: AppContext, make_episode) -> AppContext:
    eps = [make_episode(f"2026-{m:02d}-{d:02d} 10:00", hours=2, intensity=5)
           for m in (2, 3, 4, 5) for d in (2, 9, 16)]  # fmt: skip
    transfer.import_episodes(ctx, eps)
    block = NerveBlock(
        purpose="diagnostic",
        target="third occipital nerve",
        anaesthetic="bupivacaine 0.5 %",
        control="comparative",
        pain_before=6,
        ratings=(
            BlockRating(15, 3),
            BlockRating(30, 1),
            BlockRating(60, 0),
            BlockRating(120, 0),
            BlockRating(240, 1),
            BlockRating(480, 4),
        ),  # fmt: skip
        relief_hours=4,
    )
    history.save_event(
        ctx, HistoryEvent(date(2026, 3, 10), "nerve_block", title="TON block", block=block), TODAY
    )
    for s in (
        Score(date(2026, 2, 5), "ndi", 24),
        Score(date(2026, 4, 5), "ndi", 12),
        Score(date(2026, 2, 5), "hit6", 64),
    ):
        scores.save_score(ctx, s, TODAY)
    for day, value in ((date(2026, 2, 3), 6), (date(2026, 2, 4), 4), (date(2026, 4, 2), 2)):
        checkins.save_check_in(ctx, CheckIn(day, False, value), TODAY)
    return ctx


def test_pdf_has_the_workup(with_workup, tmp_path) -> None:
    path = report.write_report(
        with_workup, tmp_path / "r.pdf", date(2026, 2, 1), date(2026, 5, 31), today=TODAY
    )
    pages = page_texts(path)
    text = " ".join(pages)
    early = " ".join(pages[:2])
    # the latest values and their change on page 1 or 2
    assert "Scores and neck stiffness" in early
    assert "NDI 12 (24%) 5 Apr 2026 24 (48%) on 5 Feb 2026 −12 (−24 points)" in early
    assert "HIT-6 64 5 Feb 2026" in early
    assert "licences of NDI, HIT-6 and MIDAS restrict it" in early
    assert (
        "Neck stiffness (0-10) averaged 4 over 3 check-ins that rated it. Monthly means: "
        "Feb 2026: 5 (2 days); Apr 2026: 2 (1 day)." in early
    )
    # the block's response after the neck history, with the C4 sentence, facts only
    assert text.index("Neck history (self-reported)") < text.index(
        "Neck workup: Nerve-block response"
    )
    assert "ICHD-3 11.2.1 C4 (in this app's words): headache abolished after a diagnostic" in text
    assert "Target: third occipital nerve. Purpose: Diagnostic. Control: Comparative block." in text
    assert "30 min 1 83.3%" in text
    assert "At least 80% relief from 30 min to 4 h." in text
    assert "Pain 0 of 10 from 60 min to 2 h." in text
    assert "Relief lasted 4 hours, as the patient recorded it." in text
    assert "C4 met" not in text
    # the relief curve and the score charts are drawn (their titles are chart text)
    assert "Pain and relief after the nerve block of 10 Mar 2026" in text
    assert "NDI over time" in text and "HIT-6 over time" in text
    assert "neck stiffness, monthly mean of the check-ins (0-10)" in text


def test_pdf_without_a_workup_says_nothing_of_it(ctx, make_episode, tmp_path) -> None:
    transfer.import_episodes(ctx, [make_episode("2026-03-02 10:00", hours=2)])
    history.save_event(ctx, HistoryEvent(date(2026, 3, 10), "nerve_block"), TODAY)
    path = report.write_report(ctx, tmp_path / "r.pdf", date(2026, 3, 1), date(2026, 3, 31),
                               today=TODAY)  # fmt: skip
    text = " ".join(page_texts(path))
    for absent in ("Scores and neck stiffness", "Nerve-block response", "over time",
                   "neck stiffness, monthly mean"):  # fmt: skip
        assert absent not in text
