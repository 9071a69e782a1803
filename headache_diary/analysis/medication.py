"""Medication queries: the classes taken per local date, and relief by class.

Medication days (FORMAT.md): a dose counts on the local date it was taken, or on the
episode's local start date when no time was given (``medication.taken_local_date``, stored
at write time). :func:`day_classes` reads the covering index ``ix_medication_day_class``
(taken_local_date, med_class) in date order; its result is what
:func:`headache_diary.analysis.overuse.evaluate` takes, and later sources of medication
days (doses outside episodes, medication-plan entries) are merged into the same mapping.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import text
from sqlalchemy.orm import Session

from headache_diary.analysis import queries as q
from headache_diary.domain import vocab

_BIT = {c: 1 << i for i, c in enumerate(vocab.MEDICATION_CLASSES)}
_RELIEF_RANK = {r: i for i, r in enumerate(vocab.RELIEF)}  # none < some < good < complete
#: relief recorded as "none" or "some": this app's reading of "only marginal effect or
#: lack of effect" (CHISG V)
LITTLE_RELIEF = ("none", "some")
#: a medication whose name contains this is indomethacin (also the INN "indometacin")
INDOMETHACIN = "indomet"


def day_classes(session: Session) -> dict[str, frozenset[str]]:
    """Every local date of the diary with a dose -> the classes taken that day."""
    case = " ".join(f"WHEN '{c}' THEN {b}" for c, b in _BIT.items())
    q.in_list(list(_BIT))  # vocabulary codes only
    sql = f"""
        SELECT taken_local_date, sum(DISTINCT CASE med_class {case} ELSE 0 END)
        FROM medication GROUP BY taken_local_date
    """
    sets: dict[int, frozenset[str]] = {}
    out: dict[str, frozenset[str]] = {}
    for day, mask in session.execute(text(sql)):
        if mask not in sets:
            sets[mask] = frozenset(c for c, b in _BIT.items() if mask & b)
        out[day] = sets[mask]
    return out


def days_by_class(days: Mapping[str, frozenset[str]], period: q.Period) -> dict[str, int]:
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


def relief(session: Session, period: q.Period, whole: bool = False, inside: int = 0) -> Relief:
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
            tally = _tally(
                session, _OF_EPISODES.format("start_local_date BETWEEN :f AND :t"), period
            )
        else:
            tally = _tally(session, "", period)
            outside = "start_local_date < :f OR start_local_date > :t"
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
_OF_EPISODES = "episode_pk IN (SELECT pk FROM episode WHERE {})"


def _tally(session: Session, scope: str, period: q.Period) -> Counter[tuple[str, str, str]]:
    """("class", class, relief) -> doses; (kind, best relief rank, "") -> episodes, for
    kind "triptan_ergot" and "indomethacin"; over the doses ``scope`` selects."""
    params = period.params
    out: Counter[tuple[str, str, str]] = Counter()
    where = f"WHERE {scope}" if scope else ""
    sql = f"SELECT med_class, relief, count(*) FROM medication {where} GROUP BY med_class, relief"
    for cls, rel, n in session.execute(text(sql), params):
        out["class", cls, rel] += n
    rank = " ".join(f"WHEN '{r}' THEN {i}" for r, i in _RELIEF_RANK.items())
    best = f"max(CASE relief {rank} ELSE 0 END)"
    also = f"AND {scope}" if scope else ""
    for cls_filter, kind in (
        ("med_class IN ('triptan', 'ergot')", "triptan_ergot"),
        (f"name LIKE '%{INDOMETHACIN}%'", "indomethacin"),
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
