"""The feature profile, the medication-overuse rules and the headline sentences.

Plain data the GUI, the CLI and the PDF all show the same way. Every item is a count of
the patient's own episodes with a denominator and the published criterion it refers to;
nothing here states or suggests a diagnosis (DESIGN.md: "counts of episodes, never a
verdict"). The wording is descriptive: "7 of 9 episodes with a known side were one-sided,
all on the left".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from headache_diary.analysis import queries as q
from headache_diary.domain import vocab
from headache_diary.storage.models import SYMPTOM_BITS

DISCLAIMER = "Self-reported, not a diagnosis."

# --------------------------------------------------------------------------------------
# Medication overuse (ICHD-3 8.2), evaluated per calendar month of the period
# --------------------------------------------------------------------------------------

#: classes ICHD-3 8.2 counts as acute headache medication (8.2.1-8.2.6)
ACUTE_CLASSES = ("simple_analgesic", "nsaid", "triptan", "ergot", "opioid", "combination")

#: a rule that fires in this many consecutive months is reported once more as a run
RUN_MONTHS = 3


@dataclass(frozen=True)
class OveruseRule:
    """``classes`` taken on >= ``threshold`` distinct local dates in a calendar month.

    A rule with no classes counts headache days in the month instead. A rule for classes
    taken together (``min_classes`` 2) applies only in a month when at least two of its
    classes were taken: one class alone is its own rule.
    """

    id: str
    label: str
    criterion: str
    threshold: int
    classes: tuple[str, ...] = ()
    min_classes: int = 1


OVERUSE_RULES: tuple[OveruseRule, ...] = (
    OveruseRule(
        "simple_analgesic_15_days",
        "Simple analgesics on 15 or more days",
        "ICHD-3 8.2.3",
        15,
        ("simple_analgesic",),
    ),
    OveruseRule("nsaid_15_days", "NSAIDs on 15 or more days", "ICHD-3 8.2.3", 15, ("nsaid",)),
    OveruseRule(
        "simple_analgesic_nsaid_15_days",
        "Simple analgesics and NSAIDs together on 15 or more days",
        "ICHD-3 8.2.3",
        15,
        ("simple_analgesic", "nsaid"),
        2,
    ),
    OveruseRule("triptan_10_days", "Triptans on 10 or more days", "ICHD-3 8.2.2", 10, ("triptan",)),
    OveruseRule("ergot_10_days", "Ergots on 10 or more days", "ICHD-3 8.2.1", 10, ("ergot",)),
    OveruseRule("opioid_10_days", "Opioids on 10 or more days", "ICHD-3 8.2.4", 10, ("opioid",)),
    OveruseRule(
        "combination_10_days",
        "Combination analgesics on 10 or more days",
        "ICHD-3 8.2.5",
        10,
        ("combination",),
    ),
    OveruseRule(
        "acute_10_days",
        "Acute headache medication of two or more classes together on 10 or more days",
        "ICHD-3 8.2.6",
        10,
        ACUTE_CLASSES,
        2,
    ),
    OveruseRule("headache_days_15", "Headache on 15 or more days", "ICHD-3 8.2 (A)", 15),
)

RULES_BY_ID = {r.id: r for r in OVERUSE_RULES}
RUN_SUFFIX = "_3_months_in_a_row"


def overuse_flags(
    months: list[str], med_days: dict[str, dict[str, int]], headache_days: dict[str, int]
) -> list[dict[str, Any]]:
    """Summary JSON ``medication_overuse`` entries, by month then rule order.

    ``med_days``: month -> {rule id: days, ``"class:<code>"``: days of that class}.

    Every rule that reaches its threshold in a month gives one entry. A rule that does so
    in three or more consecutive months of the period gives one more entry, placed at the
    last month of the run, whose rule id ends in ``_3_months_in_a_row`` and which says how
    many months (``months``) since which month (``first_month``): ICHD-3 asks for regular
    overuse for more than 3 months, which a diary period may or may not show.
    """
    flags: list[tuple[int, int, dict[str, Any]]] = []
    for order, rule in enumerate(OVERUSE_RULES):
        run: list[tuple[int, str, int]] = []

        def close_run(
            run: list[tuple[int, str, int]], rule: OveruseRule = rule, order: int = order
        ) -> None:
            if len(run) >= RUN_MONTHS:
                idx, last, days = run[-1]
                entry = _flag(last, rule, days)
                entry["rule"] = rule.id + RUN_SUFFIX
                entry["label"] = f"{rule.label} in {len(run)} months in a row"
                entry["months"] = len(run)
                entry["first_month"] = run[0][1]
                flags.append((idx, len(OVERUSE_RULES) + order, entry))

        for idx, month in enumerate(months):
            if rule.classes:
                month_days = med_days.get(month, {})
                days = month_days.get(rule.id, 0)
                used = sum(1 for c in rule.classes if month_days.get(f"class:{c}", 0))
                if used < rule.min_classes:
                    days = 0
            else:
                days = headache_days.get(month, 0)
            if days >= rule.threshold:
                flags.append((idx, order, _flag(month, rule, days)))
                run.append((idx, month, days))
            else:
                close_run(run)
                run = []
        close_run(run)
    flags.sort(key=lambda f: (f[0], f[1]))
    return [f[2] for f in flags]


def _flag(month: str, rule: OveruseRule, days: int) -> dict[str, Any]:
    return {
        "month": month,
        "rule": rule.id,
        "days": days,
        "threshold": rule.threshold,
        "label": rule.label,
        "criterion": rule.criterion,
    }


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


def feature_profile(
    source: Any,
    date_from: date | None = None,
    date_to: date | None = None,
    today: date | None = None,
) -> list[ProfileGroup]:
    """The feature profile for the period (same period defaults as the summary).

    ``source`` is an open Session or a Diary (then a session is opened for the call).
    """
    if isinstance(source, Session):
        return _feature_profile(source, date_from, date_to, today or date.today())
    with q.readable_errors(), source.read_session() as session:
        return _feature_profile(session, date_from, date_to, today or date.today())


def _feature_profile(
    session: Session, date_from: date | None, date_to: date | None, today: date
) -> list[ProfileGroup]:
    period = q.resolve_period(session, date_from, date_to, today)
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


# --------------------------------------------------------------------------------------
# Headline sentences
# --------------------------------------------------------------------------------------

_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def format_day(iso_date: str) -> str:
    d = date.fromisoformat(iso_date)
    return f"{d.day} {_MONTH_NAMES[d.month - 1][:3]} {d.year}"


def format_month(month: str) -> str:
    year, m = month.split("-")
    return f"{_MONTH_NAMES[int(m) - 1]} {year}"


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else (words or word + 's')}"


def format_minutes(minutes: float) -> str:
    """``45 min``, ``3 h 20 min``, ``2 d 5 h``: for durations in sentences."""
    total = int(round(minutes))
    days, rest = divmod(total, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h" if hours else f"{days} d"
    if hours:
        return f"{hours} h {mins} min" if mins else f"{hours} h"
    return f"{mins} min"


def _and(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _lower(label: str) -> str:
    """``simple analgesic`` for ``Simple analgesic``; ``NSAID`` stays as it is."""
    return label if label[:2].isupper() else label[:1].lower() + label[1:]


def _num(x: float) -> str:
    """``5`` for 5.0, ``5.5`` otherwise."""
    return str(int(x)) if float(x).is_integer() else f"{x:.1f}"


def headline_sentences(summary: dict[str, Any]) -> list[str]:
    """The summary in plain descriptive sentences (GUI, CLI text and PDF)."""
    out: list[str] = []
    period = summary["period"]
    n = summary["episodes"]
    span = f"from {format_day(period['from'])} to {format_day(period['to'])}"
    hd = summary["headache_days"]
    per30 = summary.get("headache_days_per_30")
    head = f"{plural(n, 'episode')} {span} ({plural(period['days'], 'day')})"
    if hd or n:
        head += f"; headache on {plural(hd, 'day')}"
        if per30 is not None:
            head += f", {_num(per30)} per 30 days"
    out.append(head + ".")
    if summary.get("ongoing"):
        out.append(f"{plural(summary['ongoing'], 'episode')} still ongoing.")
    if n == 0:
        return out

    side = summary["side"]
    known = side["left"] + side["right"] + side["both"]
    uni = side["left"] + side["right"]
    if known:
        if uni == 0:
            s = f"None of the {plural(known, 'episode')} with a known side was one-sided"
        else:
            s = f"{uni} of {plural(known, 'episode')} with a known side "
            s += "was one-sided" if uni == 1 else "were one-sided"
            if side["right"] == 0:
                s += ", all on the left" if uni > 1 else ", on the left"
            elif side["left"] == 0:
                s += ", all on the right" if uni > 1 else ", on the right"
            else:
                s += f": {side['left']} on the left, {side['right']} on the right"
        if side["unsure"]:
            s += f"; the side was unsure in {side['unsure']}"
        out.append(s + ".")
    else:
        out.append(f"The side was unsure in all {plural(n, 'episode')}.")
    if uni >= 2:
        shifts = summary["side_shifts"]
        if shifts == 0:
            out.append("The side never changed from one one-sided episode to the next.")
        else:
            out.append(
                f"The side changed {plural(shifts, 'time')} from one one-sided episode to the next."
            )

    mov_pct = summary.get("movement_triggered_pct")
    if mov_pct is not None:
        s = (
            f"{summary['movement_triggered']} of {plural(n, 'episode')} ({_num(mov_pct)}%) came "
            "on with neck movement or a sustained awkward head position"
        )
        if summary["pressure_provoked"]:
            s += (
                f"; {summary['pressure_provoked']} ({_num(summary['pressure_provoked_pct'])}%)"
                " with pressure on the upper neck"
            )
        out.append(s + ".")

    positions = {
        k: v
        for k, v in summary["neck_positions"].items()
        if k not in ("not_recorded", "unknown") and v
    }
    if positions:
        recorded = sum(positions.values())
        top = max(positions.values())
        tops = [vocab.label(k).lower() for k, v in positions.items() if v == top]
        out.append(
            f"Most common neck position at onset: {' and '.join(tops)} "
            f"({top} of {plural(recorded, 'episode')} with a position recorded)."
        )

    dur = summary.get("duration_minutes")
    if dur:
        out.append(
            f"Episodes that ended lasted a median of {format_minutes(dur['median'])} "
            f"(middle half {format_minutes(dur['p25'])} to {format_minutes(dur['p75'])}, "
            f"longest {format_minutes(dur['max'])})."
        )
    inten = summary.get("intensity")
    if inten:
        out.append(
            f"Peak intensity averaged {_num(inten['mean'])} out of 10 "
            f"(median {_num(inten['median'])})."
        )
    meds = [(c, d) for c, d in summary["medication_days"].items() if d]
    if meds:
        listed = ", ".join(f"{_lower(vocab.label(c))} on {plural(d, 'day')}" for c, d in meds)
        out.append(f"Medication taken: {listed}.")
    overuse = overuse_headline(summary)
    if overuse:
        out.append(overuse)
    return out


def _short(rule: OveruseRule) -> str:
    """``Triptans`` from ``Triptans on 10 or more days``."""
    return rule.label.split(" on ")[0]


def overuse_headline(summary: dict[str, Any]) -> str:
    """One sentence on the overuse flags of the period ("" when there are none)."""
    flags = summary.get("medication_overuse", [])
    months = sorted({f["month"] for f in flags if not f["rule"].endswith(RUN_SUFFIX)})
    med_months = sorted(
        {
            f["month"]
            for f in flags
            if not f["rule"].endswith(RUN_SUFFIX) and RULES_BY_ID[f["rule"]].classes
        }
    )
    if not months:
        return ""
    parts = []
    if med_months:
        where = (
            _and([format_month(m) for m in med_months])
            if len(med_months) <= 3
            else f"{len(med_months)} calendar months (latest {format_month(med_months[-1])})"
        )
        parts.append(f"Medication was taken at or above an ICHD-3 8.2 overuse threshold in {where}")
    hd_months = [f["month"] for f in flags if f["rule"] == "headache_days_15"]
    if hd_months:
        parts.append(f"headache on 15 or more days in {plural(len(hd_months), 'month')}")
    runs = [f for f in flags if f["rule"].endswith(RUN_SUFFIX)]
    if runs:
        longest = max(f["months"] for f in runs)
        parts.append(f"a threshold was reached {longest} months in a row at the longest")
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def overuse_sentences(summary: dict[str, Any], limit: int | None = None) -> list[str]:
    """The overuse flags in words: first every run of three or more months in a row, then
    one line per flagged month, newest first (at most ``limit`` months, then a count of the
    rest). A combined rule that only repeats one class reaching its own threshold with the
    same days in the same month is left out of the month's line (it is still in the JSON).
    """
    flags = summary.get("medication_overuse", [])
    out = []
    for f in flags:
        if f["rule"].endswith(RUN_SUFFIX):
            rule = RULES_BY_ID[f["rule"][: -len(RUN_SUFFIX)]]
            out.append(
                f"{rule.label} in each of {f['months']} months in a row "
                f"({format_month(f['first_month'])} to {format_month(f['month'])}); "
                f"ICHD-3 asks for more than 3 months ({rule.criterion})."
            )
    by_month: dict[str, list[dict[str, Any]]] = {}
    for f in flags:
        if not f["rule"].endswith(RUN_SUFFIX):
            by_month.setdefault(f["month"], []).append(f)
    months = sorted(by_month, reverse=True)
    shown = months if limit is None else months[:limit]
    for month in shown:
        single = {f["days"] for f in by_month[month] if len(RULES_BY_ID[f["rule"]].classes) == 1}
        items = []
        for f in by_month[month]:
            rule = RULES_BY_ID[f["rule"]]
            if len(rule.classes) > 1 and f["days"] in single:
                continue
            items.append(f"{_short(rule).lower()} on {f['days']} days (>= {rule.threshold})")
        out.append(f"{format_month(month)}: " + "; ".join(items) + ".")
    if len(shown) < len(months):
        rest = len(months) - len(shown)
        out.append(f"… and {plural(rest, 'earlier month')} with a flag.")
    return out
