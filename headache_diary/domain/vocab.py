"""The diary's vocabulary: stable lower-case codes (stored, exported) and English labels.

The order of every tuple is the order DESIGN.md lists the codes in; exports and the UI
use it for multi-valued fields.
"""

from __future__ import annotations

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

LABELS: dict[str, str] = {
    # sides
    "left": "Left",
    "right": "Right",
    "both": "Both sides",
    "unsure": "Unsure",
    # triggers
    "neck_movement": "Neck movement",
    "sustained_posture": "Sustained awkward head position",
    "neck_pressure": "Pressure on the upper neck",
    "stress": "Stress",
    "poor_sleep": "Poor sleep",
    "alcohol": "Alcohol",
    "skipped_meal": "Skipped meal",
    "menstruation": "Menstruation",
    "weather": "Weather",
    "screen_work": "Screen work",
    "physical_exertion": "Physical exertion",
    "bright_light": "Bright light",
    "other": "Other",
    # neck positions
    "neutral": "Neutral",
    "looking_down": "Looking down",
    "looking_up": "Looking up",
    "turned_left": "Turned left",
    "turned_right": "Turned right",
    "tilted_left": "Tilted left",
    "tilted_right": "Tilted right",
    "forward_head": "Head forward",
    "lying_down": "Lying down",
    "unknown": "Unknown",
    # locations
    "neck": "Neck",
    "occiput": "Back of the head",
    "top": "Top of the head",
    "temple": "Temple",
    "forehead": "Forehead",
    "eye": "Around the eye",
    "face_jaw": "Face / jaw",
    "whole_head": "Whole head",
    # character
    "throbbing": "Throbbing",
    "pressing": "Pressing",
    "stabbing": "Stabbing",
    "dull": "Dull",
    "burning": "Burning",
    # symptoms
    "nausea": "Nausea",
    "vomiting": "Vomiting",
    "light_sensitivity": "Light sensitivity",
    "sound_sensitivity": "Sound sensitivity",
    "aura": "Aura",
    "dizziness": "Dizziness",
    "blurred_vision": "Blurred vision",
    "neck_stiffness": "Neck stiffness",
    "reduced_neck_motion": "Reduced neck motion",
    "shoulder_arm_pain": "Shoulder/arm pain (same side)",
    "difficulty_swallowing": "Difficulty swallowing",
    "eye_tearing_redness": "Eye tearing/redness (same side)",
    "nasal_congestion": "Blocked or runny nose (same side)",
    "drooping_eyelid": "Drooping eyelid (same side)",
    "eyelid_swelling": "Swollen eyelid (same side)",
    "forehead_sweating": "Forehead/face sweating (same side)",
    "restlessness": "Restlessness",
    "worse_with_activity": "Worse with routine activity (walking, stairs)",
    # medication classes
    "simple_analgesic": "Simple analgesic",
    "nsaid": "NSAID",
    "triptan": "Triptan",
    "ergot": "Ergot",
    "opioid": "Opioid",
    "combination": "Combination analgesic",
    "muscle_relaxant": "Muscle relaxant",
    # the medication plan's class for regular preventive medication (never a medication day)
    "preventive": "Preventive",
    # relief
    "none": "None",
    "some": "Some",
    "good": "Good",
    "complete": "Complete",
    # history kinds
    "headaches_began": "These headaches began",
    "neck_injury": "Neck injury / whiplash",
    "xray": "X-ray",
    "mri": "MRI",
    "ct": "CT",
    "emg": "EMG",
    "nerve_block": "Nerve block",
    "physiotherapy": "Physiotherapy",
    "manual_therapy": "Manual therapy",
    "medication_change": "Medication change",
    "diagnosis": "Diagnosis",
}


def label(code: str | None) -> str:
    """Readable label for a code; empty string for None."""
    if code is None:
        return ""
    return LABELS.get(code, code.replace("_", " ").capitalize())


def ordered(codes: object, vocabulary: tuple[str, ...]) -> list[str]:
    """Distinct codes in vocabulary order (the order exports and the UI use)."""
    wanted = set(codes)  # type: ignore[call-overload]
    return [c for c in vocabulary if c in wanted]
