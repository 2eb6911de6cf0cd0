import graphene
from django.utils import timezone

from jifen.dashboards import selectors
from jifen.dashboards.village_board import village_board_get
from jifen.errors import PermissionDenied
from jifen.graphql import lookups
from jifen.graphql.dashboards.types import (
    DashboardPage,
    PublicVillageBoardType,
    UnitDashboardType,
)

PAGE_MAX = 100


class DashboardQueries(graphene.ObjectType):
    public_village_board = graphene.Field(
        PublicVillageBoardType,
        required=True,
        month=graphene.Date(description="Any day of the month (default this month)."),
        description="The village's red/black board as the public sees it (no login): the "
        "households that gained most in the month, and its recent deductions without any "
        "household, person or reason; only where the ruleset's `public.village_board` is set.",
    )
    dashboard = graphene.Field(
        UnitDashboardType,
        unit=graphene.ID(required=True),
        description="A unit's figures for its subtree, refreshed every few minutes "
        "(secretaries, supervisors, superiors, inspectors, administrators over the unit).",
    )
    dashboard_children = graphene.Field(
        DashboardPage,
        unit=graphene.ID(required=True),
        search=graphene.String(description="Part of a sub-unit's name or code."),
        offset=graphene.Int(default_value=0),
        first=graphene.Int(default_value=20, description=f"At most {PAGE_MAX}."),
        description="A unit's direct sub-units with their figures, a page at a time.",
    )

    def resolve_public_village_board(self, info, month=None):
        return village_board_get(month=month)  # the dataclasses resolve field by field

    def resolve_dashboard(self, info, unit):
        found = lookups.optional(lookups.unit, info, unit)
        if found is None:
            return None
        try:
            return selectors.dashboard_get(
                actor=info.context.user, unit=found, on=timezone.localdate()
            )
        except PermissionDenied:
            return None

    def resolve_dashboard_children(self, info, unit, search=None, offset=0, first=20):
        found = lookups.optional(lookups.unit, info, unit)
        if found is None:
            return None
        try:
            total, items = selectors.dashboard_children(
                actor=info.context.user,
                unit=found,
                on=timezone.localdate(),
                search=(search or "").strip(),
                offset=max(0, offset),
                limit=max(1, min(first, PAGE_MAX)),
            )
        except PermissionDenied:
            return None
        return DashboardPage(total_count=total, items=items)
