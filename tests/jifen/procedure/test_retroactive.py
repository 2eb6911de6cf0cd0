"""A version that starts before today: refused until its re-evaluations are confirmed,
never reaching a closed period, and booked again exactly as the preview showed."""

import datetime as dt
from decimal import Decimal

import pytest

from jifen.access.services import system_actor
from jifen.errors import Code, Conflict
from jifen.ledger.errors import PeriodClosed
from jifen.ledger.models import Account, Entry, Event
from jifen.ledger.selectors import account_balance, chain_verify, event_replay
from jifen.ledger.services import EventInput, accounts_close, event_record
from jifen.org.models import OrgUnit
from jifen.procedure import services as procedure
from jifen.procedure.models import DeclarationStatus
from jifen.procedure.selectors import timeline
from jifen.procedure.services import DeclarationInput
from jifen.rulebook.errors import RetroactiveNotConfirmed
from jifen.rulebook.models import Ruleset
from jifen.rulebook.services import ruleset_assign, ruleset_draft_save, ruleset_publish
from jifen.subjects.models import Subject
from jifen.testing.worlds import tenant_admin

RULES = """\
schema: jifen/ruleset/1
ruleset: branch
title: 支部积分
subject: {kind: party_member}
period: {unit: quarter, starts: "01-01"}
buckets:
  - {code: daily, initial: 80, floor: 0, cap: 100}
items:
  - {code: late, title: 迟到, bucket: daily, points: -1}
  - {code: volunteer, title: 志愿服务, bucket: daily, points: 2}
scoring:
  total: daily
  grades:
    - {code: excellent, min: 90}
    - {code: qualified, below: 90}
"""
TODAY = dt.date(2026, 8, 20)
SINCE = dt.date(2026, 8, 1)


@pytest.fixture
def branch(in_alpha):
    ruleset = Ruleset.objects.create(code="branch", title="支部积分")
    admin = tenant_admin()
    ruleset_publish(
        actor=admin,
        version=ruleset_draft_save(actor=admin, ruleset=ruleset, text=RULES),
        effective_from=dt.date(2026, 1, 1),
        today=TODAY,
    )
    ruleset_assign(actor=admin, unit=OrgUnit.objects.get(pk=in_alpha.root), ruleset=ruleset)
    return ruleset


def _book(key, item, day, name="甲县党员甲"):
    subject = Subject.objects.get(name=name)
    data = EventInput(key=key, subject_id=subject.pk, item=item, occurred_on=day)
    return event_record(actor=system_actor(), data=data).event


def _draft_v2(ruleset):
    # the branch decides that lateness costs 2 points, from 1 August
    text = RULES.replace("points: -1}", "points: -2}")
    return ruleset_draft_save(actor=tenant_admin(), ruleset=ruleset, text=text)


def test_a_later_version_starting_before_today_needs_confirmation(branch):
    late = _book("late-aug", "late", dt.date(2026, 8, 5))
    with pytest.raises(RetroactiveNotConfirmed, match="rulesetRetroactivePreview") as info:
        ruleset_publish(
            actor=tenant_admin(), version=_draft_v2(branch), effective_from=SINCE, today=TODAY
        )
    assert info.value.code == Code.CONFIRMATION_REQUIRED
    assert branch.versions.filter(status="published").count() == 1
    assert [e.points for e in late.entries.all()] == [Decimal("-1")]


def test_preview_lists_what_changes_and_keeps_nothing(branch):
    _book("late-jul", "late", dt.date(2026, 7, 30))  # before the new version: untouched
    late = _book("late-aug", "late", dt.date(2026, 8, 5))
    _book("volunteer-aug", "volunteer", dt.date(2026, 8, 6))
    entries_before, events_before = Entry.objects.count(), Event.objects.count()
    plan = procedure.retroactive_preview(
        actor=tenant_admin(), version=_draft_v2(branch), effective_from=SINCE, today=TODAY
    )
    assert [(c.event.key, c.points_before, c.points_after) for c in plan.changes] == [
        ("late-aug", Decimal("-1"), Decimal("-2")),
        ("volunteer-aug", Decimal("2"), Decimal("2")),
    ]
    assert plan.entry_ids == {e.pk for e in Entry.objects.filter(event__key__endswith="-aug")}
    assert (Entry.objects.count(), Event.objects.count()) == (entries_before, events_before)
    assert branch.versions.filter(status="published").count() == 1
    assert [e.points for e in late.entries.all()] == [Decimal("-1")]


def test_confirmed_retroactive_version_books_the_open_period_again(branch, users):
    _book("late-jul", "late", dt.date(2026, 7, 30))
    _book("late-aug", "late", dt.date(2026, 8, 5))
    # a declaration accepted in review (booked, waiting for its publicity) follows too
    subject = Subject.objects.get(name="甲县党员乙")
    declaration = procedure.declaration_submit(
        actor=users["member_1"],
        data=DeclarationInput(key="d-late", subject_id=subject.pk, item="late",
                              occurred_on=dt.date(2026, 8, 7), attributes={}),
        today=TODAY,
    )  # fmt: skip
    declaration = procedure.declaration_review(
        actor=users["secretary_1"], declaration=declaration, decision="accept"
    )
    draft = _draft_v2(branch)
    plan = procedure.retroactive_preview(
        actor=tenant_admin(), version=draft, effective_from=SINCE, today=TODAY
    )
    procedure.ruleset_publish_retroactive(
        actor=tenant_admin(),
        version=draft,
        effective_from=SINCE,
        confirmed_entries=plan.entry_ids,
        today=TODAY,
    )
    member = Subject.objects.get(name="甲县党员甲")
    [account] = Account.objects.filter(subject=member)
    # booked: −1 (July, the old rule) − 2 (August, the new rule)
    assert account_balance(account=account).total == Decimal("-3")
    again = Event.objects.get(supersedes__key="late-aug")
    assert again.version_key.endswith(draft.label + "/" + again.version_key.split("/")[-1])
    assert [e.points for e in again.entries.all()] == [Decimal("-2")]
    assert list(Event.objects.get(key="late-aug").entries.values_list("points", flat=True)) == [
        Decimal("-1"),
        Decimal("1"),
    ]  # the booking and its reversal, both kept
    declaration.refresh_from_db()
    assert declaration.event.supersedes.key == "declaration:d-late"
    assert declaration.status == DeclarationStatus.ACCEPTED
    assert [s.action for s in timeline(declaration=declaration)][-1] == "re_evaluated"
    assert "-1 → -2" in [s.note for s in timeline(declaration=declaration)][-1]
    assert chain_verify() == []
    assert all(event_replay(event=e).same for e in Event.objects.all())


def test_a_changed_list_is_refused_whole(branch):
    _book("late-aug", "late", dt.date(2026, 8, 5))
    draft = _draft_v2(branch)
    plan = procedure.retroactive_preview(
        actor=tenant_admin(), version=draft, effective_from=SINCE, today=TODAY
    )
    _book("late-aug-2", "late", dt.date(2026, 8, 9))  # booked after the preview
    with pytest.raises(Conflict, match="1 not confirmed"):
        procedure.ruleset_publish_retroactive(
            actor=tenant_admin(),
            version=draft,
            effective_from=SINCE,
            confirmed_entries=plan.entry_ids,
            today=TODAY,
        )
    assert not Event.objects.filter(supersedes__isnull=False).exists()
    assert branch.versions.filter(status="published").count() == 1


def test_a_closed_period_is_never_re_evaluated(branch):
    _book("late-jun", "late", dt.date(2026, 6, 5))
    accounts_close(accounts=list(Account.objects.filter(period_end=dt.date(2026, 6, 30))))
    with pytest.raises(PeriodClosed, match="2026-04-01…2026-06-30 is closed") as info:
        procedure.retroactive_preview(
            actor=tenant_admin(),
            version=_draft_v2(branch),
            effective_from=dt.date(2026, 6, 1),
            today=TODAY,
        )
    assert "let it start on 2026-07-01 or later" in info.value.message
