"""Languages of the platform: Chinese (the default) and English.

Every message that reaches a user is written in English in the code, `_("…%(name)s…") %
{...}` with Django's gettext, and translated in the catalogues under `locale/` (this
package's and `rulesets/locale`); the request's `Accept-Language` picks the language
(LocaleMiddleware), scheduled jobs speak the default, Chinese. `make messages` extracts,
updates and compiles the catalogues; a test fails when a message has no translation or a
compiled catalogue is stale.
"""

from __future__ import annotations

from django.utils.translation import get_language

LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]


def in_language(label: str) -> str:
    """One half of a bilingual choice label ("已结算 Closed, results publicised"): the
    Chinese words before the first space, or the English after it."""
    chinese, _, english = str(label).partition(" ")
    if not english:
        return chinese
    return chinese if (get_language() or "zh-hans").startswith("zh") else english
