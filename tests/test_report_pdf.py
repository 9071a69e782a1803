"""The PDF summary: content, metadata, privacy, atomic writing, paging (checked with pypdf)."""

from __future__ import annotations

import getpass
import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pypdf
import pytest

from headache_diary.analysis.wording import headline_sentences, overuse_sentences
from headache_diary.app import main
from headache_diary.domain.episode import Medication
from headache_diary.domain.errors import ExportError, ValidationError
from headache_diary.domain.personal import PersonalDetails
from headache_diary.domain.text import default_file_name
from headache_diary.io import atomic
from headache_diary.report import layout
from headache_diary.report.content import SELF_REPORTED
from headache_diary.report.pdf import ExportCancelled, default_page_size
from headache_diary.services import report
from headache_diary.storage.personal import get_personal_details, set_personal_details
from headache_diary.storage.repository import insert_episodes
from tests.support import snapshot
from tests.support_report import FROM, TO, TODAY, norm, page_texts, pdf_text, write, write_report

PERIOD = "1 Sept 2026 – 25 Nov 2026, 86 days"


@pytest.fixture(autouse=True)
def _out_dir(tmp_path: Path, qapp) -> None:
    """An output folder; and pytest-qt's QApplication, so report/ does not make its own."""
    (tmp_path / "out").mkdir()


def test_pdf_has_period_label_and_the_analysis_headline_figures(known_diary, tmp_path) -> None:
    path = write(known_diary, tmp_path)
    reader = pypdf.PdfReader(path)
    assert len(reader.pages) > 0
    text = pdf_text(path)
    assert PERIOD in text
    assert SELF_REPORTED in text
    summary = snapshot(known_diary, FROM, TO, today=TODAY).summary
    assert summary.episodes == 18
    sentences = headline_sentences(summary)
    assert len(sentences) >= 4
    for sentence in sentences:  # every figure the analysis states, word for word
        assert norm(sentence) in text, sentence
    for key in ("headache_days_per_30", "movement_triggered_pct", "pressure_provoked_pct"):
        value = getattr(summary, key)
        assert value is not None
        assert f"{value:g}" in text
    assert f"Page 1 of {len(reader.pages)}" in text
    # period and page number on every page
    for n, page in enumerate(page_texts(path), start=1):
        assert PERIOD in page
        assert f"Page {n} of {len(reader.pages)}" in page


def test_pdf_contains_profile_overuse_section_and_chart_labels(known_diary, tmp_path) -> None:
    path = write(known_diary, tmp_path)
    text = pdf_text(path)
    assert "Feature profile" in text
    assert "Features described for cervicogenic headache" in text
    assert "Features described for migraine" in text
    assert "Features described for tension-type headache" in text
    assert "Medication overuse check" in text
    snap = snapshot(known_diary, FROM, TO, today=TODAY)
    assert overuse_sentences(snap.summary) == []
    assert "No calendar month of this period reached an ICHD-3 8.2 medication threshold" in text
    # chart labels are text, not pictures
    from headache_diary.analysis.charts import build_charts

    charts = build_charts(snap)
    assert charts
    for title, fig in charts:
        assert norm(title) in text
        for ax in fig.axes:
            for label in (ax.get_xlabel(), ax.get_ylabel()):
                if label:
                    assert norm(label) in text, label


def test_fonts_are_embedded_dejavu(known_diary, tmp_path) -> None:
    path = write(known_diary, tmp_path)
    fonts = {}
    for page in pypdf.PdfReader(path).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = (
                font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            )
            desc = descendant["/FontDescriptor"].get_object()
            fonts[str(font["/BaseFont"])] = any(
                k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")
            )
    assert fonts
    assert all("DejaVu" in name for name in fonts), fonts
    assert all(fonts.values()), fonts


def test_metadata_is_deliberate_and_private(known_diary, tmp_path) -> None:
    with known_diary.session() as s:
        set_personal_details(s, PersonalDetails("Ada Example", date(1980, 5, 17)))
    path = write(known_diary, tmp_path)
    reader = pypdf.PdfReader(path)
    meta = reader.metadata
    assert meta.title == "Headache diary summary 1 Sept 2026 – 25 Nov 2026"
    assert not meta.author
    assert meta.creator == "Headache Diary"
    assert meta.producer and meta.producer.startswith("Qt ")
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    values = " ".join(str(v) for v in meta.values()) + xmp
    for secret in ("Ada", "Example", "1980", str(tmp_path), str(Path.home()), getpass.getuser()):
        assert secret not in values, secret
    raw = path.read_bytes()
    assert str(tmp_path).encode() not in raw
    assert str(Path.home()).encode() + b"/" not in raw


def test_name_and_birth_date_printed_only_when_set(known_diary, tmp_path) -> None:
    text = pdf_text(write(known_diary, tmp_path))
    assert "Patient:" not in text and "Date of birth" not in text
    with known_diary.session() as s:
        set_personal_details(s, PersonalDetails("Ada Example", date(1980, 5, 17)))
    text = pdf_text(write(known_diary, tmp_path))
    assert "Patient: Ada Example" in text
    assert "Date of birth: 17 May 1980" in text
    with known_diary.session() as s:
        set_personal_details(s, PersonalDetails("", date(1980, 5, 17)))
    text = pdf_text(write(known_diary, tmp_path))
    assert "Patient:" not in text and "Date of birth: 17 May 1980" in text


def test_personal_details_are_validated_and_erasable(diary) -> None:
    with diary.session() as s:
        with pytest.raises(ValidationError, match="future"):
            set_personal_details(s, PersonalDetails("A", date(2030, 1, 1)), today=TODAY)
        set_personal_details(s, PersonalDetails("  Ada \n Example ", None))
    with diary.session() as s:
        assert get_personal_details(s) == PersonalDetails("Ada Example", None)
        set_personal_details(s, PersonalDetails())
    with diary.session() as s:
        assert get_personal_details(s).is_empty


def test_empty_diary_gives_a_valid_pdf_that_says_so(diary, tmp_path) -> None:
    path = write_report(diary, tmp_path / "out" / "empty.pdf", today=TODAY)
    reader = pypdf.PdfReader(path)
    assert len(reader.pages) <= 2  # page 1, and the definitions and the empty calendar
    text = pdf_text(path)
    assert "No episodes were recorded in this period" in text
    assert SELF_REPORTED in text
    assert "25 Nov 2026 – 25 Nov 2026, 1 day" in text


def test_file_is_private_and_named_without_a_name(known_diary, tmp_path) -> None:
    path = write(known_diary, tmp_path)
    assert path.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in path.parent.iterdir()) == ["summary.pdf"]
    name = default_file_name("pdf", period=(FROM, TO))
    assert name == "headache-diary-summary-2026-09-01-to-2026-11-25.pdf"


def test_unwritable_path_fails_clearly_and_leaves_nothing(known_diary, tmp_path) -> None:
    blocker = tmp_path / "out" / "a-file"
    blocker.write_text("not a folder")
    before = sorted(p.name for p in (tmp_path / "out").iterdir())
    with pytest.raises(ExportError, match="not a folder"):
        write_report(known_diary, blocker / "summary.pdf", today=TODAY)
    with pytest.raises(ExportError, match="does not exist"):
        write_report(known_diary, tmp_path / "out" / "missing" / "summary.pdf", today=TODAY)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == before
    assert sorted(p.name for p in blocker.parent.iterdir()) == before


def test_enotdir_from_the_os_is_a_clear_error(tmp_path, monkeypatch) -> None:
    """Past the early check, the OS's own ENOTDIR is reported too, and nothing is left."""
    blocker = tmp_path / "out" / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(ExportError, match="not a folder.*Nothing was written"):
        atomic.write_atomic(blocker / "x.pdf", b"%PDF-1.4")
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["a-file"]


def test_failure_mid_render_leaves_no_file(known_diary, tmp_path, monkeypatch) -> None:
    target = tmp_path / "out" / "summary.pdf"
    target.write_bytes(b"older report")

    def broken(self, painter) -> None:
        raise RuntimeError("chart exploded")

    monkeypatch.setattr(layout.SvgOp, "paint", broken)
    with pytest.raises(ExportError, match="could not be made"):
        write_report(known_diary, target, date_from=FROM, date_to=TO, today=TODAY)
    assert sorted(p.name for p in target.parent.iterdir()) == ["summary.pdf"]
    assert target.read_bytes() == b"older report"


def test_failure_while_writing_removes_the_temp_file(known_diary, tmp_path, monkeypatch) -> None:
    def no_rename(src, dst) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", no_rename)
    with pytest.raises(ExportError, match="the disk is full.*Nothing was written"):
        write(known_diary, tmp_path)
    assert list((tmp_path / "out").iterdir()) == []


@pytest.mark.parametrize("stop_at", [1, 3, 8])
def test_cancel_leaves_nothing(known_diary, tmp_path, stop_at) -> None:
    calls: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        calls.append((done, total))
        return len(calls) < stop_at

    with pytest.raises(ExportCancelled, match="cancelled"):
        write(known_diary, tmp_path, progress=progress)
    assert len(calls) == stop_at
    assert list((tmp_path / "out").iterdir()) == []


def test_progress_reaches_the_end(known_diary, tmp_path) -> None:
    calls: list[tuple[int, int]] = []
    write(known_diary, tmp_path, progress=lambda d, t: calls.append((d, t)))
    assert calls[0] == (0, 100) and calls[-1] == (100, 100)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_episode_table_splits_over_pages_with_its_header(diary, make_episode, tmp_path) -> None:
    eps = [
        make_episode(
            f"2026-{9 + i // 28:02d}-{1 + i % 28:02d} 08:00",
            triggers=["neck_movement", "sustained_posture", "stress"],
            medications=[Medication("Paracetamol 500 mg", "simple_analgesic", "some")],
        )
        for i in range(80)
    ]
    with diary.session() as s:
        insert_episodes(s, eps)
    path = write(diary, tmp_path)
    table_pages = [t for t in page_texts(path) if "Paracetamol" in t]
    assert len(table_pages) >= 2
    for t in table_pages:
        assert (
            "Date Time Duration Side Peak Character Origin / locations Triggers Neck position "
            "Symptoms Medication (relief)" in t
        )
    text = pdf_text(path)
    assert "1 Sept 2026 08:00" in text and "24 Nov 2026 08:00" in text
    assert text.count("Paracetamol 500 mg") == 80


def test_episode_table_is_capped_with_a_note(diary, make_episode, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(report, "TABLE_CAP", 5)
    eps = [make_episode(f"2026-10-{d:02d} 09:30", intensity=3) for d in range(1, 13)]
    with diary.session() as s:
        insert_episodes(s, eps)
    text = pdf_text(write(diary, tmp_path))
    assert "The table lists the latest 5 of 12 episodes; 7 earlier episodes are left out" in text
    assert "12 Oct 2026 09:30" in text and "8 Oct 2026 09:30" in text
    assert "7 Oct 2026 09:30" not in text


def test_paper_sizes(known_diary, tmp_path) -> None:
    from PySide6.QtCore import QLocale

    a4 = pypdf.PdfReader(write(known_diary, tmp_path, page_size="A4")).pages[0].mediabox
    assert (round(a4.width), round(a4.height)) == (595, 842)
    letter = pypdf.PdfReader(write(known_diary, tmp_path, page_size="letter")).pages[0].mediabox
    assert (round(letter.width), round(letter.height)) == (612, 792)
    us = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    ca = QLocale(QLocale.Language.French, QLocale.Country.Canada)
    de = QLocale(QLocale.Language.German, QLocale.Country.Germany)
    assert default_page_size(us) == "Letter" and default_page_size(ca) == "Letter"
    assert default_page_size(de) == "A4"
    with pytest.raises(ExportError, match="paper size"):
        write(known_diary, tmp_path, page_size="A5")


def test_cli_report_command(known_diary, paths, tmp_path, capsys) -> None:
    known_diary.close()
    out = tmp_path / "out" / "cli.pdf"
    code = main(
        [
            "report",
            str(out),
            "--data-dir",
            str(paths.data_dir),
            "--from",
            "2026-09-01",
            "--to",
            "2026-11-25",
        ]
    )
    assert code == 0, capsys.readouterr().err
    assert PERIOD in pdf_text(out)
    code = main(
        ["report", str(tmp_path / "out" / "cli.pdf" / "x.pdf"), "--data-dir", str(paths.data_dir)]
    )
    assert code == 1
    assert "not a folder" in capsys.readouterr().err


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm is not installed")
def test_page_one_is_not_blank(known_diary, tmp_path) -> None:
    from PySide6.QtGui import QImage

    path = write(known_diary, tmp_path)
    prefix = tmp_path / "page"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(path), str(prefix)], check=True
    )
    (png,) = tmp_path.glob("page*.png")
    image = QImage(str(png))
    assert not image.isNull()
    dark = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            if image.pixelColor(x, y).lightness() < 128:
                dark += 1
    samples = (image.height() // 2) * (image.width() // 2)
    assert 0.005 < dark / samples < 0.5, dark / samples


def test_default_name_has_no_patient_name() -> None:
    name = default_file_name("pdf", period=(date(2026, 1, 1), date(2026, 1, 31)))
    assert re.fullmatch(r"headache-diary-summary-2026-01-01-to-2026-01-31\.pdf", name)
    assert os.sep not in name


def test_page_one_has_the_key_figures_and_the_ongoing_episode(
    known_diary, make_episode, tmp_path
) -> None:
    """Issue 10: page 1 states the key figures as figures, each with its denominator, and
    any episode still marked ongoing with its start date; the overuse definition printed
    is the complete one."""
    from headache_diary.analysis.wording import key_figures, overuse_definition

    with known_diary.session() as s:
        insert_episodes(s, [make_episode("2026-08-20 09:00", hours=None, side="left")])
    path = write(known_diary, tmp_path)
    first = page_texts(path)[0]
    summary = snapshot(known_diary, FROM, TO, today=TODAY).summary
    figures = key_figures(summary)
    assert [k.id for k in figures] == [
        "one_sided",
        "same_side",
        "movement_provoked",
        "pressure_provoked",
        "headache_days_per_30",
    ]
    assert "Key figures" in first
    for k in figures:
        assert norm(k.label) in first, k.label
        assert k.value in first and k.value != "–", k.label
        assert norm(k.basis) in first, k.basis
    assert summary.unilateral_pct is not None and f"{summary.unilateral_pct:g}%" in first
    assert "An episode still marked ongoing since 20 Aug 2026 counts as a headache day" in first
    assert "86 days from 1 Sept 2026 to 25 Nov 2026" in first
    assert norm(overuse_definition()) in pdf_text(path)
