"""Helpers the PDF tests share: the text of a written PDF (pypdf), and the summary of
conftest.py's ``known_diary`` (18 episodes, September to November 2026) over its period."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pypdf

from headache_diary.services import report
from headache_diary.storage.db import Diary
from tests.support import ctx_of

#: the known diary's "today" and period
TODAY = date(2026, 11, 25)
FROM, TO = date(2026, 9, 1), date(2026, 11, 25)


def norm(text: str) -> str:
    """``text`` with every run of white space one space (pypdf breaks lines anywhere)."""
    return " ".join(text.split())


def pdf_text(path: Path) -> str:
    """The text of every page of the PDF at ``path``, white space normalized."""
    return norm(" ".join(page.extract_text() or "" for page in pypdf.PdfReader(path).pages))


def page_texts(path: Path) -> list[str]:
    """The text of each page of the PDF at ``path``, white space normalized."""
    return [norm(page.extract_text() or "") for page in pypdf.PdfReader(path).pages]


def write_report(diary: Diary, path: Path, **kw: Any) -> Path:
    """``services.report.write_report`` on ``diary`` (in :data:`tests.support.ZONE`)."""
    return report.write_report(ctx_of(diary), path, **kw)


def write(diary: Diary, tmp_path: Path, **kw: Any) -> Path:
    """The summary of ``diary`` written to ``tmp_path/out/summary.pdf`` (the folder must
    exist), by default over :data:`FROM`-:data:`TO` on :data:`TODAY`."""
    kw.setdefault("today", TODAY)
    kw.setdefault("date_from", FROM)
    kw.setdefault("date_to", TO)
    return write_report(diary, tmp_path / "out" / "summary.pdf", **kw)
