"""Helpers for API tests: global ids, steps done through the services, typed errors."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from jifen.access.models import User
from jifen.graphql.ids import to_global_id
from jifen.org.models import OrgUnit
from jifen.procedure import services as procedure
from jifen.procedure.services import DeclarationInput
from jifen.subjects.models import Subject
from jifen.testing.factories import PersonFactory, UnitFactory

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def gid(type_name: str, pk: int) -> str:
    return to_global_id(type_name, pk)


def today():
    return timezone.localdate()


def recent_day():
    """A few days ago: the API's services run on today's date, like a real request."""
    return today() - timedelta(days=3)


def codes(result: dict, mutation: str) -> list[str]:
    assert "errors" not in result, result["errors"]
    return [e["code"] for e in result["data"][mutation]["errors"]]


def subject(name: str) -> Subject:
    return Subject.objects.select_related("home_unit").get(name=name)


def declare(user, name="甲县党员乙", item="task_not_done", key=None, day=None):
    day = day or recent_day()
    return procedure.declaration_submit(
        actor=user,
        data=DeclarationInput(
            key=key or f"{user.username}:{name}:{item}:{day}",
            subject_id=subject(name).pk, item=item, occurred_on=day, attributes={},
        ),
    )  # fmt: skip


def accepted(users, name="甲县党员乙"):
    declaration = declare(users["member_1"], name)
    return procedure.declaration_review(
        actor=users["secretary_1"], declaration=declaration, decision="accept"
    )


def on_board(users, name="甲县党员乙"):
    declaration = accepted(users, name)
    [board] = procedure.board_publish(
        actor=users["secretary_1"], unit=declaration.unit,
        covers_start=declaration.occurred_on, covers_end=declaration.occurred_on,
    )  # fmt: skip
    declaration.refresh_from_db()
    return declaration, board


@pytest.fixture
def users(yongzhou):
    """alpha's users by name (county, township_1, secretary_1 …), under the 永州 ruleset."""
    return {u.username: u for u in User.objects.all()}


@pytest.fixture
def fresh_unit(in_alpha):
    """A new branch under township 1 with one member: its ids exist in alpha only
    (beta's tables stop at the shared world's ids), for the cross-tenant checks."""
    township = OrgUnit.objects.get(pk=in_alpha.township_1)
    unit = UnitFactory(parent=township, name="甲县四支部")
    PersonFactory(name="甲县党员戊", home_unit=unit)
    return unit
