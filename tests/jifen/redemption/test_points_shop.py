"""The points shop: balances from confirmed points, vetoes bar it, resets follow the rule."""

import datetime as dt
from decimal import Decimal

import pytest

from jifen.access.models import User
from jifen.access.services import system_actor
from jifen.deadlines.services import deadlines_sweep, local_moment
from jifen.errors import Conflict
from jifen.ledger.services import EventInput, event_record
from jifen.notifications.models import Notification
from jifen.org.models import OrgUnit
from jifen.procedure import services as procedure
from jifen.procedure.jobs import deadlines_plan
from jifen.procedure.services import DeclarationInput
from jifen.redemption.errors import RedemptionError
from jifen.redemption.models import ShopItem
from jifen.redemption.selectors import redeemable_balance
from jifen.redemption.services import redemption_make
from jifen.subjects.models import Subject
from jifen.testing.factories import HouseholdFactory
from jifen.testing.worlds import publish_template

DAY = dt.date(2026, 5, 6)


@pytest.fixture
def village(in_alpha):
    """钟祥 village points (seed 000 §17) for alpha's county: 年底清零, veto bars the shop."""
    publish_template("zhongxiang-village", "zhongxiang", in_alpha.root)
    root = OrgUnit.objects.get(pk=in_alpha.root)
    return {
        "member": Subject.objects.get(name="甲县党员甲"),
        "soap": ShopItem.objects.create(unit=root, name="洗衣粉", points=Decimal("20"), stock=3),
        "secretary": User.objects.get(username="secretary_1"),
    }


def _earn(subject, item, day=DAY, key=None, **attributes):
    event_record(actor=system_actor(), data=EventInput(key=key or f"{item}-{day}", subject_id=subject.pk, item=item,
                                 occurred_on=day, attributes=attributes))  # fmt: skip


def test_balance_is_confirmed_points_minus_redemptions(village):
    member, soap, secretary = village["member"], village["soap"], village["secretary"]
    _earn(member, "mediate_dispute")  # +15
    _earn(member, "adopted_proposal")  # +5
    # a declaration still under review does not count yet
    procedure.declaration_submit(
        actor=User.objects.get(username="member_1"),
        data=DeclarationInput(key="pending", subject_id=member.pk, item="volunteer",
                              occurred_on=DAY, attributes={}),
        today=DAY,
    )  # fmt: skip
    assert redeemable_balance(subject=member, on=DAY).available == Decimal("20.00")
    redemption_make(actor=secretary, subject=member, item=soap, key="r1", on=DAY)
    again = redemption_make(actor=secretary, subject=member, item=soap, key="r1", on=DAY)
    assert again.points == Decimal("20")  # the same key is one redemption
    # the same key for another request is refused, not taken for the first one
    with pytest.raises(Conflict, match="already used for a different redemption") as refused:
        redemption_make(actor=secretary, subject=member, item=soap, quantity=2, key="r1", on=DAY)
    assert (refused.value.code, refused.value.field) == ("CONFLICT", "key")
    balance = redeemable_balance(subject=member, on=DAY)
    assert (balance.earned, balance.spent, balance.available) == (
        Decimal("20.00"),
        Decimal("20"),
        Decimal("0"),
    )
    soap.refresh_from_db()
    assert soap.stock == 2
    with pytest.raises(RedemptionError, match=r"costs 20\.00 points; 甲县党员甲 has 0 available"):
        redemption_make(actor=secretary, subject=member, item=soap, key="r2", on=DAY)


def test_redeeming_does_not_lower_the_ranking_total(village):
    member, soap, secretary = village["member"], village["soap"], village["secretary"]
    _earn(member, "rescue", day=dt.date(2025, 5, 1))  # +30
    redemption_make(actor=secretary, subject=member, item=soap, key="r", on=dt.date(2025, 5, 2))
    [close] = procedure.period_close(actor=system_actor(), unit=member.home_unit, period_start=dt.date(2025, 1, 1),
                                   today=dt.date(2026, 1, 2))  # fmt: skip
    assert close.results.get(subject=member).total == Decimal("30")


def test_veto_bars_the_shop_while_points_keep_accumulating(village):
    member, soap, secretary = village["member"], village["soap"], village["secretary"]
    _earn(member, "rescue")
    _earn(member, "law_violation")
    _earn(member, "volunteer", day=DAY + dt.timedelta(days=1))
    balance = redeemable_balance(subject=member, on=DAY)
    assert balance.vetoed and balance.earned == Decimal("35.00") and balance.available == 0
    with pytest.raises(
        RedemptionError,
        match=r"barred from redemption until 2026-12-31 \(一票否决\): 出现违法违纪问题.* was recorded on 2026-05-06",
    ):
        redemption_make(actor=secretary, subject=member, item=soap, key="v", on=DAY)


def test_year_end_clears_the_balance_in_zhongxiang(village):
    member = village["member"]
    _earn(member, "rescue", day=dt.date(2025, 11, 1))
    assert redeemable_balance(subject=member, on=dt.date(2025, 12, 31)).available == 30
    assert redeemable_balance(subject=member, on=dt.date(2026, 1, 1)).available == 0


def test_households_keep_their_balance_across_years(in_alpha):
    publish_template("household-140-stars", "household", in_alpha.root)
    from jifen.rulebook.models import RulesetAssignment

    RulesetAssignment.objects.filter(ruleset__code="household").update(subject_kind="household")
    household = HouseholdFactory(name="张三户", home_unit_id=in_alpha.branch_1)
    _earn(household, "waste_sorting", day=dt.date(2025, 3, 1))  # +15 environment
    assert redeemable_balance(subject=household, on=dt.date(2026, 2, 1)).available == 15


def test_members_with_points_left_are_told_before_the_reset(village):
    member = village["member"]
    member.user = User.objects.get(username="member_1")
    _earn(member, "rescue")
    deadlines_plan(today=DAY)
    deadlines_sweep(now=local_moment(dt.date(2026, 12, 17), 10))
    [notice] = Notification.objects.filter(kind="redemption_expiry")
    assert notice.recipient.username == "member_1"
    assert notice.title == "甲县党员甲 还有 30.00 积分可兑换，2026-12-31 后清零"


def test_only_shopkeepers_of_the_unit_may_redeem(village):
    member, soap = village["member"], village["soap"]
    _earn(member, "rescue")
    from jifen.errors import PermissionDenied

    with pytest.raises(PermissionDenied, match="redeeming points"):
        redemption_make(actor=User.objects.get(username="secretary_2"), subject=member, item=soap,
                        key="x", on=DAY)  # fmt: skip
