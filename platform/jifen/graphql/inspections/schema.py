"""Food sellers in the API: a business's grade and timeline, the tables inspectors fill in,
overdue inspections; recording inspections and licence files; appeals of a grade.

Reads are for whoever reads inspections over the business's station (inspectors,
supervisors, the bureau) and for the business itself; anyone else gets null / nothing,
like an id they cannot see."""

from __future__ import annotations

import datetime as dt

import graphene
from django.utils import timezone
from django.utils.translation import gettext as _

from jifen import policy
from jifen.graphql import lookups
from jifen.graphql.core import Actor
from jifen.graphql.ids import to_global_id
from jifen.graphql.inspections.mutations.grade_appeal import GradeAppealAnswer, GradeAppealRaise
from jifen.graphql.inspections.mutations.inspection_record import InspectionRecord
from jifen.graphql.inspections.mutations.licence_assess import LicenceAssess
from jifen.graphql.inspections.types import (
    ChecklistLineType,
    GradeAppealType,
    GradeChangeType,
    GradeCountType,
    GradeMonthType,
    InspectionType,
    LicenceAssessmentType,
    PlannedInspectionType,
    PublicFoodGradesType,
    PublicFoodGradeType,
    RiskGradeListType,
    RiskGradeRowType,
    RiskGradeType,
    RiskGradingTablesType,
    StaticFactorType,
)
from jifen.inspections import models
from jifen.inspections.selectors import (
    grade_distribution,
    inspection_plan_list,
    inspections_overdue,
    public_grades,
    risk_grade_list,
)
from jifen.policy import Action


def _readable(info, global_id):
    subject = lookups.optional(lookups.subject, info, global_id)
    if subject is None:
        return None
    user = info.context.user
    if subject.pk in policy.own_subject_ids(user) or policy.may(
        user, Action.READ_INSPECTIONS, subject.scoring_unit
    ):
        return subject
    return None


def _visit(
    v: models.PlannedInspection, *, done: bool = False, overdue: bool = True
) -> PlannedInspectionType:
    return PlannedInspectionType(
        subject=to_global_id("Subject", v.plan.subject_id), name=v.plan.subject.name,
        grade=v.plan.grade, year=v.plan.year, seq=v.seq, due_on=v.due_on,
        inspector=Actor.of(v.inspector), station=v.plan.subject.scoring_unit.name,
        done=done, overdue=overdue,
    )  # fmt: skip


def _reading_unit(info, unit):
    """The unit, when the caller reads inspections over it; else None (like a hidden id)."""
    found = lookups.optional(lookups.unit, info, unit)
    if found is None or not policy.may(info.context.user, Action.READ_INSPECTIONS, found):
        return None
    return found


class InspectionQueries(graphene.ObjectType):
    risk_grade = graphene.Field(
        RiskGradeType,
        subject=graphene.ID(required=True),
        description="A food business's current risk grade, its timeline with the reason of "
        "each change, its inspections, licence assessment and appeals.",
    )
    risk_grading_tables = graphene.Field(
        RiskGradingTablesType,
        subject=graphene.ID(required=True),
        description="The static factor table and inspection checklist in force for a business.",
    )
    inspections_overdue = graphene.List(
        graphene.NonNull(PlannedInspectionType),
        required=True,
        unit=graphene.ID(required=True),
        on=graphene.Date(description="As of this day (default today)."),
        description="Planned inspections under a unit that are past their date and not done.",
    )

    risk_grades = graphene.Field(
        RiskGradeListType,
        required=True,
        unit=graphene.ID(required=True),
        grade=graphene.String(description='Only this grade; "-" for businesses not graded yet.'),
        overdue=graphene.Boolean(default_value=False, description="Only with overdue visits."),
        name=graphene.String(default_value=""),
        offset=graphene.Int(default_value=0),
        first=graphene.Int(default_value=20, description="At most 200."),
        description="Businesses under a unit with their grade, last inspection and overdue "
        "visits, filtered and paged on the server (whoever reads inspections over it).",
    )
    risk_grade_distribution = graphene.List(
        graphene.NonNull(GradeMonthType),
        required=True,
        unit=graphene.ID(required=True),
        year=graphene.Int(description="Default this year."),
        description="Businesses per grade at each month's end of a year, from the timeline.",
    )
    inspection_plan = graphene.List(
        graphene.NonNull(PlannedInspectionType),
        required=True,
        unit=graphene.ID(required=True),
        start=graphene.Date(required=True),
        end=graphene.Date(required=True, description="At most 62 days after start."),
        inspector=graphene.String(description="Only this inspector's visits (username)."),
        description="Planned visits under a unit in a span (a calendar's month), done or overdue.",
    )
    public_food_grades = graphene.Field(
        PublicFoodGradesType,
        required=True,
        name=graphene.String(default_value=""),
        area=graphene.String(default_value=""),
        page=graphene.Int(default_value=1),
        page_size=graphene.Int(default_value=20),
        description="Food businesses as the public sees them (no login): only businesses "
        "whose ruleset lists public fields, and only those fields; searchable by name and area.",
    )

    def resolve_risk_grades(self, info, unit, grade=None, overdue=False, name="", offset=0,
                            first=20):  # fmt: skip
        found = _reading_unit(info, unit)
        if found is None:
            return RiskGradeListType(total=0, rows=[])
        page = risk_grade_list(
            units=[found], on=timezone.localdate(), grade=(grade or "").strip(),
            overdue_only=overdue, name=name[:100], offset=offset, limit=first,
        )  # fmt: skip
        return RiskGradeListType(
            total=page.total,
            rows=[
                RiskGradeRowType(
                    subject=to_global_id("Subject", r.subject.pk),
                    name=r.subject.name,
                    station=r.subject.scoring_unit.name,
                    category=r.subject.category,
                    grade=r.grade,
                    total=r.total,
                    last_inspected_on=r.last_inspected_on,
                    overdue=r.overdue,
                )
                for r in page.rows
            ],
        )

    def resolve_risk_grade_distribution(self, info, unit, year=None):
        found = _reading_unit(info, unit)
        if found is None:
            return []
        today = timezone.localdate()
        months = grade_distribution(units=[found], year=year or today.year, on=today)
        return [
            GradeMonthType(
                month=end,
                counts=[GradeCountType(grade=g, count=n) for g, n in sorted(counts.items())],
            )
            for end, counts in months
        ]

    def resolve_inspection_plan(self, info, unit, start, end, inspector=None):
        from jifen.errors import ValidationFailed

        found = _reading_unit(info, unit)
        if found is None:
            return []
        if end < start or (end - start).days > 62:
            raise ValidationFailed(
                _("Ask for at most 62 days, ending after the start."), field="end"
            )
        inspector_id = None
        if inspector:
            from jifen.access.models import User

            inspector_id = (
                User.objects.filter(username=inspector).values_list("pk", flat=True).first() or -1
            )
        visits = inspection_plan_list(
            units=[found], start=start, end=end, on=timezone.localdate(), inspector_id=inspector_id
        )
        return [_visit(v.visit, done=v.done, overdue=v.overdue) for v in visits]

    def resolve_public_food_grades(self, info, name="", area="", page=1, page_size=20):
        found = public_grades(name=name[:100], area=area[:100], page=page, page_size=page_size)
        return PublicFoodGradesType(
            rows=[PublicFoodGradeType(**row) for row in found.rows], total=found.total,
            page=found.page, page_size=found.page_size, fields=list(found.fields),
            licence=found.licence,
        )  # fmt: skip

    def resolve_risk_grade(self, info, subject):
        found = _readable(info, subject)
        if found is None:
            return None
        grade = models.RiskGrade.objects.filter(subject=found).order_by("-period_start").first()
        inspections = list(
            models.Inspection.objects.filter(subject=found)
            .select_related("inspector")
            .prefetch_related("photos")
        )
        assessment = (
            models.LicenceAssessment.objects.filter(subject=found)
            .select_related("assessed_by")
            .first()
        )
        return RiskGradeType(
            subject=to_global_id("Subject", found.pk),
            name=found.name,
            grade=grade.grade if grade else "",
            total=float(grade.total) if grade and grade.total is not None else None,
            period_start=grade.period_start if grade else None,
            flags=grade.flags if grade else [],
            last_inspected_on=inspections[0].inspected_on if inspections else None,
            history=[
                GradeChangeType.of(c) for c in models.GradeChange.objects.filter(subject=found)
            ],
            inspections=[InspectionType.of(i) for i in inspections],
            licence_assessment=LicenceAssessmentType.of(assessment) if assessment else None,
            appeals=[
                GradeAppealType.of(a) for a in models.GradeAppeal.objects.filter(subject=found)
            ],
            planned_inspections=[
                _visit(v)
                for v in models.PlannedInspection.objects.filter(
                    plan__subject=found, plan__year__gte=timezone.localdate().year
                ).select_related("plan__subject", "inspector")
            ],
        )

    def resolve_risk_grading_tables(self, info, subject):
        from jifen.errors import NotConfigured
        from jifen.inspections.recording import grading_of

        found = _readable(info, subject)
        if found is None:
            return None
        try:
            _app, section = grading_of(found, timezone.localdate())
        except NotConfigured:
            return None
        return RiskGradingTablesType(
            source=section.get("source", ""),
            static_factors=[StaticFactorType.of(r) for r in section.get("static_factors", [])],
            dynamic_checklist=[
                ChecklistLineType.of(r) for r in section.get("dynamic_checklist", [])
            ],
            appeal_days=int(section.get("appeal_days", 60)),
        )

    def resolve_inspections_overdue(self, info, unit, on: dt.date | None = None):
        found = _reading_unit(info, unit)
        if found is None:
            return []
        visits = inspections_overdue(units=[found], on=on or timezone.localdate())
        return [_visit(v) for v in visits]


class InspectionMutations(graphene.ObjectType):
    licence_assess = LicenceAssess.Field()
    inspection_record = InspectionRecord.Field()
    grade_appeal_raise = GradeAppealRaise.Field()
    grade_appeal_answer = GradeAppealAnswer.Field()
