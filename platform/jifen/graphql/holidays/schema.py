import graphene

from jifen.graphql.holidays.mutations.local_day import LocalDayRemove, LocalDaySet
from jifen.graphql.holidays.types import CalendarDayType, HolidayCalendarType
from jifen.holidays import selectors


class HolidayQueries(graphene.ObjectType):
    holiday_calendar = graphene.Field(
        HolidayCalendarType,
        year=graphene.Int(required=True),
        description="The working-day calendar deadlines count by: official and local days.",
    )
    calendar_gaps = graphene.List(
        graphene.NonNull(graphene.Int),
        required=True,
        description="Years that deadlines already reach whose official notice is not entered.",
    )

    def resolve_holiday_calendar(self, info, year):
        if not info.context.user.is_authenticated or not 1900 < year < 2200:
            return None
        calendar = selectors.calendar_of(year=year)
        return HolidayCalendarType(
            year=year,
            entered=calendar.entered,
            notice=calendar.notice,
            days=[CalendarDayType(day=d.day, kind=d.kind, name=d.name, local=d.local)
                  for d in calendar.days],
        )  # fmt: skip

    def resolve_calendar_gaps(self, info):
        if not info.context.user.is_authenticated:
            return []
        return selectors.calendar_gaps()


class HolidayMutations(graphene.ObjectType):
    local_day_set = LocalDaySet.Field()
    local_day_remove = LocalDayRemove.Field()
