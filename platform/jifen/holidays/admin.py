"""The operators' screen: entered years with their days, and the years deadlines already
reach that nobody has entered (shown on every page of the list until entered)."""

from django.contrib import admin, messages

from jifen.holidays.models import CalendarGap, HolidayDay, HolidayYear


class HolidayDayInline(admin.TabularInline):
    model = HolidayDay
    extra = 0


@admin.register(HolidayYear)
class HolidayYearAdmin(admin.ModelAdmin):
    list_display = ("year", "source", "notice", "entered_by", "entered_at")
    inlines = [HolidayDayInline]

    def changelist_view(self, request, extra_context=None):
        for gap in CalendarGap.objects.all():
            messages.warning(
                request,
                f"{gap.year}: 尚未录入国务院节假日安排，期限暂按周一至周五计算（{gap.example}）。"
                f"用 `jifen calendar import` 录入后将重新计算。",
            )
        return super().changelist_view(request, extra_context)


@admin.register(CalendarGap)
class CalendarGapAdmin(admin.ModelAdmin):
    list_display = ("year", "first_seen", "last_seen", "example")
