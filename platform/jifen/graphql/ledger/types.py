"""The ledger's GraphQL types: accounts, entries, events (with how each came in)."""

from __future__ import annotations

import graphene
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from graphene.types.generic import GenericScalar
from graphene_django import DjangoObjectType

from jifen.graphql.core import Actor, CountableConnection, capped_list, first_rows
from jifen.graphql.enums import EntryKindEnum, EventSourceEnum
from jifen.graphql.ids import Node
from jifen.graphql.subjects.types import SubjectNode
from jifen.i18n import in_language
from jifen.ledger import selectors
from jifen.ledger.models import Account, Entry, EntryKind, Event
from jifen.subjects.selectors import subject_list


def entry_queryset() -> QuerySet:
    """Entries with what EntryNode's fields read."""
    return Entry.objects.select_related("decided_by", "event", "reverses").order_by("seq")


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
        interfaces = (Node,)
        connection_class = CountableConnection

    kind = graphene.Field(EntryKindEnum, required=True)
    points = graphene.Decimal(required=True)
    raw_points = graphene.Decimal(required=True, description="Before caps and floors.")
    reverses = graphene.Field(lambda: EntryNode, description="The entry this one cancels.")
    decided_by = graphene.Field(Actor, description="Who confirmed or corrected.")
    event_key = graphene.String(description="Idempotency key of the event that booked it.")

    @classmethod
    def get_queryset(cls, queryset, info):
        visible = subject_list(user=info.context.user).values("pk")
        return queryset.filter(account__subject_id__in=visible).select_related(
            "decided_by", "event", "reverses"
        )

    def resolve_reverses(self, info):
        return self.reverses

    # An entry reached through a declaration the caller sees only publicly carries
    # `public_projection` (set by the declaration's resolver): no reasons, names or keys.
    def resolve_reason(self, info):
        return "" if getattr(self, "public_projection", False) else self.reason

    def resolve_decided_by(self, info):
        if getattr(self, "public_projection", False):
            return None
        return Actor.of(self.decided_by)

    def resolve_event_key(self, info):
        if getattr(self, "public_projection", False):
            return None
        return self.event.key if self.event_id else None


class BucketPoints(graphene.ObjectType):
    bucket = graphene.String(required=True)
    points = graphene.Decimal(required=True)


class Balance(graphene.ObjectType):
    """Booked points per bucket as of a date, before the period-close caps and floors:
    what stands (not reversed), of which `counted` already counts (confirmed)."""

    as_of = graphene.Date()
    buckets = graphene.List(graphene.NonNull(BucketPoints), required=True)
    total = graphene.Decimal(required=True)
    counted = graphene.Decimal(required=True, description="Of the total, confirmed so far.")
    vetoes = graphene.List(graphene.NonNull(graphene.String), required=True)


class AccountNode(DjangoObjectType):
    class Meta:
        model = Account
        name = "Account"
        fields = ("period_start", "period_end", "closed_at", "last_seq", "head_hash")
        interfaces = (Node,)
        connection_class = CountableConnection

    subject = graphene.Field(SubjectNode, required=True)
    ruleset = graphene.String(required=True, description="Code of the scoring ruleset.")
    balance = graphene.Field(Balance, required=True, as_of=graphene.Date())
    entries = capped_list(EntryNode)

    @classmethod
    def get_queryset(cls, queryset, info):
        visible = subject_list(user=info.context.user).values("pk")
        return (
            queryset.filter(subject_id__in=visible)
            .select_related("subject__home_unit", "subject__host_unit", "ruleset")
            .prefetch_related(
                Prefetch("entries", entry_queryset(), to_attr="entry_list"),
                Prefetch(
                    "standing",
                    selectors.standing_entries().order_by("seq"),
                    to_attr="standing_list",
                ),
            )
        )

    def resolve_subject(self, info):
        # Visible: the account itself is filtered by the subjects the caller may see.
        return self.subject

    def resolve_ruleset(self, info):
        return self.ruleset.code

    def resolve_balance(self, info, as_of=None):
        balance = selectors.account_balance(
            account=self, as_of=as_of, standing=getattr(self, "standing_list", None)
        )
        return Balance(
            as_of=balance.as_of,
            buckets=[BucketPoints(bucket=k, points=v) for k, v in sorted(balance.buckets.items())],
            total=balance.total,
            counted=balance.counted,
            vetoes=list(balance.vetoes),
        )

    def resolve_entries(self, info, first=None):
        found = getattr(self, "entry_list", None)
        return first_rows(
            found if found is not None else entry_queryset().filter(account=self), first
        )


class EventStep(graphene.ObjectType):
    """How an event came in and what happened to it since."""

    action = graphene.String(required=True, description="booked, confirmed, reversed")
    actor = graphene.Field(Actor)
    at = graphene.DateTime(required=True)
    note = graphene.String(required=True)


class EventType(DjangoObjectType):
    class Meta:
        model = Event
        name = "Event"
        fields = (
            "key", "item", "occurred_on", "quantity", "explanation", "version_key", "created_at",
        )  # fmt: skip

    quantity = graphene.Decimal(required=True)
    source = graphene.Field(EventSourceEnum, required=True)
    booked_without_review = graphene.Boolean(
        required=True, description="Booked directly (eventRecord, eventsImport): counts at once."
    )
    attributes = GenericScalar()
    subject_id = graphene.ID(required=True)
    entries = capped_list(EntryNode)
    timeline = graphene.List(graphene.NonNull(EventStep), required=True)

    def resolve_booked_without_review(self, info):
        return not self.needs_confirmation

    def resolve_subject_id(self, info):
        return Node.to_global_id("Subject", self.subject_id)

    def resolve_entries(self, info, first=None):
        return first_rows(entry_queryset().filter(event=self), first)

    def resolve_timeline(self, info):
        if not self.needs_confirmation:
            source = in_language(self.get_source_display())
            if self.supersedes_id:
                how = _(
                    "booked without review or publicity (%(source)s); books again event "
                    "%(event)s: %(explanation)s"
                )
            else:
                how = _("booked without review or publicity (%(source)s): %(explanation)s")
        else:
            source = ""
            if self.supersedes_id:
                how = _(
                    "booked on acceptance; counts once confirmed; books again event "
                    "%(event)s: %(explanation)s"
                )
            else:
                how = _("booked on acceptance; counts once confirmed: %(explanation)s")
        note = how % {
            "source": source,
            "event": repr(self.supersedes.key) if self.supersedes_id else "",
            "explanation": self.explanation,
        }
        steps = [
            EventStep(
                action="booked", actor=Actor.of(self.recorded_by), at=self.created_at, note=note
            )
        ]
        for entry in entry_queryset().filter(event=self):
            if entry.kind == EntryKind.CONFIRMATION:
                steps.append(
                    EventStep(
                        action="confirmed",
                        actor=Actor.of(entry.decided_by),
                        at=entry.created_at,
                        note=entry.reason,
                    )
                )
            elif entry.reverses_id:
                steps.append(
                    EventStep(
                        action="reversed",
                        actor=Actor.of(entry.decided_by),
                        at=entry.created_at,
                        note=f"#{entry.reverses.seq}: {entry.reason}",
                    )
                )
        return steps


class EventInput(graphene.InputObjectType):
    key = graphene.String(
        required=True, description="Idempotency key: the same fact always has the same key."
    )
    subject = graphene.ID(required=True)
    item = graphene.String(required=True)
    occurred_on = graphene.Date(required=True)
    attributes = GenericScalar(description='Item attributes, e.g. {"level": "county"}.')
    quantity = graphene.Float(default_value=1)
