import graphene

from jifen.deadlines import services
from jifen.graphql.core import DomainMutation
from jifen.graphql.enums import CalendarDayKindEnum
from jifen.graphql.holidays.types import CalendarDayType


class LocalDaySet(DomainMutation):
    """Add or change one of the tenant's local days (tenant administrators); open deadlines
    of that year are counted again."""

    class Arguments:
        day = graphene.Date(required=True)
        kind = CalendarDayKindEnum(required=True)
        name = graphene.String(required=True)

    calendar_day = graphene.Field(CalendarDayType)

    @classmethod
    def perform(cls, info, day, kind, name):
        local = services.local_day_set(
            actor=info.context.user, day=day, kind=getattr(kind, "value", kind), name=name
        )
        return cls(
            calendar_day=CalendarDayType(day=local.day, kind=local.kind, name=local.name,
                                         local=True),
            errors=[],
        )  # fmt: skip


class LocalDayRemove(DomainMutation):
    """Remove one of the tenant's local days (tenant administrators)."""

    class Arguments:
        day = graphene.Date(required=True)

    removed = graphene.Boolean(required=True)

    @classmethod
    def perform(cls, info, day):
        services.local_day_remove(actor=info.context.user, day=day)
        return cls(removed=True, errors=[])
