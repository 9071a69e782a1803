"""Languages: translated text (gettext) and the locale's dates and numbers, for every layer.

English is the source language; German and Spanish have catalogs under
``headache_diary/locale/<lang>/LC_MESSAGES/headache_diary.po`` (compiled ``.mo`` beside
them, checked against the ``.po`` by the tests). ``packaging/i18n.py`` extracts, updates
and compiles them (CONTRIBUTING.md).

How text is written (DESIGN.md "Languages"):

- Whole sentences with named placeholders, translated and filled in one call:
  ``_("Saved {count} episodes to {file}.", count=n, file=name)``. Plurals through
  :func:`ngettext`, which fills ``{count}`` with ``n`` unless given. Values are formatted
  for the language on the way in: an ``int`` gets the locale's digit grouping, a ``float``
  one decimal (rounded half up) and the locale's decimal mark, a ``date`` day, month name
  and year (:func:`format_date`). Strings go in as they are.
- Module-level tables mark their texts with :func:`N_` (which only marks them for
  extraction) and translate them where they are shown, with ``_(text)``.
- There is no global ``gettext.install``: the window and a PDF drawn on a worker thread
  may be in different languages at once. The language of a call is the one set by
  :func:`using` in the current context (a ``ContextVar``: each thread starts without one),
  else the process default that the composition root sets once with
  :func:`set_default_language`.

Locale formats come from CLDR through Babel, but Babel is not imported by the app: loading
Babel's data for one locale takes 23-35 ms (measured, 2-core machine), more than the whole
budget the summary command has for it. ``packaging/i18n.py facts`` writes the few facts the
app uses (month and day names, date patterns, decimal mark, first day of the week) from
Babel into ``locale/<lang>/formats.json``, and the tests format many dates and numbers both
ways and require the same text as Babel's. Each language is one CLDR locale: ``en`` is
CLDR's international English ``en_001`` ("6 Dec 2026", 24-hour clock, week from Monday),
``de`` German and ``es`` Spanish.
"""

from __future__ import annotations

import gettext as _gettext
import json
import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from importlib import resources
from typing import Any

#: the languages the app speaks, English (the source) first
LANGUAGES = ("en", "de", "es")
SOURCE_LANGUAGE = "en"
#: each language's own name, as the language menus show it (never translated)
LANGUAGE_NAMES = {"en": "English", "de": "Deutsch", "es": "Español"}  # i18n: endonyms
#: the pseudo-language of the screen check: every translated text accented and 40 %
#: longer, so that a text that was never wrapped stands out and a label that cannot grow
#: is cut where everyone sees it. Not offered in Settings or by ``--language``; only
#: :func:`using` and :func:`set_default_language` accept it (tests/screen_check.py).
PSEUDO = "qps"
#: the CLDR locale behind each language's dates and numbers (the pseudo-language's: English)
CLDR_LOCALES = {"en": "en_001", "de": "de", "es": "es", PSEUDO: "en_001"}
DOMAIN = "headache_diary"
#: the environment variables that name the system language, in gettext's order
LANGUAGE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_current: ContextVar[str | None] = ContextVar("headache_diary_language", default=None)
_default = SOURCE_LANGUAGE


class UnknownLanguage(ValueError):
    pass


def check_language(code: str) -> str:
    """``code`` when the app speaks it, else :class:`UnknownLanguage` naming the choices."""
    if code not in LANGUAGES:
        raise UnknownLanguage(
            _(
                "Unknown language {code!r}: choose one of {choices}.",
                code=code,
                choices=", ".join(LANGUAGES),
            )
        )
    return code


def system_language(environ: Mapping[str, str] | None = None) -> str:
    """The language the environment asks for, as gettext reads it: the first of LANGUAGE,
    LC_ALL, LC_MESSAGES and LANG that is set decides; in a colon-separated list
    (``LANGUAGE=fr:de``) the first language the app speaks wins; anything else (``C``,
    ``POSIX``, a language without a catalog) is English."""
    env = os.environ if environ is None else environ
    for name in LANGUAGE_VARIABLES:
        value = env.get(name, "")
        if not value:
            continue
        for part in value.split(":"):
            code = re.split(r"[_.@-]", part.strip(), maxsplit=1)[0].lower()
            if code in LANGUAGES:
                return code
        return SOURCE_LANGUAGE
    return SOURCE_LANGUAGE


def set_default_language(code: str) -> None:
    """The process' language where no :func:`using` says otherwise. Set once, by the
    composition root (app.py), before any text is made."""
    global _default
    _default = code if code == PSEUDO else check_language(code)


def current_language() -> str:
    return _current.get() or _default


@contextmanager
def using(code: str | None) -> Iterator[str]:
    """Text made inside the block is in ``code`` (None: the current language), in this
    thread or task only: e.g. the PDF in the physician's language while the window stays
    in the patient's."""
    lang = (code if code == PSEUDO else check_language(code)) if code else current_language()
    token = _current.set(lang)
    try:
        yield lang
    finally:
        _current.reset(token)


# -- catalogs ---------------------------------------------------------------------------


@cache
def translations(code: str) -> _gettext.NullTranslations:
    """The compiled catalog of ``code`` (read once, when first used); English and a
    missing catalog give the source text."""
    if code == SOURCE_LANGUAGE:
        return _gettext.NullTranslations()
    if code == PSEUDO:
        return _PseudoTranslations()
    mo = resources.files("headache_diary").joinpath("locale", code, "LC_MESSAGES", DOMAIN + ".mo")
    try:
        with mo.open("rb") as fp:
            return _gettext.GNUTranslations(fp)
    except FileNotFoundError:
        return _gettext.NullTranslations()


#: placeholders, HTML tags, entities and accelerators, which pseudo-translation keeps as
#: they are
_KEEP = re.compile(r"\{[^{}]*\}|<[^<>]*>|&[a-zA-Z#0-9]+;|&&|&(?=\w)")
_ACCENTED = str.maketrans(
    "AaCcEeIiNnOoSsUuYyZz",
    "ÅåÇçÉéÎîÑñÖöŠšÛûÝýŽž",
)


def pseudo(text: str) -> str:
    """``[Šåvé ·····]`` for ``Save``: accented and 40 % longer (at least one more
    character), with placeholders, tags and accelerators kept as they are."""
    if not text.strip():
        return text
    out, last = [], 0
    for m in _KEEP.finditer(text):
        out.append(text[last : m.start()].translate(_ACCENTED))
        out.append(m.group())
        last = m.end()
    out.append(text[last:].translate(_ACCENTED))
    return "[" + "".join(out) + " " + "·" * max(1, (len(text) * 2) // 5) + "]"


class _PseudoTranslations(_gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return pseudo(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return pseudo(msgid1 if n == 1 else msgid2)

    def pgettext(self, context: str, message: str) -> str:
        return pseudo(message)

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        return pseudo(msgid1 if n == 1 else msgid2)


def N_(message: str) -> str:
    """Marks ``message`` for the catalogs without translating it (module-level tables);
    translate it where it is shown, with ``_(message)``."""
    return message


def _(message: str, /, **values: Any) -> str:
    """``message`` in the current language, its ``{placeholders}`` filled with ``values``
    (formatted for the language: see the module docstring)."""
    text = translations(current_language()).gettext(message)
    return fill(text, values) if values else text


def ngettext(singular: str, plural: str, n: int, /, **values: Any) -> str:
    """The form of the message for ``n`` by the language's plural rule, filled with
    ``values``; ``{count}`` is ``n`` unless given."""
    text = translations(current_language()).ngettext(singular, plural, n)
    values.setdefault("count", n)
    return fill(text, values)


def pgettext(context: str, message: str, /, **values: Any) -> str:
    """Like :func:`_`, for a message whose translation depends on where it stands
    (``pgettext("side", "Left")``)."""
    text = translations(current_language()).pgettext(context, message)
    return fill(text, values) if values else text


def npgettext(context: str, singular: str, plural: str, n: int, /, **values: Any) -> str:
    text = translations(current_language()).npgettext(context, singular, plural, n)
    values.setdefault("count", n)
    return fill(text, values)


def fill(text: str, values: Mapping[str, Any]) -> str:
    """``text.format(**values)`` with each value formatted for the current language."""
    return text.format(**{k: _shown(v) for k, v in values.items()})


def _shown(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return format_int(value)
    if isinstance(value, float | Decimal):
        return format_number(value)
    if isinstance(value, date) and not isinstance(value, datetime):
        return format_date(value)
    return value


# -- locale facts -----------------------------------------------------------------------


@dataclass(frozen=True)
class LocaleFacts:
    """What the app needs of a CLDR locale (written by ``packaging/i18n.py facts``)."""

    locale: str
    decimal: str
    group: str
    #: the percent pattern, e.g. ``#,##0%`` or ``#,##0\u00a0%``
    percent: str
    #: [context][width] -> 12 month names; context "format" or "stand-alone", width
    #: "wide" or "abbreviated"
    months: dict[str, dict[str, list[str]]]
    #: [context][width] -> 7 day names, Monday first; width also "short"
    days: dict[str, dict[str, list[str]]]
    #: CLDR skeleton -> pattern (yMMMd, yMMMM, yMMM, MMMd, yMMMEd, Hm, yMd, LLL)
    patterns: dict[str, str]
    #: how a date and a time are joined, e.g. ``{1}, {0}`` (date = {1}, time = {0})
    datetime: str
    #: ISO weekday, 1 = Monday ... 7 = Sunday
    first_weekday: int
    #: CLDR's list patterns ("2", "start", "middle", "end"), e.g. end = ``{0} and {1}``
    list: dict[str, str]


def facts(code: str | None = None) -> LocaleFacts:
    """The locale facts of ``code`` (default: the current language)."""
    lang = code or current_language()
    return _facts(SOURCE_LANGUAGE if lang == PSEUDO else check_language(lang))


@cache
def _facts(lang: str) -> LocaleFacts:
    path = resources.files("headache_diary").joinpath("locale", lang, "formats.json")
    return LocaleFacts(**json.loads(path.read_text(encoding="utf-8")))


# -- numbers ----------------------------------------------------------------------------


def round_half_up(value: float | Decimal, decimals: int = 1) -> Decimal:
    """FORMAT.md's rounding, from the exact decimal value of ``value``."""
    exact = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    return exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _digits(value: Decimal, max_decimals: int, min_decimals: int) -> str:
    """``value`` (already rounded) with the locale's marks: digits grouped by three,
    at most ``max_decimals`` and at least ``min_decimals`` decimals."""
    f = facts()
    sign = "-" if value < 0 else ""
    whole, _dot, frac = f"{abs(value):f}".partition(".")
    frac = frac[:max_decimals].rstrip("0")
    frac = frac.ljust(min_decimals, "0")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    whole = f.group.join([whole, *groups])
    return sign + whole + (f.decimal + frac if frac else "")


def format_int(n: int) -> str:
    """``1,234`` / ``1.234``."""
    return _digits(Decimal(n), 0, 0)


def format_number(value: float | Decimal, decimals: int = 1) -> str:
    """``5`` for 5.0 and ``5.5`` / ``5,5`` otherwise: rounded half up to ``decimals``,
    without trailing zeros (the way the app shows means and rates)."""
    return _digits(round_half_up(value, decimals), decimals, 0)


def format_fixed(value: float | Decimal, decimals: int = 1) -> str:
    """``5.0`` / ``5,0``: always ``decimals`` decimals (chart labels, tables)."""
    return _digits(round_half_up(value, decimals), decimals, decimals)


def format_percent(value: float | Decimal, decimals: int = 1) -> str:
    """``76.4%`` / ``76,4 %`` for 76.4 (a value already in percent): rounded half up,
    without trailing zeros, in the locale's percent pattern."""
    pattern = facts().percent
    number = format_number(value, decimals)
    start = pattern.index("#") if "#" in pattern else pattern.index("0")
    end = pattern.rindex("0") + 1
    return pattern[:start] + number + pattern[end:]


def format_list(items: list[str] | tuple[str, ...]) -> str:
    """``a``, ``a and b``, ``a, b and c`` / ``a, b und c`` / ``a, b y c`` (CLDR's
    "standard" list; the items are whole, translated texts)."""
    patterns = facts().list
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        return patterns["2"].format(*items)
    text = patterns["end"].format(items[-2], items[-1])
    for item in reversed(items[1:-2]):
        text = patterns["middle"].format(item, text)
    return patterns["start"].format(items[0], text)


# -- dates ------------------------------------------------------------------------------

_FIELD = re.compile(r"'(?:[^']|'')*'|([A-Za-z])\1*")


def _format_pattern(pattern: str, value: date | datetime | time) -> str:
    """A CLDR date/time pattern (the fields the app's patterns use) applied to ``value``."""
    f = facts()

    def field(m: re.Match[str]) -> str:
        token = m.group(0)
        if token.startswith("'"):
            return token[1:-1].replace("''", "'") if token != "''" else "'"
        letter, width = token[0], len(token)
        d = value if isinstance(value, date) else None
        t = value if isinstance(value, datetime | time) else None
        if letter == "y" and d is not None:
            return f"{d.year % 100:02d}" if width == 2 else f"{d.year:0{width}d}"
        if letter in "ML" and d is not None:
            if width <= 2:
                return f"{d.month:0{width}d}"
            ctx = "format" if letter == "M" else "stand-alone"
            return f.months[ctx]["wide" if width == 4 else "abbreviated"][d.month - 1]
        if letter == "d" and d is not None:
            return f"{d.day:0{width}d}"
        if letter in "Ec" and d is not None:
            ctx = "format" if letter == "E" else "stand-alone"
            return f.days[ctx]["wide" if width == 4 else "abbreviated"][d.weekday()]
        if letter == "H" and t is not None:
            return f"{t.hour:0{width}d}"
        if letter == "m" and t is not None:
            return f"{t.minute:0{width}d}"
        raise ValueError(f"pattern field {token!r} in {pattern!r} is not supported")  # i18n: dev

    return _FIELD.sub(field, pattern)


def format_date(d: date | str) -> str:
    """``6 Dec 2026`` / ``6. Dez. 2026`` / ``6 dic 2026`` (a date or an ISO date)."""
    if isinstance(d, str):
        d = date.fromisoformat(d)
    return _format_pattern(facts().patterns["yMMMd"], d)


def format_day_month(d: date) -> str:
    """``6 Dec`` / ``6. Dez.``: a date whose year is clear from where it stands."""
    return _format_pattern(facts().patterns["MMMd"], d)


def format_weekday_date(d: date) -> str:
    """``Sun, 6 Dec 2026`` / ``So., 6. Dez. 2026``."""
    return _format_pattern(facts().patterns["yMMMEd"], d)


def format_time(t: time | datetime) -> str:
    """``08:15`` / ``8:15``: the locale's 24-hour clock."""
    return _format_pattern(facts().patterns["Hm"], t)


def format_datetime(dt: datetime) -> str:
    """``Sun, 6 Dec 2026, 08:15``: weekday, date and wall-clock time of ``dt``'s own zone."""
    f = facts()
    return f.datetime.format(format_time(dt), format_weekday_date(dt.date()))


def format_month(month: str | date) -> str:
    """``December 2026`` / ``Dezember 2026`` / ``diciembre de 2026`` (``2026-12`` or a
    date in that month)."""
    d = month if isinstance(month, date) else date.fromisoformat(month + "-01")
    return _format_pattern(facts().patterns["yMMMM"], d)


def format_month_short(month: str | date) -> str:
    """``Dec 2026`` / ``Dez. 2026``."""
    d = month if isinstance(month, date) else date.fromisoformat(month + "-01")
    return _format_pattern(facts().patterns["yMMM"], d)


def month_names(width: str = "wide", *, standalone: bool = True) -> list[str]:
    """The 12 month names, January first (``width`` ``wide`` or ``abbreviated``)."""
    return list(facts().months["stand-alone" if standalone else "format"][width])


def day_names(first_weekday: int = 1, width: str = "abbreviated") -> list[str]:
    """The 7 stand-alone day names of a week starting on ISO ``first_weekday`` (1 =
    Monday); ``width`` ``wide``, ``abbreviated`` or ``short``."""
    names = facts().days["stand-alone"][width]
    k = (first_weekday - 1) % 7
    return names[k:] + names[:k]


def first_weekday() -> int:
    """The locale's first day of the week (ISO: 1 = Monday ... 7 = Sunday)."""
    return facts().first_weekday


def date_entry_format() -> str:
    """The numeric date format of date-entry fields in the locale's order, as a Qt
    display format with two-digit day and month and a four-digit year: ``dd/MM/yyyy``,
    ``dd.MM.yyyy``."""
    pattern = facts().patterns["yMd"]

    def widen(m: re.Match[str]) -> str:
        token = m.group(0)
        if token.startswith("'"):
            return token
        return {"y": "yyyy", "M": "MM", "d": "dd"}.get(token[0], token)

    return _FIELD.sub(widen, pattern)


def qt_display_format(skeleton: str, *, with_time: bool = False) -> str:
    """A Qt date(-time) display format in the locale's order for one of the CLDR
    skeletons of :attr:`LocaleFacts.patterns` (``yMMMEd`` -> ``ddd, d. MMM yyyy`` in
    German), with the 24-hour time joined as the locale joins them. Qt's letters are
    CLDR's for these fields except the weekday (``E`` -> ``ddd``), the stand-alone month
    (``L`` -> ``M``) and the year (``y`` -> ``yyyy``); Qt shows the names from its own
    CLDR data for the locale the window sets (``QLocale.setDefault``)."""
    f = facts()

    def qt(pattern: str) -> str:
        def letter(m: re.Match[str]) -> str:
            token = m.group(0)
            if token.startswith("'"):
                return token
            width = len(token)
            if token[0] in "Ec":
                return "dddd" if width == 4 else "ddd"
            if token[0] == "L":
                return "M" * width
            if token[0] == "y":
                return "yy" if width == 2 else "yyyy"
            return token

        return _FIELD.sub(letter, pattern)

    shown = qt(f.patterns[skeleton])
    if with_time:
        shown = f.datetime.replace("{1}", shown).replace("{0}", qt(f.patterns["Hm"]))
    return shown
