"""Types of the food-seller slice: grades with their timeline, inspections, plans, appeals."""

from __future__ import annotations

import graphene

from jifen.graphql.core import Actor
from jifen.graphql.ids import to_global_id
from jifen.inspections import models

GradeReasonEnum = graphene.Enum.from_enum(
    models.GradeReason, description="Why a grade changed: the fact behind the step."
)
GradeAppealStatusEnum = graphene.Enum.from_enum(
    models.GradeAppealStatus, description="Where an appeal of a grade stands."
)


class ChecklistResult(graphene.Enum):
    """An inspection item's result: a failed item adds its points to the dynamic score."""

    PASS = "pass"  # noqa: S105 (a result, not a secret)
    FAIL = "fail"
    NOT_APPLICABLE = "not_applicable"


class ChecklistLineType(graphene.ObjectType):
    class Meta:
        name = "ChecklistLine"

    code = graphene.String(required=True)
    title = graphene.String(required=True)
    group = graphene.String(required=True)
    points = graphene.Float(required=True, description="Points added when the item fails.")
    result = graphene.Field(ChecklistResult, description="Null in the blank checklist.")

    @staticmethod
    def of(row: dict) -> ChecklistLineType:
        return ChecklistLineType(
            code=row["code"], title=row["title"], group=row.get("group", ""),
            points=row["points"], result=row.get("result"),
        )  # fmt: skip


class StaticBandType(graphene.ObjectType):
    class Meta:
        name = "StaticBand"

    up_to = graphene.Float(description="Up to and including; null for the last band.")
    points = graphene.Float(required=True)


class StaticFactorType(graphene.ObjectType):
    class Meta:
        name = "StaticFactor"

    code = graphene.String(required=True)
    title = graphene.String(required=True)
    group = graphene.String(required=True)
    unit = graphene.String(required=True)
    max = graphene.Float(required=True)
    bands = graphene.List(graphene.NonNull(StaticBandType), required=True)

    @staticmethod
    def of(row: dict) -> StaticFactorType:
        return StaticFactorType(
            code=row["code"], title=row["title"], group=row.get("group", ""),
            unit=row.get("unit", ""), max=row["max"],
            bands=[StaticBandType(up_to=b.get("up_to"), points=b["points"]) for b in row["bands"]],
        )  # fmt: skip


class StaticLineType(graphene.ObjectType):
    class Meta:
        name = "StaticLine"

    code = graphene.String(required=True)
    title = graphene.String(required=True)
    group = graphene.String(required=True)
    value = graphene.Float()
    points = graphene.Float(required=True)


class RiskGradingTablesType(graphene.ObjectType):
    """The tables of the ruleset in force for a business: what an inspector fills in."""

    class Meta:
        name = "RiskGradingTables"

    source = graphene.String(required=True)
    static_factors = graphene.List(graphene.NonNull(StaticFactorType), required=True)
    dynamic_checklist = graphene.List(graphene.NonNull(ChecklistLineType), required=True)
    appeal_days = graphene.Int(required=True)


class LicenceAssessmentType(graphene.ObjectType):
    class Meta:
        name = "LicenceAssessment"

    assessed_on = graphene.Date(required=True)
    assessed_by = graphene.Field(Actor, required=True)
    business_type = graphene.String(required=True)
    lines = graphene.List(graphene.NonNull(StaticLineType), required=True)
    total = graphene.Float(required=True)

    @staticmethod
    def of(a: models.LicenceAssessment) -> LicenceAssessmentType:
        return LicenceAssessmentType(
            assessed_on=a.assessed_on, assessed_by=Actor.of(a.assessed_by),
            business_type=a.business_type, total=float(a.total),
            lines=[StaticLineType(code=r["code"], title=r["title"], group=r.get("group", ""),
                                  value=r.get("value"), points=r["points"]) for r in a.lines],
        )  # fmt: skip


class InspectionType(graphene.ObjectType):
    class Meta:
        name = "Inspection"

    id = graphene.ID(required=True)
    inspected_on = graphene.Date(required=True)
    inspector = graphene.Field(Actor, required=True)
    checklist = graphene.List(graphene.NonNull(ChecklistLineType), required=True)
    findings = graphene.String(required=True)
    photos = graphene.List(graphene.NonNull(graphene.ID), required=True)
    signature = graphene.ID(description="The representative's signature (an image).")
    signature_refused = graphene.String(required=True)
    dynamic_total = graphene.Float(required=True)

    @staticmethod
    def of(i: models.Inspection) -> InspectionType:
        return InspectionType(
            id=to_global_id("Inspection", i.pk), inspected_on=i.inspected_on,
            inspector=Actor.of(i.inspector), checklist=[ChecklistLineType.of(r) for r in i.checklist],
            findings=i.findings, photos=[to_global_id("Evidence", p.pk) for p in i.photos.all()],
            signature=to_global_id("Evidence", i.signature_id) if i.signature_id else None,
            signature_refused=i.signature_refused, dynamic_total=float(i.dynamic_total),
        )  # fmt: skip


class GradeChangeType(graphene.ObjectType):
    class Meta:
        name = "GradeChange"

    changed_at = graphene.DateTime(required=True)
    period_start = graphene.Date(required=True)
    from_grade = graphene.String(required=True, description="Empty for the first grade.")
    to_grade = graphene.String(required=True)
    total = graphene.Float()
    reason = graphene.Field(GradeReasonEnum, required=True)
    flags = graphene.List(graphene.NonNull(graphene.String), required=True)
    inspection = graphene.ID()
    appeal = graphene.ID()

    @staticmethod
    def of(c: models.GradeChange) -> GradeChangeType:
        return GradeChangeType(
            changed_at=c.changed_at, period_start=c.period_start, from_grade=c.from_grade,
            to_grade=c.to_grade, total=None if c.total is None else float(c.total),
            reason=c.reason, flags=c.flags,
            inspection=to_global_id("Inspection", c.inspection_id) if c.inspection_id else None,
            appeal=to_global_id("GradeAppeal", c.appeal_id) if c.appeal_id else None,
        )  # fmt: skip


class GradeAppealType(graphene.ObjectType):
    class Meta:
        name = "GradeAppeal"

    id = graphene.ID(required=True)
    contested_grade = graphene.String(required=True)
    requested_grade = graphene.String(required=True)
    reason = graphene.String(required=True)
    raised_at = graphene.DateTime(required=True)
    answer_due = graphene.Date(required=True)
    status = graphene.Field(GradeAppealStatusEnum, required=True)
    answer = graphene.String(required=True)
    new_grade = graphene.String(required=True)
    answered_at = graphene.DateTime()

    @staticmethod
    def of(a: models.GradeAppeal) -> GradeAppealType:
        return GradeAppealType(
            id=to_global_id("GradeAppeal", a.pk), contested_grade=a.contested_grade,
            requested_grade=a.requested_grade, reason=a.reason, raised_at=a.raised_at,
            answer_due=a.answer_due, status=a.status, answer=a.answer, new_grade=a.new_grade,
            answered_at=a.answered_at,
        )  # fmt: skip


class PlannedInspectionType(graphene.ObjectType):
    class Meta:
        name = "PlannedInspection"

    subject = graphene.ID(required=True)
    name = graphene.String(required=True)
    grade = graphene.String(required=True)
    year = graphene.Int(required=True)
    seq = graphene.Int(required=True, description="The n-th inspection of the year's plan.")
    due_on = graphene.Date(required=True)
    inspector = graphene.Field(Actor)
    station = graphene.String(required=True, description="The business's station.")
    done = graphene.Boolean(
        required=True, description="The business has this many inspections in the year."
    )
    overdue = graphene.Boolean(required=True, description="Past its date and not done.")


class RiskGradeType(graphene.ObjectType):
    """A business's current grade, with the timeline of its changes and their reasons."""

    class Meta:
        name = "RiskGrade"

    subject = graphene.ID(required=True)
    name = graphene.String(required=True)
    grade = graphene.String(required=True, description="Empty before the first grading.")
    total = graphene.Float()
    period_start = graphene.Date()
    flags = graphene.List(graphene.NonNull(graphene.String), required=True)
    last_inspected_on = graphene.Date()
    history = graphene.List(graphene.NonNull(GradeChangeType), required=True)
    inspections = graphene.List(graphene.NonNull(InspectionType), required=True)
    licence_assessment = graphene.Field(LicenceAssessmentType)
    appeals = graphene.List(graphene.NonNull(GradeAppealType), required=True)
    planned_inspections = graphene.List(
        graphene.NonNull(PlannedInspectionType),
        required=True,
        description="This year's and later planned inspections, with their inspectors.",
    )


class RiskGradeRowType(graphene.ObjectType):
    """A business on the bureau's list: its grade, last inspection and overdue visits."""

    class Meta:
        name = "RiskGradeRow"

    subject = graphene.ID(required=True)
    name = graphene.String(required=True)
    station = graphene.String(required=True)
    category = graphene.String(required=True)
    grade = graphene.String(required=True, description="Empty before the first grading.")
    total = graphene.Float()
    last_inspected_on = graphene.Date()
    overdue = graphene.Int(required=True, description="Planned visits past their date.")


class RiskGradeListType(graphene.ObjectType):
    class Meta:
        name = "RiskGradeList"

    total = graphene.Int(required=True, description="Rows matching the filters, all pages.")
    rows = graphene.List(graphene.NonNull(RiskGradeRowType), required=True)


class GradeCountType(graphene.ObjectType):
    class Meta:
        name = "GradeCount"

    grade = graphene.String(required=True)
    count = graphene.Int(required=True)


class GradeMonthType(graphene.ObjectType):
    """How many businesses held each grade at a month's end (or today, this month)."""

    class Meta:
        name = "GradeMonth"

    month = graphene.Date(required=True, description="The day counted: the month's end.")
    counts = graphene.List(graphene.NonNull(GradeCountType), required=True)


class PublicFoodGradeType(graphene.ObjectType):
    """A business as the public sees it: only the fields its ruleset marks public."""

    class Meta:
        name = "PublicFoodGrade"

    name = graphene.String()
    grade = graphene.String()
    last_inspected_on = graphene.Date()
    area = graphene.String()
    address = graphene.String()
    licence_no = graphene.String()
    business_type = graphene.String()


class PublicFoodGradesType(graphene.ObjectType):
    class Meta:
        name = "PublicFoodGrades"

    rows = graphene.List(graphene.NonNull(PublicFoodGradeType), required=True)
    total = graphene.Int(required=True)
    page = graphene.Int(required=True)
    page_size = graphene.Int(required=True)
    fields = graphene.List(
        graphene.NonNull(graphene.String), required=True, description="The public fields."
    )
    licence = graphene.String(required=True, description="The open data's licence note.")
