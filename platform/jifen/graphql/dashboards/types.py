"""The dashboard's figures as typed GraphQL objects, read from the stored JSON."""

import graphene
from graphene_django import DjangoObjectType

from jifen.dashboards.models import UnitDashboard
from jifen.ids import to_global_id


def _unit_id(pk) -> str | None:
    return to_global_id("OrgUnit", pk) if pk is not None else None


class CodeCount(graphene.ObjectType):
    """How many subjects have a grade (its title from the ruleset)."""

    code = graphene.String(required=True)
    count = graphene.Int(required=True)


class CodePoints(graphene.ObjectType):
    """Points that count under a bucket or a subject category."""

    code = graphene.String(required=True)
    points = graphene.Float(required=True)


class MonthCounts(graphene.ObjectType):
    month = graphene.String(required=True, description="YYYY-MM.")
    declared = graphene.Int(required=True)
    reviewed = graphene.Int(required=True)


class LateUnit(graphene.ObjectType):
    unit = graphene.ID(required=True)
    name = graphene.String(required=True)
    count = graphene.Int(required=True, description="Late items, or members for quiet units.")
    since = graphene.String(required=True, description="The latest date concerned (may be empty).")

    def resolve_unit(self, info):
        return _unit_id(self["unit"])


class LateList(graphene.ObjectType):
    total = graphene.Int(required=True)
    units = graphene.List(graphene.NonNull(LateUnit), required=True)


class LateUnits(graphene.ObjectType):
    """Units behind with their work, most late items first."""

    reviews = graphene.Field(
        LateList, required=True, description="Declarations unreviewed >7 days."
    )
    boards = graphene.Field(LateList, required=True, description="Boards past publicity, open.")
    filing = graphene.Field(
        LateList, required=True, description="Closes unfiled >14 days or returned."
    )
    declarations = graphene.Field(
        LateList, required=True, description="Scoring units without a declaration for 30 days."
    )

    def resolve_reviews(self, info):
        return self.get("reviews", EMPTY)

    def resolve_boards(self, info):
        return self.get("boards", EMPTY)

    def resolve_filing(self, info):
        return self.get("filing", EMPTY)

    def resolve_declarations(self, info):
        return self.get("declarations", EMPTY)


EMPTY = {"total": 0, "units": []}


class ScoreSpread(graphene.ObjectType):
    """A five-number summary of members' totals; `identical` marks all scores equal."""

    key = graphene.String(required=True, description="The unit's global id, or the category.")
    name = graphene.String(required=True)
    n = graphene.Int(required=True)
    min = graphene.Float(required=True)
    q1 = graphene.Float(required=True)
    median = graphene.Float(required=True)
    q3 = graphene.Float(required=True)
    max = graphene.Float(required=True)
    identical = graphene.Boolean(required=True)


class RecorderSpread(graphene.ObjectType):
    """A recorder's deductions; `outlier` when they all hit one person."""

    username = graphene.String(required=True)
    name = graphene.String(required=True)
    deductions = graphene.Int(required=True)
    subjects = graphene.Int(required=True)
    top_subject = graphene.ID(required=True)
    top_name = graphene.String(required=True)
    top_share = graphene.Float(required=True)
    outlier = graphene.Boolean(required=True)


class Fairness(graphene.ObjectType):
    branches = graphene.List(graphene.NonNull(ScoreSpread), required=True)
    branches_total = graphene.Int(required=True)
    categories = graphene.List(graphene.NonNull(ScoreSpread), required=True)
    recorders = graphene.List(graphene.NonNull(RecorderSpread), required=True)

    def resolve_branches(self, info):
        return [
            ScoreSpread(key=_unit_id(b["unit"]), **{k: v for k, v in b.items() if k != "unit"})
            for b in self.get("branches", [])
        ]

    def resolve_branches_total(self, info):
        return self.get("branches_total", 0)

    def resolve_categories(self, info):
        return [
            ScoreSpread(key=c["category"], name=c["category"], **_spread_of(c))
            for c in self.get("categories", [])
        ]

    def resolve_recorders(self, info):
        return [
            RecorderSpread(**{**r, "top_subject": to_global_id("Subject", r["top_subject"])})
            for r in self.get("recorders", [])
        ]


def _spread_of(row: dict) -> dict:
    return {k: row[k] for k in ("n", "min", "q1", "median", "q3", "max", "identical")}


class MemberTotal(graphene.ObjectType):
    subject = graphene.ID(required=True)
    name = graphene.String(required=True)
    total = graphene.Float(required=True)


class UnitRef(graphene.ObjectType):
    id = graphene.ID(required=True)
    name = graphene.String(required=True)


class UnitDashboardType(DjangoObjectType):
    class Meta:
        model = UnitDashboard
        name = "UnitDashboard"
        fields = ("as_of", "subjects", "objections_open", "events", "redeemers", "computed_at")

    unit = graphene.ID(required=True)
    unit_name = graphene.String(required=True)
    unit_kind = graphene.String(required=True)
    has_children = graphene.Boolean(required=True)
    trail = graphene.List(
        graphene.NonNull(UnitRef),
        required=True,
        description="The superior units whose dashboards you may read, top first (a breadcrumb).",
    )
    declarations = graphene.JSONString(description="Declarations this year by status.")
    points_counted = graphene.Float(required=True)
    redeemer_share = graphene.Float(required=True, description="Target: at least 0.3 (§17).")
    grades = graphene.List(graphene.NonNull(CodeCount), required=True)
    buckets = graphene.List(graphene.NonNull(CodePoints), required=True)
    categories = graphene.List(graphene.NonNull(CodePoints), required=True)
    months = graphene.List(graphene.NonNull(MonthCounts), required=True)
    late = graphene.Field(LateUnits, required=True)
    escalated = graphene.Int(required=True, description="Objections and appeals escalated here.")
    fairness = graphene.Field(Fairness, required=True)
    members = graphene.List(
        graphene.NonNull(MemberTotal),
        required=True,
        description="Subjects scored at this very unit, highest total first (at most 500).",
    )
    members_total = graphene.Int(required=True)

    def resolve_unit(self, info):
        return _unit_id(self.unit_id)

    def resolve_unit_name(self, info):
        return self.unit.name

    def resolve_unit_kind(self, info):
        return self.unit.kind

    def resolve_trail(self, info):
        from jifen.dashboards.selectors import dashboard_trail

        return [
            UnitRef(id=_unit_id(u.pk), name=u.name)
            for u in dashboard_trail(actor=info.context.user, unit=self.unit)
        ]

    def resolve_has_children(self, info):
        return self.unit.numchild > 0

    def resolve_points_counted(self, info):
        return float(self.points_counted)

    def resolve_redeemer_share(self, info):
        return float(self.redeemer_share)

    def resolve_grades(self, info):
        return [
            CodeCount(code=k, count=v) for k, v in sorted(self.figures.get("grades", {}).items())
        ]

    def resolve_buckets(self, info):
        return [CodePoints(code=k, points=v) for k, v in self.figures.get("buckets", {}).items()]

    def resolve_categories(self, info):
        return [CodePoints(code=k, points=v) for k, v in self.figures.get("categories", {}).items()]

    def resolve_months(self, info):
        return [MonthCounts(**m) for m in self.figures.get("months", [])]

    def resolve_late(self, info):
        return self.figures.get("late", {})

    def resolve_escalated(self, info):
        return self.figures.get("escalated", 0)

    def resolve_fairness(self, info):
        return self.figures.get("fairness", {})

    def resolve_members(self, info):
        return [
            MemberTotal(
                subject=to_global_id("Subject", m["subject"]), name=m["name"], total=m["total"]
            )
            for m in self.figures.get("members", [])
        ]

    def resolve_members_total(self, info):
        return self.figures.get("members_total", 0)


class DashboardPage(graphene.ObjectType):
    """One page of a unit's direct sub-units with their figures."""

    total_count = graphene.Int(required=True)
    items = graphene.List(graphene.NonNull(UnitDashboardType), required=True)


class _BoardRow:
    """What every row of the village board shows: the household's group and the points."""

    group = graphene.String(required=True)
    points = graphene.Float(required=True)


class PublicRedRowType(_BoardRow, graphene.ObjectType):
    """A household on the red list: its name, group and the points it gained in the month."""

    class Meta:
        name = "PublicRedRow"

    rank = graphene.Int(required=True)
    household = graphene.String(required=True)


class PublicBlackRowType(_BoardRow, graphene.ObjectType):
    """A deduction on the black list, anonymous: what happened, in which group, when."""

    class Meta:
        name = "PublicBlackRow"

    item = graphene.String(required=True)
    occurred_on = graphene.Date(required=True)


class PublicVillageBoardType(graphene.ObjectType):
    class Meta:
        name = "PublicVillageBoard"

    month = graphene.Date(required=True, description="The month's first day.")
    published = graphene.Boolean(required=True)
    reason = graphene.String(
        required=True, description='Why nothing is shown: "not_public"; "" when published.'
    )
    red = graphene.List(graphene.NonNull(PublicRedRowType), required=True)
    black = graphene.List(graphene.NonNull(PublicBlackRowType), required=True)
