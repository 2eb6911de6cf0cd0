"""The official holiday calendar, platform-wide (public schema): the State Council's notice
of each year as data, so that a year no package knows yet can be entered when it comes out.

A year is *entered* once its `HolidayYear` row exists; it is written in one transaction with
all its days, and only when the notice's seven holidays are all there (a partly entered year
does not exist). Tenants add their local days in `jifen.deadlines.LocalDay`.
"""

from django.db import models


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", "放假"
    WORKDAY = "workday", "调休上班"


class HolidayYear(models.Model):
    year = models.PositiveSmallIntegerField(primary_key=True)
    notice = models.CharField(max_length=300, help_text="The notice the days were taken from.")
    source = models.CharField(max_length=20, help_text="package (chinese-calendar) or entered.")
    entered_by = models.CharField(max_length=150, blank=True)
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year} ({self.notice})"


class HolidayDay(models.Model):
    day = models.DateField(primary_key=True)
    year = models.ForeignKey(HolidayYear, on_delete=models.CASCADE, related_name="days")
    kind = models.CharField(max_length=10, choices=DayKind.choices)
    name = models.CharField(max_length=50, help_text="The holiday, e.g. 春节.")

    class Meta:
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day} {self.get_kind_display()} {self.name}"


class CalendarGap(models.Model):
    """A year that deadlines already reach but nobody has entered: counted Monday–Friday
    until it is. Shown to operators; removed when the year is entered."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    first_seen = models.DateTimeField(auto_now_add=True)
    last_seen = models.DateTimeField(auto_now=True)
    example = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.year}: not entered"
