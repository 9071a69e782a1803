"""The feature profile's list: what each feature counts, what it is of, where it is
described, and what a diary cannot assess beside it (DESIGN.md "Feature profile").

The one source the counting (:mod:`headache_diary.analysis.profile`), the summary JSON, the
GUI, the PDF and the list of ids in docs/formats.md are made from. Citations follow
docs/clinical.md "Sources": only text found verbatim may be quoted (here only ICHD-3's note
to 13.4, from the 2018 site), paraphrases are marked as such, and the app's own
conventions and readings are labelled.
"""

from __future__ import annotations

from dataclasses import dataclass

#: the app's 0-10 bands, said wherever a band is used
APP_SCALE = "1-3 mild, 4-6 moderate, 7-10 severe: this app's scale"

#: ICHD-3 11.2.1 C3 in the app's words, with ICHD's "significantly" (docs/clinical.md "Sources"
#: 1.1: "cervical range of motion is reduced and headache is made significantly worse by
#: provocative manœuvres"); the one wording the profile notes and the neck history use
C3_TEXT = (
    "reduced cervical range of motion, with the headache made significantly worse by "
    "provocative manoeuvres, findings of an examination"
)
#: DESIGN.md's one list: what a diary cannot show about ICHD-3 11.2.1, and what the neck
#: history can inform (paraphrases, never quotes; never "met")
DIARY_CANNOT_SHOW: tuple[tuple[str, str], ...] = (
    ("ICHD-3 11.2.1 B", "clinical or imaging evidence of a disorder of the neck"),
    ("ICHD-3 11.2.1 C3", C3_TEXT),
)
HISTORY_CAN_INFORM: tuple[tuple[str, str], ...] = (
    ("ICHD-3 11.2.1 C1", "onset in temporal relation to the neck disorder"),
    ("ICHD-3 11.2.1 C2", "improvement in parallel with it"),
    ("ICHD-3 11.2.1 C4", "headache abolished after a diagnostic block"),
)


@dataclass(frozen=True)
class FeatureSpec:
    """What a feature counts: ``label`` (the episodes counted), ``of_text`` (the
    denominator), ``criterion`` (where the feature is described) and a ``note`` (what the
    diary cannot assess next to it, or the app's own reading)."""

    id: str
    label: str
    criterion: str
    of_text: str
    note: str = ""


EPISODES_KNOWN_SIDE = "episodes with a known side"
WITH_TRIGGERS = "episodes with triggers recorded"
WITH_SYMPTOMS = "episodes with symptoms recorded"
WITH_CHARACTER = "episodes with the character recorded"
WITH_INTENSITY = "episodes with an intensity recorded"
ENDED = "episodes that ended"
SIGNS = "a same-side eye or nose sign"
#: ICHD-3 3.1-3.3 B name the site: an episode without a pain origin or location is not
#: counted in their ``of`` (DESIGN.md)
ENDED_WITH = "episodes that ended, with intensity, symptoms and a pain origin or location recorded"
WITH_SITE = "episodes with a pain origin or location recorded"
#: the sites of ICHD-3 3.1 B and 3.2 B ("orbital, supraorbital and/or temporal") as the
#: app's locations, and those of 3.3 B (also "other trigeminal distribution")
FRONT_SITES = ("eye", "temple", "forehead")
TRIGEMINAL_SITES = (*FRONT_SITES, "face_jaw")
SITE_READING = (
    "a pain origin or location at the eye, temple or forehead read as orbital, supraorbital "
    "or temporal: this app's reading"
)
#: ICHD-3 13.4, the Comment (docs/clinical.md, source 5.5, verbatim, 2018 site)
OCCIPITAL_REFERRAL = (
    "13.4 Occipital neuralgia must be distinguished from occipital referral of pain arising "
    "from the atlantoaxial or upper zygapophyseal joints or from tender trigger points in "
    "neck muscles or their insertions"
)

GROUPS: tuple[tuple[str, str, str, str], ...] = (
    (
        "cgh",
        "Features described for cervicogenic headache",
        "Comment to ICHD-3 11.2.1; Sjaastad/CHISG",
        "ICHD-3 says that such features tend to distinguish cervicogenic headache from "
        "migraine and tension-type headache but are not unique to it and do not by "
        "themselves show that the neck causes the headache; it also notes that migrainous "
        "features (nausea, light and sound sensitivity) may occur in cervicogenic headache, "
        "to a lesser degree than in migraine (paraphrase of the Comment to 11.2.1).",
    ),
    ("migraine", "Features described for migraine", "ICHD-3 1.1, 1.2", ""),
    (
        "tension_type",
        "Features described for tension-type headache",
        "ICHD-3 2.1/2.2, episodic",
        "",
    ),
    (
        "side_locked_other",
        "Other headaches a physician may want to rule out",
        "ICHD-3 3.1-3.4, 13.4",
        "Attack frequency (3.1-3.3 D) cannot be judged when only some attacks are logged.",
    ),
)

SPECS: dict[str, tuple[FeatureSpec, ...]] = {
    "cgh": (
        FeatureSpec(
            "side_locked",
            "One-sided on the same side, of all episodes with a known side",
            "CHISG III; Comment to ICHD-3 11.2.1",
            EPISODES_KNOWN_SIDE,
            "counts the episodes on the more frequent side; side shifts beside it; not the "
            "key figure 'On the same side, of one-sided episodes', whose denominator leaves "
            "out episodes on both sides",
        ),
        FeatureSpec(
            "movement_provoked",
            "Brought on by neck movement or a sustained awkward head position",
            "CHISG Ia1; Comment to ICHD-3 11.2.1",
            WITH_TRIGGERS,
        ),
        FeatureSpec(
            "pressure_provoked",
            "Brought on by pressure on the upper neck or back of the head",
            "CHISG Ia2; Comment to ICHD-3 11.2.1",
            WITH_TRIGGERS,
        ),
        FeatureSpec(
            "starts_in_neck",
            "Pain started in the neck or back of the head",
            "CHISG IV",
            "episodes with a pain origin recorded",
            "back of the head counted with the neck: this app's convention",
        ),
        FeatureSpec(
            "neck_to_front",
            "Started in the neck or back of the head and also hurt at the temple, forehead or eye",
            "Comment to ICHD-3 11.2.1 (pain spreading from back to front, paraphrase)",
            "episodes with a pain origin and locations recorded",
            "this app's reading: the diary records where it hurt, not the order",
        ),
        FeatureSpec(
            "shoulder_arm_pain",
            "Shoulder or arm pain on the same side",
            "CHISG Ic",
            WITH_SYMPTOMS,
        ),
        FeatureSpec(
            "reduced_neck_motion",
            "Reduced neck motion, as the patient noticed it",
            "CHISG Ib (self-reported)",
            WITH_SYMPTOMS,
            "not ICHD-3 11.2.1 C3, which needs an examination",
        ),
        FeatureSpec(
            "moderate_severe_non_throbbing",
            "Moderate or severe (4-10), neither throbbing nor stabbing",
            "CHISG IV",
            "episodes with intensity and character recorded",
            "4-10: this app's scale; CHISG IV: non-throbbing and non-lancinating (as "
            "reproduced in J Headache Pain 2012); stabbing read as lancinating: this app's "
            "reading",
        ),
        FeatureSpec(
            "little_relief_triptan_ergot",
            "Triptan or ergot taken, relief recorded as none or some",
            "CHISG V",
            "episodes in which a triptan or an ergot was taken",
            "CHISG names ergotamine and sumatriptan; counting every triptan, and reading "
            "relief 'none' or 'some' as little or no effect, are this app's",
        ),
        FeatureSpec(
            "little_relief_indomethacin",
            "Indomethacin taken, relief recorded as none or some",
            "CHISG V",
            "episodes in which indomethacin was taken",
            "indomethacin: a medication whose name contains 'indomet'; relief 'none' or "
            "'some' read as little or no effect: this app's reading",
        ),
    ),
    "migraine": (
        FeatureSpec(
            "lasting_4_72h",
            "Lasting 4 to 72 hours",
            "ICHD-3 1.1 B",
            ENDED,
            "durations as recorded, treated or not",
        ),
        FeatureSpec(
            "unilateral", "One-sided (left or right)", "ICHD-3 1.1 C1", EPISODES_KNOWN_SIDE
        ),
        FeatureSpec(
            "throbbing",
            "Throbbing",
            "ICHD-3 1.1 C2",
            WITH_CHARACTER,
            "throbbing read as pulsating: this app's reading",
        ),
        FeatureSpec(
            "moderate_severe",
            "Moderate or severe (4-10)",
            "ICHD-3 1.1 C3",
            WITH_INTENSITY,
            "4-10: this app's scale",
        ),
        FeatureSpec(
            "worse_with_activity",
            "Worse with routine activity such as walking or stairs",
            "ICHD-3 1.1 C4",
            WITH_SYMPTOMS,
        ),
        FeatureSpec("nausea_or_vomiting", "Nausea or vomiting", "ICHD-3 1.1 D1", WITH_SYMPTOMS),
        FeatureSpec(
            "photophobia_and_phonophobia",
            "Both light and sound sensitivity",
            "ICHD-3 1.1 D2",
            WITH_SYMPTOMS,
        ),
        FeatureSpec("aura", "Aura", "ICHD-3 1.2", WITH_SYMPTOMS),
    ),
    "tension_type": (
        FeatureSpec("lasting_30m_7d", "Lasting 30 minutes to 7 days", "ICHD-3 2.1/2.2 B", ENDED),
        FeatureSpec("both_sides", "Both sides", "ICHD-3 2.1/2.2 C1", EPISODES_KNOWN_SIDE),
        FeatureSpec("pressing", "Pressing or tightening", "ICHD-3 2.1/2.2 C2", WITH_CHARACTER),
        FeatureSpec(
            "mild_moderate",
            "Mild or moderate (1-6)",
            "ICHD-3 2.1/2.2 C3",
            WITH_INTENSITY,
            "1-6: this app's scale",
        ),
        FeatureSpec(
            "not_worse_with_activity",
            "Not worse with routine activity",
            "ICHD-3 2.1/2.2 C4",
            WITH_SYMPTOMS,
        ),
        FeatureSpec(
            "no_nausea_or_vomiting", "No nausea and no vomiting", "ICHD-3 2.1/2.2 D1", WITH_SYMPTOMS
        ),
        FeatureSpec(
            "at_most_one_of_light_sound",
            "Not both light and sound sensitivity",
            "ICHD-3 2.1/2.2 D2",
            WITH_SYMPTOMS,
        ),
    ),
    "side_locked_other": (
        FeatureSpec(
            "cluster_like",
            "One-sided, severe (7-10), 15-180 minutes, at the eye, temple or forehead, with "
            f"{SIGNS} or restlessness",
            "ICHD-3 3.1 B, C",
            ENDED_WITH,
            "'severe or very severe' read as 7-10 on this app's scale; "
            f"{SITE_READING}; durations as recorded, treated or not, while 3.1 B speaks of "
            "attacks when untreated",
        ),
        FeatureSpec(
            "paroxysmal_hemicrania_like",
            "One-sided, severe (7-10), 2-30 minutes, at the eye, temple or forehead, with "
            f"{SIGNS} or restlessness",
            "ICHD-3 3.2 B, C",
            ENDED_WITH,
            f"{SITE_READING}; frequency of more than 5 a day (D) and indomethacin response "
            "(E) not judged",
        ),
        FeatureSpec(
            "sunct_suna_like",
            "One-sided, moderate or severe (4-10), at most 10 minutes, at the eye, temple, "
            f"forehead or face, with {SIGNS}",
            "ICHD-3 3.3 B, C",
            ENDED_WITH,
            f"{SITE_READING}, the face or jaw as other trigeminal distribution; attacks of "
            "seconds are below what a diary records",
        ),
        FeatureSpec(
            "hemicrania_continua_like",
            "One-sided, in progress for more than 3 months, peak 4-10, with "
            f"{SIGNS}, restlessness or worse with activity",
            "ICHD-3 3.4 A-C",
            "episodes with intensity and symptoms recorded",
            "counts one long episode only, not a daily pain logged as many episodes; "
            "'worse with activity' read as aggravation by movement; indomethacin "
            "response (D) not judged",
        ),
        FeatureSpec(
            "same_side_signs",
            "Same-side eye or nose signs (tearing/redness, blocked or runny nose, drooping "
            "or swollen eyelid, forehead/face sweating)",
            "ICHD-3 3.1/3.2/3.4 C1, 3.3 C",
            WITH_SYMPTOMS,
            "a small pupil, miosis, is not recorded",
        ),
        FeatureSpec("restlessness", "Restlessness", "ICHD-3 3.1, 3.2, 3.4 C2", WITH_SYMPTOMS),
        FeatureSpec(
            "indomethacin_complete_relief",
            "Indomethacin taken, relief recorded as complete",
            "ICHD-3 3.2 E, 3.4 D",
            "episodes in which indomethacin was taken",
            "an absolute response needs a trial at therapeutic dose: not judged",
        ),
        FeatureSpec(
            "occipital_neuralgia_like",
            "At the back of the head, with at least two of: at most 30 minutes, severe "
            "(7-10), stabbing",
            "ICHD-3 13.4 A, B",
            WITH_SITE,
            f'ICHD-3: "{OCCIPITAL_REFERRAL}". At most 30 minutes read as "seconds to '
            'minutes" (an episode still ongoing does not meet it), 7-10 as severe, stabbing '
            "as shooting, stabbing or sharp: this app's readings; criteria C-E (scalp "
            "dysaesthesia, tenderness, relief by a nerve block) not judged",
        ),
    ),
}
