"""Translatable messages of the rulesets package, which knows nothing of Django.

Messages that reach the people who book and declare (an attribute that does not fit its
item, a quantity out of range) are written `_("… %(name)s …") % {...}`. By default `_` returns
the English text; the platform installs its own translator (Django's gettext, which reads
`rulesets/locale`) so each caller gets the message in their language. Messages about a
ruleset's own text (validation problems with file and line) are for its authors and stay in
English.
"""

from __future__ import annotations

from collections.abc import Callable

_translate: Callable[[str], str] = str


def _(message: str) -> str:
    """`message` in the active language (English until a translator is installed)."""
    return _translate(message)


def use(translate: Callable[[str], str]) -> None:
    """Install the translator `_` calls (the platform's gettext)."""
    global _translate
    _translate = translate
