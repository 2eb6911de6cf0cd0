import graphene
from graphene_django import DjangoConnectionField

from jifen.graphql import lookups
from jifen.graphql.enums import DeclarationStatusEnum
from jifen.graphql.procedure.checkin_types import CheckInSessionNode
from jifen.graphql.procedure.mutations.attendance_record import AttendanceRecord
from jifen.graphql.procedure.mutations.board_confirm import BoardConfirm
from jifen.graphql.procedure.mutations.board_publish import BoardPublish
from jifen.graphql.procedure.mutations.check_in import CheckInClose, CheckInOpen, CheckInScan
from jifen.graphql.procedure.mutations.declaration_countersign import DeclarationCountersign
from jifen.graphql.procedure.mutations.declaration_review import DeclarationReview
from jifen.graphql.procedure.mutations.declaration_submit import DeclarationSubmit
from jifen.graphql.procedure.mutations.filing_review import FilingAccept, FilingReturn
from jifen.graphql.procedure.mutations.host_report import (
    HostReportAccept,
    HostReportReturn,
    HostReportsSend,
)
from jifen.graphql.procedure.mutations.objection_answer import ObjectionAnswer
from jifen.graphql.procedure.mutations.objection_appeal import ObjectionAppeal
from jifen.graphql.procedure.mutations.objection_raise import ObjectionRaise
from jifen.graphql.procedure.mutations.period_close import PeriodClose
from jifen.graphql.procedure.mutations.period_file import PeriodFile
from jifen.graphql.procedure.mutations.quota_decide import QuotaDecide
from jifen.graphql.procedure.types import (
    BoardNode,
    DeclarationNode,
    HostReportNode,
    ObjectionNode,
    PeriodCloseNode,
    PeriodResultType,
    declaration_queryset,
)
from jifen.procedure import selectors
from jifen.procedure.models import Board, Declaration, HostReport, Objection
from jifen.procedure.models import PeriodClose as PeriodCloseModel


def _signed_in(info) -> bool:
    return info.context.user.is_authenticated


class ProcedureQueries(graphene.ObjectType):
    check_in_session = graphene.Field(
        CheckInSessionNode,
        id=graphene.ID(required=True),
        description="A check-in and who checked in (the unit's people; the token and QR code "
        "for its recorders while it is open).",
    )

    def resolve_check_in_session(self, info, id):
        return lookups.optional(lookups.check_in_session, info, id)

    declarations = DjangoConnectionField(
        DeclarationNode,
        unit=graphene.ID(description="Only declarations scored in this unit's subtree."),
        status=DeclarationStatusEnum(),
        item=graphene.String(description="Only declarations of this item (its code)."),
        occurred_from=graphene.Date(description="Only those that happened on or after this day."),
        occurred_to=graphene.Date(description="Only those that happened on or before this day."),
        countersign_pending=graphene.Boolean(
            default_value=False,
            description="Only those waiting for the superior's countersignature (§14).",
        ),
        description="Declarations of subjects you may see, and the ones you declared.",
    )
    declaration = graphene.Field(DeclarationNode, id=graphene.ID(required=True))
    boards = DjangoConnectionField(
        BoardNode,
        unit=graphene.ID(),
        description="Boards of your units and public boards (open to anyone, signed in or not).",
    )
    board = graphene.Field(BoardNode, id=graphene.ID(required=True))
    objections = DjangoConnectionField(
        ObjectionNode,
        unit=graphene.ID(description="Only objections handled in this unit's subtree."),
        open_only=graphene.Boolean(default_value=False),
        description="Objections you must answer or have raised.",
    )
    filing_inbox = DjangoConnectionField(
        PeriodCloseNode, description="Periods filed with the units you are the superior of."
    )
    period_close = graphene.Field(PeriodCloseNode, id=graphene.ID(required=True))
    subject_results = graphene.List(
        graphene.NonNull(PeriodResultType),
        subject=graphene.ID(required=True),
        first=graphene.Int(default_value=20, description="At most this many (at most 100)."),
        description="A subject's results over its closed periods, newest first: the total, "
        "grade and rank of each (a member's history).",
    )
    host_reports = DjangoConnectionField(
        HostReportNode,
        description="Floating members' quarterly reports sent by or to units you read.",
    )

    def resolve_declarations(
        self, info, unit=None, status=None, item=None, occurred_from=None, occurred_to=None,
        countersign_pending=False, **kwargs,
    ):  # fmt: skip
        if not _signed_in(info):
            return Declaration.objects.none()
        unit_obj = None
        if unit is not None:
            unit_obj = lookups.optional(lookups.unit, info, unit)
            if unit_obj is None:
                return Declaration.objects.none()
        return selectors.declaration_list(
            user=info.context.user,
            unit=unit_obj,
            status=getattr(status, "value", status),
            item=item,
            occurred_from=occurred_from,
            occurred_to=occurred_to,
            countersign_pending=countersign_pending,
        )

    def resolve_declaration(self, info, id):
        found = lookups.optional(lookups.declaration, info, id)
        return declaration_queryset(info).get(pk=found.pk) if found else None

    def resolve_boards(self, info, unit=None, **kwargs):
        unit_obj = None
        if unit is not None:
            unit_obj = lookups.optional(lookups.unit, info, unit)
            if unit_obj is None:
                return Board.objects.none()
        return selectors.board_list(user=info.context.user, unit=unit_obj)

    def resolve_board(self, info, id):
        found = lookups.optional(lookups.board, info, id)
        return BoardNode.get_queryset(Board.objects.all(), info).get(pk=found.pk) if found else None

    def resolve_objections(self, info, unit=None, open_only=False, **kwargs):
        if not _signed_in(info):
            return Objection.objects.none()
        unit_obj = None
        if unit is not None:
            unit_obj = lookups.optional(lookups.unit, info, unit)
            if unit_obj is None:
                return Objection.objects.none()
        return selectors.objection_list(user=info.context.user, unit=unit_obj, open_only=open_only)

    def resolve_filing_inbox(self, info, **kwargs):
        if not _signed_in(info):
            return PeriodCloseModel.objects.none()
        return selectors.filing_inbox(user=info.context.user)

    def resolve_host_reports(self, info, **kwargs):
        if not _signed_in(info):
            return HostReport.objects.none()
        return selectors.host_report_list(user=info.context.user)

    def resolve_subject_results(self, info, subject, first=20):
        found = lookups.optional(lookups.subject, info, subject)
        if found is None:
            return []
        rows = list(
            selectors.period_result_list(user=info.context.user)
            .filter(subject=found)
            .order_by("-close__period_start", "-pk")[: max(0, min(first, 100))]
        )
        for row in rows:
            row.subject_visible = True  # the lookup found the subject among those visible
        return rows

    def resolve_period_close(self, info, id):
        found = lookups.optional(lookups.period_close, info, id)
        if found is None:
            return None
        return PeriodCloseNode.get_queryset(PeriodCloseModel.objects.all(), info).get(pk=found.pk)


class ProcedureMutations(graphene.ObjectType):
    declaration_submit = DeclarationSubmit.Field()
    attendance_record = AttendanceRecord.Field()
    check_in_open = CheckInOpen.Field()
    check_in_scan = CheckInScan.Field()
    check_in_close = CheckInClose.Field()
    declaration_review = DeclarationReview.Field()
    board_publish = BoardPublish.Field()
    objection_raise = ObjectionRaise.Field()
    objection_answer = ObjectionAnswer.Field()
    objection_appeal = ObjectionAppeal.Field()
    board_confirm = BoardConfirm.Field()
    declaration_countersign = DeclarationCountersign.Field()
    period_close = PeriodClose.Field()
    quota_decide = QuotaDecide.Field()
    period_file = PeriodFile.Field()
    filing_accept = FilingAccept.Field()
    filing_return = FilingReturn.Field()
    host_reports_send = HostReportsSend.Field()
    host_report_accept = HostReportAccept.Field()
    host_report_return = HostReportReturn.Field()
