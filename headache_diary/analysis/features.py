"""The feature profile's list: what each feature counts, what it is of, where it is
described, and what a diary cannot assess beside it (DESIGN.md "Feature profile").

The one source the counting (:mod:`headache_diary.analysis.profile`), the summary JSON, the
GUI, the PDF and the list of ids in docs/formats.md are made from. Citations follow
docs/clinical.md "Sources": only text found verbatim may be quoted (here only ICHD-3's note
to 13.4, from the 2018 site), paraphrases are marked as such, and the app's own
conventions and readings are labelled.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from headache_diary.i18n import N_, _, ngettext

#: the app's 0-10 bands, said wherever a band is used
APP_SCALE = N_("1-3 mild, 4-6 moderate, 7-10 severe: this app's scale")

#: ICHD-3 11.2.1 C3 in the app's words, with ICHD's "significantly" (docs/clinical.md "Sources"
#: 1.1: "cervical range of motion is reduced and headache is made significantly worse by
#: provocative manœuvres"); the one wording the profile notes and the neck history use
C3_TEXT = N_(
    "reduced cervical range of motion, with the headache made significantly worse by "
    "provocative manoeuvres, findings of an examination"
)
#: DESIGN.md's one list: what a diary cannot show about ICHD-3 11.2.1, and what the neck
#: history can inform (paraphrases, never quotes; never "met"); the texts are marked with
#: N_ and translated where shown
DIARY_CANNOT_SHOW: tuple[tuple[str, str], ...] = (
    ("ICHD-3 11.2.1 B", N_("clinical or imaging evidence of a disorder of the neck")),
    ("ICHD-3 11.2.1 C3", C3_TEXT),
)
HISTORY_CAN_INFORM: tuple[tuple[str, str], ...] = (
    ("ICHD-3 11.2.1 C1", N_("onset in temporal relation to the neck disorder")),
    ("ICHD-3 11.2.1 C2", N_("improvement in parallel with it")),
    ("ICHD-3 11.2.1 C4", N_("headache abolished after a diagnostic block")),
)


@dataclass(frozen=True)
class FeatureSpec:
    """What a feature counts: ``label`` (the episodes counted), ``of_text`` (the
    denominator), ``criterion`` (where the feature is described) and a ``note`` (what the
    diary cannot assess next to it, or the app's own reading). All four are the English
    source (marked with N_: the summary JSON keeps it); :func:`feature_label` and its
    siblings give them in the current language."""

    id: str
    label: str
    criterion: str
    of_text: str
    note: str = ""


# The denominators: English keys (the summary JSON's source texts and profile.py's keys);
# :func:`of_phrase` says them in the current language.
EPISODES_KNOWN_SIDE = "episodes with a known side"  # i18n: key, see of_phrase
WITH_TRIGGERS = "episodes with triggers recorded"  # i18n: key, see of_phrase
WITH_SYMPTOMS = "episodes with symptoms recorded"  # i18n: key, see of_phrase
WITH_CHARACTER = "episodes with the character recorded"  # i18n: key, see of_phrase
WITH_INTENSITY = "episodes with an intensity recorded"  # i18n: key, see of_phrase
ENDED = "episodes that ended"  # i18n: key, see of_phrase
#: ICHD-3 3.1-3.3 B name the site: an episode without a pain origin or location is not
#: counted in their ``of`` (DESIGN.md)
ENDED_WITH = (
    "episodes that ended, with intensity, symptoms and a pain origin or "  # i18n: key
    "location recorded"
)
WITH_SITE = "episodes with a pain origin or location recorded"  # i18n: key, see of_phrase
WITH_ORIGIN = "episodes with a pain origin recorded"  # i18n: key, see of_phrase
WITH_ORIGIN_LOCATIONS = (
    "episodes with a pain origin and locations recorded"  # i18n: key, see of_phrase
)
WITH_INTENSITY_CHARACTER = (
    "episodes with intensity and character recorded"  # i18n: key, see of_phrase
)
WITH_INTENSITY_SYMPTOMS = (
    "episodes with intensity and symptoms recorded"  # i18n: key, see of_phrase
)
TRIPTAN_ERGOT_TAKEN = (
    "episodes in which a triptan or an ergot was taken"  # i18n: key, see of_phrase
)
INDOMETHACIN_TAKEN = "episodes in which indomethacin was taken"  # i18n: key, see of_phrase
#: the sites of ICHD-3 3.1 B and 3.2 B ("orbital, supraorbital and/or temporal") as the
#: app's locations, and those of 3.3 B (also "other trigeminal distribution")
FRONT_SITES = ("eye", "temple", "forehead")
TRIGEMINAL_SITES = (*FRONT_SITES, "face_jaw")
#: ICHD-3 13.4, the Comment (docs/clinical.md, source 5.5, verbatim, 2018 site); German:
#: the published ICHD-3 text (ichd-3.org/de 13.4); Spanish: the app's translation, marked
# Translators: a verbatim quote of ICHD-3 13.4 (Comment). German: the published German
# ICHD-3 text (ichd-3.org/de, 13.4 Okzipitalisneuralgie, Kommentar). Where no published
# translation is at hand, translate faithfully and end with the marker of the app's
# translation, e.g. " [traducción de la app]".
OCCIPITAL_REFERRAL = N_(
    "13.4 Occipital neuralgia must be distinguished from occipital referral of pain arising "
    "from the atlantoaxial or upper zygapophyseal joints or from tender trigger points in "
    "neck muscles or their insertions"
)
# Translators: {quote} is the quote of ICHD-3 13.4 (its own entry)
OCCIPITAL_NOTE = N_(
    'ICHD-3: "{quote}". At most 30 minutes read as "seconds to minutes" (an episode still '
    "ongoing does not meet it), 7-10 as severe, stabbing as shooting, stabbing or sharp: "
    "this app's readings; criteria C-E (scalp dysaesthesia, tenderness, relief by a nerve "
    "block) not judged"
)

GROUPS: tuple[tuple[str, str, str, str], ...] = (
    (
        "cgh",
        N_("Features described for cervicogenic headache"),
        N_("Comment to ICHD-3 11.2.1; Sjaastad/CHISG"),
        N_(
            "ICHD-3 says that such features tend to distinguish cervicogenic headache from "
            "migraine and tension-type headache but are not unique to it and do not by "
            "themselves show that the neck causes the headache; it also notes that migrainous "
            "features (nausea, light and sound sensitivity) may occur in cervicogenic "
            "headache, to a lesser degree than in migraine (paraphrase of the Comment to "
            "11.2.1)."
        ),
    ),
    ("migraine", N_("Features described for migraine"), "ICHD-3 1.1, 1.2", ""),
    (
        "tension_type",
        N_("Features described for tension-type headache"),
        N_("ICHD-3 2.1/2.2, episodic"),
        "",
    ),
    (
        "side_locked_other",
        N_("Other headaches a physician may want to rule out"),
        "ICHD-3 3.1-3.4, 13.4",
        N_("Attack frequency (3.1-3.3 D) cannot be judged when only some attacks are logged."),
    ),
)

SPECS: dict[str, tuple[FeatureSpec, ...]] = {
    "cgh": (
        FeatureSpec(
            "side_locked",
            N_("One-sided on the same side, of all episodes with a known side"),
            N_("CHISG III; Comment to ICHD-3 11.2.1"),
            EPISODES_KNOWN_SIDE,
            N_(
                "counts the episodes on the more frequent side; side shifts beside it; not "
                "the key figure 'On the same side, of one-sided episodes', whose denominator "
                "leaves out episodes on both sides"
            ),
        ),
        FeatureSpec(
            "movement_provoked",
            N_("Brought on by neck movement or a sustained awkward head position"),
            N_("CHISG Ia1; Comment to ICHD-3 11.2.1"),
            WITH_TRIGGERS,
        ),
        FeatureSpec(
            "pressure_provoked",
            N_("Brought on by pressure on the upper neck or back of the head"),
            N_("CHISG Ia2; Comment to ICHD-3 11.2.1"),
            WITH_TRIGGERS,
        ),
        FeatureSpec(
            "starts_in_neck",
            N_("Pain started in the neck or back of the head"),
            N_("CHISG IV"),
            WITH_ORIGIN,
            N_("back of the head counted with the neck: this app's convention"),
        ),
        FeatureSpec(
            "neck_to_front",
            N_(
                "Started in the neck or back of the head and also hurt at the temple, "
                "forehead or eye"
            ),
            N_("Comment to ICHD-3 11.2.1 (pain spreading from back to front, paraphrase)"),
            WITH_ORIGIN_LOCATIONS,
            N_("this app's reading: the diary records where it hurt, not the order"),
        ),
        FeatureSpec(
            "shoulder_arm_pain",
            N_("Shoulder or arm pain on the same side"),
            N_("CHISG Ic"),
            WITH_SYMPTOMS,
        ),
        FeatureSpec(
            "reduced_neck_motion",
            N_("Reduced neck motion, as the patient noticed it"),
            N_("CHISG Ib (self-reported)"),
            WITH_SYMPTOMS,
            N_("not ICHD-3 11.2.1 C3, which needs an examination"),
        ),
        FeatureSpec(
            "moderate_severe_non_throbbing",
            N_("Moderate or severe (4-10), neither throbbing nor stabbing"),
            N_("CHISG IV"),
            WITH_INTENSITY_CHARACTER,
            N_(
                "4-10: this app's scale; CHISG IV: non-throbbing and non-lancinating (as "
                "reproduced in J Headache Pain 2012); stabbing read as lancinating: this "
                "app's reading"
            ),
        ),
        FeatureSpec(
            "little_relief_triptan_ergot",
            N_("Triptan or ergot taken, relief recorded as none or some"),
            N_("CHISG V"),
            TRIPTAN_ERGOT_TAKEN,
            N_(
                "CHISG names ergotamine and sumatriptan; counting every triptan, and reading "
                "relief 'none' or 'some' as little or no effect, are this app's"
            ),
        ),
        FeatureSpec(
            "little_relief_indomethacin",
            N_("Indomethacin taken, relief recorded as none or some"),
            N_("CHISG V"),
            INDOMETHACIN_TAKEN,
            N_(
                "indomethacin: a medication whose name contains 'indomet'; relief 'none' or "
                "'some' read as little or no effect: this app's reading"
            ),
        ),
    ),
    "migraine": (
        FeatureSpec(
            "lasting_4_72h",
            N_("Lasting 4 to 72 hours"),
            N_("ICHD-3 1.1 B"),
            ENDED,
            N_("durations as recorded, treated or not"),
        ),
        FeatureSpec(
            "unilateral",
            N_("One-sided (left or right)"),
            N_("ICHD-3 1.1 C1"),
            EPISODES_KNOWN_SIDE,
        ),
        FeatureSpec(
            "throbbing",
            N_("Throbbing"),
            N_("ICHD-3 1.1 C2"),
            WITH_CHARACTER,
            N_("throbbing read as pulsating: this app's reading"),
        ),
        FeatureSpec(
            "moderate_severe",
            N_("Moderate or severe (4-10)"),
            N_("ICHD-3 1.1 C3"),
            WITH_INTENSITY,
            N_("4-10: this app's scale"),
        ),
        FeatureSpec(
            "worse_with_activity",
            N_("Worse with routine activity such as walking or stairs"),
            N_("ICHD-3 1.1 C4"),
            WITH_SYMPTOMS,
        ),
        FeatureSpec(
            "nausea_or_vomiting",
            N_("Nausea or vomiting"),
            N_("ICHD-3 1.1 D1"),
            WITH_SYMPTOMS,
        ),
        FeatureSpec(
            "photophobia_and_phonophobia",
            N_("Both light and sound sensitivity"),
            N_("ICHD-3 1.1 D2"),
            WITH_SYMPTOMS,
        ),
        FeatureSpec(
            "aura",
            N_("Aura"),
            N_("ICHD-3 1.2"),
            WITH_SYMPTOMS,
        ),
    ),
    "tension_type": (
        FeatureSpec(
            "lasting_30m_7d",
            N_("Lasting 30 minutes to 7 days"),
            N_("ICHD-3 2.1/2.2 B"),
            ENDED,
        ),
        FeatureSpec(
            "both_sides",
            N_("Both sides"),
            N_("ICHD-3 2.1/2.2 C1"),
            EPISODES_KNOWN_SIDE,
        ),
        FeatureSpec(
            "pressing",
            N_("Pressing or tightening"),
            N_("ICHD-3 2.1/2.2 C2"),
            WITH_CHARACTER,
        ),
        FeatureSpec(
            "mild_moderate",
            N_("Mild or moderate (1-6)"),
            N_("ICHD-3 2.1/2.2 C3"),
            WITH_INTENSITY,
            N_("1-6: this app's scale"),
        ),
        FeatureSpec(
            "not_worse_with_activity",
            N_("Not worse with routine activity"),
            N_("ICHD-3 2.1/2.2 C4"),
            WITH_SYMPTOMS,
        ),
        FeatureSpec(
            "no_nausea_or_vomiting",
            N_("No nausea and no vomiting"),
            N_("ICHD-3 2.1/2.2 D1"),
            WITH_SYMPTOMS,
        ),
        FeatureSpec(
            "at_most_one_of_light_sound",
            N_("Not both light and sound sensitivity"),
            N_("ICHD-3 2.1/2.2 D2"),
            WITH_SYMPTOMS,
        ),
    ),
    "side_locked_other": (
        FeatureSpec(
            "cluster_like",
            N_(
                "One-sided, severe (7-10), 15-180 minutes, at the eye, temple or forehead, "
                "with a same-side eye or nose sign or restlessness"
            ),
            N_("ICHD-3 3.1 B, C"),
            ENDED_WITH,
            N_(
                "'severe or very severe' read as 7-10 on this app's scale; a pain origin or "
                "location at the eye, temple or forehead read as orbital, supraorbital or "
                "temporal: this app's reading; durations as recorded, treated or not, while "
                "3.1 B speaks of attacks when untreated"
            ),
        ),
        FeatureSpec(
            "paroxysmal_hemicrania_like",
            N_(
                "One-sided, severe (7-10), 2-30 minutes, at the eye, temple or forehead, with "
                "a same-side eye or nose sign or restlessness"
            ),
            N_("ICHD-3 3.2 B, C"),
            ENDED_WITH,
            N_(
                "a pain origin or location at the eye, temple or forehead read as orbital, "
                "supraorbital or temporal: this app's reading; frequency of more than 5 a day "
                "(D) and indomethacin response (E) not judged"
            ),
        ),
        FeatureSpec(
            "sunct_suna_like",
            N_(
                "One-sided, moderate or severe (4-10), at most 10 minutes, at the eye, "
                "temple, forehead or face, with a same-side eye or nose sign"
            ),
            N_("ICHD-3 3.3 B, C"),
            ENDED_WITH,
            N_(
                "a pain origin or location at the eye, temple or forehead read as orbital, "
                "supraorbital or temporal: this app's reading, the face or jaw as other "
                "trigeminal distribution; attacks of seconds are below what a diary records"
            ),
        ),
        FeatureSpec(
            "hemicrania_continua_like",
            N_(
                "One-sided, in progress for more than 3 months, peak 4-10, with a same-side "
                "eye or nose sign, restlessness or worse with activity"
            ),
            N_("ICHD-3 3.4 A-C"),
            WITH_INTENSITY_SYMPTOMS,
            N_(
                "counts one long episode only, not a daily pain logged as many episodes; "
                "'worse with activity' read as aggravation by movement; indomethacin response "
                "(D) not judged"
            ),
        ),
        FeatureSpec(
            "same_side_signs",
            N_(
                "Same-side eye or nose signs (tearing/redness, blocked or runny nose, "
                "drooping or swollen eyelid, forehead/face sweating)"
            ),
            N_("ICHD-3 3.1/3.2/3.4 C1, 3.3 C"),
            WITH_SYMPTOMS,
            N_("a small pupil, miosis, is not recorded"),
        ),
        FeatureSpec(
            "restlessness",
            N_("Restlessness"),
            N_("ICHD-3 3.1, 3.2, 3.4 C2"),
            WITH_SYMPTOMS,
        ),
        FeatureSpec(
            "indomethacin_complete_relief",
            N_("Indomethacin taken, relief recorded as complete"),
            N_("ICHD-3 3.2 E, 3.4 D"),
            INDOMETHACIN_TAKEN,
            N_("an absolute response needs a trial at therapeutic dose: not judged"),
        ),
        FeatureSpec(
            "occipital_neuralgia_like",
            N_(
                "At the back of the head, with at least two of: at most 30 minutes, severe "
                "(7-10), stabbing"
            ),
            N_("ICHD-3 13.4 A, B"),
            WITH_SITE,
            OCCIPITAL_NOTE.format(quote=OCCIPITAL_REFERRAL),
        ),
    ),
}


def _of_phrases() -> dict[str, Callable[[int, int], str]]:
    """Each denominator's "7 of 9 episodes with a known side" in the current language
    (called, never at import)."""
    return {
        EPISODES_KNOWN_SIDE: lambda n, d: ngettext(
            "{n} of {count} episode with a known side",
            "{n} of {count} episodes with a known side",
            d,
            n=n,
        ),
        WITH_TRIGGERS: lambda n, d: ngettext(
            "{n} of {count} episode with triggers recorded",
            "{n} of {count} episodes with triggers recorded",
            d,
            n=n,
        ),
        WITH_SYMPTOMS: lambda n, d: ngettext(
            "{n} of {count} episode with symptoms recorded",
            "{n} of {count} episodes with symptoms recorded",
            d,
            n=n,
        ),
        WITH_CHARACTER: lambda n, d: ngettext(
            "{n} of {count} episode with the character recorded",
            "{n} of {count} episodes with the character recorded",
            d,
            n=n,
        ),
        WITH_INTENSITY: lambda n, d: ngettext(
            "{n} of {count} episode with an intensity recorded",
            "{n} of {count} episodes with an intensity recorded",
            d,
            n=n,
        ),
        ENDED: lambda n, d: ngettext(
            "{n} of {count} episode that ended",
            "{n} of {count} episodes that ended",
            d,
            n=n,
        ),
        ENDED_WITH: lambda n, d: ngettext(
            "{n} of {count} episode that ended, with intensity, symptoms and a pain origin or "
            "location recorded",
            "{n} of {count} episodes that ended, with intensity, symptoms and a pain origin or "
            "location recorded",
            d,
            n=n,
        ),
        WITH_SITE: lambda n, d: ngettext(
            "{n} of {count} episode with a pain origin or location recorded",
            "{n} of {count} episodes with a pain origin or location recorded",
            d,
            n=n,
        ),
        WITH_ORIGIN: lambda n, d: ngettext(
            "{n} of {count} episode with a pain origin recorded",
            "{n} of {count} episodes with a pain origin recorded",
            d,
            n=n,
        ),
        WITH_ORIGIN_LOCATIONS: lambda n, d: ngettext(
            "{n} of {count} episode with a pain origin and locations recorded",
            "{n} of {count} episodes with a pain origin and locations recorded",
            d,
            n=n,
        ),
        WITH_INTENSITY_CHARACTER: lambda n, d: ngettext(
            "{n} of {count} episode with intensity and character recorded",
            "{n} of {count} episodes with intensity and character recorded",
            d,
            n=n,
        ),
        WITH_INTENSITY_SYMPTOMS: lambda n, d: ngettext(
            "{n} of {count} episode with intensity and symptoms recorded",
            "{n} of {count} episodes with intensity and symptoms recorded",
            d,
            n=n,
        ),
        TRIPTAN_ERGOT_TAKEN: lambda n, d: ngettext(
            "{n} of {count} episode in which a triptan or an ergot was taken",
            "{n} of {count} episodes in which a triptan or an ergot was taken",
            d,
            n=n,
        ),
        INDOMETHACIN_TAKEN: lambda n, d: ngettext(
            "{n} of {count} episode in which indomethacin was taken",
            "{n} of {count} episodes in which indomethacin was taken",
            d,
            n=n,
        ),
    }


def _none_phrases() -> dict[str, str]:
    """Each denominator's "no episodes with a known side", in the current language."""
    return {
        EPISODES_KNOWN_SIDE: _("no episodes with a known side"),
        WITH_TRIGGERS: _("no episodes with triggers recorded"),
        WITH_SYMPTOMS: _("no episodes with symptoms recorded"),
        WITH_CHARACTER: _("no episodes with the character recorded"),
        WITH_INTENSITY: _("no episodes with an intensity recorded"),
        ENDED: _("no episodes that ended"),
        ENDED_WITH: _(
            "no episodes that ended, with intensity, symptoms and a pain origin or location "
            "recorded"
        ),
        WITH_SITE: _("no episodes with a pain origin or location recorded"),
        WITH_ORIGIN: _("no episodes with a pain origin recorded"),
        WITH_ORIGIN_LOCATIONS: _("no episodes with a pain origin and locations recorded"),
        WITH_INTENSITY_CHARACTER: _("no episodes with intensity and character recorded"),
        WITH_INTENSITY_SYMPTOMS: _("no episodes with intensity and symptoms recorded"),
        TRIPTAN_ERGOT_TAKEN: _("no episodes in which a triptan or an ergot was taken"),
        INDOMETHACIN_TAKEN: _("no episodes in which indomethacin was taken"),
    }


def of_phrase(of: str, count: int, denominator: int) -> str:
    """``7 of 9 episodes with a known side``; ``no episodes with ...`` when none (``of``:
    one of the denominators above, the English key)."""
    if not denominator:
        return _none_phrases()[of]
    return _of_phrases()[of](count, denominator)


SPEC_BY_ID = {spec.id: spec for specs in SPECS.values() for spec in specs}
GROUP_BY_ID = {g[0]: g for g in GROUPS}
#: the side_locked row names the more frequent side (profile.py writes the English)
SIDE_LOCKED_LABELS = {
    "left": N_("One-sided on the same side (left), of all episodes with a known side"),
    "right": N_("One-sided on the same side (right), of all episodes with a known side"),
    "equal": N_(
        "One-sided on the same side (left and right equally often), of all episodes with a "
        "known side"
    ),
}


def feature_label(feature_id: str, side: str | None) -> str:
    """The feature's label in the current language (``side``: the side-locked row's)."""
    if feature_id == "side_locked" and side in SIDE_LOCKED_LABELS:
        return _(SIDE_LOCKED_LABELS[side])
    return _(SPEC_BY_ID[feature_id].label)


def feature_criterion(feature_id: str) -> str:
    return _(SPEC_BY_ID[feature_id].criterion)


def feature_note(feature_id: str, shifts: int) -> str:
    """The feature's note in the current language ("" when it has none)."""
    if feature_id == "side_locked":
        return ngettext("{count} side shift", "{count} side shifts", shifts)
    if feature_id == "occipital_neuralgia_like":
        return _(OCCIPITAL_NOTE, quote=_(OCCIPITAL_REFERRAL))
    note = SPEC_BY_ID[feature_id].note
    return _(note) if note else ""


def left_out_text(side_unsure: int, not_recorded: int | None) -> str:
    """``side unsure in 3`` or ``20 not recorded`` beside a share ("" when nothing)."""
    if side_unsure:
        # Translators: beside a share of episodes with a known side
        return _("side unsure in {count}", count=side_unsure)
    if not_recorded:
        # Translators: beside a share, e.g. "14 of 41 episodes ... (34.1%); 20 not recorded"
        return _("{count} not recorded", count=not_recorded)
    return ""


def group_label(group_id: str) -> str:
    return _(GROUP_BY_ID[group_id][1])


def group_criterion(group_id: str) -> str:
    return _(GROUP_BY_ID[group_id][2])


def group_note(group_id: str) -> str:
    note = GROUP_BY_ID[group_id][3]
    return _(note) if note else ""
