from decimal import Decimal

import graphene
from django.urls import reverse
from graphene.types.generic import GenericScalar
from graphene_django import DjangoObjectType

from jifen.graphql.core import Actor, CountableConnection
from jifen.graphql.ledger.types import BucketPoints, EntryNode
from jifen.graphql.org.types import OrgUnitNode
from jifen.graphql.subjects.types import SubjectNode
from jifen.procedure import selectors
from jifen.procedure.models import (
    Board,
    BoardKind,
    Declaration,
    Evidence,
    Objection,
    PeriodClose,
    PeriodResult,
)


def _scoped_subject(info, subject):
    """The subject only if the caller may see its record; boards show its name anyway."""
    return SubjectNode.get_queryset(type(subject).objects.filter(pk=subject.pk), info).first()


class StepType(graphene.ObjectType):
    """One step of the procedure: who did what, when."""

    action = graphene.String(required=True)
    actor = graphene.Field(Actor, description="Null for a scheduled job.")
    at = graphene.DateTime(required=True)
    note = graphene.String(required=True)


class EvidenceType(DjangoObjectType):
    class Meta:
        model = Evidence
        name = "Evidence"
        fields = ("original_name", "content_type", "size", "sha256", "uploaded_at")

    id = graphene.ID(required=True)
    url = graphene.String(required=True, description="Download; only for who may see it.")

    def resolve_id(self, info):
        return graphene.relay.Node.to_global_id("Evidence", self.pk)

    def resolve_url(self, info):
        return reverse("evidence_download", kwargs={"pk": self.pk})


class DeclarationNode(DjangoObjectType):
    class Meta:
        model = Declaration
        name = "Declaration"
        fields = (
            "key", "item", "occurred_on", "quantity", "note", "place", "kind", "declared_at",
            "status", "reviewed_at", "review_reason", "confirmed_at", "countersign_required",
            "countersigned_at",
        )  # fmt: skip
        convert_choices_to_enum = False
        interfaces = (graphene.relay.Node,)
        connection_class = CountableConnection

    quantity = graphene.Decimal(required=True)
    attributes = GenericScalar()
    subject = graphene.Field(SubjectNode, description="Null when you may not see the record.")
    subject_name = graphene.String(required=True)
    unit = graphene.Field(OrgUnitNode, required=True)
    declared_by = graphene.Field(Actor)
    reviewed_by = graphene.Field(Actor)
    confirmed_by = graphene.Field(Actor)
    countersigned_by = graphene.Field(Actor)
    board = graphene.Field(lambda: BoardNode)
    entries = graphene.List(
        graphene.NonNull(EntryNode), required=True, description="Booked once accepted."
    )
    timeline = graphene.List(graphene.NonNull(StepType), required=True)
    evidence = graphene.List(graphene.NonNull(EvidenceType), required=True)
    objections = graphene.List(graphene.NonNull(lambda: ObjectionNode), required=True)

    @classmethod
    def get_queryset(cls, queryset, info):
        if not info.context.user.is_authenticated:
            return queryset.none()
        visible = selectors.declaration_visible_list(user=info.context.user).values("pk")
        return queryset.filter(pk__in=visible).select_related(
            "subject", "unit", "declared_by", "reviewed_by", "confirmed_by", "countersigned_by",
            "board",
        )  # fmt: skip

    def resolve_subject(self, info):
        return _scoped_subject(info, self.subject)

    def resolve_subject_name(self, info):
        return self.subject.name

    def resolve_unit(self, info):
        return self.unit

    def resolve_declared_by(self, info):
        return Actor.of(self.declared_by)

    def resolve_reviewed_by(self, info):
        return Actor.of(self.reviewed_by)

    def resolve_confirmed_by(self, info):
        return Actor.of(self.confirmed_by)

    def resolve_countersigned_by(self, info):
        return Actor.of(self.countersigned_by)

    def resolve_board(self, info):
        return self.board

    def resolve_entries(self, info):
        if not self.event_id:
            return []
        return self.event.entries.select_related("decided_by", "reverses").order_by("seq")

    def resolve_timeline(self, info):
        return [
            StepType(action=s.action, actor=Actor.of(s.actor), at=s.at, note=s.note)
            for s in selectors.timeline(declaration=self)
        ]

    def resolve_evidence(self, info):
        return self.evidence.order_by("pk")

    def resolve_objections(self, info):
        return self.objections.select_related("raised_by", "answered_by", "handled_by").order_by(
            "raised_at", "pk"
        )


class PeriodResultType(DjangoObjectType):
    class Meta:
        model = PeriodResult
        name = "PeriodResult"
        fields = ("category", "total", "grade", "rank", "stars", "vetoed", "redeemable")

    total = graphene.Decimal(description="Null when the subject is not assessed.")
    subject = graphene.Field(SubjectNode, description="Null when you may not see the record.")
    subject_name = graphene.String(required=True)
    buckets = graphene.List(graphene.NonNull(BucketPoints), required=True)
    flags = graphene.List(graphene.NonNull(graphene.String), required=True)
    explain = GenericScalar(description="How the ruleset arrived at the total and grade.")

    def resolve_subject(self, info):
        return _scoped_subject(info, self.subject)

    def resolve_subject_name(self, info):
        return self.subject.name

    def resolve_buckets(self, info):
        return [
            BucketPoints(bucket=k, points=Decimal(str(v))) for k, v in sorted(self.buckets.items())
        ]

    def resolve_flags(self, info):
        return list(self.flags)

    def resolve_explain(self, info):
        return self.explain


def _results(close):
    return close.results.select_related("subject").order_by("rank", "subject__name", "pk")


class BoardNode(DjangoObjectType):
    """A notice board (公示栏): reviewed declarations, or a closed period's results."""

    class Meta:
        model = Board
        name = "Board"
        fields = (
            "kind", "covers_start", "covers_end", "opened_at", "closes_on", "public", "status",
            "closed_at",
        )  # fmt: skip
        convert_choices_to_enum = False
        interfaces = (graphene.relay.Node,)
        connection_class = CountableConnection

    unit = graphene.Field(OrgUnitNode, required=True)
    opened_by = graphene.Field(Actor)
    declarations = graphene.List(graphene.NonNull(DeclarationNode), required=True)
    results = graphene.List(
        graphene.NonNull(PeriodResultType), required=True, description="On a results board."
    )

    @classmethod
    def get_queryset(cls, queryset, info):
        visible = selectors.board_list(user=info.context.user).values("pk")
        return (
            queryset.filter(pk__in=visible)
            .select_related("unit", "opened_by")
            .prefetch_related("declarations__subject", "declarations__unit")
        )

    def resolve_unit(self, info):
        return self.unit

    def resolve_opened_by(self, info):
        return Actor.of(self.opened_by)

    def resolve_declarations(self, info):
        return sorted(self.declarations.all(), key=lambda d: (d.occurred_on, d.pk))

    def resolve_results(self, info):
        if self.kind != BoardKind.RESULTS:
            return []
        close = PeriodClose.objects.filter(results_board=self).first()
        return _results(close) if close else []


class ObjectionNode(DjangoObjectType):
    """An objection (异议) or defence (申辩) against a declaration on a board."""

    class Meta:
        model = Objection
        name = "Objection"
        fields = (
            "reason", "raised_at", "answer_due", "status", "answer", "outcome", "answered_at",
            "escalation_level",
        )  # fmt: skip
        convert_choices_to_enum = False
        interfaces = (graphene.relay.Node,)
        connection_class = CountableConnection

    declaration = graphene.Field(DeclarationNode, required=True)
    raised_by = graphene.Field(Actor)
    answered_by = graphene.Field(Actor)
    handled_by = graphene.Field(OrgUnitNode, required=True, description="Who must answer now.")

    @classmethod
    def get_queryset(cls, queryset, info):
        if not info.context.user.is_authenticated:
            return queryset.none()
        visible = selectors.objection_list(user=info.context.user).values("pk")
        return queryset.filter(pk__in=visible).select_related(
            "declaration__subject", "raised_by", "answered_by", "handled_by"
        )

    def resolve_declaration(self, info):
        return self.declaration

    def resolve_raised_by(self, info):
        return Actor.of(self.raised_by)

    def resolve_answered_by(self, info):
        return Actor.of(self.answered_by)

    def resolve_handled_by(self, info):
        return self.handled_by


class PeriodCloseNode(DjangoObjectType):
    """A unit's closed period: results from confirmed entries only, then filed."""

    class Meta:
        model = PeriodClose
        name = "PeriodClose"
        fields = (
            "ruleset_version", "period_start", "period_end", "closed_at", "status", "filed_at",
        )  # fmt: skip
        convert_choices_to_enum = False
        interfaces = (graphene.relay.Node,)
        connection_class = CountableConnection

    unit = graphene.Field(OrgUnitNode, required=True)
    ruleset = graphene.String(required=True)
    closed_by = graphene.Field(Actor)
    filed_by = graphene.Field(Actor)
    filed_with = graphene.Field(OrgUnitNode)
    results_board = graphene.Field(BoardNode)
    results = graphene.List(graphene.NonNull(PeriodResultType), required=True)

    @classmethod
    def get_queryset(cls, queryset, info):
        visible = selectors.period_close_list(user=info.context.user).values("pk")
        return queryset.filter(pk__in=visible).select_related(
            "unit", "ruleset", "closed_by", "filed_by", "filed_with", "results_board"
        )

    def resolve_unit(self, info):
        return self.unit

    def resolve_ruleset(self, info):
        return self.ruleset.code

    def resolve_closed_by(self, info):
        return Actor.of(self.closed_by)

    def resolve_filed_by(self, info):
        return Actor.of(self.filed_by)

    def resolve_filed_with(self, info):
        return self.filed_with

    def resolve_results_board(self, info):
        return self.results_board

    def resolve_results(self, info):
        return _results(self)


class DeclarationInput(graphene.InputObjectType):
    key = graphene.String(required=True, description="Idempotency key of this declaration.")
    subject = graphene.ID(required=True)
    item = graphene.String(required=True)
    occurred_on = graphene.Date(required=True)
    attributes = GenericScalar()
    quantity = graphene.Float(default_value=1)
    note = graphene.String(default_value="")
    place = graphene.String(default_value="")
    evidence = graphene.List(
        graphene.NonNull(graphene.ID), description="Ids returned by POST /evidence."
    )


class AttendanceInput(graphene.InputObjectType):
    unit = graphene.ID(required=True)
    occurred_on = graphene.Date(required=True)
    key = graphene.String(required=True, description="Idempotency key of the meeting.")
    attendees = graphene.List(graphene.NonNull(graphene.ID), required=True)
    absent_item = graphene.String(required=True)
    present_item = graphene.String()
    note = graphene.String(default_value="")
