"""School queries: a class's week and month, a pupil's monthly report, term prizes, the
teachers' monthly check, a parent's children. Each answers null (or an empty list) where
the caller may not look, as a lookup outside one's scope would."""

import graphene
from django.utils import timezone

from jifen import policy
from jifen.errors import DomainError
from jifen.graphql import lookups
from jifen.graphql.school.mutations.parent_grant import ParentGrant, ParentRevoke
from jifen.graphql.school.types import (
    ClassSpanType,
    PrizeType,
    PupilLineType,
    PupilMonthReportType,
    TeacherMonthType,
)
from jifen.graphql.subjects.types import SubjectNode
from jifen.policy import Action
from jifen.school import selectors


def _readable_unit(info, unit):
    found = lookups.optional(lookups.unit, info, unit)
    if found is None or not policy.may(info.context.user, Action.READ_CLASS, found):
        return None
    return found


def _month(year, month):
    today = timezone.localdate()
    year, month = year or today.year, month or today.month
    if not 1 <= month <= 12:
        return None
    return year, month


class SchoolQueries(graphene.ObjectType):
    class_week = graphene.Field(
        ClassSpanType,
        unit=graphene.ID(required=True),
        on=graphene.Date(description="A day of the week (today when absent)."),
        description="The duty monitor's week of a class: each pupil's entries, what they "
        "gained and lost, and the ranking at the week's end (head teachers and the school).",
    )
    class_month = graphene.Field(
        ClassSpanType,
        unit=graphene.ID(required=True),
        year=graphene.Int(),
        month=graphene.Int(),
        description="A class's month: the ranking at its end and the parent-meeting flags.",
    )
    pupil_month_report = graphene.Field(
        PupilMonthReportType,
        pupil=graphene.ID(required=True),
        year=graphene.Int(),
        month=graphene.Int(),
        description="A pupil's month for their parents (the pupil, their parents, the head "
        "teacher and the school).",
    )
    term_prizes = graphene.List(
        graphene.NonNull(PrizeType),
        unit=graphene.ID(required=True),
        on=graphene.Date(description="The term's last day for the real prizes; today."),
        description="The term's top 15 (ties on 15th place included) in three prize levels.",
    )
    teacher_routine_month = graphene.List(
        graphene.NonNull(TeacherMonthType),
        unit=graphene.ID(required=True),
        year=graphene.Int(),
        month=graphene.Int(),
        description="The teaching office's monthly check of the teachers of a unit.",
    )
    my_children = graphene.List(
        graphene.NonNull(SubjectNode),
        required=True,
        description="The pupils the caller is a parent of.",
    )

    def resolve_class_week(self, info, unit, on=None):
        found = _readable_unit(info, unit)
        if found is None:
            return None
        try:
            span = selectors.class_week(unit=found, on=on or timezone.localdate())
        except DomainError:
            return None
        return ClassSpanType.of(span)

    def resolve_class_month(self, info, unit, year=None, month=None):
        found, when = _readable_unit(info, unit), _month(year, month)
        if found is None or when is None:
            return None
        try:
            span = selectors.class_month(unit=found, year=when[0], month=when[1])
        except DomainError:
            return None
        return ClassSpanType.of(span, selectors.month_span(*when)[0])

    def resolve_pupil_month_report(self, info, pupil, year=None, month=None):
        found, when = lookups.optional(lookups.subject, info, pupil), _month(year, month)
        if found is None or when is None:
            return None
        try:
            policy.require_pupil_reader(info.context.user, found)
            span, line = selectors.pupil_month(pupil=found, year=when[0], month=when[1])
        except DomainError:
            return None
        return PupilMonthReportType(
            year=when[0],
            month=when[1],
            class_size=len(span.lines),
            line=PupilLineType.of(line, selectors.month_span(*when)[0]),
            print_url=f"/exports/print/pupil_month_report?subject={pupil}"
            f"&year={when[0]}&month={when[1]}",
        )

    def resolve_term_prizes(self, info, unit, on=None):
        found = _readable_unit(info, unit)
        if found is None:
            return []
        try:
            _span, prizes = selectors.term_prizes(unit=found, on=on or timezone.localdate())
        except DomainError:
            return []
        return [PrizeType(level=p.level, pupil=PupilLineType.of(p.line)) for p in prizes]

    def resolve_teacher_routine_month(self, info, unit, year=None, month=None):
        found, when = _readable_unit(info, unit), _month(year, month)
        if found is None or when is None:
            return []
        try:
            rows = selectors.teacher_month(unit=found, year=when[0], month=when[1])
        except DomainError:
            return []
        return [
            TeacherMonthType(
                teacher=PupilLineType.of(r.line),
                standard_failures=r.standard_failures,
                development=r.development,
                grade=r.line.grade,
                award=r.award,
                tied=r.tied,
            )
            for r in rows
        ]

    def resolve_my_children(self, info):
        return selectors.children_of(user=info.context.user)


class SchoolMutations(graphene.ObjectType):
    parent_grant = ParentGrant.Field()
    parent_revoke = ParentRevoke.Field()
