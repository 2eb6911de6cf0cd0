"""Fixtures of the ledger's tests: a ruleset with counters, limits and a veto."""

from datetime import date

import pytest

from jifen.testing.factories import PersonFactory
from jifen.testing.worlds import tenant_admin


def publish_stars(unit_id: int, code: str) -> None:
    """The star party-member template under a title of its own: its compiled form is not
    shared with the rulesets tests' copy of the template (the engine caches by content, and
    a document read back from PostgreSQL has its keys in another order)."""
    from jifen.org.models import OrgUnit
    from jifen.rulebook.services import (
        ruleset_assign,
        ruleset_draft_save,
        ruleset_fork,
        ruleset_publish,
    )
    from rulesets.document import TEMPLATES

    admin = tenant_admin()
    ruleset = ruleset_fork(actor=admin, template="star-party-member", code=code)
    text = (TEMPLATES / "star-party-member.yaml").read_text(encoding="utf-8")
    title = text.split("\ntitle:", 1)[1].split("\n", 1)[0]
    version = ruleset_draft_save(
        actor=admin, ruleset=ruleset, text=text.replace(f"title:{title}", "title: 批量导入测试", 1)
    )
    ruleset_publish(actor=admin, version=version, effective_from=date(2020, 1, 1))
    ruleset_assign(
        actor=admin, unit=OrgUnit.objects.get(pk=unit_id), ruleset=ruleset, subject_kind="person"
    )


@pytest.fixture
def stars(in_alpha):
    """The star party-member template (an occurrence limit, a consecutive-months counter
    with a veto) for alpha's county, and two identical groups of members."""
    publish_stars(in_alpha.root, "stars")

    def members(prefix):
        return [
            PersonFactory(name=f"{prefix}{n}", category="member",
                          home_unit_id=in_alpha.branch_1 if n % 2 else in_alpha.branch_2)
            for n in range(4)
        ]  # fmt: skip

    return members("单条"), members("批量")
