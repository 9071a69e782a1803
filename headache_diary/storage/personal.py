"""The patient's optional personal details (name, date of birth) for the PDF summary.

They live in the diary database (table ``personal_details``, migration 0002), never in
QSettings, so they travel with the diary and its backups and nowhere else. Both are
optional; the PDF prints them on page 1 only when set, and never in the file's metadata.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete
from sqlalchemy.orm import Session

from headache_diary.domain.errors import ValidationError
from headache_diary.storage.models import PersonalDetailsRow

MAX_NAME = 200
_ROW_ID = 1


@dataclass(frozen=True)
class PersonalDetails:
    name: str = ""
    date_of_birth: date | None = None

    @property
    def is_empty(self) -> bool:
        return not self.name and self.date_of_birth is None


def _clean(details: PersonalDetails, today: date | None) -> PersonalDetails:
    name = " ".join(details.name.split())  # no line breaks or runs of spaces on the PDF
    problems: dict[str, str] = {}
    if len(name) > MAX_NAME:
        problems["name"] = f"the name can have at most {MAX_NAME} characters"
    dob = details.date_of_birth
    if dob is not None:
        if dob > (today or date.today()):
            problems["date_of_birth"] = "the date of birth cannot be in the future"
        elif dob.year < 1900:
            problems["date_of_birth"] = "the date of birth must be after 1900"
    if problems:
        raise ValidationError(problems)
    return PersonalDetails(name, dob)


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
    clean = _clean(details, today)
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
