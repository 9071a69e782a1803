"""Medication queries: the classes taken per local date, and relief by class.

Medication days (FORMAT.md): a dose counts on the local date it was taken, or on the
episode's local start date when no time was given (``medication.taken_local_date``, stored
at write time); a dose outside an episode on its own local date
(``acute_dose.taken_local_date``); a medication-plan entry that counts
(``PlanEntry.counts``: an analgesic class whatever it is taken for, a muscle relaxant or
"other" only when taken to relieve headache) on every day from its start to its stop (an
entry still taken up to today); one of class ``preventive`` never. :func:`day_classes`
reads the covering indexes ``ix_medication_day_class`` and ``ix_acute_dose_day_class`` (a
GROUP BY each, as class bit masks per date) and the plan's few counting entries, and
merges the three into one mapping, which is what
:func:`headache_diary.analysis.overuse.evaluate` takes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import text
from sqlalchemy.orm import Session

from headache_diary.analysis import queries as q
from headache_diary.analysis.results import Period
from headache_diary.domain import vocab
from headache_diary.storage import medication as medication_store

_BIT = {c: 1 << i for i, c in enumerate(vocab.MEDICATION_CLASSES)}
_RELIEF_RANK = {r: i for i, r in enumerate(vocab.RELIEF)}  # none < some < good < complete
#: relief recorded as "none" or "some": this app's reading of "only marginal effect or
#: lack of effect" (CHISG V)
LITTLE_RELIEF = ("none", "some")
#: a medication whose name contains this is indomethacin (also the INN "indometacin")
INDOMETHACIN = "indomet"


def day_classes(session: Session, today: date) -> dict[str, frozenset[str]]:
    """Every local date of the diary with a medication day -> the classes taken that day:
    the doses of episodes, the doses outside episodes and the plan entries that count
    (up to ``today`` for one still taken)."""
    case = " ".join(f"WHEN '{c}' THEN {b}" for c, b in _BIT.items())
    q.in_list(list(_BIT))  # vocabulary codes only
    sql = f"""
        SELECT taken_local_date, sum(DISTINCT CASE med_class {case} ELSE 0 END)
        FROM medication GROUP BY taken_local_date
    """
    masks: dict[str, int] = {day: mask for day, mask in session.execute(text(sql))}
    for day, mask in medication_store.dose_day_masks(session, _BIT):
        masks[day] = masks.get(day, 0) | mask
    for cls, started, stopped in medication_store.counting_plan(session):
        bit = _BIT.get(cls, 0)
        first = date.fromisoformat(started).toordinal()
        last = min(date.fromisoformat(stopped) if stopped else today, today).toordinal()
        for n in range(first, last + 1):
            day = date.fromordinal(n).isoformat()
            masks[day] = masks.get(day, 0) | bit
    sets: dict[int, frozenset[str]] = {}
    out: dict[str, frozenset[str]] = {}
    for day, mask in masks.items():
        if not mask:
            continue
        if mask not in sets:
            sets[mask] = frozenset(c for c, b in _BIT.items() if mask & b)
        out[day] = sets[mask]
    return out


def dose_counts(session: Session, period: Period) -> dict[str, int]:
    """Doses taken outside an episode on the days of the period, per class (every class,
    zeros included): one GROUP BY over ``ix_acute_dose_day_class``."""
    out = dict.fromkeys(vocab.MEDICATION_CLASSES, 0)
    sql = """
        SELECT med_class, count(*) FROM acute_dose
        WHERE taken_local_date BETWEEN :f AND :t GROUP BY med_class
    """
    for cls, n in session.execute(text(sql), period.params):
        if cls in out:
            out[cls] += n
    return out


def days_by_class(days: Mapping[str, frozenset[str]], period: Period) -> dict[str, int]:
    """Distinct local dates of the period on which each class was taken (every class)."""
    lo, hi = period.params["f"], period.params["t"]
    out = dict.fromkeys(vocab.MEDICATION_CLASSES, 0)
    for day, classes in days.items():
        if lo <= day <= hi:
            for c in classes:
                out[c] += 1
    return out


@dataclass
class Relief:
    """Relief recorded for the doses of the period's episodes."""

    #: class -> relief -> doses (every class and relief, zeros included)
    by_class: dict[str, dict[str, int]] = field(default_factory=dict)
    #: episodes in which a triptan or an ergot was taken; of them, those whose best relief
    #: from these doses was "none" or "some"
    triptan_ergot: int = 0
    triptan_ergot_little: int = 0
    #: episodes in which indomethacin was taken; little relief; complete relief
    indomethacin: int = 0
    indomethacin_little: int = 0
    indomethacin_complete: int = 0


def relief(session: Session, period: Period, whole: bool = False, inside: int = 0) -> Relief:
    """Relief by class, and per episode for triptans/ergots and for indomethacin, for the
    doses of the episodes that start in the period (``inside`` of them; all when
    ``whole``): three small GROUP BYs over the medication table, two of them in the order
    of the covering ``ix_medication_class_relief``. A period holding most of the diary is
    counted as everything minus the episodes outside it (the smaller key list)."""
    if whole:
        tally = _tally(session, "", period)
    else:
        total = session.execute(text("SELECT count(*) FROM episode")).scalar() or 0
        if 2 * inside <= total:
            in_period = "start_local_date BETWEEN :f AND :t"  # i18n: SQL
            tally = _tally(session, _OF_EPISODES.format(in_period), period)
        else:
            tally = _tally(session, "", period)
            outside = "start_local_date < :f OR start_local_date > :t"  # i18n: SQL
            tally.subtract(_tally(session, _OF_EPISODES.format(outside), period))
    out = Relief(by_class={c: dict.fromkeys(vocab.RELIEF, 0) for c in vocab.MEDICATION_CLASSES})
    little = max(_RELIEF_RANK[r] for r in LITTLE_RELIEF)
    complete = _RELIEF_RANK["complete"]
    for (kind, a, b), n in tally.items():
        if kind == "class":
            if a in out.by_class and b in out.by_class[a]:
                out.by_class[a][b] += n
            continue
        setattr(out, kind, getattr(out, kind) + n)
        if int(a) <= little:
            setattr(out, f"{kind}_little", getattr(out, f"{kind}_little") + n)
        if kind == "indomethacin" and int(a) == complete:
            out.indomethacin_complete += n
    return out


#: the doses of some episodes, chosen by a condition on the episode table (its date index)
_OF_EPISODES = "episode_pk IN (SELECT pk FROM episode WHERE {})"  # i18n: SQL


def _tally(session: Session, scope: str, period: Period) -> Counter[tuple[str, str, str]]:
    """("class", class, relief) -> doses; (kind, best relief rank, "") -> episodes, for
    kind "triptan_ergot" and "indomethacin"; over the doses ``scope`` selects."""
    params = period.params
    out: Counter[tuple[str, str, str]] = Counter()
    where = f"WHERE {scope}" if scope else ""
    sql = f"SELECT med_class, relief, count(*) FROM medication {where} GROUP BY med_class, relief"
    for cls, rel, n in session.execute(text(sql), params):
        out["class", cls, rel] += n
    rank = " ".join(f"WHEN '{r}' THEN {i}" for r, i in _RELIEF_RANK.items())
    best = f"max(CASE relief {rank} ELSE 0 END)"  # i18n: SQL
    also = f"AND {scope}" if scope else ""
    for cls_filter, kind in (
        ("med_class IN ('triptan', 'ergot')", "triptan_ergot"),  # i18n: SQL
        (f"name LIKE '%{INDOMETHACIN}%'", "indomethacin"),  # i18n: SQL
    ):
        sql = f"""
            SELECT best, count(*) FROM (
                SELECT {best} AS best FROM medication WHERE {cls_filter} {also}
                GROUP BY episode_pk
            ) GROUP BY best
        """
        for b, n in session.execute(text(sql), params):
            out[kind, str(b), ""] += n
    return out
