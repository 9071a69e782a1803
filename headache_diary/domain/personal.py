"""The patient's optional personal details (name, date of birth) for the PDF summary.

They live in the diary database (table ``personal_details``), never in the UI settings
file, so they travel with the diary and its backups and nowhere else. Both are optional;
the PDF prints them on page 1 only when set, and never in the file's metadata.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from headache_diary.domain.errors import ValidationError
from headache_diary.i18n import _, ngettext

MAX_NAME = 200


@dataclass(frozen=True)
class PersonalDetails:
    name: str = ""
    date_of_birth: date | None = None

    @property
    def is_empty(self) -> bool:
        return not self.name and self.date_of_birth is None


def clean_personal_details(details: PersonalDetails, today: date | None = None) -> PersonalDetails:
    """The details as they are stored: the name on one line with single spaces.

    ValidationError for a name that is too long or an impossible date of birth.
    """
    name = " ".join(details.name.split())  # no line breaks or runs of spaces on the PDF
    problems: dict[str, str] = {}
    if len(name) > MAX_NAME:
        problems["name"] = ngettext(
            "the name can have at most {count} character",
            "the name can have at most {count} characters",
            MAX_NAME,
        )
    dob = details.date_of_birth
    if dob is not None:
        if dob > (today or date.today()):
            problems["date_of_birth"] = _("the date of birth cannot be in the future")
        elif dob.year < 1900:
            # Translators: {year} is a year (1900)
            problems["date_of_birth"] = _("the date of birth must be after {year}", year="1900")
    if problems:
        raise ValidationError(problems)
    return PersonalDetails(name, dob)
