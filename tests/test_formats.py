"""The registry of file formats (io/formats.py): every entry reads what it writes, and the
format of a file is found by its suffix, the same way for import and export."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from headache_diary.domain.checkin import CheckIn
from headache_diary.domain.errors import ExportError, ImportFileError
from headache_diary.io import formats
from headache_diary.io.common import DiaryFile
from tests.support import ZONE

NOW = datetime(2026, 3, 10, tzinfo=UTC)


@pytest.mark.parametrize("fmt", formats.FORMATS, ids=lambda f: f.name)
def test_every_format_reads_back_what_it_writes(fmt: formats.Format, make_episode) -> None:
    episodes = [make_episode("2026-03-01 08:15", intensity=6), make_episode("2026-03-02 09:00")]
    diary = DiaryFile(episodes, check_ins=[CheckIn(date(2026, 3, 3), True)])
    back = fmt.codec().read(fmt.codec().write(diary), ZONE, NOW)
    if not fmt.whole_diary:  # the episodes only, under new ids
        episodes = [
            dataclasses.replace(e, id=b.id) for e, b in zip(episodes, back.episodes, strict=True)
        ]
        diary = DiaryFile(episodes)
    assert back == diary


def test_a_file_has_the_format_of_its_suffix_in_any_case(tmp_path: Path) -> None:
    for fmt in formats.FORMATS:
        assert formats.for_file(tmp_path / f"Diary{fmt.suffix.upper()}") is fmt
        assert formats.export_format(tmp_path / "no-suffix", fmt.name) is fmt
    assert formats.for_file(tmp_path / "diary.txt") is None
    with pytest.raises(ExportError, match=r"out\.txt: use a name ending in one of \.json, \.csv"):
        formats.export_format(tmp_path / "out.txt")
    (tmp_path / "in.txt").write_text("started_at,side\r\n", "utf-8")
    with pytest.raises(ImportFileError, match=r"in\.txt cannot be imported"):
        formats.parse_diary_file(tmp_path / "in.txt", ZONE, NOW)
