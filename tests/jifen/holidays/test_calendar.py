"""The holiday calendar as data: a year entered from its notice (whole or not at all),
deadlines through a year nobody entered, and counting them again once it is."""

from datetime import date

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from jifen.deadlines.models import Deadline
from jifen.holidays.models import CalendarGap, HolidayYear
from jifen.holidays.selectors import calendar_of
from jifen.holidays.services import NoticeInvalid, holiday_year_enter, notice_parse
from jifen.procedure import services as procedure
from jifen.procedure.selectors import timeline
from jifen.procedure.services import DeclarationInput
from jifen.procedure.services.recount import deadlines_recount
from jifen.subjects.models import Subject
from jifen.workdays import due

# A made-up notice for 2031 (no such notice exists yet): the shape the State Council uses.
NOTICE_2031 = """
year: 2031
notice: 国务院办公厅关于2031年部分节假日安排的通知（测试用）
holidays:
  - {name: 元旦, days: 2031-01-01}
  - {name: 春节, days: 2031-01-22..2031-01-28, work: [2031-01-19, 2031-02-08]}
  - {name: 清明节, days: 2031-04-05..2031-04-07}
  - {name: 劳动节, days: 2031-05-01..2031-05-05, work: [2031-04-27]}
  - {name: 端午节, days: 2031-06-24}
  - {name: 中秋节, days: 2031-10-01}
  - {name: 国庆节, days: 2031-10-02..2031-10-07, work: [2031-09-28, 2031-10-11]}
"""


def test_an_incomplete_notice_is_refused_and_nothing_is_entered(db):
    partial = NOTICE_2031.replace("  - {name: 端午节, days: 2031-06-24}\n", "")
    with pytest.raises(NoticeInvalid, match="incomplete: 端午节 missing"):
        notice_parse(text=partial)
    assert not HolidayYear.objects.filter(year=2031).exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("days: 2031-06-24}", "days: 2031-13-24}"),
        ("days: 2031-06-24}", "days: 2032-06-24}"),
        ("work: [2031-04-27]", "work: [2031-04-28]"),
        ("days: 2031-06-24}", "days: 2031-05-05}"),
    ],
)
def test_a_notice_with_a_wrong_day_names_the_entry(db, change, message):
    with pytest.raises(NoticeInvalid, match=r"holidays\[\d\]"):
        notice_parse(text=NOTICE_2031.replace(change, message))


def test_a_year_nobody_entered_counts_weekdays_provisionally_until_it_is(db):
    # given: no calendar for 2031; Friday 26 September + 7 working days
    before = due(date(2031, 9, 26), 7, "working")
    assert before.day == date(2031, 10, 7) and before.provisional == (2031,)
    assert CalendarGap.objects.filter(year=2031).exists()
    # when: the notice is entered
    holiday_year_enter(notice=notice_parse(text=NOTICE_2031), entered_by="operator")
    # then: 28 Sep (Sunday, worked) counts, 1–7 October do not, 11 Oct (Saturday) counts
    after = due(date(2031, 9, 26), 7, "working")
    assert after.day == date(2031, 10, 11) and after.provisional == ()
    assert not CalendarGap.objects.filter(year=2031).exists()


def test_the_years_the_package_knew_are_entered_and_count_as_before(db):
    # Friday 2024-09-27 + 7 working days: 09-29 (Sunday, 调休) counts, 10-01..07 do not,
    # 10-12 (Saturday, 调休) counts
    assert due(date(2024, 9, 27), 7, "working").day == date(2024, 10, 12)
    assert due(date(2024, 9, 27), 7, "calendar").day == date(2024, 10, 4)
    assert HolidayYear.objects.get(year=2026).source == "package"


def test_a_tenants_local_day_counts_only_for_that_tenant(alpha, beta, users):
    from jifen.deadlines.services import local_day_set

    with schema_context("alpha"):
        local_day_set(actor=users["admin"], day=date(2026, 4, 20), kind="holiday", name="三月三")
        assert due(date(2026, 4, 17), 1, "working").day == date(2026, 4, 21)
        assert [d.name for d in calendar_of(year=2026).days if d.local] == ["三月三"]
    with schema_context("beta"):
        assert due(date(2026, 4, 17), 1, "working").day == date(2026, 4, 20)


def test_only_the_tenant_administrator_keeps_local_days(yongzhou, users):
    from jifen.deadlines.services import local_day_set
    from jifen.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        local_day_set(
            actor=users["secretary_1"], day=date(2026, 4, 20), kind="holiday", name="三月三"
        )


def test_an_objection_due_in_an_unentered_year_is_counted_again_once_it_is(yongzhou, users):
    # given: an objection raised on Friday 2031-09-26, answer due in 7 working days
    subject = Subject.objects.get(name="甲县党员乙")
    declaration = procedure.declaration_submit(
        actor=users["member_1"],
        data=DeclarationInput(key="k2031", subject_id=subject.pk, item="task_not_done",
                              occurred_on=date(2031, 9, 10), attributes={}),
        today=date(2031, 9, 20),
    )  # fmt: skip
    procedure.declaration_review(
        actor=users["secretary_1"], declaration=declaration, decision="accept"
    )
    procedure.board_publish(
        actor=users["secretary_1"], unit=declaration.unit,
        covers_start=date(2031, 9, 1), covers_end=date(2031, 9, 30), today=date(2031, 9, 25),
    )  # fmt: skip
    declaration.refresh_from_db()
    objection = procedure.objection_raise(
        actor=users["member_1"], declaration=declaration, reason="不同意", today=date(2031, 9, 26)
    )
    assert objection.answer_due == date(2031, 10, 7)
    steps = [s.action for s in timeline(declaration=declaration)]
    assert steps[-2:] == ["objection_raised", "deadline_provisional"]
    # when: the 2031 notice is entered and the tenant counts again
    with schema_context("public"):
        holiday_year_enter(notice=notice_parse(text=NOTICE_2031), entered_by="operator")
    assert deadlines_recount(year=2031) == 1
    # then: the answer is due on 11 October, its deadline row moved, the timeline says so
    objection.refresh_from_db()
    assert objection.answer_due == date(2031, 10, 11)
    row = Deadline.objects.get(key=f"objection-due:{objection.pk}:0")
    assert timezone.localtime(row.due_at).date() == date(2031, 10, 12)
    recounted = [s for s in timeline(declaration=declaration) if s.action == "deadline_recounted"]
    assert [s.note for s in recounted] == ["2031-10-07 → 2031-10-11"]
    assert deadlines_recount(year=2031) == 0  # counting again changes nothing
