"""The translation catalogs and locale facts of Headache Diary (needs Babel: the test extra).

    .venv/bin/python packaging/i18n.py update    # extract, merge into de/es, compile, facts
    .venv/bin/python packaging/i18n.py extract   # headache_diary/locale/headache_diary.pot
    .venv/bin/python packaging/i18n.py merge     # the .pot into each language's .po
    .venv/bin/python packaging/i18n.py compile   # each .po into its .mo
    .venv/bin/python packaging/i18n.py facts     # locale/<lang>/formats.json from CLDR
    .venv/bin/python packaging/i18n.py missing   # lists untranslated and fuzzy entries
    .venv/bin/python packaging/i18n.py desktop   # translations into packaging/linux/
    .venv/bin/python packaging/i18n.py todo LANG FILE.json   # those of LANG, as JSON
    .venv/bin/python packaging/i18n.py fill LANG FILE.json   # translations from JSON

``todo`` and ``fill`` exchange a JSON object whose keys are the source texts (with a context:
``"context\u0004text"``; a plural entry: the singular) and whose values are the
translation, or the list of plural forms in the order of the language's Plural-Forms.

Run ``update`` after changing any user-visible text, translate the new entries in
``headache_diary/locale/<lang>/LC_MESSAGES/headache_diary.po`` (a ``.po`` editor such as
Poedit, or any text editor), then ``compile``. The tests fail while an entry is empty or
fuzzy, while a translation's placeholders differ from its source's, and while a ``.mo``
differs from what its ``.po`` compiles to.

The files are written without line numbers and with fixed dates, so that running the
command twice changes nothing and a diff shows only real changes.
"""

from __future__ import annotations

import io
import json
import re
import sys
from datetime import UTC, datetime
from pathlib import Path

from babel import Locale
from babel.dates import get_day_names, get_month_names, match_skeleton
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "headache_diary"
VERSION = re.search(r'__version__ = "([^"]+)"', (PACKAGE / "__init__.py").read_text())[1]
LOCALE_DIR = PACKAGE / "locale"
POT = LOCALE_DIR / "headache_diary.pot"
TRANSLATED = ("de", "es")
LANGUAGES = ("en", *TRANSLATED)
CLDR = {"en": "en_001", "de": "de", "es": "es"}
KEYWORDS = {
    "_": None,
    "N_": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
}
#: the skeletons whose patterns the app uses (i18n.LocaleFacts.patterns)
SKELETONS = ("yMMMd", "yMMMM", "yMMM", "MMMd", "yMMMEd", "Hm", "yMd")
HEADER = """\
# {language} translation of Headache Diary.
# This file is distributed under the same license as Headache Diary (GPL-3.0-or-later).
# Update with `python packaging/i18n.py update` (see CONTRIBUTING.md)."""
FIXED_DATE = datetime(2026, 12, 6, tzinfo=UTC)
PO_OPTIONS = {"width": 96, "include_lineno": False, "sort_output": True}


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / "headache_diary.po"


def extracted() -> Catalog:
    """Every message the sources mark (``_``, ``N_``, ``ngettext``, ``pgettext``,
    ``npgettext``), with the ``Translators:`` comments beside them."""
    catalog = Catalog(
        project="Headache Diary",
        msgid_bugs_address="",
        creation_date=FIXED_DATE,
        revision_date=FIXED_DATE,
        charset="utf-8",
    )
    method_map = [("**.py", "python")]
    for filename, lineno, message, comments, context in extract_from_dir(
        str(PACKAGE),
        method_map=method_map,
        keywords=KEYWORDS,
        comment_tags=("Translators:",),
        strip_comment_tags=True,
    ):
        path = f"headache_diary/{filename}"
        catalog.add(message, None, [(path, lineno)], auto_comments=comments, context=context)
    return catalog


def _write_po(path: Path, catalog: Catalog) -> None:
    buf = io.BytesIO()
    write_po(buf, catalog, **PO_OPTIONS)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_bytes() != buf.getvalue():
        path.write_bytes(buf.getvalue())
        print(f"wrote {path.relative_to(ROOT)}")


def extract() -> Catalog:
    catalog = extracted()
    _write_po(POT, catalog)
    return catalog


def read_catalog(lang: str) -> Catalog:
    with po_path(lang).open("rb") as fp:
        return read_po(fp, locale=lang)


def read_pot() -> Catalog:
    with POT.open("rb") as fp:
        return read_po(fp)


def merge(template: Catalog | None = None) -> None:
    template = template or extracted()
    for lang in TRANSLATED:
        path = po_path(lang)
        if path.exists():
            catalog = read_catalog(lang)
        else:
            catalog = Catalog(locale=lang, project="Headache Diary", charset="utf-8")
        catalog.update(template, update_header_comment=False, no_fuzzy_matching=True)
        catalog.obsolete.clear()  # removed texts leave the catalog (git keeps them)
        catalog.creation_date = FIXED_DATE
        catalog.revision_date = FIXED_DATE
        catalog.language_team = {"de": "German", "es": "Spanish"}[lang]
        catalog.last_translator = "Headache Diary developers"
        catalog.version = VERSION
        catalog.msgid_bugs_address = ""
        catalog.fuzzy = False  # a fuzzy header would leave Plural-Forms out of the .mo
        catalog.header_comment = HEADER.format(language=catalog.locale.english_name)
        _write_po(path, catalog)


def compiled(lang: str) -> bytes:
    """The .mo that ``lang``'s .po compiles to (fuzzy entries left out)."""
    buf = io.BytesIO()
    write_mo(buf, read_catalog(lang), use_fuzzy=False)
    return buf.getvalue()


def compile_all() -> None:
    for lang in TRANSLATED:
        mo = po_path(lang).with_suffix(".mo")
        data = compiled(lang)
        if not mo.exists() or mo.read_bytes() != data:
            mo.write_bytes(data)
            print(f"wrote {mo.relative_to(ROOT)}")


def locale_facts(lang: str) -> dict[str, object]:
    """What headache_diary.i18n.LocaleFacts holds for ``lang``, from Babel's CLDR data."""
    cldr = CLDR[lang]
    loc = Locale.parse(cldr)
    skeletons = loc.datetime_skeletons
    patterns = {}
    for skeleton in SKELETONS:
        found = match_skeleton(skeleton, skeletons)
        assert found, (lang, skeleton)
        patterns[skeleton] = skeletons[found].pattern
    symbols = loc.number_symbols["latn"]

    def months(context: str, width: str) -> list[str]:
        names = get_month_names(width, context=context, locale=cldr)
        return [names[m] for m in range(1, 13)]

    def days(context: str, width: str) -> list[str]:
        names = get_day_names(width, context=context, locale=cldr)
        return [names[d] for d in range(7)]  # Babel: 0 = Monday

    contexts = ("format", "stand-alone")
    return {
        "locale": cldr,
        "decimal": symbols["decimal"],
        "group": symbols["group"],
        "percent": loc.percent_formats[None].pattern,
        "months": {c: {w: months(c, w) for w in ("wide", "abbreviated")} for c in contexts},
        "days": {c: {w: days(c, w) for w in ("wide", "abbreviated", "short")} for c in contexts},
        "patterns": patterns,
        "datetime": str(loc.datetime_formats["medium"]),
        "first_weekday": loc.first_week_day + 1,
        "list": {k: str(v) for k, v in loc.list_patterns["standard"].items()},
    }


def facts_json(lang: str) -> str:
    return json.dumps(locale_facts(lang), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def write_facts() -> None:
    for lang in LANGUAGES:
        path = LOCALE_DIR / lang / "formats.json"
        text = facts_json(lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")


def missing() -> int:
    count = 0
    for lang in TRANSLATED:
        for message in read_catalog(lang):
            if not message.id:
                continue
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if message.fuzzy or not all(strings):
                count += 1
                first = message.id if isinstance(message.id, str) else message.id[0]
                state = "fuzzy" if message.fuzzy else "untranslated"
                print(f"{lang}: {state}: {first}")
    return count


def _key(message: object) -> str:
    first = message.id if isinstance(message.id, str) else message.id[0]  # type: ignore[attr-defined]
    context = message.context  # type: ignore[attr-defined]
    return f"{context}\x04{first}" if context else first


def todo(lang: str, path: Path) -> None:
    """The untranslated and fuzzy entries of ``lang`` as JSON (value: the English text, or
    the list of English forms for a plural entry), with the translators' comments."""
    out: dict[str, object] = {}
    for message in read_catalog(lang):
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            out[_key(message)] = list(message.id) if isinstance(message.id, tuple) else message.id
    path.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(out)} entries of {lang} to translate in {path}")


def fill(lang: str, path: Path) -> None:
    """Sets the translations of ``lang`` from the JSON object in ``path``, then compiles.
    A key that is no source text, or a plural entry with the wrong number of forms, stops
    it before anything is written."""
    given = json.loads(path.read_text(encoding="utf-8"))
    catalog = read_catalog(lang)
    by_key = {_key(m): m for m in catalog if m.id}
    unknown = sorted(set(given) - set(by_key))
    if unknown:
        raise SystemExit(f"not in the {lang} catalog: {unknown[:5]}")
    for key, value in given.items():
        message = by_key[key]
        if isinstance(message.id, tuple):
            if not isinstance(value, list) or len(value) != catalog.num_plurals:
                raise SystemExit(f"{key!r}: give {catalog.num_plurals} plural forms")
            message.string = tuple(value)
        else:
            if not isinstance(value, str):
                raise SystemExit(f"{key!r}: give one text")
            message.string = value
        message.flags.discard("fuzzy")
    _write_po(po_path(lang), catalog)
    compile_all()


LINUX = ROOT / "packaging" / "linux"
DESKTOP_FILE = LINUX / "io.github.headachediary.HeadacheDiary.desktop"
METAINFO_FILE = LINUX / "io.github.headachediary.HeadacheDiary.metainfo.xml"
_METAINFO_LINE = re.compile(r"^(\s*)<(summary|p|li|caption)>(.*)</\2>$")


def _translated(lang: str, text: str) -> str:
    """``text``'s translation in ``lang``'s .po file ("" while it has none)."""
    message = read_catalog(lang).get(text)
    return message.string if message is not None and not message.fuzzy else ""


def desktop_file_text() -> str:
    """The desktop entry with each translatable key followed by its translations."""

    sys.path.insert(0, str(ROOT))
    from headache_diary.desktop_texts import DESKTOP

    out = []
    for line in DESKTOP_FILE.read_text(encoding="utf-8").splitlines():
        key, _eq, value = line.partition("=")
        if re.fullmatch(r"\w+\[[\w@]+\]", key):
            continue  # a translation: written again below
        out.append(line)
        if key in DESKTOP:
            if value != DESKTOP[key]:
                raise SystemExit(f"{DESKTOP_FILE.name}: {key} differs from desktop_texts.py")
            for lang in TRANSLATED:
                text = _translated(lang, value)
                if text:
                    out.append(f"{key}[{lang}]={text}")
    return "\n".join(out) + "\n"


def metainfo_text() -> str:
    """The AppStream data with each text followed by its translations (xml:lang)."""
    from xml.sax.saxutils import escape, unescape

    out = []
    for line in METAINFO_FILE.read_text(encoding="utf-8").splitlines():
        if "xml:lang=" in line:
            continue  # a translation: written again below
        out.append(line)
        m = _METAINFO_LINE.match(line)
        if m:
            indent, tag, text = m.groups()
            for lang in TRANSLATED:
                translated = _translated(lang, unescape(text))
                if translated:
                    out.append(f'{indent}<{tag} xml:lang="{lang}">{escape(translated)}</{tag}>')
    return "\n".join(out) + "\n"


def write_desktop() -> None:
    for path, text in ((DESKTOP_FILE, desktop_file_text()), (METAINFO_FILE, metainfo_text())):
        if path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "update"
    if command == "extract":
        extract()
    elif command == "merge":
        merge()
    elif command == "compile":
        compile_all()
    elif command == "facts":
        write_facts()
    elif command == "desktop":
        write_desktop()
    elif command == "update":
        merge(extract())
        compile_all()
        write_facts()
        write_desktop()
    elif command == "missing":
        return 1 if missing() else 0
    elif command in ("todo", "fill") and len(argv) == 3 and argv[1] in TRANSLATED:
        (todo if command == "todo" else fill)(argv[1], Path(argv[2]))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
