"""The market bureau's demo: sellers in the template's categories, inspected by their
station's inspector, graded with a timeline, listed on the public page."""

import datetime as dt

from jifen.demo.builders import build_family, inspect_market
from jifen.demo.provision import demo_ruleset_assign
from jifen.inspections.models import GradeChange, Inspection, RiskGrade
from jifen.inspections.selectors import public_grades
from jifen.org.services import unit_root
from jifen.subjects.models import Subject


def test_the_market_demo_shows_inspections_and_grades(in_alpha):
    bureau = unit_root()  # the demo imports its stations under the tenant's root
    build_family("market", bureau)
    demo_ruleset_assign(family="market", root=bureau, today=dt.date(2026, 12, 2))
    inspected = inspect_market(bureau, today=dt.date(2026, 12, 2))
    assert inspect_market(bureau, today=dt.date(2026, 12, 3)) == 0  # idempotent
    sellers = Subject.objects.filter(kind="business")
    assert set(sellers.values_list("category", flat=True)) <= {
        "licensed",
        "new_licensed",
        "small_shop",
    }
    assert inspected == Inspection.objects.count() == 96  # four in five of 120 sellers
    grades = dict(RiskGrade.objects.values_list("subject_id", "grade"))
    assert (
        len(grades) == 120
        and set(grades.values()) <= set("ABCD")
        and len(set(grades.values())) >= 2
    )
    # school shops are D whatever their score
    school = sellers.filter(attributes__near_school=True)
    assert {grades[s.pk] for s in school} == {"D"}
    assert GradeChange.objects.filter(reason="inspection").exists()
    assert public_grades(page_size=10).total == 120
    assert Subject.objects.filter(user__username="seller_01").exists()
