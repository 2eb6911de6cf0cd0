import graphene
from graphene_django import DjangoObjectType

from jifen.dashboards.models import UnitDashboard
from jifen.dashboards.selectors import dashboard_figures
from jifen.graphql import lookups


class UnitDashboardType(DjangoObjectType):
    class Meta:
        model = UnitDashboard
        name = "UnitDashboard"
        fields = ("as_of", "subjects", "objections_open", "events", "redeemers", "computed_at")

    declarations = graphene.JSONString(description="Declarations this year by status.")
    points_counted = graphene.Float(required=True)
    redeemer_share = graphene.Float(required=True, description="Target: at least 0.3 (§17).")

    def resolve_points_counted(self, info):
        return float(self.points_counted)

    def resolve_redeemer_share(self, info):
        return float(self.redeemer_share)


class DashboardQueries(graphene.ObjectType):
    dashboard = graphene.Field(
        UnitDashboardType,
        unit=graphene.ID(required=True),
        description="A unit's figures for its subtree, refreshed every few minutes.",
    )

    def resolve_dashboard(self, info, unit):
        found = lookups.optional(lookups.unit, info, unit)
        if found is None:
            return None
        existing = UnitDashboard.objects.filter(unit=found).first()
        if existing is None:  # not refreshed yet: compute it now, store nothing (reads never write)
            from django.utils import timezone

            existing = UnitDashboard(
                unit=found, **dashboard_figures(unit=found, on=timezone.localdate())
            )
        return existing
