"""The patient's optional name and date of birth for the PDF (kept in the diary)."""

from __future__ import annotations

from datetime import date

from headache_diary.context import AppContext
from headache_diary.domain.personal import PersonalDetails
from headache_diary.storage import personal


def get_personal_details(ctx: AppContext) -> PersonalDetails:
    with ctx.diary.read_session() as s:
        return personal.get_personal_details(s)


def set_personal_details(
    ctx: AppContext, details: PersonalDetails, today: date | None = None
) -> PersonalDetails:
    """Store (or erase, when empty) the details; ValidationError for bad values."""
    with ctx.diary.session() as s:
        return personal.set_personal_details(s, details, today)
