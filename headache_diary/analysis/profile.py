"""The feature profile: counts of the patient's own episodes next to published features.

Plain data the GUI, the CLI and the PDF all show the same way. Every item is a count of
the patient's own episodes with a denominator and the published criterion it refers to;
nothing here states or suggests a diagnosis (DESIGN.md: "counts of episodes, never a
verdict").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import text
from sqlalchemy.orm import Session

from headache_diary.analysis import queries as q
from headache_diary.domain import vocab
from headache_diary.storage.models import SYMPTOM_BITS

# --------------------------------------------------------------------------------------
# Feature profile
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProfileFeature:
    id: str
    label: str
    criterion: str
    count: int
    denominator: int
    #: what the denominator counts, e.g. "episodes with a known side"
    of: str
    note: str = ""

    @property
    def pct(self) -> float | None:
        return q.pct(self.count, self.denominator)

    def as_text(self) -> str:
        """``7 of 9 episodes with a known side``; ``not recorded`` when nothing to count."""
        if not self.denominator:
            return f"no {self.of}"
        return f"{self.count} of {self.denominator} {self.of}"


@dataclass(frozen=True)
class ProfileGroup:
    id: str
    label: str
    criterion: str
    features: list[ProfileFeature] = field(default_factory=list)
    note: str = ""


_SYMPTOM_FLAGS = (
    "nausea",
    "vomiting",
    "light_sensitivity",
    "sound_sensitivity",
    "aura",
    "reduced_neck_motion",
    "shoulder_arm_pain",
    "eye_tearing_redness",
    "nasal_congestion",
    "drooping_eyelid",
    "restlessness",
)
_AUTONOMIC = ("eye_tearing_redness", "nasal_congestion", "drooping_eyelid", "restlessness")
#: seconds: DESIGN.md "attacks of 15-180 min" and migraine's "4-72 h", both inclusive
_SHORT = (15 * 60, 180 * 60)
_MIGRAINE_LENGTH = (4 * 3600, 72 * 3600)


def _profile_counts(session: Session, period: q.Period, whole: bool = False) -> dict[str, int]:
    """Every count the profile needs, from the summary's episode aggregates and one more
    GROUP BY.

    Side, movement/posture triggers, intensity and duration classes come from
    :func:`queries.episode_aggregates` (index-ordered groups and the duration histogram).
    Pressure-provoked is the count of one trigger code, so, like every count per code, it
    is an aggregate over the trigger table (its code index).
    The symptoms come from the derived ``episode.symptom_bits`` column (see
    storage.models): one GROUP BY over the symptoms of interest and whether the episode
    lasted 15-180 minutes, with pain origin and character counted alongside.
    ``whole``: every episode of the diary is in the period (no date filter needed).
    """
    agg = q.episode_aggregates(session, period, whole)
    c: dict[str, int] = dict.fromkeys(
        (
            "episodes",
            "known_side",
            "left",
            "right",
            "both",
            "movement",
            "pressure",
            "origin_known",
            "origin_neck",
            "character_known",
            "throbbing",
            "pressing",
            "intensity_known",
            "intensity_le_6",
            "ended",
            "dur_4_72h",
            "dur_15_180m",
            "short_autonomic",
            "nausea_vomiting",
            "no_nausea",
            "light_and_sound",
            *_SYMPTOM_FLAGS,
        ),
        0,
    )
    for _month, side, n, _running, mov, _mech, _press in agg.month_side:
        c["episodes"] += n
        if side in q.KNOWN_SIDE:
            c["known_side"] += n
        if side in ("left", "right", "both"):
            c[side] += n
        c["movement"] += mov
    (pressure_code,) = q.PRESSURE
    c["pressure"] = q.trigger_counts(session, period, whole, q.PRESSURE).get(pressure_code, 0)
    for value, n in agg.intensity:
        c["intensity_known"] += n
        if value <= 6:
            c["intensity_le_6"] += n
    for secs, n in agg.duration:
        c["ended"] += n
        if _MIGRAINE_LENGTH[0] <= secs <= _MIGRAINE_LENGTH[1]:
            c["dur_4_72h"] += n
        elif _SHORT[0] <= secs <= _SHORT[1]:
            c["dur_15_180m"] += n

    bit = {code: SYMPTOM_BITS[code] for code in _SYMPTOM_FLAGS}
    autonomic = sum(bit[code] for code in _AUTONOMIC)
    where = ""
    if not whole:
        # a short period: its rows through the date index; a long one: a table scan (``+``
        # keeps SQLite off the date index, whose entries would each need a table look-up)
        total = session.execute(text("SELECT count(*) FROM episode")).scalar() or 0
        plus = "+" if 4 * c["episodes"] > total else ""
        where = f"WHERE {plus}start_local_date BETWEEN :f AND :t"
    # one integer key sorts faster than two columns: symptoms * 2 + (lasted 15-180 min)
    sql = f"""
        SELECT (symptom_bits & {sum(bit.values())}) * 2
               + coalesce(duration_s BETWEEN {_SHORT[0]} AND {_SHORT[1]}, 0) AS k,
               count(*), sum(pain_origin IS NOT NULL), sum(pain_origin IN ('neck', 'occiput')),
               sum(character IS NOT NULL), sum(character = 'throbbing'),
               sum(character = 'pressing')
        FROM episode {where} GROUP BY k
    """
    nausea, vomiting = bit["nausea"], bit["vomiting"]
    light_sound = bit["light_sensitivity"] | bit["sound_sensitivity"]
    for k, n, o_known, o_neck, ch_known, throb, press in session.execute(text(sql), period.params):
        sm, short = k >> 1, k & 1
        # sum() of a group whose values are all NULL is NULL
        c["origin_known"] += o_known
        c["origin_neck"] += o_neck or 0
        c["character_known"] += ch_known
        c["throbbing"] += throb or 0
        c["pressing"] += press or 0
        for code, b in bit.items():
            if sm & b:
                c[code] += n
        if sm & (nausea | vomiting):
            c["nausea_vomiting"] += n
        if not sm & nausea:
            c["no_nausea"] += n
        if sm & light_sound == light_sound:
            c["light_and_sound"] += n
        if short and sm & autonomic:
            c["short_autonomic"] += n
    return c


def feature_profile(session: Session, period: q.Period) -> list[ProfileGroup]:
    """The feature profile for ``period`` (already resolved, see queries.resolve_period)."""
    whole = q.covers_all(session, period)
    c = _profile_counts(session, period, whole)
    shifts = q.side_shifts(session, period, whole)
    n = c["episodes"]
    known = c["known_side"]
    left, right = c["left"], c["right"]
    if left > right:
        main_side, main_count = "left", left
    elif right > left:
        main_side, main_count = "right", right
    else:
        main_side, main_count = "", left
    side_note = f"{shifts} side shift{'s' if shifts != 1 else ''}"
    if main_side:
        side_label = f"One-sided, on the same side ({main_side})"
    elif left:
        side_label = "One-sided, on the same side (left and right equally often)"
    else:
        side_label = "One-sided, on the same side"
    eps = "episodes"
    ended = "episodes that ended"
    cgh = ProfileGroup(
        "cgh_like",
        "Features described for cervicogenic headache",
        "ICHD-3 11.2.1; Sjaastad/CHISG",
        [
            ProfileFeature(
                "side_locked",
                side_label,
                "Sjaastad/CHISG",
                main_count,
                known,
                "episodes with a known side",
                side_note,
            ),
            ProfileFeature(
                "movement_provoked",
                "Brought on by neck movement or an awkward head position",
                "ICHD-3 11.2.1 C; Sjaastad/CHISG",
                c["movement"],
                n,
                eps,
            ),
            ProfileFeature(
                "pressure_provoked",
                "Brought on by pressure on the upper neck",
                "ICHD-3 11.2.1 C; Sjaastad/CHISG",
                c["pressure"],
                n,
                eps,
            ),
            ProfileFeature(
                "starts_in_neck",
                "Pain starts in the neck or back of the head",
                "Sjaastad/CHISG",
                c["origin_neck"],
                c["origin_known"],
                "episodes with a recorded origin",
            ),
            ProfileFeature(
                "shoulder_arm_pain",
                "Shoulder or arm pain on the same side",
                "Sjaastad/CHISG",
                c["shoulder_arm_pain"],
                n,
                eps,
            ),
            ProfileFeature(
                "reduced_neck_motion",
                "Reduced neck motion",
                "ICHD-3 11.2.1 C; Sjaastad/CHISG",
                c["reduced_neck_motion"],
                n,
                eps,
            ),
        ],
    )
    migraine = ProfileGroup(
        "migraine_like",
        "Features described for migraine",
        "ICHD-3 1.1, 1.2",
        [
            ProfileFeature(
                "throbbing",
                "Throbbing",
                "ICHD-3 1.1 C",
                c["throbbing"],
                c["character_known"],
                "episodes with a recorded character",
            ),
            ProfileFeature(
                "nausea_vomiting",
                "Nausea or vomiting",
                "ICHD-3 1.1 D",
                c["nausea_vomiting"],
                n,
                eps,
            ),
            ProfileFeature(
                "light_and_sound",
                "Light and sound sensitivity",
                "ICHD-3 1.1 D",
                c["light_and_sound"],
                n,
                eps,
            ),
            ProfileFeature("aura", "Aura", "ICHD-3 1.2", c["aura"], n, eps),
            ProfileFeature(
                "lasting_4_72h",
                "Lasting 4 to 72 hours",
                "ICHD-3 1.1 B",
                c["dur_4_72h"],
                c["ended"],
                ended,
            ),
        ],
    )
    tension = ProfileGroup(
        "tension_type_like",
        "Features described for tension-type headache",
        "ICHD-3 2",
        [
            ProfileFeature(
                "both_sides",
                "Both sides",
                "ICHD-3 2.1 C",
                c["both"],
                known,
                "episodes with a known side",
            ),
            ProfileFeature(
                "pressing",
                "Pressing or tightening",
                "ICHD-3 2.1 C",
                c["pressing"],
                c["character_known"],
                "episodes with a recorded character",
            ),
            ProfileFeature(
                "mild_moderate",
                "Intensity 6 or lower",
                "ICHD-3 2.1 C",
                c["intensity_le_6"],
                c["intensity_known"],
                "episodes with a recorded intensity",
            ),
            ProfileFeature("no_nausea", "No nausea", "ICHD-3 2.1 D", c["no_nausea"], n, eps),
        ],
    )
    side_locked_other = ProfileGroup(
        "other_side_locked",
        "Other one-sided headaches a physician may want to rule out",
        "ICHD-3 3 (trigeminal autonomic cephalalgias)",
        [
            ProfileFeature(
                "short_with_autonomic",
                "15-180 minutes with same-side eye or nose signs, drooping eyelid or restlessness",
                "ICHD-3 3.1",
                c["short_autonomic"],
                c["ended"],
                ended,
            ),
            ProfileFeature(
                "lasting_15_180m",
                "Lasting 15 to 180 minutes",
                "ICHD-3 3.1 B",
                c["dur_15_180m"],
                c["ended"],
                ended,
            ),
            *(
                ProfileFeature(code, vocab.label(code), "ICHD-3 3.1 C", c[code], n, eps)
                for code in _AUTONOMIC
            ),
        ],
    )
    return [cgh, migraine, tension, side_locked_other]
