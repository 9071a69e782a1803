"""The texts of the desktop entry and the AppStream data (packaging/linux/), in English.

They are here, marked with ``N_``, so that the catalogs carry them like every other text;
``packaging/i18n.py desktop`` writes their German and Spanish translations into
``packaging/linux/*.desktop`` (``Comment[de]=``...) and ``*.metainfo.xml``
(``xml:lang="de"``), and tests/test_packaging.py checks that the files are up to date.
Nothing in the app imports this module.
"""

from __future__ import annotations

from headache_diary.i18n import N_

#: the .desktop file's keys and their English values
DESKTOP = {
    "GenericName": N_("Headache diary"),
    "Comment": N_(
        "Log headache episodes privately on this computer and export a summary for your doctor"
    ),
    # Translators: search words for the desktop's menu, each followed by a semicolon
    "Keywords": N_("headache;diary;migraine;neck;cervicogenic;pain;log;"),
}

#: the AppStream texts, each one element (summary, p, li or caption) on one line
METAINFO = (
    N_("Keep a private record of one-sided headaches that start in the neck"),
    N_(
        "Headache Diary is a private diary for people with cervicogenic headache: headache "
        "that comes from the neck, stays on one side and is brought on by neck movement, an "
        "awkward head position or pressure on the upper neck. What tells it apart from "
        "migraine is the pattern, and your own record of that pattern is what a physician "
        "diagnoses from."
    ),
    N_(
        "Log an episode in seconds: side, start and end, intensity, triggers, neck position, "
        "symptoms, medication and relief"
    ),
    N_(
        "See how often your episodes were one-sided, on the same side and brought on by the "
        "neck, with charts"
    ),
    N_(
        "Set your record beside published criteria, always as your own record and never as "
        "a diagnosis"
    ),
    N_("Export a PDF summary to bring to an appointment, and CSV or JSON for yourself"),
    N_("Keep it in German, English or Spanish, and print the summary in your doctor's language"),
    N_("Everything stays on your computer: no account and no network"),
    N_("The list of episodes"),
    N_("Logging an episode"),
    N_("The analysis of the record"),
)
