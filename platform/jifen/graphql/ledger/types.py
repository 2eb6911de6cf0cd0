import graphene
from graphene.types.generic import GenericScalar
from graphene_django import DjangoObjectType

from jifen.graphql.core import Actor, CountableConnection
from jifen.graphql.subjects.types import SubjectNode
from jifen.ledger import selectors
from jifen.ledger.models import Account, Entry, Event
from jifen.subjects.selectors import subject_list


class EntryNode(DjangoObjectType):
    """One line of an account: booked by the ruleset version named, never changed after."""

    class Meta:
        model = Entry
        name = "Entry"
        fields = (
            "seq", "occurred_on", "item", "bucket", "points", "raw_points", "rule",
            "ruleset_version", "group", "veto", "escalation", "reason", "created_at",
            "prev_hash", "hash",
        )  # fmt: skip
        interfaces = (graphene.relay.Node,)
        connection_class = CountableConnection

    points = graphene.Decimal(required=True)
    raw_points = graphene.Decimal(required=True, description="Before caps and floors.")
    reverses = graphene.Field(lambda: EntryNode, description="The entry this one cancels.")
    decided_by = graphene.Field(Actor, description="Who decided a correction.")
    event_key = graphene.String(description="Idempotency key of the event that booked it.")

    @classmethod
    def get_queryset(cls, queryset, info):
        visible = subject_list(user=info.context.user).values("pk")
        return queryset.filter(account__subject_id__in=visible)

    def resolve_reverses(self, info):
        return self.reverses

    def resolve_decided_by(self, info):
        return Actor.of(self.decided_by)

    def resolve_event_key(self, info):
        return self.event.key if self.event_id else None


class BucketPoints(graphene.ObjectType):
    bucket = graphene.String(required=True)
    points = graphene.Decimal(required=True)


class Balance(graphene.ObjectType):
    """Booked points per bucket as of a date, before the period-close caps and floors."""

    as_of = graphene.Date()
    buckets = graphene.List(graphene.NonNull(BucketPoints), required=True)
    total = graphene.Decimal(required=True)
    vetoes = graphene.List(graphene.NonNull(graphene.String), required=True)


class AccountNode(DjangoObjectType):
    class Meta:
        model = Account
        name = "Account"
        fields = ("period_start", "period_end", "closed_at", "last_seq", "head_hash")
        interfaces = (graphene.relay.Node,)
        connection_class = CountableConnection

    subject = graphene.Field(SubjectNode, required=True)
    ruleset = graphene.String(required=True, description="Code of the scoring ruleset.")
    balance = graphene.Field(Balance, required=True, as_of=graphene.Date())
    entries = graphene.List(graphene.NonNull(EntryNode), required=True)

    @classmethod
    def get_queryset(cls, queryset, info):
        visible = subject_list(user=info.context.user).values("pk")
        return queryset.filter(subject_id__in=visible).select_related("subject", "ruleset")

    def resolve_subject(self, info):
        # Visible: the account itself is filtered by the subjects the caller may see.
        return self.subject

    def resolve_ruleset(self, info):
        return self.ruleset.code

    def resolve_balance(self, info, as_of=None):
        balance = selectors.account_balance(account=self, as_of=as_of)
        return Balance(
            as_of=balance.as_of,
            buckets=[BucketPoints(bucket=k, points=v) for k, v in sorted(balance.buckets.items())],
            total=balance.total,
            vetoes=list(balance.vetoes),
        )

    def resolve_entries(self, info):
        return self.entries.select_related("decided_by", "event", "reverses").order_by("seq")


class EventType(DjangoObjectType):
    class Meta:
        model = Event
        name = "Event"
        fields = ("key", "item", "occurred_on", "quantity", "source", "explanation", "created_at")

    quantity = graphene.Decimal(required=True)
    source = graphene.String(required=True)
    attributes = GenericScalar()
    subject_id = graphene.ID(required=True)
    entries = graphene.List(graphene.NonNull(EntryNode), required=True)

    def resolve_source(self, info):
        return self.source

    def resolve_subject_id(self, info):
        return graphene.relay.Node.to_global_id("Subject", self.subject_id)

    def resolve_entries(self, info):
        return self.entries.select_related("decided_by", "reverses").order_by("seq")


class EventInput(graphene.InputObjectType):
    key = graphene.String(
        required=True, description="Idempotency key: the same fact always has the same key."
    )
    subject = graphene.ID(required=True)
    item = graphene.String(required=True)
    occurred_on = graphene.Date(required=True)
    attributes = GenericScalar(description='Item attributes, e.g. {"level": "county"}.')
    quantity = graphene.Float(default_value=1)
