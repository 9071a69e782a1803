"""The feature profile: counts of the patient's own episodes next to published features.

Plain data the GUI, the CLI and the PDF all show the same way (DESIGN.md "Feature
profile"). Every feature is a count of the patient's own episodes with its denominator
(``of``) and where the feature is described; nothing here states or suggests a diagnosis.
Every share is of the episodes where the fields it needs were recorded ("Recorded is not
absent"). Citations follow docs/clinical.md "Sources": only text found verbatim may be
quoted (analysis.features holds the one quote, ICHD-3's note to 13.4); the app's own
conventions are labelled as such. The values are ``analysis.results``' ProfileGroup.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date

from sqlalchemy import text
from sqlalchemy.orm import Session

from headache_diary.analysis.features import (
    ENDED,
    ENDED_WITH,
    EPISODES_KNOWN_SIDE,
    FRONT_SITES,
    GROUPS,
    INDOMETHACIN_TAKEN,
    SPECS,
    TRIGEMINAL_SITES,
    TRIPTAN_ERGOT_TAKEN,
    WITH_CHARACTER,
    WITH_INTENSITY,
    WITH_INTENSITY_CHARACTER,
    WITH_INTENSITY_SYMPTOMS,
    WITH_ORIGIN,
    WITH_ORIGIN_LOCATIONS,
    WITH_SITE,
    WITH_SYMPTOMS,
    WITH_TRIGGERS,
)
from headache_diary.analysis.medication import Relief
from headache_diary.analysis.results import Period, ProfileFeature, ProfileGroup
from headache_diary.domain import vocab
from headache_diary.storage.models import LOCATION_BITS, RECORDED_SYMPTOMS, SYMPTOM_BITS

# -- the counting queries -----------------------------------------------------------------

#: symptoms the profile counts (their stored bits are read as they are)
_KEY_SYMPTOMS = (
    "nausea",
    "vomiting",
    "light_sensitivity",
    "sound_sensitivity",
    "aura",
    "reduced_neck_motion",
    "shoulder_arm_pain",
    "worse_with_activity",
    "restlessness",
    *vocab.SAME_SIDE_SIGNS,
)
_SYM = {c: SYMPTOM_BITS[c] for c in _KEY_SYMPTOMS}
_SYM_MASK = sum(_SYM.values())
_SIGNS = sum(SYMPTOM_BITS[c] for c in vocab.SAME_SIDE_SIGNS)
#: bits above every symptom bit for the other parts of the key
_SHIFT = max(SYMPTOM_BITS.values()).bit_length()
_FRONT = sum(LOCATION_BITS[c] for c in FRONT_SITES)
_TRIGEMINAL = sum(LOCATION_BITS[c] for c in TRIGEMINAL_SITES)
_OCCIPUT = LOCATION_BITS["occiput"]
#: inclusive ranges in seconds (DESIGN.md, ICHD-3 1.1 B, 2.1/2.2 B, 3.1-3.3 B; 13.4 B1
#: "seconds to minutes" read as at most 30 minutes)
_RANGES = {
    "sunct": (1, 600),
    "ph": (120, 1800),
    "cluster": (900, 10800),
    "tth": (1800, 7 * 86400),
    "migraine": (4 * 3600, 72 * 3600),
}
_SHORT_S = 1800
#: "more than 3 months" is checked with calendar months only for episodes this long
_LONG_S = 88 * 86400


def _sites(codes: tuple[str, ...]) -> str:
    return ", ".join(f"'{c}'" for c in codes)  # vocabulary codes only


# SQLite gives & | << >> one precedence, below + and -: every term is in parentheses.
# 0 = not recorded; intensity 1 = zero, 2 = mild, 3 = moderate, 4 = severe (the app's
# bands); character 1 = other, 2 = throbbing, 3 = pressing, 4 = stabbing; origin 1 =
# other, 2 = neck or back of the head; locations 1 = none in front, 2 = temple, forehead
# or eye; then one-sided; then ICHD-3 13.4 A, B in one bit (pain at the back of the head,
# and two of: ended within 30 minutes, 7-10, stabbing): one bit, computed only for pain
# at the back of the head, keeps the groups (and the time) near what they were without it
_KEY = f"""(
    (symptom_bits & {_SYM_MASK})
    + (((recorded_flags & {RECORDED_SYMPTOMS}) != 0) << {_SHIFT})
    + ((duration_s IS NOT NULL) << {_SHIFT + 1})
    + (coalesce(min((intensity + 2) / 3, 3) + 1, 0) << {_SHIFT + 2})
    + ((CASE WHEN character IS NULL THEN 0 WHEN character = 'throbbing' THEN 2
             WHEN character = 'pressing' THEN 3 WHEN character = 'stabbing' THEN 4
             ELSE 1 END) << {_SHIFT + 5})
    + (coalesce((pain_origin IN ('neck', 'occiput')) + 1, 0) << {_SHIFT + 8})
    + (((location_bits != 0) + ((location_bits & {_FRONT}) != 0)) << {_SHIFT + 10})
    + ((side IN ('left', 'right')) << {_SHIFT + 12})
    + ((CASE WHEN location_bits & {_OCCIPUT} OR pain_origin = 'occiput'
             THEN (duration_s <= {_SHORT_S} IS 1) + (intensity >= 7 IS 1)
                  + (character IS 'stabbing') >= 2
             ELSE 0 END) << {_SHIFT + 13})
)"""  # i18n: SQL
#: the one-sided candidates for 3.1-3.4: moderate or worse, with a sign, restlessness or
#: worse with activity, symptoms recorded (few rows, so their details are read as they are)
_CANDIDATE_SYMPTOMS = _SIGNS | _SYM["restlessness"] | _SYM["worse_with_activity"]
_CANDIDATES = f"""
    side IN ('left', 'right') AND intensity >= 4 AND recorded_flags & {RECORDED_SYMPTOMS}
    AND symptom_bits & {_CANDIDATE_SYMPTOMS}
"""  # i18n: SQL


# the parts of _KEY above the symptom bits (rest = key >> _SHIFT): flags, and the shifts
# of the 3-bit intensity band and character and the 2-bit origin and location classes
_REC = 1  # symptoms recorded
_ENDED = 1 << 1
_BAND, _CHAR, _ORIGIN, _LOC = 2, 5, 8, 10
_ONE_SIDED = 1 << 12
_OCCIPITAL = 1 << 13  # ICHD-3 13.4 A, B as the app reads them
#: what the field features read (symptoms recorded and one-sided left out: fewer keys)
_FIELDS = ((1 << 14) - 1) & ~(_REC | _ENDED | _ONE_SIDED)


def _in(secs: int | None, name: str) -> bool:
    lo, hi = _RANGES[name]
    return secs is not None and lo <= secs <= hi


def profile_counts(
    session: Session,
    period: Period,
    today: date,
    whole: bool,
    episodes: int,
    durations: Sequence[tuple[int, int]],
) -> dict[str, int]:
    """Every episode count of the profile but side, triggers and relief.

    One GROUP BY over a key computed per episode in SQL from the stored columns (the
    symptom bits as stored, whether symptoms were recorded and the episode ended, the
    intensity band, character, origin and location classes, one-sided, ICHD-3 13.4 A and
    B); one more over the few one-sided candidates of ICHD-3
    3.1-3.4, read with their exact durations and sites (skipped when the first scan found
    none, as in most diaries); and the ended episodes' ``durations`` (seconds, episodes)
    the summary already has.

    ``episodes`` (the period's count) picks the plan: a short period reads its rows through
    the date index; a long one scans the table (``+`` keeps SQLite off the date index,
    whose entries would each need a table look-up).
    """
    where = ""
    if not whole:
        total = session.execute(text("SELECT count(*) FROM episode")).scalar() or 0
        plus = "+" if 4 * episodes > total else ""
        where = f"WHERE {plus}start_local_date BETWEEN :f AND :t"  # i18n: SQL
    c: dict[str, int] = {}

    def add(name: str, n: int) -> None:
        c[name] = c.get(name, 0) + n

    params = {**period.params, "today": today.isoformat()}
    # grouped by SQLite (50,000 rows through the driver cost more than its sort), then
    # folded into two smaller tallies: the fields every feature but the symptom ones use,
    # and those the symptom ones use
    sql = f"SELECT {_KEY} AS k, count(*) FROM episode {where} GROUP BY k"
    keys = session.execute(text(sql), params).all()
    fields: Counter[int] = Counter()
    symptoms: Counter[tuple[int, int, int, int, int]] = Counter()
    for k, n in keys:
        rest = k >> _SHIFT
        fields[rest & _FIELDS] += n
        if rest & _REC:  # symptoms recorded: with ended, the band, one-sided, a site
            site = 1 if rest >> _ORIGIN & 15 else 0  # an origin or a location recorded
            band = rest >> _BAND & 7
            symptoms[k & _SYM_MASK, rest & _ENDED, band, rest & _ONE_SIDED, site] += n
    for f, n in fields.items():
        band, char = f >> _BAND & 7, f >> _CHAR & 7
        origin, loc = f >> _ORIGIN & 3, f >> _LOC & 3
        if origin:
            add("origin_rec", n)
            add("starts_in_neck", n if origin == 2 else 0)
            if loc:
                add("origin_loc_rec", n)
                add("neck_to_front", n if origin == 2 and loc == 2 else 0)
        if loc:
            add("locations_rec", n)
        if origin or loc:
            add("site_rec", n)
            add("occipital_neuralgia_like", n if f & _OCCIPITAL else 0)
        if char:
            add("character_rec", n)
            add("throbbing", n if char == 2 else 0)
            add("pressing", n if char == 3 else 0)
        if band:
            add("intensity_rec", n)
            add("moderate_severe", n if band >= 3 else 0)
            add("mild_moderate", n if band in (2, 3) else 0)
            if char:
                add("intensity_character_rec", n)
                # CHISG IV: non-throbbing and non-lancinating (stabbing)
                calm = char not in (2, 4)
                add("moderate_severe_non_throbbing", n if band >= 3 and calm else 0)
    for (sym, ended, band, one_sided, site_rec), n in symptoms.items():
        on = {name: bool(sym & bit) for name, bit in _SYM.items()}
        add("symptoms_rec", n)
        for name in _KEY_SYMPTOMS:
            add(name, n if on[name] else 0)
        add("same_side_signs", n if sym & _SIGNS else 0)
        add("nausea_or_vomiting", n if on["nausea"] or on["vomiting"] else 0)
        add("no_nausea_or_vomiting", 0 if on["nausea"] or on["vomiting"] else n)
        both = on["light_sensitivity"] and on["sound_sensitivity"]
        add("photophobia_and_phonophobia", n if both else 0)
        add("at_most_one_of_light_sound", 0 if both else n)
        add("not_worse_with_activity", 0 if on["worse_with_activity"] else n)
        if band:
            add("intensity_symptoms_rec", n)
            if ended and site_rec:
                add("ended_intensity_symptoms_site_rec", n)
            if one_sided and band >= 3 and sym & _CANDIDATE_SYMPTOMS:
                add("candidates", n)

    for secs, n in durations:
        add("ended", n)
        add("lasting_4_72h", n if _in(secs, "migraine") else 0)
        add("lasting_30m_7d", n if _in(secs, "tth") else 0)

    if not c.get("candidates"):  # the usual case: no episode to look at more closely
        return c
    # 3.1 and 3.2 B: orbital, supraorbital and/or temporal; 3.3 B: also other trigeminal
    front = f"""(coalesce(pain_origin IN ({_sites(FRONT_SITES)}), 0)
                 OR (location_bits & {_FRONT}) != 0)"""  # i18n: SQL
    face = f"""(coalesce(pain_origin IN ({_sites(TRIGEMINAL_SITES)}), 0)
                OR (location_bits & {_TRIGEMINAL}) != 0)"""  # i18n: SQL
    sql = f"""
        SELECT duration_s, intensity >= 7, symptom_bits & {_SYM_MASK},
               CASE WHEN duration_s IS NULL OR duration_s > {_LONG_S}
                    THEN coalesce(end_local_date, :today) > date(start_local_date, '+3 months')
                    ELSE 0 END,
               {front}, {face}, count(*)
        FROM episode WHERE {_CANDIDATES} {where.replace("WHERE", "AND")}
        GROUP BY 1, 2, 3, 4, 5, 6
    """
    restless, worse = _SYM["restlessness"], _SYM["worse_with_activity"]
    for secs, severe, sym, long_, at_front, at_face, n in session.execute(text(sql), params):
        sign = bool(sym & _SIGNS)
        if long_ and (sign or sym & (restless | worse)):
            add("hemicrania_continua_like", n)
        if severe and (sign or sym & restless) and at_front:
            add("cluster_like", n if _in(secs, "cluster") else 0)
            add("paroxysmal_hemicrania_like", n if _in(secs, "ph") else 0)
        if sign and at_face:
            add("sunct_suna_like", n if _in(secs, "sunct") else 0)
    return c


def build_profile(
    counts: Mapping[str, int],
    side: Mapping[str, int],
    shifts: int,
    triggers: tuple[int, int, int],
    relief: Relief,
) -> list[ProfileGroup]:
    """The profile from :func:`profile_counts`, the side counts, the side shifts,
    (movement-triggered, pressure-provoked, triggers recorded) and the relief counts."""
    c = dict(counts)
    left, right, both = side.get("left", 0), side.get("right", 0), side.get("both", 0)
    known = left + right + both
    movement, pressure, trig_rec = triggers
    dominant = "left" if left > right else "right" if right > left else ""
    c.update(
        known_side=known,
        side_locked=max(left, right),
        unilateral=left + right,
        both_sides=both,
        movement_provoked=movement,
        pressure_provoked=pressure,
        triggers_rec=trig_rec,
        little_relief_triptan_ergot=relief.triptan_ergot_little,
        triptan_ergot=relief.triptan_ergot,
        little_relief_indomethacin=relief.indomethacin_little,
        indomethacin=relief.indomethacin,
        indomethacin_complete_relief=relief.indomethacin_complete,
    )
    denominators = {
        EPISODES_KNOWN_SIDE: "known_side",
        WITH_TRIGGERS: "triggers_rec",
        WITH_SYMPTOMS: "symptoms_rec",
        WITH_CHARACTER: "character_rec",
        WITH_INTENSITY: "intensity_rec",
        ENDED: "ended",
        ENDED_WITH: "ended_intensity_symptoms_site_rec",
        WITH_SITE: "site_rec",
        WITH_ORIGIN: "origin_rec",
        WITH_ORIGIN_LOCATIONS: "origin_loc_rec",
        WITH_INTENSITY_CHARACTER: "intensity_character_rec",
        WITH_INTENSITY_SYMPTOMS: "intensity_symptoms_rec",
        TRIPTAN_ERGOT_TAKEN: "triptan_ergot",
        INDOMETHACIN_TAKEN: "indomethacin",
    }
    episodes = sum(side.values())
    groups = []
    for gid, _label, _criterion, _note in GROUPS:
        features = []
        for spec in SPECS[gid]:
            denominator = c.get(denominators[spec.of_text], 0)
            missing: int | None = None
            unsure = 0
            if spec.of_text == EPISODES_KNOWN_SIDE and episodes > known:
                unsure = episodes - known
            elif spec.of_text.endswith("recorded") and spec.of_text != ENDED_WITH:
                missing = episodes - denominator
            # the English source, as the summary JSON keeps it (DESIGN.md "Languages")
            feat_label, which = spec.label, ""
            if spec.id == "side_locked":
                which = dominant or ("equal" if left else "")
                if which:  # "One-sided on the same side (left), of all episodes ..."
                    where = dominant or "left and right equally often"  # i18n: JSON source
                    head, sep, tail = spec.label.partition(", of ")
                    feat_label = f"{head} ({where}){sep}{tail}"
            features.append(
                ProfileFeature(
                    spec.id,
                    feat_label,
                    spec.criterion,
                    c.get(spec.id, 0),
                    denominator,
                    spec.of_text,
                    spec.note,
                    missing,
                    side_unsure=unsure,
                    side=which,
                    shifts=shifts,
                )
            )
        groups.append(ProfileGroup(gid, features))
    return groups
