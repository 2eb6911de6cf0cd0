"""Builders of each family's organisation tree, people and roles.

Deterministic (seeded) so that a demo reads the same on every machine.
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth.hashers import make_password
from faker import Faker

from jifen.access.models import User
from jifen.org.models import OrgUnit, Role, RoleAssignment, UnitKind
from jifen.org.services import unit_create
from jifen.subjects.models import Subject, SubjectKind

DEMO_PASSWORD = "jifen-demo"


class Builder:
    def __init__(self, root: OrgUnit, seed: int):
        self.root = root
        self.fake = Faker("zh_CN")
        self.fake.seed_instance(seed)
        self.rng = random.Random(seed)
        # One hash for every demo login: hashing 600 passwords would take minutes.
        self.password_hash = make_password(DEMO_PASSWORD)
        self.subjects: list[Subject] = []

    def unit(self, parent: OrgUnit, name: str, kind: str) -> OrgUnit:
        return unit_create(parent=parent, name=name, kind=kind)

    def user(self, username: str, display_name: str) -> User:
        user, _ = User.objects.get_or_create(
            username=username,
            defaults={"display_name": display_name, "password": self.password_hash},
        )
        return user

    def role(self, user: User, role: str, unit: OrgUnit) -> None:
        RoleAssignment.objects.get_or_create(user=user, role=role, unit=unit)

    def person(self, unit: OrgUnit, category: str, **extra) -> Subject:
        subject = Subject(
            kind=SubjectKind.PERSON,
            name=self.fake.name(),
            category=category,
            home_unit=unit,
            joined_on=extra.pop("joined_on", None) or self._joined(),
            **extra,
        )
        self.subjects.append(subject)
        return subject

    def _joined(self) -> dt.date:
        return dt.date(2026, 1, 1) - dt.timedelta(days=self.rng.randint(30, 365 * 30))

    def save_subjects(self) -> None:
        Subject.objects.bulk_create(self.subjects, batch_size=500)
        self.subjects = []

    def member_login(self, subject: Subject, username: str, unit: OrgUnit, role: str) -> User:
        user = self.user(username, subject.name)
        subject.user = user
        subject.save(update_fields=["user"])
        self.role(user, Role.MEMBER, unit)
        if role != Role.MEMBER:
            self.role(user, role, unit)
        return user


def build_county(root: OrgUnit) -> None:
    """A county organisation department: townships, ~30 branches, ~600 members."""
    b = Builder(root, seed=2026)
    townships = ["城关镇", "青山乡", "河口镇", "桃源乡", "白沙镇"]
    branch_names = [
        "村党支部",
        "社区党支部",
        "机关党支部",
        "学校党支部",
        "卫生院党支部",
        "企业党支部",
    ]
    # The 永州 ruleset has one category, 党员(含预备党员); who is probationary, floating or
    # exempt is a fact of the person (status, host unit, approved exemption), not a category.
    statuses = ["full"] * 16 + ["probationary", "floating", "exempt", "full"]
    county_admin = b.user("county_org", "县委组织部干部")
    b.role(county_admin, Role.SUPERIOR, root)
    branches: list[OrgUnit] = []
    for t_index, township in enumerate(townships, start=1):
        committee = b.unit(root, f"{township}党委", UnitKind.COMMITTEE)
        superior = b.user(f"superior_{t_index:02d}", f"{township}党委组织委员")
        b.role(superior, Role.SUPERIOR, committee)
        for suffix in branch_names:
            place = b.fake.street_name().removesuffix("路").removesuffix("街")
            branches.append(b.unit(committee, f"{township}{place}{suffix}", UnitKind.BRANCH))
    for index, branch in enumerate(branches, start=1):
        members = [
            b.person(
                branch,
                "member",
                exempt_reason="年老体弱，经支部大会同意免于评议" if status == "exempt" else "",
                attributes={"status": "probationary" if status == "probationary" else "full"}
                | ({"floating_reason": "外出务工"} if status == "floating" else {}),
            )
            for status in b.rng.sample(statuses, len(statuses))
        ]
        b.save_subjects()
        members = list(Subject.objects.filter(home_unit=branch).order_by("pk"))
        secretary, recorder, supervisor = members[0], members[1], members[2]
        b.member_login(secretary, f"secretary_{index:02d}", branch, Role.SECRETARY)
        b.member_login(recorder, f"recorder_{index:02d}", branch, Role.RECORDER)
        b.member_login(supervisor, f"supervisor_{index:02d}", branch, Role.SUPERVISOR)
        if index == 1:
            b.member_login(members[3], "member_0101", branch, Role.MEMBER)
    # Floating members are scored by a host branch in another township.
    floating = Subject.objects.filter(attributes__has_key="floating_reason").order_by("pk")
    for i, subject in enumerate(floating):
        subject.host_unit = branches[(i * 7 + 3) % len(branches)]
        subject.save(update_fields=["host_unit"])


def build_enterprise(root: OrgUnit) -> None:
    """An enterprise party committee: operation areas as departments, each with a branch."""
    b = Builder(root, seed=2002)
    departments = [
        "第一作业区",
        "第二作业区",
        "第三作业区",
        "生产技术科",
        "质量安全环保科",
        "机关综合办",
    ]
    for index, name in enumerate(departments, start=1):
        department = b.unit(root, name, UnitKind.DEPARTMENT)
        branch = b.unit(department, f"{name}党支部", UnitKind.BRANCH)
        for _ in range(14):
            b.person(
                branch,
                b.rng.choice(["full"] * 9 + ["probationary"]),
                attributes={"post": b.rng.choice(["采气工", "技术员", "班长", "管理人员"])},
            )
        b.save_subjects()
        secretary = Subject.objects.filter(home_unit=branch).order_by("pk").first()
        b.member_login(secretary, f"secretary_{index:02d}", branch, Role.SECRETARY)


def build_school(root: OrgUnit) -> None:
    """A school: a teachers' branch, and grades → classes with pupils (class officers 85)."""
    b = Builder(root, seed=2004)
    staff = b.unit(root, "教师党支部", UnitKind.BRANCH)
    for _ in range(24):
        b.person(
            staff,
            "teacher",
            attributes={"subject": b.rng.choice(["语文", "数学", "英语", "科学", "体育"])},
        )
    b.save_subjects()
    for grade_no, grade_name in enumerate(["三年级", "四年级", "五年级", "六年级"], start=3):
        grade = b.unit(root, grade_name, UnitKind.GRADE)
        for class_no in (1, 2):
            klass = b.unit(grade, f"{grade_name}（{class_no}）班", UnitKind.CLASS)
            for seat in range(30):
                officer = seat < 5
                b.person(
                    klass,
                    "officer" if officer else "pupil",
                    joined_on=dt.date(2026 - (grade_no - 1), 9, 1),
                    attributes={"class_officer": officer},
                )
            b.save_subjects()
            if grade_no == 3 and class_no == 1:
                teacher = b.user("head_teacher_31", "三年级一班班主任")
                b.role(teacher, Role.RECORDER, klass)


def build_village(root: OrgUnit) -> None:
    """A township with a village divided into grids of households (户积分)."""
    b = Builder(root, seed=2017)
    village = b.unit(root, "彭墩村", UnitKind.VILLAGE)
    b.unit(root, "石牌村", UnitKind.VILLAGE)
    for g in range(1, 5):
        grid = b.unit(village, f"第{g}网格", UnitKind.GRID)
        worker = b.user(f"grid_{g:02d}", f"第{g}网格网格员")
        b.role(worker, Role.GRID_WORKER, grid)
        for _ in range(35):
            head = b.fake.last_name()
            household = Subject.objects.create(
                kind=SubjectKind.HOUSEHOLD,
                name=f"{head}{b.fake.first_name_male()}户",
                category="household",
                home_unit=grid,
                attributes={"address": f"彭墩村{g}组{b.rng.randint(1, 80)}号", "base": 140},
            )
            for _ in range(b.rng.randint(2, 5)):
                b.person(grid, "villager", household=household)
        b.save_subjects()
    secretary = b.user("village_secretary", "彭墩村党支部书记")
    b.role(secretary, Role.SECRETARY, village)


SELLER_KINDS = ["超市", "便利店", "粮油店", "熟食店", "水果店", "副食店", "餐饮店", "母婴店"]


def build_market(root: OrgUnit) -> None:
    """A market-supervision bureau: stations supervising food sellers (A/B/C/D grades)."""
    b = Builder(root, seed=2012)
    for s, station in enumerate(["城关市场监管所", "河口市场监管所", "白沙市场监管所"], start=1):
        unit = b.unit(root, station, UnitKind.STATION)
        inspector = b.user(f"inspector_{s:02d}", f"{station}执法人员")
        b.role(inspector, Role.INSPECTOR, unit)
        for _ in range(40):
            kind = b.rng.choice(SELLER_KINDS)
            near_school = b.rng.random() < 0.08
            opened = dt.date(2026, 1, 1) - dt.timedelta(days=b.rng.randint(30, 3000))
            b.subjects.append(
                Subject(
                    kind=SubjectKind.BUSINESS,
                    name=f"{b.fake.last_name()}记{kind}",
                    # the template's categories: 小经营店/小摊点 C, 新办许可 B, others scored
                    category=(
                        "small_shop"
                        if kind in {"水果店", "副食店"}
                        else ("new_licensed" if opened > dt.date(2025, 10, 1) else "licensed")
                    ),
                    home_unit=unit,
                    joined_on=opened,
                    attributes={
                        "licence_no": f"JY1{b.rng.randint(10**12, 10**13 - 1)}",
                        "business_type": kind,
                        "scale": b.rng.choice(["small", "medium", "large"]),
                        "near_school": near_school,
                        "address": b.fake.street_address(),
                    },
                )
            )
        b.save_subjects()


def inspect_market(root: OrgUnit, today: dt.date | None = None) -> int:
    """Each station's inspector assesses licence files and inspects most of its sellers this
    year, so the demo shows inspections, grades with their timeline and a seller's login;
    idempotent (keys), run after the ruleset is assigned."""
    from jifen.inspections.models import Inspection, RiskGrade
    from jifen.inspections.recording import grading_of, inspection_record, licence_assess
    from jifen.inspections.services import risk_grades_recompute

    today = today or dt.date.today()
    rng = random.Random(2012)
    done = 0
    if Inspection.objects.filter(subject__home_unit__path__startswith=root.path).exists():
        return 0  # inspected on an earlier run
    businesses = list(
        Subject.objects.filter(kind=SubjectKind.BUSINESS, home_unit__path__startswith=root.path)
        .select_related("home_unit")
        .order_by("pk")
    )
    for index, shop in enumerate(businesses):
        assignment = RoleAssignment.objects.filter(role=Role.INSPECTOR, unit=shop.home_unit).first()
        if assignment is None or index % 5 == 4:  # every fifth seller is not inspected yet
            continue
        _app, section = grading_of(shop, today)
        scale = {"small": 0.3, "medium": 1.0, "large": 3.0}[shop.attributes.get("scale", "small")]
        values = {
            row["code"]: round(rng.randint(0, 400) * scale) for row in section["static_factors"]
        }
        values["premises_area"] = round(rng.randint(30, 900) * scale)
        day = today - dt.timedelta(days=rng.randint(5, 200))
        licence_assess(actor=assignment.user, subject=shop, key=f"demo-licence:{shop.pk}",
                       assessed_on=day, values=values, business_type=shop.attributes.get("business_type", ""))  # fmt: skip
        failing = rng.sample([r["code"] for r in section["dynamic_checklist"]], k=rng.randint(0, 4))
        inspection_record(
            actor=assignment.user, subject=shop, key=f"demo-inspection:{shop.pk}",
            inspected_on=day + dt.timedelta(days=1),
            results={r["code"]: "fail" if r["code"] in failing else "pass"
                     for r in section["dynamic_checklist"]},
            findings="现场检查发现问题已责令整改" if failing else "",
            signature_refused="演示数据:负责人签字见纸质记录",
        )  # fmt: skip
        done += 1
    ungraded = [s.pk for s in businesses if not RiskGrade.objects.filter(subject=s).exists()]
    risk_grades_recompute(subject_ids=ungraded, on=today)
    if businesses and businesses[0].user_id is None:
        seller = User.objects.get_or_create(
            username="seller_01",
            defaults={"display_name": businesses[0].name, "password": make_password(DEMO_PASSWORD)},
        )[0]
        businesses[0].user = seller
        businesses[0].save(update_fields=["user"])
    return done


BUILDERS = {
    "county": build_county,
    "enterprise": build_enterprise,
    "school": build_school,
    "village": build_village,
    "market": build_market,
}
