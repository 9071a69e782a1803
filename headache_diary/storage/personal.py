"""Rows of the ``personal_details`` table (migration 0002): at most one, id 1, absent until
the patient enters something. The value type and its rules are in domain.personal."""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete
from sqlalchemy.orm import Session

from headache_diary.domain.personal import PersonalDetails, clean_personal_details
from headache_diary.storage.models import PersonalDetailsRow

_ROW_ID = 1


def get_personal_details(session: Session) -> PersonalDetails:
    row = session.get(PersonalDetailsRow, _ROW_ID)
    if row is None:
        return PersonalDetails()
    dob = date.fromisoformat(row.date_of_birth) if row.date_of_birth else None
    return PersonalDetails(row.name or "", dob)


def set_personal_details(
    session: Session, details: PersonalDetails, today: date | None = None
) -> PersonalDetails:
    """Store (or, when both are empty, erase) the details; returns the cleaned value.

    ValidationError for a name that is too long or an impossible date of birth.
    """
    clean = clean_personal_details(details, today)
    if clean.is_empty:
        session.execute(delete(PersonalDetailsRow))
        return clean
    row = session.get(PersonalDetailsRow, _ROW_ID)
    if row is None:
        row = PersonalDetailsRow(id=_ROW_ID)
        session.add(row)
    row.name = clean.name
    row.date_of_birth = None if clean.date_of_birth is None else clean.date_of_birth.isoformat()
    session.flush()
    return clean
