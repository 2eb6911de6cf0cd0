import graphene

from jifen.graphql import lookups
from jifen.graphql.core import DomainMutation
from jifen.graphql.procedure.types import HostReportNode
from jifen.procedure import services


class HostReportsSend(DomainMutation):
    """The host organisation reports a quarter of its floating members' points to their
    home organisations (函告; the quarter's end does this by itself too)."""

    class Arguments:
        unit = graphene.ID(required=True, description="The host unit.")
        quarter_start = graphene.Date(required=True, description="Any day of the quarter.")

    reports = graphene.List(graphene.NonNull(HostReportNode), required=True)

    @classmethod
    def perform(cls, info, unit, quarter_start):
        reports = services.host_reports_send(
            actor=info.context.user, host_unit=lookups.unit(info, unit), quarter_start=quarter_start
        )
        return cls(reports=reports, errors=[])

    @classmethod
    def refused(cls, exc):
        refused = super().refused(exc)
        refused.reports = []
        return refused


class HostReportAccept(DomainMutation):
    """The home organisation accepts a host's report."""

    class Arguments:
        report = graphene.ID(required=True)

    report = graphene.Field(HostReportNode)

    @classmethod
    def perform(cls, info, report):
        accepted = services.host_report_accept(
            actor=info.context.user, report=lookups.host_report(info, report)
        )
        return cls(report=accepted, errors=[])


class HostReportReturn(DomainMutation):
    """The home organisation returns a host's report with what to correct."""

    class Arguments:
        report = graphene.ID(required=True)
        reason = graphene.String(required=True)

    report = graphene.Field(HostReportNode)

    @classmethod
    def perform(cls, info, report, reason):
        returned = services.host_report_return(
            actor=info.context.user, report=lookups.host_report(info, report), reason=reason
        )
        return cls(report=returned, errors=[])
