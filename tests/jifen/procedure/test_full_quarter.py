"""A branch of 30 members through a quarter under the 永州 template (seed 001), from
declarations to filing, ends with the totals and grades of the template's golden test."""

from datetime import date
from decimal import Decimal

from jifen.org.models import OrgUnit, Role
from jifen.org.services import role_assign
from jifen.procedure import services as procedure
from jifen.procedure.models import DeclarationStatus
from jifen.procedure.services import DeclarationInput
from jifen.testing.factories import PersonFactory, UnitFactory


def test_quarter_of_a_thirty_member_branch_from_declaration_to_filing(yongzhou, users):
    # given a new branch of 30 members under township 1, with its recorder and secretary
    township = OrgUnit.objects.get(name="甲县一镇党委")
    branch = UnitFactory(parent=township, name="甲县第四支部")
    role_assign(actor=users["admin"], user=users["recorder_1"], role=Role.RECORDER, unit=branch)
    role_assign(actor=users["admin"], user=users["secretary_1"], role=Role.SECRETARY, unit=branch)
    members = [
        PersonFactory(name=f"党员{i:02d}", home_unit=branch, category="member")
        for i in range(1, 31)
    ]
    # when member i is recorded late to the party day i-1 times in the quarter (Jan–Mar)
    for i, member in enumerate(members, start=1):
        if i == 1:
            continue
        procedure.declaration_submit(
            actor=users["recorder_1"],
            data=DeclarationInput(
                key=f"late-{i}", subject_id=member.pk, item="party_day_late",
                occurred_on=date(2026, 1 + (i - 1) % 3, 10), attributes={}, quantity=i - 1,
            ),
            today=date(2026, 3, 31),
        )  # fmt: skip
    # the committee reviews every declaration (the recorder may not review their own)
    for declaration in branch.declarations.order_by("pk"):
        procedure.declaration_review(
            actor=users["secretary_1"], declaration=declaration, decision="accept"
        )
    # the quarter's entries are publicised for 7 days and confirmed
    [board] = procedure.board_publish(actor=users["secretary_1"], unit=branch,
                                    covers_start=date(2026, 1, 1), covers_end=date(2026, 3, 31),
                                    today=date(2026, 4, 1))  # fmt: skip
    assert board.declarations.count() == 29
    confirmed = procedure.board_confirm(
        actor=users["secretary_1"], board=board, today=date(2026, 4, 9)
    )
    assert confirmed.confirmed == 29
    assert not branch.declarations.exclude(status=DeclarationStatus.CONFIRMED).exists()
    # then at year end the period closes and is filed with the township committee
    [close] = procedure.period_close(actor=users["secretary_1"], unit=branch,
                                   period_start=date(2026, 1, 1), today=date(2027, 1, 4))  # fmt: skip
    # the results are publicised for 7 days, then filed
    close = procedure.period_file(actor=users["secretary_1"], close=close, today=date(2027, 1, 12))

    results = {r.subject.name: r for r in close.results.select_related("subject")}
    for i in range(1, 31):
        r = results[f"党员{i:02d}"]
        # party_day_late is -1 from 基础积分 per occurrence: month total 100-(i-1), other
        # months 100, so the year's monthly mean is 100 - (i-1)/12 (seed 001: 月平均分)
        assert r.total == Decimal(str(round(100 - (i - 1) / 12, 2))).quantize(Decimal("0.0001"))
        assert r.rank == i
        # every total ≥ 90; 优秀 is capped at one third of 30 = 10, by rank; the rest 合格
        assert r.grade == ("excellent" if i <= 10 else "qualified"), i
    assert close.status == "filed" and close.filed_with == township
    assert close.results_board.kind == "results"
