"""The demo tenants' onboarding workbooks: each family's organisation, roll, households,
businesses and users as the import templates lay them out.

`family_rows(family)` makes the rows (seeded, so the same on every machine);
`write_workbooks()` keeps them as xlsx files in `data/<family>/` (what the repository
holds, regenerated with `python -m jifen.demo.workbooks`); the demo imports those files
through the dry run and the apply, as a tenant would.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from pathlib import Path

from faker import Faker
from openpyxl import load_workbook

from jifen.imports.models import ImportKind
from jifen.imports.sheets import template_workbook
from jifen.org.models import Role
from jifen.subjects.identity import id_card_example

DEMO_PASSWORD = "jifen-demo"
DATA = Path(__file__).resolve().parent / "data"
# the order a tenant imports in: units before the people homed in them, people before the
# users linked to them
ORDER = (ImportKind.UNITS, ImportKind.MEMBERS, ImportKind.HOUSEHOLDS, ImportKind.BUSINESSES,
         ImportKind.USERS)  # fmt: skip


def _role(role: Role) -> str:
    return role.label.partition(" ")[0].split("/")[0]


class _Rows:
    def __init__(self, seed: int, first_card: int):
        self.fake = Faker("zh_CN")
        self.fake.seed_instance(seed)
        self.rng = random.Random(seed)
        self.card = first_card
        self.by_kind: dict[str, list[list]] = {kind: [] for kind in ORDER}

    def next_card(self) -> str:
        self.card += 1
        return id_card_example(self.card)

    def joined(self) -> str:
        return str(dt.date(2026, 1, 1) - dt.timedelta(days=self.rng.randint(30, 365 * 30)))

    def unit(self, code: str, name: str, kind: str, parent: str = "", scoring: bool = True):
        self.by_kind[ImportKind.UNITS].append([code, name, kind, parent, "是" if scoring else "否"])

    def member(self, home: str, category: str, *, host: str = "", joined: str | None = None,
               exempt: str = "") -> list:  # fmt: skip
        row = [self.fake.name(), self.next_card(), "", category, home, host,
               joined or self.joined(), exempt, "支部党员大会" if exempt else ""]  # fmt: skip
        self.by_kind[ImportKind.MEMBERS].append(row)
        return row

    def user(self, username: str, display: str, role: Role, unit: str = "", card: str = ""):
        self.by_kind[ImportKind.USERS].append(
            [username, display, "", _role(role), unit, DEMO_PASSWORD, card]
        )

    def member_login(self, person: list, username: str, unit: str, role: Role) -> None:
        """A member of the roll who signs in: a member there, and perhaps another role."""
        self.user(username, person[0], Role.MEMBER, unit, person[1])
        if role != Role.MEMBER:
            self.user(username, person[0], role, unit, person[1])


def county_rows() -> _Rows:
    """A county organisation department: 5 townships, 30 branches, 600 members."""
    r = _Rows(2026, 0)
    townships = ["城关镇", "青山乡", "河口镇", "桃源乡", "白沙镇"]
    branch_names = ["村党支部", "社区党支部", "机关党支部", "学校党支部", "卫生院党支部",
                    "企业党支部"]  # fmt: skip
    # The 永州 ruleset has one category, 党员(含预备党员): who is floating or exempt is a fact
    # of the person (host unit, approved exemption), not a category.
    statuses = ["full"] * 16 + ["probationary", "floating", "exempt", "full"]
    r.user("county_org", "县委组织部干部", Role.SUPERIOR)
    branches: list[str] = []
    for t, township in enumerate(townships, start=1):
        committee = f"QS-{t:02d}"
        r.unit(committee, f"{township}党委", "党(工)委")
        r.user(f"superior_{t:02d}", f"{township}党委组织委员", Role.SUPERIOR, committee)
        for k, suffix in enumerate(branch_names, start=1):
            place = r.fake.street_name().removesuffix("路").removesuffix("街")
            code = f"{committee}-{k:02d}"
            r.unit(code, f"{township}{place}{suffix}", "党支部", committee)
            branches.append(code)
    floating = 0
    for index, branch in enumerate(branches, start=1):
        people = []
        drawn = r.rng.sample(statuses, len(statuses))
        for status in drawn:
            host = ""
            if status == "floating":  # scored by a host branch elsewhere
                host = branches[(floating * 7 + 3) % len(branches)]
                floating += 1
            exempt = "年老体弱，经支部大会同意免于评议" if status == "exempt" else ""
            people.append(r.member(branch, "member", host=host, exempt=exempt))
        r.member_login(people[0], f"secretary_{index:02d}", branch, Role.SECRETARY)
        r.member_login(people[1], f"recorder_{index:02d}", branch, Role.RECORDER)
        r.member_login(people[2], f"supervisor_{index:02d}", branch, Role.SUPERVISOR)
        if index == 1:
            r.member_login(people[3], "member_0101", branch, Role.MEMBER)
            # a member scored at home, who declares for themselves (the demo's member login)
            at_home = next(i for i in range(4, len(people)) if drawn[i] in ("full", "probationary"))
            r.member_login(people[at_home], "member_0102", branch, Role.MEMBER)
    return r


def enterprise_rows() -> _Rows:
    """An enterprise party committee: operation areas as departments, each with a branch."""
    r = _Rows(2002, 10_000)
    departments = ["第一作业区", "第二作业区", "第三作业区", "生产技术科", "质量安全环保科",
                   "机关综合办"]  # fmt: skip
    for index, name in enumerate(departments, start=1):
        department, branch = f"CQ-{index:02d}", f"CQ-{index:02d}-B"
        r.unit(department, name, "部门")
        r.unit(branch, f"{name}党支部", "党支部", department)
        people = [r.member(branch, r.rng.choice(["full"] * 9 + ["probationary"]))
                  for _ in range(14)]  # fmt: skip
        r.member_login(people[0], f"secretary_{index:02d}", branch, Role.SECRETARY)
    return r


def school_rows() -> _Rows:
    """A school: a teachers' branch, and grades → classes with pupils (class officers 85)."""
    r = _Rows(2004, 20_000)
    r.unit("YX-T", "教师党支部", "党支部")
    for _ in range(24):
        r.member("YX-T", "teacher")
    for grade_no, grade_name in enumerate(["三年级", "四年级", "五年级", "六年级"], start=3):
        grade = f"YX-G{grade_no}"
        r.unit(grade, grade_name, "年级")
        for class_no in (1, 2):
            klass = f"{grade}-{class_no}"
            r.unit(klass, f"{grade_name}（{class_no}）班", "班级", grade)
            for seat in range(30):
                r.member(klass, "officer" if seat < 5 else "pupil",
                         joined=str(dt.date(2026 - (grade_no - 1), 9, 1)))  # fmt: skip
            if grade_no == 3 and class_no == 1:
                r.user("head_teacher_31", "三年级一班班主任", Role.RECORDER, klass)
    return r


def village_rows() -> _Rows:
    """A township with a village divided into grids of households (户积分)."""
    r = _Rows(2017, 30_000)
    r.unit("PD", "彭墩村", "村/社区")
    r.unit("SP", "石牌村", "村/社区")
    for g in range(1, 5):
        grid = f"PD-{g:02d}"
        r.unit(grid, f"第{g}网格", "网格", "PD")
        r.user(f"grid_{g:02d}", f"第{g}网格网格员", Role.GRID_WORKER, grid)
        for h in range(1, 36):
            head = r.fake.last_name()
            code, name = f"{grid}-{h:03d}", f"{head}{r.fake.first_name_male()}户"
            for _ in range(r.rng.randint(2, 5)):
                r.by_kind[ImportKind.HOUSEHOLDS].append(
                    [code, name, grid, "household", head + r.fake.first_name(), r.next_card(),
                     r.fake.phone_number()]
                )  # fmt: skip
    r.user("village_secretary", "彭墩村党支部书记", Role.SECRETARY, "PD")
    return r


SELLER_KINDS = ["超市", "便利店", "粮油店", "熟食店", "水果店", "副食店", "餐饮店", "母婴店"]


def market_rows() -> _Rows:
    """A market-supervision bureau: stations supervising food sellers (A/B/C/D grades)."""
    r = _Rows(2012, 40_000)
    for s, station in enumerate(["城关市场监管所", "河口市场监管所", "白沙市场监管所"], start=1):
        code = f"SC-{s:02d}"
        r.unit(code, station, "监管所")
        r.user(f"inspector_{s:02d}", f"{station}执法人员", Role.INSPECTOR, code)
        for _ in range(40):
            kind = r.rng.choice(SELLER_KINDS)
            r.by_kind[ImportKind.BUSINESSES].append(
                [f"JY1{r.rng.randint(10**12, 10**13 - 1)}", f"{r.fake.last_name()}记{kind}",
                 # the template's categories: 小经营店/小摊点 C, 新办许可 B, others scored
                 "small_shop" if kind in {"水果店", "副食店"}
                 else ("new_licensed" if r.rng.random() < 0.1 else "licensed"), code,
                 r.fake.street_address(), "是" if r.rng.random() < 0.08 else "否", ""]
            )  # fmt: skip
    return r


ROWS = {
    "county": county_rows,
    "enterprise": enterprise_rows,
    "school": school_rows,
    "village": village_rows,
    "market": market_rows,
}


def family_rows(family: str) -> dict[str, list[list]]:
    """The rows of each kind of workbook of a family's demo tenant (empty kinds left out)."""
    return {kind: rows for kind, rows in ROWS[family]().by_kind.items() if rows}


def workbook(kind: str, rows: list[list]) -> bytes:
    """The kind's template (header, example, notes) with the rows below the example."""
    book = load_workbook(io.BytesIO(template_workbook(kind)))
    sheet = book.worksheets[0]
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def workbook_path(family: str, kind: str) -> Path:
    return DATA / family / f"{ORDER.index(kind) + 1}-{kind}.xlsx"


def write_workbooks(families: tuple[str, ...] = tuple(ROWS)) -> list[Path]:
    """(Re)write the kept workbooks from the rows above."""
    written = []
    for family in families:
        (DATA / family).mkdir(parents=True, exist_ok=True)
        for kind, rows in family_rows(family).items():
            path = workbook_path(family, kind)
            path.write_bytes(workbook(kind, rows))
            written.append(path)
    return written


def kept_workbooks(family: str) -> list[tuple[str, Path]]:
    """The family's kept workbooks, in import order."""
    return [(kind, workbook_path(family, kind)) for kind in ORDER
            if workbook_path(family, kind).exists()]  # fmt: skip


if __name__ == "__main__":
    for path in write_workbooks():
        print(path)
