"""What a German or Spanish reader gets has no English prose: the CLI summary and the PDF
summary's first page, on a diary that makes the analysis say much (one-sided, neck-provoked
episodes, analgesics on many days, check-ins, a neck injury, a nerve block, a plan)."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta
from pathlib import Path

import pypdf
import pytest

from headache_diary import app
from headache_diary.domain.timeutil import zone_for

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=zone_for("Europe/Berlin"))
#: words of English prose that are no German or Spanish words (:data:`NAMES` are removed
#: first; patient-entered text in this diary is German or a drug name)
ENGLISH = re.compile(
    r"\b(the|of|and|with|episodes|days|headaches?|which|were|than|this|from|recorded|"
    r"none|per|since|before|after|during|when|where|only|neck|side|pain|month|months|"
    r"medication|between|least|most|more|less|not)\b",
    re.IGNORECASE,
)


def _diary() -> dict:
    episodes = []
    first = date(2026, 1, 5)
    for n in range(40):
        day = first + timedelta(days=n * 3 + (n % 2))
        start = f"{day.isoformat()}T08:00:00+01:00"
        end = f"{day.isoformat()}T{11 + n % 5:02d}:30:00+01:00"
        episodes.append(
            {
                "id": f"7d4cf5a4-5a8f-4c49-9b3c-0b3c1b6f{n:04x}",
                "started_at": start,
                "ended_at": end,
                "time_zone": "Europe/Berlin",
                "ongoing": False,
                "side": "left" if n % 7 else "both",
                "intensity": 4 + n % 5,
                "character": "pressing" if n % 3 else "throbbing",
                "triggers": ["neck_movement", "sustained_posture"] if n % 4 else ["stress"],
                "trigger_note": "",
                "neck_position": "looking_down",
                "pain_origin": "neck",
                "pain_locations": ["occiput", "temple"],
                "symptoms": ["nausea"] if n % 5 == 0 else ["shoulder_arm_pain"],
                "medications": [
                    {
                        "name": "Ibuprofen 400 mg",
                        "class": "nsaid",
                        "relief": "some",
                        "taken_at": f"{day.isoformat()}T09:00:00+01:00",
                    }
                ],
                "notes": "",
            }
        )
    check_ins = [
        {
            "date": (first + timedelta(days=n)).isoformat(),
            "headache_free": True,
            "neck_stiffness": n % 6,
            "note": "",
        }
        for n in range(1, 120, 3)
    ]
    return {
        "format_version": 3,
        "episodes": episodes,
        "check_ins": check_ins,
        "history": [
            {
                "id": "8d4cf5a4-5a8f-4c49-9b3c-0b3c1b6f0a01",
                "date": "2025-11-20",
                "date_precision": "day",
                "kind": "neck_injury",
                "side": "left",
                "title": "Auffahrunfall",
                "details": "",
                "outcome": "",
                "structure": "",
            },
            {
                "id": "8d4cf5a4-5a8f-4c49-9b3c-0b3c1b6f0a02",
                "date": "2026-03-05",
                "date_precision": "day",
                "kind": "nerve_block",
                "side": "left",
                "title": "C2",
                "details": "",
                "outcome": "",
                "structure": "",
            },
        ],
        "medication_plan": [
            {
                "id": "9d4cf5a4-5a8f-4c49-9b3c-0b3c1b6f0a01",
                "name": "Amitriptylin",
                "class": "preventive",
                "dose": "10 mg",
                "started": "2026-02-01",
                "stopped": None,
                "for_headache": None,
            }
        ],
        "acute_doses": [],
    }


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("translated")
    source = folder / "diary.json"
    source.write_text(json.dumps(_diary()), "utf-8")
    data = str(folder / "data")
    assert app.main(["import", str(source), "--data-dir", data], now=NOW) == 0
    return data


#: names that stay English in every language: the app's name and a journal's
NAMES = re.compile(r"Headache Diary|J Headache Pain", re.IGNORECASE)


def _english_in(text: str) -> list[str]:
    found = []
    for line in text.splitlines():
        line = NAMES.sub("", " ".join(line.split()))
        if ENGLISH.search(line):
            found.append(line)
    return found


@pytest.mark.parametrize("lang", ["de", "es"])
def test_the_cli_summary_has_no_english_prose(data_dir: str, lang: str, capsys) -> None:
    capsys.readouterr()
    argv = ["summary", "--from", "2026-01-01", "--data-dir", data_dir, "--language", lang]
    assert app.main(argv, now=NOW) == 0
    out = capsys.readouterr().out
    assert len(out.splitlines()) > 20
    assert _english_in(out) == []


@pytest.mark.parametrize("lang", ["de", "es"])
def test_the_pdf_first_page_has_no_english_prose(
    data_dir: str, lang: str, tmp_path: Path, qapp
) -> None:
    pdf = tmp_path / f"summary-{lang}.pdf"
    argv = ["report", str(pdf), "--from", "2026-01-01", "--data-dir", data_dir]
    assert app.main([*argv, "--language", lang], now=NOW) == 0
    reader = pypdf.PdfReader(pdf)
    first = reader.pages[0].extract_text() or ""
    assert len(first) > 500
    assert _english_in(first) == []
    every = "\n".join(page.extract_text() or "" for page in reader.pages)
    marker = {"de": "nicht", "es": "no"}[lang]
    assert marker in every
