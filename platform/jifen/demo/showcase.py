"""What a village's and a school's demo shows beyond its roll: a points shop with photos,
households with points, a redemption handed over and one waiting; a class's week recorded
by the head teacher and a parent's login. Idempotent (keys and a guard), run after the
family's ruleset is assigned."""

from __future__ import annotations

import datetime as dt
import struct
import zlib
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from jifen.access.models import User
from jifen.demo.workbooks import DEMO_PASSWORD
from jifen.ledger.services import EventInput, event_book
from jifen.org.models import OrgUnit
from jifen.subjects.models import Subject, SubjectKind

# (name, points, stock, low-stock threshold, photo colour): goods villages' shops stock
SHOP_GOODS = [
    ("食用油 5L", 30, 20, 5, (230, 170, 40)),
    ("洗衣粉 2kg", 12, 4, 5, (60, 140, 220)),
    ("毛巾两条", 6, 30, 5, (220, 90, 110)),
    ("大米 10kg", 40, 10, 3, (235, 225, 200)),
    ("酱油 1L", 8, None, None, (120, 70, 40)),
]
# (item, occurrences by household index): what the grid worker recorded this year
HOUSEHOLD_ITEMS = ["plants", "neighbourly", "family_care", "waste_sorting", "tidy_month"]


def _user(username: str, display: str) -> User:
    return User.objects.get_or_create(
        username=username,
        defaults={"display_name": display, "password": make_password(DEMO_PASSWORD)},
    )[0]


def photo_png(colour: tuple[int, int, int], size: int = 96) -> bytes:
    """A plain product tile (a light frame round the colour) as a PNG, without an imaging
    library: the demo needs photos the catalogue can show, not pictures of real goods."""
    rows = []
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            edge = min(x, y, size - 1 - x, size - 1 - y) < size // 8
            row += bytes((250, 250, 250) if edge else colour)
        rows.append(bytes(row))
    head = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", head)
        + chunk(b"IDAT", zlib.compress(b"".join(rows)))
        + chunk(b"IEND", b"")
    )


def village_showcase(root: OrgUnit, today: dt.date | None = None) -> int:
    """Points for the first grid's households, 彭墩村's shop, one redemption handed over and
    one requested, and `household_01`, a member of the first household; the number of
    events booked (0 on a second run)."""
    from jifen.procedure.evidence import evidence_upload
    from jifen.redemption.models import PickupPoint, ShopItem
    from jifen.redemption.services import redemption_hand_over, redemption_make
    from jifen.redemption.shop import (
        ShopItemInput,
        exchange_window_add,
        pickup_point_add,
        shop_item_create,
    )

    today = today or dt.date.today()
    village = OrgUnit.objects.filter(code="PD", path__startswith=root.path).first()
    if village is None:
        return 0
    keeper = User.objects.get(username="village_secretary")
    recorder = User.objects.get(username="grid_01")
    households = list(
        Subject.objects.filter(kind=SubjectKind.HOUSEHOLD, home_unit__code="PD-01").order_by("pk")
    )
    start = dt.date(today.year, 1, 1)
    booked = 0
    for index, household in enumerate(households):
        for n, item in enumerate(HOUSEHOLD_ITEMS[: 1 + index % len(HOUSEHOLD_ITEMS)]):
            day = max(start, today - dt.timedelta(days=3 + 11 * n + index))
            recorded = event_book(
                actor=recorder,
                data=EventInput(
                    key=f"demo-household:{household.pk}:{item}",
                    subject_id=household.pk,
                    item=item,
                    occurred_on=day,
                ),
            )
            booked += int(recorded.created)
    if not ShopItem.objects.filter(unit=village).exists():
        with transaction.atomic():
            for name, points, stock, low, colour in SHOP_GOODS:
                upload = SimpleUploadedFile(f"{name}.png", photo_png(colour), "image/png")
                photo = evidence_upload(user=keeper, upload=upload)
                data = ShopItemInput(name=name, points=Decimal(points), stock=stock,
                                     low_stock_at=low, photo_id=photo.pk)  # fmt: skip
                shop_item_create(actor=keeper, unit=village, data=data)
            pickup_point_add(actor=keeper, unit=village, name="彭墩村村委会", address="村委会一楼")
            exchange_window_add(actor=keeper, unit=village, opens_on=start,
                                closes_on=dt.date(today.year, 12, 31))  # fmt: skip
    items = {i.name: i for i in ShopItem.objects.filter(unit=village)}
    pickup = PickupPoint.objects.filter(unit=village).first()
    if len(households) > 4:  # by key: a second run finds the same redemptions
        done = redemption_make(actor=keeper, subject=households[4], item=items["毛巾两条"],
                               key="demo-redeem:done", pickup_point=pickup)  # fmt: skip
        redemption_hand_over(actor=keeper, redemption=done)
        redemption_make(actor=keeper, subject=households[3], item=items["酱油 1L"],
                        key="demo-redeem:waiting", pickup_point=pickup)  # fmt: skip
    first = households[0] if households else None
    if first is not None:
        person = Subject.objects.filter(household=first).order_by("pk").first()
        if person is not None and person.user_id is None:
            person.user = _user("household_01", person.name)
            person.save(update_fields=["user"])
    return booked


# (item, pupils by seat): the duty monitor's week in 三年级（1）班
CLASS_WEEK = [
    ("good_homework", (0, 2, 5, 7, 9, 11)),
    ("competition", (1, 5, 8)),
    ("subject_first", (2,)),
    ("late", (3, 12, 20)),
    ("homework_late", (4, 12, 20, 25)),
    ("duty_forgotten", (12, 25)),
    ("truancy", (20,)),
]


def school_showcase(root: OrgUnit, today: dt.date | None = None) -> int:
    """The head teacher's entries of this week and earlier this month in 三年级（1）班, and
    `parent_31`, the parent of its first pupil; the number of events booked."""
    from jifen.school.services import parent_grant

    today = today or dt.date.today()
    klass = OrgUnit.objects.filter(code="YX-G3-1", path__startswith=root.path).first()
    if klass is None:
        return 0
    teacher = User.objects.get(username="head_teacher_31")
    pupils = list(Subject.objects.filter(kind=SubjectKind.PERSON, home_unit=klass).order_by("pk"))
    monday = today - dt.timedelta(days=today.weekday())
    booked = 0
    for item, seats in CLASS_WEEK:
        for seat in seats:
            if seat >= len(pupils):
                continue
            for days_back in (0, 7):  # this week, and the week before (the month's report)
                day = max(
                    monday - dt.timedelta(days=days_back), dt.date(today.year, today.month, 1)
                )
                recorded = event_book(
                    actor=teacher,
                    data=EventInput(
                        key=f"demo-class:{pupils[seat].pk}:{item}:{days_back}",
                        subject_id=pupils[seat].pk,
                        item=item,
                        occurred_on=min(day, today),
                    ),
                )
                booked += int(recorded.created)
    if pupils:
        parent = _user("parent_31", f"{pupils[0].name}家长")
        parent_grant(actor=User.objects.get(username="admin"), user=parent, pupil=pupils[0])
    return booked
