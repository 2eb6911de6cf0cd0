"""Entering a year's official holidays from the State Council's notice.

The notice is kept as a small YAML file, one entry per holiday as the notice words it:

    year: 2027
    notice: 国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕7号）
    holidays:
      - {name: 元旦, days: 2027-01-01..2027-01-03}
      - {name: 春节, days: 2027-02-06..2027-02-13, work: [2027-02-14, 2027-02-20]}
      ...

`days` (the days off) is one day or a range `first..last`; `work` lists the weekend days worked in exchange
(调休上班). A year is entered whole or not at all: every one of the seven holidays the
notices always name must be there, no day may be given twice, and every day must lie within
a week of the year. Entering a year again replaces its days.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.db import transaction
from django.utils.translation import gettext as _

from jifen.errors import ValidationFailed
from jifen.holidays.models import CalendarGap, DayKind, HolidayDay, HolidayYear

# The seven holidays of every notice since 2008 (国务院《全国年节及纪念日放假办法》).
NOTICE_HOLIDAYS = ("元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节")


class _Loader(yaml.SafeLoader):
    """Dates stay text, so that a wrong one is refused at its entry, not by the parser."""


_Loader.yaml_implicit_resolvers = {
    first: [r for r in resolvers if r[0] != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class NoticeInvalid(ValidationFailed):
    """A notice file that cannot be entered as it is; nothing was written."""


@dataclass(frozen=True)
class NoticeDay:
    day: dt.date
    kind: str
    name: str


@dataclass(frozen=True)
class Notice:
    year: int
    notice: str
    days: tuple[NoticeDay, ...]


def _day(value: object, where: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise NoticeInvalid(
            _("%(where)s: %(value)r is not a date; write it as 2027-01-01.")
            % {"where": where, "value": value},
            field=where,
        ) from None


def _span(value: object, where: str) -> list[dt.date]:
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    first, _sep, last = text.partition("..")
    start = _day(first, where)
    end = _day(last, where) if last else start
    if end < start or (end - start).days > 15:
        raise NoticeInvalid(
            _("%(where)s: %(value)s is not a holiday of at most 16 days; write first..last.")
            % {"where": where, "value": text},
            field=where,
        )
    return [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]


def notice_parse(*, text: str) -> Notice:
    """The notice in `text`, checked whole; `NoticeInvalid` names the first problem."""
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader
    except yaml.YAMLError as exc:
        raise NoticeInvalid(_("the file is not valid YAML: %(error)s") % {"error": exc}) from None
    if not isinstance(data, dict) or not isinstance(data.get("year"), int):
        raise NoticeInvalid(_("the file needs `year: 2027`, `notice:` and `holidays:`."))
    year = data["year"]
    notice = str(data.get("notice") or "").strip()
    if not notice:
        raise NoticeInvalid(
            _("name the notice the days come from (notice: 国务院办公厅关于…的通知)."),
            field="notice",
        )
    entries = data.get("holidays")
    if not isinstance(entries, list) or not entries:
        raise NoticeInvalid(_("`holidays:` must list the notice's holidays."), field="holidays")
    days: dict[dt.date, NoticeDay] = {}
    named: set[str] = set()
    earliest, latest = dt.date(year - 1, 12, 24), dt.date(year + 1, 1, 7)
    for index, entry in enumerate(entries, start=1):
        where = f"holidays[{index}]"
        if not isinstance(entry, dict) or not str(entry.get("name") or "").strip():
            raise NoticeInvalid(
                _("%(where)s: each holiday needs a name and its days off (days:).")
                % {"where": where},
                field=where,
            )
        name = str(entry["name"]).strip()
        named.update(h for h in NOTICE_HOLIDAYS if h in name)
        spans = [(d, DayKind.HOLIDAY) for d in _span(entry.get("days", ""), f"{where}.days")]
        work = entry.get("work") or []
        if not isinstance(work, list):
            work = [work]
        spans += [(_day(w, f"{where}.work"), DayKind.WORKDAY) for w in work]
        for day, kind in spans:
            if not earliest <= day <= latest:
                raise NoticeInvalid(
                    _("%(where)s: %(day)s is not in %(year)s.")
                    % {"where": where, "day": day, "year": year},
                    field=where,
                )
            if day in days:
                raise NoticeInvalid(
                    _("%(where)s: %(day)s is already given for %(other)s.")
                    % {"where": where, "day": day, "other": days[day].name},
                    field=where,
                )
            if kind == DayKind.WORKDAY and day.weekday() < 5:
                raise NoticeInvalid(
                    _("%(where)s: %(day)s is a weekday; list only weekend days worked (调休).")
                    % {"where": where, "day": day},
                    field=where,
                )
            days[day] = NoticeDay(day, kind, name)
    missing = [h for h in NOTICE_HOLIDAYS if h not in named]
    if missing:
        raise NoticeInvalid(
            _(
                "the notice for %(year)s is incomplete: %(missing)s missing. Enter the whole "
                "notice at once; until then %(year)s counts Monday to Friday."
            )
            % {"year": year, "missing": "、".join(missing)},
            field="holidays",
        )
    return Notice(year, notice, tuple(sorted(days.values(), key=lambda d: d.day)))


def holiday_year_enter(*, notice: Notice, entered_by: str, source: str = "entered") -> int:
    """Write a checked notice as its year's calendar (replacing what the year had), then
    recompute the pending deadlines that counted that year Monday to Friday. Returns the
    number of days written."""
    with transaction.atomic():
        HolidayDay.objects.filter(year_id=notice.year).delete()
        kinds = {d.day: d.kind for d in notice.days}
        # a 元旦 that starts in December may already be in the year before: the same day
        # off moves to this notice; a day that changes kind is a contradiction
        shared = HolidayDay.objects.filter(day__in=list(kinds))
        clash = next((d for d in shared if d.kind != kinds[d.day]), None)
        if clash is None:
            shared.delete()
        else:
            raise NoticeInvalid(
                _("%(day)s already belongs to %(other)s's calendar (%(name)s).")
                % {"day": clash.day, "other": clash.year_id, "name": clash.name},
                field="holidays",
            )
        year, _created = HolidayYear.objects.update_or_create(
            year=notice.year,
            defaults={"notice": notice.notice, "source": source, "entered_by": entered_by},
        )
        HolidayDay.objects.bulk_create(
            HolidayDay(day=d.day, year=year, kind=d.kind, name=d.name) for d in notice.days
        )
        CalendarGap.objects.filter(year=notice.year).delete()
        transaction.on_commit(lambda: _recompute(notice.year))
    return len(notice.days)


def holiday_year_import(*, path: Path, entered_by: str) -> Notice:
    """`jifen calendar import FILE`: parse and enter a notice file."""
    notice = notice_parse(text=Path(path).read_text(encoding="utf-8"))
    holiday_year_enter(notice=notice, entered_by=entered_by)
    return notice


def _recompute(year: int) -> None:
    """After commit: every tenant counts its open deadlines of `year` again."""
    from workers.tasks.holidays import recount_all_tenants_task

    try:
        recount_all_tenants_task.delay(year)
    except Exception:  # the broker is away: say how to count again by hand
        import structlog

        structlog.get_logger(__name__).error(
            "holidays.recount_not_sent", year=year, fix=f"jifen calendar recount {year}"
        )
