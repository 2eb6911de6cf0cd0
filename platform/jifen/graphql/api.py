"""The tenant GraphQL schema, composed from one Queries/Mutations class per domain."""

import graphene

from jifen.graphql.access.schema import AccessMutations, AccessQueries
from jifen.graphql.audit.schema import AuditQueries
from jifen.graphql.dashboards.schema import DashboardQueries
from jifen.graphql.exports.schema import ExportMutations, ExportQueries
from jifen.graphql.holidays.schema import HolidayMutations, HolidayQueries
from jifen.graphql.ids import Node
from jifen.graphql.imports.schema import ImportMutations, ImportQueries
from jifen.graphql.inspections.schema import InspectionMutations, InspectionQueries
from jifen.graphql.ledger.schema import LedgerMutations, LedgerQueries
from jifen.graphql.notifications.schema import NotificationMutations, NotificationQueries
from jifen.graphql.ops.schema import OpsMutations, OpsQueries
from jifen.graphql.org.schema import OrgMutations, OrgQueries
from jifen.graphql.procedure.schema import ProcedureMutations, ProcedureQueries
from jifen.graphql.redemption.schema import RedemptionMutations, RedemptionQueries
from jifen.graphql.rulebook.schema import RulebookMutations, RulebookQueries
from jifen.graphql.school.schema import SchoolMutations, SchoolQueries
from jifen.graphql.subjects.schema import SubjectMutations, SubjectQueries


class Query(
    SchoolQueries,
    AccessQueries,
    OrgQueries,
    SubjectQueries,
    RulebookQueries,
    LedgerQueries,
    ProcedureQueries,
    RedemptionQueries,
    DashboardQueries,
    OpsQueries,
    AuditQueries,
    ImportQueries,
    ExportQueries,
    HolidayQueries,
    NotificationQueries,
    InspectionQueries,
    graphene.ObjectType,
):
    node = Node.Field()


class Mutation(
    SchoolMutations,
    AccessMutations,
    OrgMutations,
    SubjectMutations,
    RulebookMutations,
    LedgerMutations,
    ProcedureMutations,
    RedemptionMutations,
    OpsMutations,
    ImportMutations,
    ExportMutations,
    HolidayMutations,
    NotificationMutations,
    InspectionMutations,
    graphene.ObjectType,
):
    pass


schema = graphene.Schema(query=Query, mutation=Mutation)
