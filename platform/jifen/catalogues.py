"""The message catalogues: which sources each one translates, and how they are kept.

`make messages` (`python -m jifen.catalogues update`) extracts every `_()`/`gettext()` message
from the sources, adds the new ones to the Chinese catalogue (`locale/zh_Hans/LC_MESSAGES/
django.po`), drops the ones no longer used and compiles the `.mo` Django reads;
translators fill in `msgstr`. `check` (run by the tests) lists every message without a
translation and every `.mo` that is not the compilation of its `.po`. Babel does all of it
in Python, so no system gettext is needed. Apps with many messages keep their own catalogue
(Django reads `<app>/locale`); the rest of the platform shares `platform/jifen/locale`.
"""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PLATFORM = ROOT / "platform" / "jifen"
LOCALE = "zh_Hans"
FIXED = datetime(2026, 12, 1, tzinfo=UTC)  # headers never change, so diffs show messages
KEYWORDS = {"_": None, "gettext": None, "gettext_lazy": None, "pgettext": ((1, "c"), 2)}


@dataclass(frozen=True)
class Catalogue:
    name: str
    sources: tuple[Path, ...]
    locale: Path
    exclude: tuple[Path, ...] = ()

    @property
    def po(self) -> Path:
        return self.locale / LOCALE / "LC_MESSAGES" / "django.po"

    @property
    def mo(self) -> Path:
        return self.po.with_suffix(".mo")


OWN = ("ledger", "procedure", "rulebook")  # apps with their own catalogue
CATALOGUES = (
    *(Catalogue(app, (PLATFORM / app,), PLATFORM / app / "locale") for app in OWN),
    Catalogue("rulesets", (ROOT / "rulesets",), ROOT / "rulesets" / "locale"),
    Catalogue(
        "platform",
        (PLATFORM, ROOT / "tenants", ROOT / "workers"),
        PLATFORM / "locale",
        exclude=(*(PLATFORM / app for app in OWN), PLATFORM / "settings", PLATFORM / "testing"),
    ),
)


def extract(catalogue: Catalogue):
    """A Babel catalogue of the messages the sources use, with where they are used."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_file

    found = Catalog(locale=None, project="jifen", domain="django")
    for source in catalogue.sources:
        for path in sorted(source.rglob("*.py")):
            if any(path.is_relative_to(x) for x in catalogue.exclude) or "migrations" in path.parts:
                continue
            for line, message, comments, context in extract_from_file(
                "python", str(path), keywords=KEYWORDS
            ):
                found.add(message, locations=[(str(path.relative_to(ROOT)), line)],
                          auto_comments=comments, context=context)  # fmt: skip
    return found


def _read(catalogue: Catalogue):
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po

    if not catalogue.po.exists():
        return Catalog(
            locale=LOCALE,
            domain="django",
            project="Jifen",
            version="1",
            copyright_holder="the Jifen contributors",
            msgid_bugs_address="see README.md",
            last_translator="the Jifen contributors",
            language_team="简体中文",
            creation_date=FIXED,
            revision_date=FIXED,
            header_comment="# 积分 Jifen: messages in Chinese (Simplified).",
            fuzzy=False,
        )
    with catalogue.po.open("rb") as f:
        return read_po(f, locale=LOCALE, domain="django")


def _compiled(po) -> bytes:
    from babel.messages.mofile import write_mo

    out = io.BytesIO()
    write_mo(out, po)
    return out.getvalue()


def _chosen(names) -> tuple[Catalogue, ...]:
    unknown = set(names) - {c.name for c in CATALOGUES}
    if unknown:
        raise SystemExit(
            f"unknown catalogues {sorted(unknown)}; known: {[c.name for c in CATALOGUES]}"
        )
    return tuple(c for c in CATALOGUES if not names or c.name in names)


def update(names=()) -> None:
    """Bring the catalogues (all, or those named) in line with their sources; compile them."""
    from babel.messages.pofile import write_po

    for catalogue in _chosen(names):
        po = _read(catalogue)
        po.update(extract(catalogue), update_header_comment=False, update_creation_date=False)
        po.obsolete.clear()  # messages no longer used are dropped, not kept commented out
        catalogue.po.parent.mkdir(parents=True, exist_ok=True)
        with catalogue.po.open("wb") as f:
            write_po(
                f, po, width=100, sort_output=True, include_previous=False, include_lineno=False
            )
        catalogue.mo.write_bytes(_compiled(_read(catalogue)))
        missing = sum(1 for m in po if m.id and not m.string)
        print(f"{catalogue.name}: {len(po)} messages, {missing} without a translation")


def check(names=()) -> list[str]:
    """Every problem of the catalogues (all, or those named): untranslated, fuzzy, unknown
    or stale."""
    problems = []
    for catalogue in _chosen(names):
        used = extract(catalogue)
        po = _read(catalogue)
        for message in used:
            if not message.id:
                continue
            entry = po.get(message.id, context=message.context)
            where = ", ".join(f"{f}:{n}" for f, n in message.locations[:2])
            if entry is None:
                problems.append(f"{catalogue.name}: not in the catalogue ({where}): {message.id!r}")
            elif not entry.string or entry.fuzzy:
                problems.append(f"{catalogue.name}: no translation ({where}): {message.id!r}")
        if not catalogue.mo.exists() or catalogue.mo.read_bytes() != _compiled(po):
            problems.append(f"{catalogue.name}: {catalogue.mo} is stale; run make messages")
    return problems


if __name__ == "__main__":
    # python -m jifen.catalogues [update|check] [catalogue …]
    command, names = (sys.argv[1:2] or ["check"])[0], sys.argv[2:]
    if command == "update":
        update(names)
    else:
        problems = check(names)
        print("\n".join(problems) or "catalogues: every message translated")
        sys.exit(1 if problems else 0)
