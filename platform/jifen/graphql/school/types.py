import graphene

from jifen.graphql.subjects.types import SubjectNode

PrizeLevelEnum = graphene.Enum(
    "PrizeLevel",
    [("FIRST", "first"), ("SECOND", "second"), ("THIRD", "third")],
    description="Term prize of the top 15: 1–5 first, 6–10 second, 11–15 third.",
)


class ClassEntryType(graphene.ObjectType):
    """One item recorded for a pupil (or a teacher) in the span."""

    class Meta:
        name = "ClassEntry"

    on = graphene.Date(required=True)
    item = graphene.String(required=True)
    title = graphene.String(required=True)
    points = graphene.Float(required=True)
    recorded_by = graphene.String(required=True, description="Who recorded it (the duty monitor).")
    confirmed = graphene.Boolean(
        required=True, description="False while under review: listed, not counted yet."
    )


class PupilLineType(graphene.ObjectType):
    class Meta:
        name = "PupilLine"

    subject = graphene.Field(SubjectNode, required=True)
    total = graphene.Float(description="As it stands at the span's end; null when exempt.")
    rank = graphene.Int(description="In the class at the span's end (competition ranking).")
    gained = graphene.Float(required=True, description="Points gained in the span.")
    lost = graphene.Float(required=True, description="Points lost in the span (positive).")
    parent_meeting = graphene.Boolean(
        required=True,
        description="Month spans: among the bottom three with more than 10 points lost in "
        "the month, so a parent comes to talk with the head teacher (seed 004 第二篇 附說明 5).",
    )
    entries = graphene.List(graphene.NonNull(ClassEntryType), required=True)

    @staticmethod
    def of(line, month_start=None):
        from jifen.school.selectors import parent_meeting

        return PupilLineType(
            subject=line.subject,
            total=line.total,
            rank=line.rank,
            gained=line.gained,
            lost=line.lost,
            parent_meeting=bool(month_start and parent_meeting(line, month_start)),
            entries=[ClassEntryType(**vars(e)) for e in line.entries],
        )


class ClassSpanType(graphene.ObjectType):
    """A class over a week or a month: every pupil's entries and the ranking at its end."""

    class Meta:
        name = "ClassSpan"

    ruleset = graphene.String(required=True)
    period_start = graphene.Date(required=True)
    period_end = graphene.Date(required=True)
    start = graphene.Date(required=True)
    end = graphene.Date(required=True)
    pupils = graphene.List(graphene.NonNull(PupilLineType), required=True)

    @staticmethod
    def of(span, month_start=None):
        return ClassSpanType(
            ruleset=span.ruleset,
            period_start=span.period.start,
            period_end=span.period.end,
            start=span.start,
            end=span.end,
            pupils=[PupilLineType.of(x, month_start) for x in span.lines],
        )


class PupilMonthReportType(graphene.ObjectType):
    """A pupil's month for their parents."""

    class Meta:
        name = "PupilMonthReport"

    year = graphene.Int(required=True)
    month = graphene.Int(required=True)
    class_size = graphene.Int(required=True)
    line = graphene.Field(PupilLineType, required=True)
    print_url = graphene.String(required=True, description="The printable A4 report.")


class PrizeType(graphene.ObjectType):
    class Meta:
        name = "TermPrize"

    level = graphene.Field(PrizeLevelEnum, required=True)
    pupil = graphene.Field(PupilLineType, required=True)


class TeacherMonthType(graphene.ObjectType):
    """A teacher's monthly routine check (seed 000 §4 二)."""

    class Meta:
        name = "TeacherMonth"

    teacher = graphene.Field(PupilLineType, required=True)
    standard_failures = graphene.Float(required=True, description="达标 items failed.")
    development = graphene.Float(required=True, description="发展 checks rated 优秀.")
    grade = graphene.String(description="excellent (优秀), qualified (合格), unqualified.")
    award = graphene.Int(required=True, description="Points this month: 200, 150 or 0.")
    tied = graphene.Boolean(
        required=True,
        description="Tied across the 50% 优秀 quota: the checkers decide at the close; the "
        "grade shown is provisional.",
    )


class GuardianType(graphene.ObjectType):
    class Meta:
        name = "ParentLink"

    username = graphene.String(required=True)
    pupil = graphene.Field(SubjectNode, required=True)
