"""Building a demo tenant the way a tenant onboards: its kept workbooks (`workbooks.py`,
`data/<family>/*.xlsx`) imported through the dry run and the apply, as its administrator.

Deterministic (the workbooks are seeded), so a demo reads the same on every machine.
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth.hashers import make_password

from jifen.access.models import User
from jifen.demo.workbooks import DEMO_PASSWORD, kept_workbooks
from jifen.imports.models import ImportKind
from jifen.imports.reading import read_rows
from jifen.imports.services import import_run
from jifen.org.models import OrgUnit, Role, RoleAssignment
from jifen.subjects.models import Subject, SubjectKind

__all__ = ["BUILDERS", "DEMO_PASSWORD", "build_family", "inspect_market"]


def build_family(family: str, root: OrgUnit) -> None:
    """Import the family's workbooks into the current tenant (units, roll, households,
    businesses, users and roles), each checked and then applied, all or nothing."""
    admin = User.objects.get(username="admin")  # the administrator provisioning made
    usernames: set[str] = set()
    for kind, path in kept_workbooks(family):
        content = path.read_bytes()
        import_run(actor=admin, kind=kind, file_name=path.name, content=content)
        if kind == ImportKind.USERS:
            usernames |= {str(r.values["username"]) for r in read_rows(content, kind)}
    # Demo only: the printed logins work with the printed password as they are, where a
    # tenant's imported users choose their own at first sign-in.
    User.objects.filter(username__in=usernames).update(must_change_password=False)


def inspect_market(root: OrgUnit, today: dt.date | None = None) -> int:
    """Each station's inspector assesses licence files and inspects most of its sellers this
    year, so the demo shows inspections, grades with their timeline and a seller's login;
    idempotent (keys), run after the ruleset is assigned."""
    from jifen.inspections.models import Inspection, RiskGrade
    from jifen.inspections.recording import grading_of, inspection_record, licence_assess
    from jifen.inspections.services import risk_grades_recompute

    today = today or dt.date.today()
    rng = random.Random(2012)
    done = 0
    if Inspection.objects.filter(subject__home_unit__path__startswith=root.path).exists():
        return 0  # inspected on an earlier run
    businesses = list(
        Subject.objects.filter(kind=SubjectKind.BUSINESS, home_unit__path__startswith=root.path)
        .select_related("home_unit")
        .order_by("pk")
    )
    for index, shop in enumerate(businesses):
        assignment = RoleAssignment.objects.filter(role=Role.INSPECTOR, unit=shop.home_unit).first()
        if assignment is None or index % 5 == 4:  # every fifth seller is not inspected yet
            continue
        _app, section = grading_of(shop, today)
        scale = {"small": 0.3, "medium": 1.0, "large": 3.0}[shop.attributes.get("scale", "small")]
        values = {
            row["code"]: round(rng.randint(0, 400) * scale) for row in section["static_factors"]
        }
        values["premises_area"] = round(rng.randint(30, 900) * scale)
        day = today - dt.timedelta(days=rng.randint(5, 200))
        licence_assess(actor=assignment.user, subject=shop, key=f"demo-licence:{shop.pk}",
                       assessed_on=day, values=values, business_type=shop.attributes.get("business_type", ""))  # fmt: skip
        failing = rng.sample([r["code"] for r in section["dynamic_checklist"]], k=rng.randint(0, 4))
        inspection_record(
            actor=assignment.user, subject=shop, key=f"demo-inspection:{shop.pk}",
            inspected_on=day + dt.timedelta(days=1),
            results={r["code"]: "fail" if r["code"] in failing else "pass"
                     for r in section["dynamic_checklist"]},
            findings="现场检查发现问题已责令整改" if failing else "",
            signature_refused="演示数据:负责人签字见纸质记录",
        )  # fmt: skip
        done += 1
    ungraded = [s.pk for s in businesses if not RiskGrade.objects.filter(subject=s).exists()]
    risk_grades_recompute(subject_ids=ungraded, on=today)
    plan_market_year(businesses, year=today.year)
    if businesses and businesses[0].user_id is None:
        seller = User.objects.get_or_create(
            username="seller_01",
            defaults={"display_name": businesses[0].name, "password": make_password(DEMO_PASSWORD)},
        )[0]
        businesses[0].user = seller
        businesses[0].save(update_fields=["user"])
    return done


def plan_market_year(businesses: list[Subject], *, year: int) -> int:
    """This year's inspection plan from the grades just computed (a real tenant gets it from
    last year's close), so the demo's calendar has visits, some done and some overdue;
    idempotent (a business with a plan for the year keeps it)."""
    from jifen.inspections.models import InspectionPlan, PlannedInspection, RiskGrade
    from jifen.inspections.services import MIN_INSPECTIONS, _spread, _station_inspectors

    grades = {
        g.subject_id: g
        for g in RiskGrade.objects.filter(subject__in=businesses, period_start__year=year)
    }
    planned = set(
        InspectionPlan.objects.filter(subject__in=businesses, year=year).values_list(
            "subject_id", flat=True
        )
    )
    inspectors = _station_inspectors({b.scoring_unit.pk for b in businesses})
    made = 0
    for index, shop in enumerate(businesses):
        grade = grades.get(shop.pk)
        if grade is None or shop.pk in planned or not grade.grade:
            continue
        required = max(
            (int(m.group(1)) for f in grade.flags if (m := MIN_INSPECTIONS.match(f))), default=0
        )
        if not required:
            continue
        days = _spread(year, required)
        plan = InspectionPlan.objects.create(
            subject=shop, year=year, grade=grade.grade, required=required, planned_on=days
        )
        people = inspectors.get(shop.scoring_unit.pk) or [None]
        PlannedInspection.objects.bulk_create(
            PlannedInspection(plan=plan, seq=seq, due_on=dt.date.fromisoformat(day),
                              inspector=people[(index + seq) % len(people)])
            for seq, day in enumerate(days, start=1)
        )  # fmt: skip
        made += 1
    return made


def build_county(root: OrgUnit) -> None:
    build_family("county", root)


BUILDERS = {
    family: (lambda root, family=family: build_family(family, root))
    for family in ("county", "enterprise", "school", "village", "market")
}
BUILDERS["county"] = build_county
