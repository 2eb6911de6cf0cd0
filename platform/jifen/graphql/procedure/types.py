"""The procedure's GraphQL types.

Lists cost a fixed number of queries whatever their length: `get_queryset` (and the
`*_queryset` helpers that parent types reuse in their prefetches) select and prefetch
everything the nested fields read, and the resolvers read only that. A resolver falls back
to a query of its own only for a single object fetched without them.
"""

from __future__ import annotations

from decimal import Decimal

import graphene
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.urls import reverse
from graphene.types.generic import GenericScalar
from graphene_django import DjangoObjectType

from jifen.graphql import projection
from jifen.graphql.core import (
    Actor,
    CountableConnection,
    asks_for,
    capped_list,
    first_rows,
    rows_asked,
)
from jifen.graphql.enums import (
    BoardKindEnum,
    BoardStatusEnum,
    CloseStatusEnum,
    DecisionStatusEnum,
    DeclarationKindEnum,
    DeclarationStatusEnum,
    ObjectionOutcomeEnum,
    ObjectionStatusEnum,
    ReportStatusEnum,
)
from jifen.graphql.ids import Node, to_global_id
from jifen.graphql.ledger.types import BucketPoints, EntryNode, entry_queryset
from jifen.graphql.org.types import OrgUnitNode
from jifen.graphql.subjects.types import SubjectNode
from jifen.procedure import selectors
from jifen.procedure.models import (
    Board,
    BoardKind,
    Declaration,
    Evidence,
    HostReport,
    Objection,
    PeriodClose,
    PeriodResult,
    QuotaDecision,
    Step,
)
from jifen.subjects.models import Subject
from jifen.subjects.selectors import subject_list


def _user(info):
    return info.context.user


def _prefetched(obj, attr: str, fallback):
    """What a parent's prefetch put on `obj`, or `fallback()` for a lone object."""
    found = getattr(obj, attr, None)
    return found if found is not None else fallback()


def _subject_visible(info):
    """Annotation: whether the caller may see the row's subject record."""
    return Exists(subject_list(user=_user(info)).filter(pk=OuterRef("subject_id")))


def _visible_subject(obj, info):
    """The subject when the caller may see its record (boards show the name anyway)."""
    visible = getattr(obj, "subject_visible", None)
    if visible is None:
        visible = subject_list(user=_user(info)).filter(pk=obj.subject_id).exists()
    return obj.subject if visible else None


def _steps() -> QuerySet:
    return Step.objects.select_related("actor").order_by("at", "pk")


class StepType(graphene.ObjectType):
    """One step of the procedure: who did what, when."""

    class Meta:
        name = "Step"

    action = graphene.String(required=True)
    actor = graphene.Field(Actor, description="The tenant's system actor for a scheduled job.")
    at = graphene.DateTime(required=True)
    note = graphene.String(required=True)

    @staticmethod
    def of(step: Step) -> StepType:
        return StepType(action=step.action, actor=Actor.of(step.actor), at=step.at, note=step.note)


class EvidenceType(DjangoObjectType):
    class Meta:
        model = Evidence
        name = "Evidence"
        fields = ("original_name", "content_type", "size", "sha256", "uploaded_at")

    id = graphene.ID(required=True)
    url = graphene.String(required=True, description="Download; only for who may see it.")

    def resolve_id(self, info):
        return Node.to_global_id("Evidence", self.pk)

    def resolve_url(self, info):
        return reverse("evidence_download", kwargs={"pk": self.pk})


def objection_queryset(info) -> QuerySet:
    """Objections with what ObjectionNode's fields read."""
    return (
        Objection.objects.select_related("raised_by", "answered_by", "handled_by", "subject")
        .prefetch_related(Prefetch("steps", _steps(), to_attr="step_list"))
        .order_by("raised_at", "pk")
    )


# A relation joined, or a list prefetched, only when the operation asks for a field that
# reads it: every relation joined on every list made the review queue's statement cost
# 100-190 ms to plan (14 relations) for 15 ms of execution (bench/reads.py). A resolver that
# reads an unjoined relation still answers, with a query of its own.
_DECLARATION_JOINS = {
    "homeUnit": ("subject__home_unit",),
    "hostUnit": ("subject__host_unit",),
    "declaredBy": ("declared_by",),
    "reviewedBy": ("reviewed_by",),
    "confirmedBy": ("confirmed_by",),
    "countersignedBy": ("countersigned_by",),
    "board": ("board__unit",),
    "entries": ("event",),
}


def declaration_queryset(info, queryset: QuerySet | None = None) -> QuerySet:
    """Declarations with what the asked-for DeclarationNode fields read, in a fixed number
    of queries. The subject, unit and board's ruleset are always read: names, the caller's
    projection and the ruleset's `public:` section depend on them."""
    queryset = Declaration.objects.all() if queryset is None else queryset
    joins = ["subject", "unit", "board__ruleset"]
    for field, relations in _DECLARATION_JOINS.items():
        if asks_for(info, field):
            joins += relations
    lists = []
    if asks_for(info, "timeline"):
        lists.append(Prefetch("steps", _steps(), to_attr="step_list"))
    if asks_for(info, "objections") or asks_for(info, "timeline"):
        lists.append(Prefetch("objections", objection_queryset(info), to_attr="objection_list"))
    if asks_for(info, "evidence"):
        lists.append(Prefetch("evidence", Evidence.objects.order_by("pk"), to_attr="evidence_list"))
    if asks_for(info, "entries"):
        lists.append(Prefetch("event__entries", entry_queryset(), to_attr="entry_list"))
    return (
        queryset.select_related(*joins)
        .annotate(subject_visible=_subject_visible(info))
        .prefetch_related(*lists)
    )


def _internals(declaration: Declaration, info) -> bool:
    """Whether the caller gets the committee's projection of it (see `projection`)."""
    return projection.declaration_internals(info, declaration)


def _entries(declaration: Declaration) -> list:
    if not declaration.event_id:
        return []
    return list(
        _prefetched(
            declaration.event,
            "entry_list",
            lambda: entry_queryset().filter(event=declaration.event),
        )
    )


def _deduction(declaration: Declaration) -> bool:
    return sum((e.points for e in _entries(declaration)), Decimal(0)) < 0


class DeclarationNode(DjangoObjectType):
    class Meta:
        model = Declaration
        name = "Declaration"
        fields = (
            "key", "item", "occurred_on", "quantity", "note", "place", "declared_at",
            "reviewed_at", "review_reason", "confirmed_at", "countersign_required",
            "countersigned_at",
        )  # fmt: skip
        interfaces = (Node,)
        connection_class = CountableConnection

    status = graphene.Field(DeclarationStatusEnum, required=True)
    kind = graphene.Field(DeclarationKindEnum, required=True)
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
        if not _user(info).is_authenticated:
            return queryset.none()
        visible = selectors.declaration_visible_list(user=_user(info)).values("pk")
        return declaration_queryset(info, queryset.filter(pk__in=visible))

    def resolve_close(self, info):
        return self.close

    def resolve_subject(self, info):
        return _visible_subject(self, info)

    def resolve_subject_name(self, info):
        if _internals(self, info):
            return self.subject.name
        if not projection.shows(info, self, "subject_name"):
            return ""  # an anonymous row: the ruleset publishes what happened, not to whom
        public = projection.audience(info, self.unit) is projection.Audience.PUBLIC
        seen = projection.declaration_visibility(info, self)
        if public and seen.mask_deductions and _deduction(self):
            return projection.masked(self.subject.name)
        return self.subject.name

    def resolve_item(self, info):
        return self.item if projection.shows(info, self, "item") else ""

    def resolve_unit(self, info):
        return self.unit

    def resolve_key(self, info):
        return self.key if _internals(self, info) else ""

    def resolve_note(self, info):
        return self.note if projection.shows(info, self, "note") else ""

    def resolve_place(self, info):
        return self.place if projection.shows(info, self, "place") else ""

    def resolve_review_reason(self, info):
        return self.review_reason if _internals(self, info) else ""

    def resolve_attributes(self, info):
        return self.attributes if _internals(self, info) else None

    def resolve_declared_by(self, info):
        return Actor.of(self.declared_by) if _internals(self, info) else None

    def resolve_reviewed_by(self, info):
        return Actor.of(self.reviewed_by) if _internals(self, info) else None

    def resolve_confirmed_by(self, info):
        return Actor.of(self.confirmed_by) if _internals(self, info) else None

    def resolve_countersigned_by(self, info):
        return Actor.of(self.countersigned_by) if _internals(self, info) else None

    def resolve_board(self, info):
        return self.board

    def resolve_entries(self, info):
        if not projection.shows(info, self, "points"):
            return []
        entries = _entries(self)
        if not _internals(self, info):
            for entry in entries:
                entry.public_projection = True  # EntryNode leaves out reasons and names
        return entries

    def resolve_timeline(self, info):
        if not _internals(self, info):
            return []
        own = _prefetched(self, "step_list", lambda: list(_steps().filter(declaration=self)))
        objections = _prefetched(
            self, "objection_list", lambda: list(objection_queryset(info).filter(declaration=self))
        )
        steps = {s.pk: s for s in own}
        for objection in objections:
            for s in _prefetched(
                objection, "step_list", lambda o=objection: list(_steps().filter(objection=o))
            ):
                steps[s.pk] = s
        return [StepType.of(s) for s in sorted(steps.values(), key=lambda s: (s.at, s.pk))]

    def resolve_evidence(self, info):
        if not _internals(self, info):
            return []
        return _prefetched(self, "evidence_list", lambda: self.evidence.order_by("pk"))

    def resolve_objections(self, info):
        if projection.audience(info, self.unit) is projection.Audience.PUBLIC:
            return []
        return _prefetched(
            self, "objection_list", lambda: objection_queryset(info).filter(declaration=self)
        )


class FormulaValue(graphene.ObjectType):
    """A named formula of the ruleset, as it came out for one subject."""

    name = graphene.String(required=True)
    value = graphene.Decimal(required=True)


class PeriodResultType(DjangoObjectType):
    class Meta:
        model = PeriodResult
        name = "PeriodResult"
        fields = ("category", "total", "grade", "rank", "stars", "vetoed", "redeemable")

    id = graphene.ID(
        required=True,
        description="This result (`objectionRaise(result:)` objects to it while it is publicised).",
    )
    total = graphene.Decimal(description="Null when the subject is not assessed.")
    close = graphene.Field(
        lambda: PeriodCloseNode, required=True, description="The closed period it belongs to."
    )
    subject = graphene.Field(SubjectNode, description="Null when you may not see the record.")
    subject_name = graphene.String(required=True)
    buckets = graphene.List(graphene.NonNull(BucketPoints), required=True)
    flags = graphene.List(graphene.NonNull(graphene.String), required=True)
    explain = GenericScalar(description="How the ruleset arrived at the total and grade.")
    formulas = graphene.List(
        graphene.NonNull(lambda: FormulaValue),
        required=True,
        description="The ruleset's named formulas (a branch's members' average …).",
    )

    def resolve_id(self, info):
        return to_global_id("PeriodResult", self.pk)

    def resolve_subject(self, info):
        return _visible_subject(self, info)

    def resolve_subject_name(self, info):
        return self.subject.name

    def resolve_buckets(self, info):
        return [
            BucketPoints(bucket=k, points=Decimal(str(v))) for k, v in sorted(self.buckets.items())
        ]

    def resolve_flags(self, info):
        return list(self.flags)

    def resolve_formulas(self, info):
        return [
            FormulaValue(name=k, value=Decimal(str(v))) for k, v in sorted(self.formulas.items())
        ]

    def resolve_explain(self, info):
        return self.explain


# Result columns read only by the field of the same name (JSON: decoding them is most of a
# large page's time when nobody shows them).
_RESULT_JSON = {"explain": "explain", "buckets": "buckets", "formulas": "formulas"}


def result_queryset(info) -> QuerySet:
    """Results with what PeriodResultType reads, and only that: the explain JSON (5 KB a
    result), buckets and formulas when the request asks for them; the subject's units
    when it asks for a unit (a county page of 2,500 results shows names and grades)."""
    units = asks_for(info, "homeUnit") or asks_for(info, "hostUnit")
    rows = (
        PeriodResult.objects.select_related(
            *(("subject__home_unit", "subject__host_unit") if units else ("subject",))
        )
        .annotate(subject_visible=_subject_visible(info))
        .order_by("rank", "subject__name", "pk")
    )
    unread = [column for field, column in _RESULT_JSON.items() if not asks_for(info, field)]
    return rows.defer(*unread) if unread else rows


def decision_queryset() -> QuerySet:
    """Quota decisions with their tied and chosen subjects (one query each, not per tie)."""
    subjects = Subject.objects.select_related("home_unit", "host_unit", "household").order_by("pk")
    return (
        QuotaDecision.objects.select_related("decided_by")
        .prefetch_related(
            Prefetch("tied", subjects, to_attr="tied_list"),
            Prefetch("chosen", subjects, to_attr="chosen_list"),
        )
        .order_by("pk")
    )


class BoardNode(DjangoObjectType):
    """A notice board (公示栏): reviewed declarations, or a closed period's results."""

    class Meta:
        model = Board
        name = "Board"
        fields = ("covers_start", "covers_end", "opened_at", "closes_on", "public", "closed_at")
        interfaces = (Node,)
        connection_class = CountableConnection

    kind = graphene.Field(BoardKindEnum, required=True)
    status = graphene.Field(BoardStatusEnum, required=True)
    unit = graphene.Field(OrgUnitNode, required=True)
    opened_by = graphene.Field(Actor)
    declarations = capped_list(DeclarationNode)
    results = capped_list(PeriodResultType, description="On a results board.")
    period_close = graphene.Field(
        lambda: PeriodCloseNode,
        description=(
            "On a results board: the closed period whose results it shows (objections to a "
            "result name it with `objectionRaise(close:, subject:)`). Not shown to the public."
        ),
    )

    @classmethod
    def get_queryset(cls, queryset, info):
        visible = selectors.board_list(user=_user(info)).values("pk")
        declarations = declaration_queryset(info).order_by("occurred_on", "pk")
        results = result_queryset(info)
        # a page per board, not every row (a window over each board's rows in SQL)
        if (asked := rows_asked(info, "declarations")) is not None:
            declarations = declarations[:asked]
        if (asked := rows_asked(info, "results")) is not None:
            results = results[:asked]
        return (
            queryset.filter(pk__in=visible)
            .select_related("unit", "opened_by", "period_close")
            .prefetch_related(
                Prefetch("declarations", declarations, to_attr="declaration_list"),
                Prefetch("period_close__results", results, to_attr="result_list"),
            )
        )

    def resolve_unit(self, info):
        return self.unit

    def resolve_opened_by(self, info):
        if projection.audience(info, self.unit) is projection.Audience.PUBLIC:
            return None
        return Actor.of(self.opened_by)

    def resolve_declarations(self, info, first=None):
        rows = _prefetched(
            self,
            "declaration_list",
            lambda: declaration_queryset(info, self.declarations.order_by("occurred_on", "pk")),
        )
        return first_rows(rows, first)

    def resolve_period_close(self, info):
        if self.kind != BoardKind.RESULTS:
            return None
        if projection.audience(info, self.unit) is projection.Audience.PUBLIC:
            return None
        try:
            return self.period_close
        except PeriodClose.DoesNotExist:
            return None

    def resolve_results(self, info, first=None):
        if self.kind != BoardKind.RESULTS:
            return first_rows([], first)
        try:
            close = self.period_close
        except PeriodClose.DoesNotExist:
            return first_rows([], first)
        rows = _prefetched(close, "result_list", lambda: result_queryset(info).filter(close=close))
        return first_rows(rows, first)


class ObjectionNode(DjangoObjectType):
    """An objection (异议) or defence (申辩) against a declaration on a board, or against a
    subject's result while the period's results are publicised."""

    class Meta:
        model = Objection
        name = "Objection"
        fields = ("reason", "raised_at", "answer_due", "answer", "answered_at", "escalation_level")
        interfaces = (Node,)
        connection_class = CountableConnection

    status = graphene.Field(ObjectionStatusEnum, required=True)
    outcome = graphene.Field(ObjectionOutcomeEnum, description="Null until answered.")
    declaration = graphene.Field(DeclarationNode, description="Null for a result objection.")
    close = graphene.Field(
        lambda: PeriodCloseNode, description="The closed period whose result is objected to."
    )
    subject_name = graphene.String(required=True, description="Whose points or result.")
    raised_by = graphene.Field(Actor)
    answered_by = graphene.Field(Actor)
    handled_by = graphene.Field(OrgUnitNode, required=True, description="Who must answer now.")

    @classmethod
    def get_queryset(cls, queryset, info):
        if not _user(info).is_authenticated:
            return queryset.none()
        visible = selectors.objection_list(user=_user(info)).values("pk")
        return (
            queryset.filter(pk__in=visible)
            .select_related(None)  # a selected declaration would skip the prefetch below
            .select_related("raised_by", "answered_by", "handled_by", "subject", "close")
            .prefetch_related(Prefetch("declaration", declaration_queryset(info)))
        )

    def resolve_outcome(self, info):
        return self.outcome or None

    def resolve_declaration(self, info):
        return self.declaration

    def resolve_close(self, info):
        return self.close

    def resolve_subject_name(self, info):
        return self.subject.name

    def resolve_reason(self, info):
        return self.reason if projection.objector_visible(info, self) else ""

    def resolve_raised_by(self, info):
        return Actor.of(self.raised_by) if projection.objector_visible(info, self) else None

    def resolve_answered_by(self, info):
        return Actor.of(self.answered_by)

    def resolve_handled_by(self, info):
        return self.handled_by


class QuotaDecisionType(DjangoObjectType):
    """A tie across a quota's boundary the committee decides: who is tied for how many
    places of which grade; once decided, whom it chose and why."""

    class Meta:
        model = QuotaDecision
        name = "QuotaDecision"
        fields = ("key", "grade", "scope", "places", "rank", "reason", "decided_at")
        interfaces = (Node,)

    status = graphene.Field(DecisionStatusEnum, required=True)
    tied = graphene.List(graphene.NonNull(SubjectNode), required=True)
    chosen = graphene.List(graphene.NonNull(SubjectNode), required=True)
    decided_by = graphene.Field(Actor)

    def resolve_tied(self, info):
        return _prefetched(self, "tied_list", lambda: list(self.tied.order_by("pk")))

    def resolve_chosen(self, info):
        return _prefetched(self, "chosen_list", lambda: list(self.chosen.order_by("pk")))

    def resolve_decided_by(self, info):
        return Actor.of(self.decided_by)


class PeriodCloseNode(DjangoObjectType):
    """A unit's closed period: results from what counts, publicised, then filed with the
    superior, who accepts or returns it."""

    class Meta:
        model = PeriodClose
        name = "PeriodClose"
        fields = (
            "ruleset_version", "period_start", "period_end", "closed_at", "filed_at",
            "reviewed_at", "review_reason",
        )  # fmt: skip
        interfaces = (Node,)
        connection_class = CountableConnection

    status = graphene.Field(CloseStatusEnum, required=True)
    unit = graphene.Field(OrgUnitNode, required=True)
    ruleset = graphene.String(required=True)
    closed_by = graphene.Field(Actor)
    filed_by = graphene.Field(Actor)
    filed_with = graphene.Field(OrgUnitNode)
    reviewed_by = graphene.Field(Actor, description="The superior who accepted or returned it.")
    results_board = graphene.Field(BoardNode)
    results = capped_list(PeriodResultType)
    decisions = capped_list(
        QuotaDecisionType,
        description="Quota ties for the committee; the close waits for the open ones.",
    )
    objections = capped_list(
        ObjectionNode, description="Objections to its results; filing waits for the open ones."
    )
    timeline = graphene.List(
        graphene.NonNull(StepType),
        required=True,
        description="Closed, decided, publicised, objected to, filed, accepted or returned.",
    )

    @classmethod
    def get_queryset(cls, queryset, info):
        visible = selectors.period_close_list(user=_user(info)).values("pk")
        return (
            queryset.filter(pk__in=visible)
            .select_related(
                "unit", "ruleset", "closed_by", "filed_by", "filed_with", "results_board"
            )
            .prefetch_related(
                Prefetch("results", result_queryset(info), to_attr="result_list"),
                Prefetch("objections", objection_queryset(info), to_attr="objection_list"),
                Prefetch("decisions", decision_queryset(), to_attr="decision_list"),
                Prefetch("steps", _steps(), to_attr="step_list"),
            )
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

    def resolve_reviewed_by(self, info):
        return Actor.of(self.reviewed_by)

    def resolve_results(self, info, first=None):
        rows = _prefetched(self, "result_list", lambda: result_queryset(info).filter(close=self))
        return first_rows(rows, first)

    def resolve_decisions(self, info, first=None):
        rows = _prefetched(self, "decision_list", lambda: self.decisions.order_by("pk"))
        return first_rows(rows, first)

    def resolve_objections(self, info, first=None):
        rows = _prefetched(
            self, "objection_list", lambda: list(objection_queryset(info).filter(close=self))
        )
        return first_rows(rows, first)

    def resolve_timeline(self, info):
        steps = _prefetched(self, "step_list", lambda: list(_steps().filter(close=self)))
        return [StepType.of(s) for s in steps]


class DeclarationInput(graphene.InputObjectType):
    key = graphene.String(required=True, description="Idempotency key of this declaration.")
    subject = graphene.ID(required=True)
    item = graphene.String(required=True)
    occurred_on = graphene.Date(required=True)
    attributes = GenericScalar(description="What the item asks for (see rulesetItems).")
    quantity = graphene.Float(default_value=1)
    note = graphene.String(default_value="")
    place = graphene.String(default_value="")
    evidence = graphene.List(
        graphene.NonNull(graphene.ID), description="Ids returned by POST /evidence."
    )


class ExcusedAbsenceInput(graphene.InputObjectType):
    """A member who was on leave (请假), and why."""

    subject = graphene.ID(required=True)
    reason = graphene.String(required=True)


class AttendanceInput(graphene.InputObjectType):
    unit = graphene.ID(required=True)
    occurred_on = graphene.Date(required=True)
    key = graphene.String(required=True, description="Idempotency key of the meeting.")
    attendees = graphene.List(graphene.NonNull(graphene.ID), required=True)
    absent_item = graphene.String(
        required=True, description="For members absent without a proper reason."
    )
    present_item = graphene.String()
    excused = graphene.List(
        graphene.NonNull(ExcusedAbsenceInput),
        description="Members on leave with a reason: not absent (no absent item).",
    )
    excused_item = graphene.String(
        description="For members on leave, where the ruleset scores leave (its reason is the "
        "declaration's note); none when omitted."
    )
    note = graphene.String(default_value="")


class HostReportLine(graphene.ObjectType):
    """One floating member in a host's report: what counted in the quarter."""

    subject_name = graphene.String(required=True)
    points = graphene.Decimal(required=True)
    entries = GenericScalar(required=True, description="[{occurredOn, item, bucket, points, rule}]")


class HostReportNode(DjangoObjectType):
    """A host organisation's quarterly report on floating members to their home (函告)."""

    class Meta:
        model = HostReport
        name = "HostReport"
        fields = ("covers_start", "covers_end", "filed_at", "reviewed_at", "review_reason")
        interfaces = (Node,)
        connection_class = CountableConnection

    status = graphene.Field(ReportStatusEnum, required=True)
    host_unit = graphene.Field(OrgUnitNode, required=True)
    home_unit = graphene.Field(OrgUnitNode, required=True)
    filed_by = graphene.Field(Actor)
    reviewed_by = graphene.Field(Actor)
    lines = capped_list(HostReportLine)
    timeline = graphene.List(graphene.NonNull(StepType), required=True)

    @classmethod
    def get_queryset(cls, queryset, info):
        visible = selectors.host_report_list(user=_user(info)).values("pk")
        return (
            queryset.filter(pk__in=visible)
            .select_related("host_unit", "home_unit", "filed_by", "reviewed_by")
            .prefetch_related(Prefetch("steps", _steps(), to_attr="step_list"))
        )

    def resolve_status(self, info):
        return self.status

    def resolve_host_unit(self, info):
        return self.host_unit

    def resolve_home_unit(self, info):
        return self.home_unit

    def resolve_filed_by(self, info):
        return Actor.of(self.filed_by)

    def resolve_reviewed_by(self, info):
        return Actor.of(self.reviewed_by)

    def resolve_lines(self, info, first=None):
        lines = first_rows(self.lines, first)
        return [
            HostReportLine(
                subject_name=line["name"],
                points=Decimal(line["points"]),
                entries=[
                    {
                        "occurredOn": e["occurred_on"],
                        "item": e["item"],
                        "bucket": e["bucket"],
                        "points": e["points"],
                        "rule": e["rule"],
                    }
                    for e in line["entries"]
                ],
            )
            for line in lines
        ]

    def resolve_timeline(self, info):
        steps = _prefetched(self, "step_list", lambda: list(_steps().filter(report=self)))
        return [StepType.of(s) for s in steps]
