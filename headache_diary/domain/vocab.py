"""The diary's vocabulary: stable lower-case codes (stored, exported) and their labels.

``LABELS`` holds the English source texts (marked with ``N_``; the summary JSON and the
exports keep them as they are); :func:`label` returns a code's label in the current language
(:mod:`headache_diary.i18n`). A code is never shown as text: only through its label.

The order of every tuple is the order DESIGN.md lists the codes in; exports and the UI
use it for multi-valued fields.
"""

from __future__ import annotations

from headache_diary.i18n import N_, _

SIDES = ("left", "right", "both", "unsure")
TRIGGERS = (
    "neck_movement",
    "sustained_posture",
    "neck_pressure",
    "stress",
    "poor_sleep",
    "alcohol",
    "skipped_meal",
    "menstruation",
    "weather",
    "screen_work",
    "physical_exertion",
    "bright_light",
    "other",
)
MECHANICAL_TRIGGERS = ("neck_movement", "sustained_posture", "neck_pressure")
MOVEMENT_TRIGGERS = ("neck_movement", "sustained_posture")
NECK_POSITIONS = (
    "neutral",
    "looking_down",
    "looking_up",
    "turned_left",
    "turned_right",
    "tilted_left",
    "tilted_right",
    "forward_head",
    "lying_down",
    "unknown",
)
LOCATIONS = ("neck", "occiput", "top", "temple", "forehead", "eye", "face_jaw", "whole_head")
CHARACTERS = ("throbbing", "pressing", "stabbing", "dull", "burning", "other")
SYMPTOMS = (
    "nausea",
    "vomiting",
    "light_sensitivity",
    "sound_sensitivity",
    "aura",
    "dizziness",
    "blurred_vision",
    "neck_stiffness",
    "reduced_neck_motion",
    "shoulder_arm_pain",
    "difficulty_swallowing",
    "eye_tearing_redness",
    "nasal_congestion",
    "drooping_eyelid",
    "eyelid_swelling",
    "forehead_sweating",
    "restlessness",
    "worse_with_activity",
)
#: the explicit answer "none" for triggers and symptoms (CSV ``none``; an Episode holds it
#: as an empty list, "not recorded" as None). Never a code of TRIGGERS or SYMPTOMS.
NONE = "none"
#: same-side eye/nose signs (DESIGN.md; ICHD-3 3.1-3.4 C1 as this app maps them)
SAME_SIDE_SIGNS = (
    "eye_tearing_redness",
    "nasal_congestion",
    "drooping_eyelid",
    "eyelid_swelling",
    "forehead_sweating",
)
MEDICATION_CLASSES = (
    "simple_analgesic",
    "nsaid",
    "triptan",
    "ergot",
    "opioid",
    "combination",
    "muscle_relaxant",
    "other",
)
RELIEF = ("none", "some", "good", "complete")
#: history event kinds (DESIGN.md), in the order the editor offers them: when these
#: headaches began first (ICHD-3 11.2.1 C1 asks for the onset)
HISTORY_KINDS = (
    "headaches_began",
    "neck_injury",
    "xray",
    "mri",
    "ct",
    "emg",
    "nerve_block",
    "physiotherapy",
    "manual_therapy",
    "medication_change",
    "diagnosis",
    "other",
)
#: a nerve block's purpose and control (DESIGN.md "Neck workup records")
BLOCK_PURPOSES = ("diagnostic", "therapeutic")
BLOCK_CONTROLS = ("none", "comparative", "placebo")
#: the scores copied from a clinic's forms; "other" is a named score
SCORE_INSTRUMENTS = ("ndi", "hit6", "midas", "other")

LABELS: dict[str, str] = {
    # sides
    "left": N_("Left"),
    "right": N_("Right"),
    "both": N_("Both sides"),
    "unsure": N_("Unsure"),
    # triggers
    "neck_movement": N_("Neck movement"),
    "sustained_posture": N_("Sustained awkward head position"),
    "neck_pressure": N_("Pressure on the upper neck"),
    "stress": N_("Stress"),
    "poor_sleep": N_("Poor sleep"),
    "alcohol": N_("Alcohol"),
    "skipped_meal": N_("Skipped meal"),
    "menstruation": N_("Menstruation"),
    "weather": N_("Weather"),
    "screen_work": N_("Screen work"),
    "physical_exertion": N_("Physical exertion"),
    "bright_light": N_("Bright light"),
    "other": N_("Other"),
    # neck positions
    "neutral": N_("Neutral"),
    "looking_down": N_("Looking down"),
    "looking_up": N_("Looking up"),
    "turned_left": N_("Turned left"),
    "turned_right": N_("Turned right"),
    "tilted_left": N_("Tilted left"),
    "tilted_right": N_("Tilted right"),
    "forward_head": N_("Head forward"),
    "lying_down": N_("Lying down"),
    "unknown": N_("Unknown"),
    # locations
    "neck": N_("Neck"),
    "occiput": N_("Back of the head"),
    "top": N_("Top of the head"),
    "temple": N_("Temple"),
    "forehead": N_("Forehead"),
    "eye": N_("Around the eye"),
    "face_jaw": N_("Face / jaw"),
    "whole_head": N_("Whole head"),
    # character
    "throbbing": N_("Throbbing"),
    "pressing": N_("Pressing"),
    "stabbing": N_("Stabbing"),
    "dull": N_("Dull"),
    "burning": N_("Burning"),
    # symptoms
    "nausea": N_("Nausea"),
    "vomiting": N_("Vomiting"),
    "light_sensitivity": N_("Light sensitivity"),
    "sound_sensitivity": N_("Sound sensitivity"),
    "aura": N_("Aura"),
    "dizziness": N_("Dizziness"),
    "blurred_vision": N_("Blurred vision"),
    "neck_stiffness": N_("Neck stiffness"),
    "reduced_neck_motion": N_("Reduced neck motion"),
    "shoulder_arm_pain": N_("Shoulder/arm pain (same side)"),
    "difficulty_swallowing": N_("Difficulty swallowing"),
    "eye_tearing_redness": N_("Eye tearing/redness (same side)"),
    "nasal_congestion": N_("Blocked or runny nose (same side)"),
    "drooping_eyelid": N_("Drooping eyelid (same side)"),
    "eyelid_swelling": N_("Swollen eyelid (same side)"),
    "forehead_sweating": N_("Forehead/face sweating (same side)"),
    "restlessness": N_("Restlessness"),
    "worse_with_activity": N_("Worse with routine activity (walking, stairs)"),
    # medication classes
    "simple_analgesic": N_("Simple analgesic"),
    "nsaid": N_("NSAID"),
    "triptan": N_("Triptan"),
    "ergot": N_("Ergot"),
    "opioid": N_("Opioid"),
    "combination": N_("Combination analgesic"),
    "muscle_relaxant": N_("Muscle relaxant"),
    # the medication plan's class for regular preventive medication (never a medication day)
    "preventive": N_("Preventive"),
    # relief
    "none": N_("None"),
    "some": N_("Some"),
    "good": N_("Good"),
    "complete": N_("Complete"),
    # history kinds
    "headaches_began": N_("These headaches began"),
    "neck_injury": N_("Neck injury / whiplash"),
    "xray": N_("X-ray"),
    "mri": N_("MRI"),
    "ct": N_("CT"),
    "emg": N_("EMG"),
    "nerve_block": N_("Nerve block"),
    "physiotherapy": N_("Physiotherapy"),
    "manual_therapy": N_("Manual therapy"),
    "medication_change": N_("Medication change"),
    "diagnosis": N_("Diagnosis"),
    # a nerve block's purpose and control ("none" is worded by domain.workup)
    "diagnostic": N_("Diagnostic"),
    "therapeutic": N_("Therapeutic"),
    "comparative": N_("Comparative block"),
    "placebo": N_("Placebo"),
    # scores (their names are not translated: domain.workup.INSTRUMENT_NAMES)
    "ndi": N_("Neck Disability Index (NDI)"),
    "hit6": N_("Headache Impact Test (HIT-6)"),
    "midas": N_("Migraine Disability Assessment (MIDAS)"),
}


def label(code: str | None) -> str:
    """A code's label in the current language; empty string for None. A code the
    vocabulary does not know (a newer file's) is shown readable, untranslated."""
    if code is None:
        return ""
    source = LABELS.get(code)
    return _(source) if source is not None else code.replace("_", " ").capitalize()


def source_label(code: str | None) -> str:
    """A code's English source label (the summary JSON's ``label`` texts)."""
    if code is None:
        return ""
    return LABELS.get(code, code.replace("_", " ").capitalize())


def ordered(codes: object, vocabulary: tuple[str, ...]) -> list[str]:
    """Distinct codes in vocabulary order (the order exports and the UI use)."""
    wanted = set(codes)  # type: ignore[call-overload]
    return [c for c in vocabulary if c in wanted]
