"""The paper forms as data: a title, the header facts, a table and the places to sign.

Each builder reads what it needs in a fixed number of queries and yields its table rows
lazily, so a renderer can stream a unit of thousands of members without holding them all.
The layouts follow the forms of the schemes (seed 001: 《月份党员量化积分登记表》 and
《年度党员量化积分情况汇总表》; seed 002: 《党员积分管理工作台账》; the 公示栏 notice).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from jifen.ledger.selectors import entries_that_count, standing_entries
from jifen.org.models import OrgUnit
from jifen.subjects.models import Subject, SubjectKind

CATEGORY_WORDS = {"full": "正式党员", "probationary": "预备党员", "floating": "流动党员"}


@dataclass
class Form:
    """One printed form. `rows` may be a generator (read once, by one renderer)."""

    slug: str
    title: str
    facts: list[tuple[str, str]]
    columns: list[str]
    rows: Iterable[list]
    totals: list | None = None
    notes: list[str] = field(default_factory=list)
    signatures: list[str] = field(default_factory=list)
    widths: list[int] = field(default_factory=list)


def points(value) -> str | float:
    """Points as printed: no trailing zeros (2, -1.5)."""
    if value is None:
        return ""
    value = Decimal(value).normalize()
    return float(value) if value != value.to_integral() else int(value)


def item_titles() -> dict[str, str]:
    """Every item's title across the tenant's rulesets and the templates they extend."""
    import yaml

    from jifen.rulebook.models import RulesetVersion
    from rulesets.document import TEMPLATES

    found: dict[str, str] = {}
    for path in sorted(TEMPLATES.glob("*.yaml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for item in document.get("items", []) or []:
            found.setdefault(item["code"], item.get("title", item["code"]))
    for document in RulesetVersion.objects.values_list("document", flat=True):
        for item in (document or {}).get("items", []) or []:
            found[item["code"]] = item.get("title", item["code"])
    return found


def _month(year: int, month: int) -> tuple[dt.date, dt.date]:
    start = dt.date(year, month, 1)
    end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return start, end


def _category(code: str) -> str:
    return CATEGORY_WORDS.get(code, code)


# --- a member's monthly registration card (登记卡) --------------------------------------------


def member_card(subject: Subject, year: int, month: int) -> Form:
    """《__月份党员量化积分登记表》 of one member: each item, points, evidence, signatures."""
    start, end = _month(year, month)
    titles = item_titles()
    entries = list(
        standing_entries()
        .filter(subject=subject, occurred_on__range=(start, end))
        .select_related("event")
        .annotate(evidence_count=Count("event__declaration__evidence"))
        .order_by("occurred_on", "seq")
    )
    total = sum((e.points for e in entries), Decimal(0))

    def rows():
        for n, entry in enumerate(entries, start=1):
            evidence = f"凭证 {entry.evidence_count} 份" if entry.evidence_count else ""
            yield [n, entry.occurred_on.isoformat(), titles.get(entry.item, entry.item),
                   points(entry.points), entry.bucket, f"{entry.event_key}" + (f"（{evidence}）" if evidence else ""),
                   "已确认" if entry.confirmed else "待确认", "", ""]  # fmt: skip

    unit = subject.scoring_unit
    return Form(
        slug="member-card",
        title=f"{year}年{month}月份党员量化积分登记表",
        facts=[
            ("党支部", unit.name),
            ("姓名", subject.name),
            ("类别", _category(subject.category)),
            ("身份证后四位", subject.id_card_last4 or ""),
        ],
        columns=[
            "序号",
            "日期",
            "积分事项",
            "分值",
            "类别",
            "依据/凭证编号",
            "状态",
            "记分员签字",
            "监督员签字",
        ],
        rows=rows(),
        totals=["本月合计", "", "", points(total), "", "", "", "", ""],
        signatures=["党员本人签字：", "记分员签字：", "监督员签字：", "支部书记签字：", "日期："],
        widths=[6, 12, 30, 8, 10, 30, 8, 12, 12],
    )


# --- a branch's monthly ledger (台账) ------------------------------------------------------------


def branch_ledger(unit: OrgUnit, year: int, month: int) -> Form:
    """《党员积分管理台账》 of a branch for a month: one row per member, points by bucket,
    the month's and the year's totals, and what they were for."""
    start, end = _month(year, month)
    titles = item_titles()
    members = Subject.objects.filter(
        Q(home_unit=unit, host_unit__isnull=True) | Q(host_unit=unit), kind=SubjectKind.PERSON
    ).order_by("name", "pk")
    standing = (
        standing_entries()
        .order_by()
        .filter(
            Q(subject__home_unit=unit, subject__host_unit__isnull=True) | Q(subject__host_unit=unit)
        )
    )
    month_rows = standing.filter(occurred_on__range=(start, end))
    buckets = sorted(set(month_rows.values_list("bucket", flat=True)) - {""})
    by_bucket: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for subject_id, bucket, total in month_rows.values_list("subject_id", "bucket").annotate(
        t=Sum("points")
    ):
        by_bucket[subject_id][bucket] = total
    year_totals = dict(
        standing.filter(occurred_on__range=(dt.date(year, 1, 1), end))
        .values_list("subject_id")
        .annotate(t=Sum("points"))
    )
    reasons: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for subject_id, item in month_rows.values_list("subject_id", "item"):
        reasons[subject_id][item] += 1
    sums = defaultdict(Decimal)

    def rows():
        for n, member in enumerate(members.iterator(chunk_size=2000), start=1):
            month_total = sum(by_bucket[member.pk].values(), Decimal(0))
            for bucket in buckets:
                sums[bucket] += by_bucket[member.pk].get(bucket, 0)
            sums["month"] += month_total
            why = "；".join(
                f"{titles.get(i, i)}×{c}" for i, c in sorted(reasons[member.pk].items())
            )
            yield [n, member.name, _category(member.category),
                   *[points(by_bucket[member.pk].get(b, 0)) for b in buckets],
                   points(month_total), points(year_totals.get(member.pk, 0)), why, "流动党员" if member.host_unit_id == unit.pk else ""]  # fmt: skip

    form = Form(
        slug="branch-ledger",
        title=f"{unit.name}党员积分管理台账（{year}年{month}月）",
        facts=[("党支部", unit.name), ("月份", f"{year}年{month}月")],
        columns=["序号", "姓名", "类别", *buckets, "本月积分", "本年累计", "得分依据", "备注"],
        rows=rows(),
        signatures=["记分员：", "监督员：", "支部书记：", "填表日期："],
        widths=[6, 10, 10, *[8] * len(buckets), 9, 9, 40, 10],
    )

    class _Totals(list):
        """The totals row, complete only once the rows were read."""

        def __iter__(self):
            return iter(
                [
                    "合计",
                    "",
                    "",
                    *[points(sums[b]) for b in buckets],
                    points(sums["month"]),
                    "",
                    "",
                    "",
                ]
            )

        def __len__(self):
            return 3 + len(buckets) + 4

    form.totals = _Totals()
    return form


# --- the publicity notice of a board (公示) ------------------------------------------------------


def board_notice(board) -> Form:
    """The notice posted on the 公示栏: dates, the entries, and how to object."""
    from jifen.procedure.models import BoardKind

    titles = item_titles()
    unit = board.unit
    if board.kind == BoardKind.RESULTS and hasattr(board, "period_close"):
        results = board.period_close.results.select_related("subject").order_by(
            "rank", "subject__name"
        )
        columns = ["序号", "姓名", "类别", "总积分", "等次", "排名"]
        rows = ([n, r.subject.name, _category(r.category), points(r.total), r.grade, r.rank or ""]
                for n, r in enumerate(results.iterator(), start=1))  # fmt: skip
        what = "积分结果"
    else:
        declarations = board.declarations.select_related("subject").order_by(
            "subject__name", "occurred_on", "pk"
        )
        columns = ["序号", "姓名", "积分事项", "日期", "分值"]
        entries = dict(
            standing_entries()
            .order_by()
            .filter(event__declaration__board=board)
            .values_list("event__declaration")
            .annotate(t=Sum("points"))
        )
        rows = ([n, d.subject.name, titles.get(d.item, d.item), d.occurred_on.isoformat(), points(entries.get(d.pk))]
                for n, d in enumerate(declarations.iterator(), start=1))  # fmt: skip
        what = "积分初评情况"
    opened = board.opened_at.date() if board.opened_at else board.covers_end
    return Form(
        slug="board-notice",
        title=f"关于{unit.name}党员{what}的公示",
        facts=[
            ("公示单位", unit.name),
            ("公示范围", f"{board.covers_start.isoformat()} 至 {board.covers_end.isoformat()}"),
            ("公示期", f"{opened.isoformat()} 至 {board.closes_on.isoformat()}"),
        ],
        columns=columns,
        rows=rows,
        notes=[
            f"现将{unit.name}{board.covers_start:%Y年%m月%d日}至{board.covers_end:%Y年%m月%d日}党员{what}予以公示。",
            f"公示期间（{opened:%Y年%m月%d日}至{board.closes_on:%Y年%m月%d日}），如有异议，请以书面或当面方式向{unit.name}支部书记、监督员反映，"
            "也可在积分系统中对公示条目提出异议；反映问题应实事求是，并写明具体事实。",
            "逾期未提出异议的，视为无异议。",
        ],
        signatures=[f"{unit.name}（盖章）", f"{dt.date.today():%Y年%m月%d日}"],
        widths=[6, 12, 30, 14, 10, 10],
    )


# --- the period's results and the yearly summary (汇总表) -------------------------------------


def _checkpoint_fact(close) -> list[tuple[str, str]]:
    """The signed ledger checkpoint of the filing, so the superior can later have the
    tenant's ledger verified against what it received (`jifen ledger verify`)."""
    checkpoint = getattr(close, "checkpoint", None)
    if checkpoint is None:
        return []
    at = timezone.localtime(checkpoint.created_at).strftime("%Y-%m-%d %H:%M")
    return [
        (
            "账本签名检查点",
            f"第{checkpoint.pk}号 {at} 密钥{checkpoint.key_id} 签名{checkpoint.signature}",
        )
    ]


def period_results(close) -> Form:
    """《年度党员量化积分情况汇总表》 for filing: totals, grades, ranks, stars, quota use."""
    results = close.results.select_related("subject").order_by("rank", "subject__name", "pk")
    grades = dict(close.results.values_list("grade").annotate(n=Count("pk")))
    count = sum(grades.values())
    quota = (
        "；".join(
            f"{g or '未定等次'} {n} 人（{n * 100 / count:.0f}%）" for g, n in sorted(grades.items())
        )
        if count
        else ""
    )
    rows = ([n, r.subject.name, _category(r.category), points(r.total), r.grade, r.rank or "",
             r.stars if r.stars is not None else "", "是" if r.vetoed else "", "；".join(r.flags or [])]
            for n, r in enumerate(results.iterator(), start=1))  # fmt: skip
    return Form(
        slug="period-results",
        title=f"{close.period_start.year}年度党员量化积分情况汇总表"
        if close.period_start.month == 1 and close.period_end.month == 12
        else f"{close.period_start.isoformat()}至{close.period_end.isoformat()}党员积分结果表",
        facts=[
            ("党支部", close.unit.name),
            ("期间", f"{close.period_start.isoformat()} 至 {close.period_end.isoformat()}"),
            ("人数", str(count)),
            ("等次名额使用", quota),
            *_checkpoint_fact(close),
        ],
        columns=["序号", "姓名", "类别", "总积分", "等次", "排名", "星级", "一票否决", "说明"],
        rows=rows,
        signatures=["支部书记：", "支委会审定日期：", "上级党组织备案意见：", "（盖章）"],
        widths=[6, 12, 10, 9, 10, 6, 6, 8, 30],
    )


# --- a household's passbook and a business's inspections ----------------------------------------


def household_passbook(subject: Subject) -> Form:
    """户积分存折: every entry that counts and every redemption in date order, with the balance."""
    from jifen.redemption.models import Redemption

    titles = item_titles()
    lines = [(e.occurred_on, 0, titles.get(e.item, e.item), e.points, e.event_key)
             for e in entries_that_count().filter(subject=subject).order_by("occurred_on", "seq")]  # fmt: skip
    lines += [(r.redeemed_at.date(), 1, f"兑换：{r.item.name}×{r.quantity}", -r.points, r.key)
              for r in Redemption.objects.filter(subject=subject).select_related("item")]  # fmt: skip
    lines.sort(key=lambda line: (line[0], line[1]))

    def rows():
        balance = Decimal(0)
        for n, (day, _order, what, value, ref) in enumerate(lines, start=1):
            balance += value
            yield [
                n,
                day.isoformat(),
                what,
                points(value) if value >= 0 else "",
                points(-value) if value < 0 else "",
                points(balance),
                ref,
                "",
            ]

    members = (
        "、".join(subject.members.values_list("name", flat=True))
        if subject.kind == SubjectKind.HOUSEHOLD
        else ""
    )
    return Form(
        slug="household-passbook",
        title=f"{subject.name}积分存折",
        facts=[
            ("户名", subject.name),
            ("户编号", subject.code),
            ("所在村组", subject.home_unit.name),
            ("家庭成员", members),
        ],
        columns=[
            "序号",
            "日期",
            "摘要",
            "存入（加分）",
            "支出（扣分/兑换）",
            "结余",
            "凭证编号",
            "经办人签字",
        ],
        rows=rows(),
        signatures=["户主签字：", "网格员签字：", "村委会（盖章）"],
        widths=[6, 12, 30, 10, 12, 10, 28, 12],
    )


def business_history(subject: Subject) -> Form:
    """经营主体检查及等级记录: risk grades by period, then every inspection entry."""
    from jifen.inspections.models import RiskGrade

    titles = item_titles()
    grades = list(RiskGrade.objects.filter(subject=subject).order_by("period_start"))
    entries = standing_entries().filter(subject=subject).order_by("occurred_on", "seq")

    def rows():
        for grade in grades:
            yield [
                "等级",
                grade.period_start.isoformat(),
                f"风险等级 {grade.grade}",
                points(grade.total),
                "；".join(grade.flags or []),
            ]
        for entry in entries.iterator():
            yield [
                "检查",
                entry.occurred_on.isoformat(),
                titles.get(entry.item, entry.item),
                points(entry.points),
                entry.event_key,
            ]

    attributes = subject.attributes or {}
    return Form(
        slug="business-history",
        title=f"{subject.name}监督检查及风险等级记录",
        facts=[
            ("名称", subject.name),
            ("许可证编号", attributes.get("licence_no", subject.code)),
            ("地址", attributes.get("address", "")),
            ("监管所", subject.home_unit.name),
            ("学校周边", "是" if attributes.get("near_school") else "否"),
        ],
        columns=["类型", "日期", "事项", "分值", "说明/凭证"],
        rows=rows(),
        signatures=["检查人员签字：", "经营者签字：", "监管所（盖章）"],
        widths=[8, 12, 36, 8, 36],
    )


def pupil_month_report(subject: Subject, year: int, month: int) -> Form:
    """学生月积分报告: the month's items, gained and lost, total and class rank at the month's
    end, and a place for the parents' comment (每個月把積分情況及時通報給家長,並由家長寫出評語,
    seed 004 第二篇 附說明 5)."""
    from jifen.school.selectors import parent_meeting, pupil_month

    span, line = pupil_month(pupil=subject, year=year, month=month)
    start = dt.date(year, month, 1)
    meeting = parent_meeting(line, start)
    notes = [
        f"本月加分 {points(line.gained)}，扣分 {points(line.lost)}；"
        f"月末总分 {points(line.total)}，班内第 {line.rank or '—'} 名（共 {len(span.lines)} 人）。",
        "未确认的记录（标“审核中”）已列出，尚不计入总分。",
    ]
    if meeting:
        notes.append("本月积分居班级后三名且扣分高于10分：请家长返校时与班主任交流情况。")
    return Form(
        slug="pupil-month-report",
        title=f"{subject.name} {year}年{month}月积分报告",
        facts=[
            ("学生", subject.name),
            ("班级", span.unit.name),
            ("月份", f"{year}年{month}月"),
            ("月末总分", str(points(line.total))),
            ("班内名次", f"{line.rank or '—'} / {len(span.lines)}"),
        ],
        columns=["序号", "日期", "事项", "加分", "扣分", "记录人", "状态"],
        rows=(
            [
                n,
                e.on.isoformat(),
                e.title,
                points(e.points) if e.points > 0 else "",
                points(-e.points) if e.points < 0 else "",
                e.recorded_by,
                "" if e.confirmed else "审核中",
            ]
            for n, e in enumerate(line.entries, start=1)
        ),
        totals=["", "", "合计", points(line.gained), points(line.lost), "", ""],
        notes=notes,
        signatures=["班主任签字：", "家长评语：", "家长签字："],
        widths=[6, 12, 40, 8, 8, 14, 8],
    )
