import graphene

from jifen.graphql.enums import CalendarDayKindEnum


class CalendarDayType(graphene.ObjectType):
    """A day that is not what its weekday says: off on a weekday or worked on a weekend."""

    class Meta:
        name = "CalendarDay"

    day = graphene.Date(required=True)
    kind = CalendarDayKindEnum(required=True)
    name = graphene.String(required=True)
    local = graphene.Boolean(required=True, description="the tenant's own day")


class HolidayCalendarType(graphene.ObjectType):
    class Meta:
        name = "HolidayCalendar"

    year = graphene.Int(required=True)
    entered = graphene.Boolean(
        required=True,
        description="whether the year's official notice is entered; if not, deadlines in it "
        "count Monday to Friday and are counted again once it is",
    )
    notice = graphene.String(description="the notice the official days come from")
    days = graphene.List(graphene.NonNull(CalendarDayType), required=True)
