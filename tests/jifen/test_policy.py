"""One policy decides who may do what; scheduled jobs act as the tenant's system actor,
which may take only the system's steps and is named in the timeline."""

import datetime as dt

import pytest

from jifen import policy
from jifen.access.models import User
from jifen.access.services import system_actor
from jifen.deadlines.services import deadlines_sweep, local_moment
from jifen.errors import PermissionDenied
from jifen.org.models import OrgUnit
from jifen.policy import Action
from jifen.procedure import services as procedure
from jifen.procedure.models import Step
from jifen.procedure.services import DeclarationInput
from jifen.subjects.models import Subject
from jifen.testing.clients import TenantClient


@pytest.fixture
def users(yongzhou):
    return {u.username: u for u in User.objects.all()}


def test_the_system_actor_takes_only_the_systems_steps(users, in_alpha):
    system = system_actor()
    branch = OrgUnit.objects.get(pk=in_alpha.branch_1)
    for action in policy.SYSTEM_ACTIONS:
        policy.require(system, action, branch)
    for action in (Action.REVIEW, Action.BOOK_DIRECTLY, Action.EDIT_RULESET, Action.REDEEM):
        with pytest.raises(PermissionDenied, match="scheduled jobs may not"):
            policy.require(system, action, branch)


def test_the_system_actor_is_one_row_that_cannot_sign_in(in_alpha, client_for):
    assert system_actor() == system_actor()
    user = system_actor()
    assert (user.is_system, user.is_active, user.has_usable_password()) == (True, False, False)
    result = TenantClient("alpha").graphql(
        'mutation { tokenCreate(username: "__system__", password: "") { token errors { code } } }'
    )
    assert result["data"]["tokenCreate"]["errors"] == [{"code": "AUTHENTICATION_FAILED"}]


def test_a_confirmation_by_the_deadline_names_the_system_in_the_timeline(users):
    subject = Subject.objects.get(name="甲县党员乙")
    declaration = procedure.declaration_submit(
        actor=users["member_1"],
        data=DeclarationInput(
            key="sys", subject_id=subject.pk, item="task_not_done",
            occurred_on=dt.date(2026, 3, 5), attributes={},
        ),
        today=dt.date(2026, 3, 20),
    )  # fmt: skip
    procedure.declaration_review(
        actor=users["secretary_1"], declaration=declaration, decision="accept"
    )
    [board] = procedure.board_publish(
        actor=users["secretary_1"], unit=subject.home_unit, covers_start=dt.date(2026, 3, 1),
        covers_end=dt.date(2026, 3, 31), today=dt.date(2026, 3, 20),
    )  # fmt: skip
    deadlines_sweep(now=local_moment(board.closes_on + dt.timedelta(days=1), 12))
    step = Step.objects.get(declaration=declaration, action="confirmed")
    assert step.actor == system_actor() and step.actor.display_name == "系统(定时任务)"


def test_anonymous_callers_are_refused_by_the_policy(in_alpha):
    with pytest.raises(PermissionDenied, match="sign in first"):
        policy.require(None, Action.CLOSE_PERIOD, OrgUnit.objects.get(pk=in_alpha.branch_1))


def test_rules_are_read_by_everyone_with_a_role_and_decided_by_the_policy(users, client_for):
    from django.contrib.auth.models import AnonymousUser

    from jifen.testing.factories import UserFactory

    # given a member, a signed-in user without any role, an anonymous caller, the system
    nobody = UserFactory(username="no_role")
    assert policy.may_read_rules(users["member_1"])
    assert not policy.may_read_rules(nobody)
    assert not policy.may_read_rules(AnonymousUser())
    assert not policy.may_read_rules(system_actor())
    # then the API shows the rulesets to the member and nothing to the one without a role
    query = "{ rulesets { code } templates }"
    seen = client_for("alpha", "member_1").graphql(query)["data"]
    assert seen["rulesets"] and seen["templates"]
    assert client_for("alpha", "no_role").graphql(query)["data"] == {
        "rulesets": [],
        "templates": [],
    }
