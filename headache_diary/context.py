"""The application context: what every use case needs, built once by the composition root.

A frozen value passed down explicitly (no import-time singletons): the paths, the open
diary and the computer's time zone. Widgets hold it and hand it to ``services``; they
never reach into ``diary`` themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from headache_diary.paths import Paths

if TYPE_CHECKING:  # SQLAlchemy is imported when the diary is opened, not with this module
    from headache_diary.storage.db import Diary


@dataclass(frozen=True)
class AppContext:
    paths: Paths
    diary: Diary
    #: the computer's IANA zone: new episodes and offset-less imports use it
    zone: str
