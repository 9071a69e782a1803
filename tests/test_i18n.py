"""Languages: choosing one, the catalogs (complete, up to date, compiled), plural forms,
and dates and numbers as CLDR (through Babel) writes them."""

from __future__ import annotations

import gettext
import re
import string
import threading
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from babel import Locale
from babel.dates import format_skeleton
from babel.lists import format_list
from babel.numbers import format_decimal
from babel.plural import PluralRule
from hypothesis import given
from hypothesis import strategies as st

from headache_diary import i18n
from headache_diary.i18n import _, ngettext
from tests.i18n_audit import PACKAGE, unwrapped
from tests.support import i18n_tool

ROOT = Path(__file__).resolve().parent.parent


TOOL = i18n_tool()
TRANSLATED = TOOL.TRANSLATED


# -- choosing the language -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "de"),
        ({"LANG": "es_MX.UTF-8"}, "es"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "POSIX"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),
        ({"LC_MESSAGES": "es_ES", "LANG": "de_DE.UTF-8"}, "es"),
        ({"LC_ALL": "de_AT.UTF-8@euro", "LC_MESSAGES": "es_ES"}, "de"),
        ({"LANGUAGE": "fr:es:de", "LANG": "de_DE.UTF-8"}, "es"),
        # the first variable set decides, as in gettext: French has no catalog -> English
        ({"LANGUAGE": "fr", "LANG": "de_DE.UTF-8"}, "en"),
        ({"LANGUAGE": "", "LANG": "de_DE.UTF-8"}, "de"),
    ],
)
def test_the_system_language_follows_gettexts_variables(environ, expected) -> None:
    assert i18n.system_language(environ) == expected


def test_an_unknown_language_is_refused_by_name() -> None:
    with pytest.raises(i18n.UnknownLanguage, match="'fr'.*en, de, es"):
        i18n.set_default_language("fr")
    assert i18n.current_language() == "en"


def test_using_changes_the_language_of_this_thread_only() -> None:
    seen: dict[str, str] = {}
    entered = threading.Event()
    leave = threading.Event()

    def other() -> None:
        entered.wait(5)
        seen["other"] = i18n.current_language()
        leave.set()

    thread = threading.Thread(target=other)
    thread.start()
    with i18n.using("de"):
        seen["inside"] = i18n.current_language()
        entered.set()
        leave.wait(5)
    thread.join(5)
    assert seen == {"inside": "de", "other": "en"}
    assert i18n.current_language() == "en"


def test_a_worker_thread_speaks_the_process_default() -> None:
    i18n.set_default_language("es")
    seen = []
    thread = threading.Thread(target=lambda: seen.append(i18n.current_language()))
    thread.start()
    thread.join(5)
    assert seen == ["es"]


# -- the catalogs -------------------------------------------------------------------------


def _placeholders(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_entry_is_translated_and_none_is_fuzzy(lang) -> None:
    catalog = TOOL.read_catalog(lang)
    assert not catalog.fuzzy, "the header is fuzzy: Plural-Forms would be left out of the .mo"
    problems = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            problems.append(message.id)
    assert problems == []


@pytest.mark.parametrize("lang", TRANSLATED)
def test_translations_have_the_placeholders_of_their_source(lang) -> None:
    problems = []
    for message in TOOL.read_catalog(lang):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set().union(*(_placeholders(i) for i in ids))
        for text in strings:
            # a plural form may leave out {count} ("one episode"), nothing else may differ
            got = _placeholders(text)
            if got - wanted or (wanted - got) - {"count"}:
                problems.append((ids[0], text))
    assert problems == []


def test_the_catalogs_hold_exactly_the_texts_of_the_sources() -> None:
    """``packaging/i18n.py update`` was run: no text is missing, none left over."""
    source = {(m.context, m.id) for m in TOOL.extracted() if m.id}
    template = {(m.context, m.id) for m in TOOL.read_pot() if m.id}
    assert template == source, "run: python packaging/i18n.py update"
    for lang in TRANSLATED:
        assert {(m.context, m.id) for m in TOOL.read_catalog(lang) if m.id} == source, lang


@pytest.mark.parametrize("lang", TRANSLATED)
def test_the_compiled_catalogs_match_their_po_files(lang) -> None:
    mo = ROOT / "headache_diary" / "locale" / lang / "LC_MESSAGES" / "headache_diary.mo"
    assert mo.read_bytes() == TOOL.compiled(lang), "run: python packaging/i18n.py compile"


@pytest.mark.parametrize("lang", ["en", *TRANSLATED])
def test_the_locale_facts_are_what_babel_gives(lang) -> None:
    path = ROOT / "headache_diary" / "locale" / lang / "formats.json"
    assert path.read_text(encoding="utf-8") == TOOL.facts_json(lang), (
        "run: python packaging/i18n.py facts"
    )


@pytest.mark.parametrize("lang", TRANSLATED)
@pytest.mark.parametrize("n", [0, 1, 2, 5, 21, 1_000_000])
def test_plural_forms_follow_the_languages_rule(lang, n) -> None:
    """The .mo's Plural-Forms pick, for each n, the form CLDR's rule names."""
    translations = i18n.translations(lang)
    assert isinstance(translations, gettext.GNUTranslations)
    rule = PluralRule(Locale.parse(lang).plural_form.rules)
    categories = [c for c in ("one", "two", "few", "many", "other") if c in rule.tags]
    categories.append("other") if "other" not in categories else None
    assert translations.plural(n) == categories.index(rule(n))


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_plural_entry_has_a_form_for_each_category(lang) -> None:
    catalog = TOOL.read_catalog(lang)
    forms = catalog.num_plurals
    for message in catalog:
        if isinstance(message.id, tuple):
            assert len(message.string) == forms and all(message.string), message.id


# -- dates and numbers, as CLDR writes them ---------------------------------------------------

DATES = st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31))


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
@given(d=DATES)
def test_dates_are_written_as_babel_writes_them(lang, d) -> None:
    cldr = i18n.CLDR_LOCALES[lang]
    with i18n.using(lang):
        assert i18n.format_date(d) == format_skeleton("yMMMd", d, locale=cldr)
        assert i18n.format_day_month(d) == format_skeleton("MMMd", d, locale=cldr)
        assert i18n.format_weekday_date(d) == format_skeleton("yMMMEd", d, locale=cldr)
        assert i18n.format_month(d) == format_skeleton("yMMMM", d, locale=cldr)
        assert i18n.format_month_short(d) == format_skeleton("yMMM", d, locale=cldr)


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
@given(t=st.times())
def test_times_are_written_as_babel_writes_them(lang, t) -> None:
    with i18n.using(lang):
        shown = i18n.format_time(t)
    assert shown == format_skeleton(
        "Hm", datetime.combine(date(2026, 1, 1), t), locale=i18n.CLDR_LOCALES[lang]
    )


NUMBERS = st.decimals(min_value=-(10**7), max_value=10**7, places=3, allow_nan=False)


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
@given(x=NUMBERS)
def test_numbers_are_rounded_half_up_then_written_as_babel_writes_them(lang, x) -> None:
    cldr = i18n.CLDR_LOCALES[lang]
    rounded = x.quantize(Decimal("0.1"), rounding="ROUND_HALF_UP")
    rounded = rounded or Decimal(0)  # never "-0": Babel would write the sign
    with i18n.using(lang):
        assert i18n.format_number(x) == format_decimal(rounded, "#,##0.#", locale=cldr)
        assert i18n.format_fixed(x) == format_decimal(rounded, "#,##0.0", locale=cldr)
        assert i18n.format_int(int(x)) == format_decimal(int(x) or 0, "#,##0", locale=cldr)


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
@given(items=st.lists(st.text(alphabet="abcxyz ", min_size=1, max_size=5), max_size=6))
def test_lists_are_joined_as_babel_joins_them(lang, items) -> None:
    with i18n.using(lang):
        shown = i18n.format_list(items)
    assert shown == (format_list(items, locale=i18n.CLDR_LOCALES[lang]) if items else "")


@pytest.mark.parametrize(
    ("lang", "expected"), [("en", "76.4%"), ("de", "76,4\u00a0%"), ("es", "76,4\u00a0%")]
)
def test_percentages_keep_one_decimal_in_the_languages_pattern(lang, expected) -> None:
    with i18n.using(lang):
        assert i18n.format_percent(76.35) == expected  # half up, from the exact decimal
        assert i18n.format_percent(100.0) == expected.replace("76.4", "100").replace("76,4", "100")


def test_half_up_rounding_starts_from_the_shortest_repr() -> None:
    # 0.15 is 0.1499999... in binary; FORMAT.md rounds the decimal the ratio prints as
    assert i18n.format_number(0.15) == "0.2"
    assert i18n.format_number(2.25) == "2.3"
    assert i18n.format_number(-2.25) == "-2.3"


@pytest.mark.parametrize(
    ("lang", "entry", "display"),
    [
        ("en", "dd/MM/yyyy", "ddd, d MMM yyyy, HH:mm"),
        ("de", "dd.MM.yyyy", "ddd, d. MMM yyyy, HH:mm"),
        ("es", "dd/MM/yyyy", "ddd, d MMM yyyy, H:mm"),
    ],
)
def test_date_fields_follow_the_locales_order(lang, entry, display) -> None:
    with i18n.using(lang):
        assert i18n.date_entry_format() == entry
        assert i18n.qt_display_format("yMMMEd", with_time=True) == display


@pytest.mark.parametrize(
    ("lang", "month", "days"),
    [
        ("en", "December 2026", ["Mon", "Tue"]),
        ("de", "Dezember 2026", ["Mo", "Di"]),
        ("es", "diciembre de 2026", ["lun", "mar"]),
    ],
)
def test_month_and_day_names(lang, month, days) -> None:
    with i18n.using(lang):
        assert i18n.format_month("2026-12") == month
        assert i18n.day_names(1)[:2] == days
        assert i18n.day_names(7)[1:3] == days
        assert i18n.first_weekday() == 1


# -- filling in ---------------------------------------------------------------------------


def test_values_are_formatted_for_the_language_on_the_way_in() -> None:
    text = "{count} on {day}, {mean} mean, {name}"
    assert i18n.fill(
        text, {"count": 1234, "day": date(2026, 12, 6), "mean": 4.25, "name": "x"}
    ) == ("1,234 on 6 Dec 2026, 4.3 mean, x")
    with i18n.using("de"):
        assert i18n.fill(
            text, {"count": 1234, "day": date(2026, 12, 6), "mean": 4.25, "name": "x"}
        ) == ("1.234 on 6. Dez. 2026, 4,3 mean, x")


def test_english_is_the_source_text() -> None:
    assert _("Same as the app") == "Same as the app"
    assert ngettext("{count} day", "{count} days", 1) == "1 day"
    assert ngettext("{count} day", "{count} days", 21) == "21 days"


def test_source_placeholders_are_named() -> None:
    """Positional ``{}`` or ``{0}`` would let a translation not reorder them."""
    bad = [
        m.id
        for m in TOOL.extracted()
        if m.id
        and any(
            re.fullmatch(r"\d*", name)
            for text in (m.id if isinstance(m.id, tuple) else (m.id,))
            for name in _placeholders(text)
        )
    ]
    assert bad == []


def test_the_pseudo_language_accents_and_lengthens_but_keeps_placeholders_and_keys() -> None:
    text = i18n.pseudo("&Save {count} <b>episodes</b> &amp; more")
    assert text.startswith("[&Šåvé {count} <b>épîšödéš</b> &amp; möré ·")
    assert "<b>" in text and "</b>" in text and "&amp;" in text and "{count}" in text
    assert len(text) >= len("&Save {count} <b>episodes</b> &amp; more") * 1.4
    with i18n.using(i18n.PSEUDO):
        assert i18n._("Saved {count} of {total}.", count=3, total=1200) == i18n.pseudo(
            "Saved {count} of {total}."
        ).format(count="3", total="1,200")
        assert i18n.ngettext("{count} day", "{count} days", 1).startswith("[1 dåý")
        assert i18n.format_percent(76.44) == "76.4%"
    assert i18n.pseudo("") == "" and i18n.pseudo("  ") == "  "


def test_the_pseudo_language_is_not_offered() -> None:
    assert i18n.PSEUDO not in i18n.LANGUAGES
    with pytest.raises(i18n.UnknownLanguage):
        i18n.check_language(i18n.PSEUDO)


def test_no_text_a_user_reads_is_left_unwrapped_anywhere_in_the_package() -> None:
    """tests/i18n_audit.py over the whole package: every prose literal and f-string is in a
    translation call, or its line says why no user reads it (``# i18n: reason``)."""
    found = [
        f"{path.relative_to(PACKAGE.parent)}:{line}: {text}"
        for path, line, text in unwrapped(PACKAGE)
    ]
    assert found == []


def test_the_audit_finds_an_unwrapped_sentence_and_an_f_string(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text(
        "from headache_diary.i18n import _\n"
        'A = _("Saved.")\n'
        'B = "The diary was saved."\n'
        'C = f"the date must be in {year} or later"\n'
        'D = "neck_movement"\n'
        'E = "The diary was saved."  # i18n: log\n',
        "utf-8",
    )
    assert [line for _path, line, _text in unwrapped(module)] == [3, 4]
