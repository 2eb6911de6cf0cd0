"""Food sellers in the API: a business's grade and timeline, the tables inspectors fill in,
overdue inspections; recording inspections and licence files; appeals of a grade.

Reads are for whoever reads inspections over the business's station (inspectors,
supervisors, the bureau) and for the business itself; anyone else gets null / nothing,
like an id they cannot see."""

from __future__ import annotations

import datetime as dt

import graphene
from django.utils import timezone

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
    InspectionType,
    LicenceAssessmentType,
    PlannedInspectionType,
    RiskGradeType,
    RiskGradingTablesType,
    StaticFactorType,
)
from jifen.inspections import models
from jifen.inspections.selectors import inspections_overdue
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


def _visit(v: models.PlannedInspection) -> PlannedInspectionType:
    return PlannedInspectionType(
        subject=to_global_id("Subject", v.plan.subject_id), name=v.plan.subject.name,
        grade=v.plan.grade, year=v.plan.year, seq=v.seq, due_on=v.due_on,
        inspector=Actor.of(v.inspector),
    )  # fmt: skip


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
        found = lookups.optional(lookups.unit, info, unit)
        if found is None or not policy.may(info.context.user, Action.READ_INSPECTIONS, found):
            return []
        visits = inspections_overdue(units=[found], on=on or timezone.localdate())
        return [_visit(v) for v in visits]


class InspectionMutations(graphene.ObjectType):
    licence_assess = LicenceAssess.Field()
    inspection_record = InspectionRecord.Field()
    grade_appeal_raise = GradeAppealRaise.Field()
    grade_appeal_answer = GradeAppealAnswer.Field()
