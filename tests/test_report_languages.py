"""The PDF in German and Spanish: the report's own words (headings, table headers, the
running header and footer with "self-reported" and the page number on every page, notes)
are in the PDF's language, whatever the window's, and nothing of them stays English."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pypdf
import pytest

from headache_diary import i18n
from headache_diary.domain.episode import Medication
from headache_diary.domain.history import HistoryEvent
from headache_diary.domain.medication import PlanEntry
from headache_diary.domain.personal import PersonalDetails
from headache_diary.services import history, medication, report, transfer

TODAY = date(2026, 11, 25)
FROM, TO = date(2026, 9, 1), date(2026, 11, 25)

#: the report's own English texts (report/), none of which may remain in de or es
ENGLISH = (
    "Headache diary summary",
    "Self-reported patient diary, not a diagnosis",
    "Key figures",
    "Summary",
    "Neck history (self-reported)",
    "Before and after each event",
    "What a diary cannot show",
    "Regular medication and doses outside episodes",
    "Medication overuse check",
    "Feature profile (counts of episodes",
    "Definitions used",
    "Headache calendar",
    "Each day: its peak intensity",
    "Medication letters",
    "Charts",
    "Times are local times",
    "Origin / locations",
    "Medication (relief)",
    "Generated on",
    "Patient:",
    "Date of birth:",
    "relief:",
    "Page ",
)
#: per language: (running header, footer, "page n of N", headings that must be there)
EXPECTED = {
    "de": (
        "Zusammenfassung des Kopfschmerztagebuchs · 1. Sept. 2026 – 25. Nov. 2026, 86 Tage",
        "Selbst geführtes Patiententagebuch, keine Diagnose",
        "Seite {n} von {total}",
        ("Kennzahlen", "Nackenvorgeschichte (Selbstangaben)", "Kopfschmerzkalender",
         "Diagramme", "Episoden", "Merkmalsprofil", "Verwendete Definitionen",
         "Patient/in: Ada Example", "Geburtsdatum: 17. Mai 1980", "Linderung: Gut"),
    ),
    "es": (
        "Resumen del diario de cefaleas · 1 sept 2026 – 25 nov 2026, 86 días",
        "Diario referido por el paciente, no un diagnóstico",
        "Página {n} de {total}",
        ("Cifras clave", "Antecedentes cervicales (referidos por el paciente)",
         "Calendario de cefaleas", "Gráficos", "Episodios", "Perfil de características",
         "Definiciones utilizadas", "Paciente: Ada Example",
         "Fecha de nacimiento: 17 may 1980", "alivio: Bueno"),
    ),
}  # fmt: skip


def page_texts(path: Path) -> list[str]:
    return [" ".join((p.extract_text() or "").split()) for p in pypdf.PdfReader(path).pages]


@pytest.fixture(autouse=True)
def _app(qapp) -> None:
    """pytest-qt's QApplication, so report/ does not make a QGuiApplication of its own."""


@pytest.fixture
def full(ctx, make_episode):
    """Episodes with every column filled, a neck history and a medication plan."""
    eps = [
        make_episode(
            f"2026-{m:02d}-{d:02d} 09:30",
            hours=3,
            side="left" if d % 4 else "both",
            intensity=3 + d % 7,
            character="pressing",
            triggers=["neck_movement", "screen_work"],
            neck_position="looking_down",
            pain_origin="neck",
            pain_locations=["occiput", "temple"],
            symptoms=["neck_stiffness", "reduced_neck_motion"],
            medications=[Medication("Ibuprofen 400 mg", "nsaid", "good")],
        )
        for m in (9, 10, 11)
        for d in range(2, 28, 3)
    ]
    transfer.import_episodes(ctx, eps)
    history.save_event(
        ctx,
        HistoryEvent(date=date(2026, 10, 1), kind="nerve_block", side="left", structure="C2/3"),
        TODAY,
    )
    medication.save_plan_entry(
        ctx, PlanEntry("Amitriptyline", "preventive", date(2026, 8, 1), dose="10 mg"), TODAY
    )
    return ctx


@pytest.mark.parametrize("code", ["de", "es"])
def test_the_report_speaks_the_language_asked_for_on_every_page(full, tmp_path, code) -> None:
    header, footer, page_of, headings = EXPECTED[code]
    path = report.write_report(
        full,
        tmp_path / f"{code}.pdf",
        FROM,
        TO,
        today=TODAY,
        details=PersonalDetails("Ada Example", date(1980, 5, 17)),
        language=code,
    )
    assert i18n.current_language() == "en"  # the window's language is left as it was
    pages = page_texts(path)
    assert len(pages) >= 4
    for n, text in enumerate(pages, start=1):
        assert text.startswith(header), (n, text[:120])
        assert footer in text, n
        assert page_of.format(n=n, total=len(pages)) in text, n
    text = " ".join(pages)
    for heading in headings:
        assert heading in text, heading
    left = [s for s in ENGLISH if s in text]
    assert left == []
    # the episode table's header row, whole, in the language
    columns = {
        "de": "Datum Uhrzeit Dauer Seite Max. Charakter",
        "es": "Fecha Hora Duración Lado Máx. Carácter",
    }
    assert columns[code] in text
    assert reader_title(path).startswith(header.split(" · ")[0])


def reader_title(path: Path) -> str:
    meta = pypdf.PdfReader(path).metadata
    return str(meta.title if meta else "")


def test_english_after_german_is_english_again(full, tmp_path) -> None:
    """Nothing translated is kept between reports (no text cached at import)."""
    report.write_report(full, tmp_path / "de.pdf", FROM, TO, today=TODAY, language="de")
    path = report.write_report(full, tmp_path / "en.pdf", FROM, TO, today=TODAY, language="en")
    text = " ".join(page_texts(path))
    assert "Key figures" in text and "Self-reported patient diary, not a diagnosis" in text
    assert not re.search(r"Seite \d+ von|Kennzahlen|Kopfschmerzkalender", text)
