"""The years chinese-calendar knows, as entered calendars (source "package"): from here on
the table, not the package, is what deadlines read."""

from django.db import migrations

NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


def seed(apps, schema_editor):
    from django.db import connection

    if connection.schema_name != "public":
        return
    import chinese_calendar

    HolidayYear = apps.get_model("holidays", "HolidayYear")
    HolidayDay = apps.get_model("holidays", "HolidayDay")
    version = getattr(chinese_calendar, "__version__", "")
    days = [
        *((day, "holiday", name) for day, name in chinese_calendar.holidays.items()),
        *((day, "workday", name) for day, name in chinese_calendar.workdays.items() if name),
    ]
    years = {}
    for day, _kind, _name in days:
        years.setdefault(day.year, None)
    for year in sorted(years):
        years[year] = HolidayYear.objects.create(
            year=year,
            notice=f"chinese-calendar {version}: 国务院办公厅 {year} 年部分节假日安排".strip(),
            source="package",
        )
    HolidayDay.objects.bulk_create(
        HolidayDay(day=day, year=years[day.year], kind=kind, name=NAMES.get(name, name))
        for day, kind, name in days
    )


class Migration(migrations.Migration):
    dependencies = [("holidays", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
