import graphene
from graphene.types.generic import GenericScalar
from graphene_django import DjangoObjectType

import rulesets
from jifen.errors import Code
from jifen.graphql.core import DomainMutation, ErrorCode, errors_of
from jifen.graphql.enums import SubjectKindEnum, VersionStatusEnum
from jifen.graphql.ids import Node
from jifen.rulebook.errors import RulesetProblems
from jifen.rulebook.models import Ruleset, RulesetVersion
from jifen.rulebook.selectors import version_draft


class RulesetVersionType(DjangoObjectType):
    class Meta:
        model = RulesetVersion
        name = "RulesetVersion"
        fields = ("number", "effective_from", "text", "content_hash", "created_at", "published_at")

    status = graphene.Field(VersionStatusEnum, required=True)
    label = graphene.String(required=True)

    def resolve_status(self, info):
        return self.status

    def resolve_label(self, info):
        return self.label


class RulesetAssignmentType(graphene.ObjectType):
    """Where a ruleset scores, from when: the subjects of a kind under a unit."""

    class Meta:
        name = "RulesetAssignment"

    unit_name = graphene.String(required=True)
    unit_id = graphene.ID(required=True)
    subject_kind = graphene.Field(SubjectKindEnum, required=True)
    effective_from = graphene.Date(required=True)
    effective_until = graphene.Date()

    @staticmethod
    def of(assignment):
        return RulesetAssignmentType(
            unit_name=assignment.unit.name,
            unit_id=Node.to_global_id("OrgUnit", assignment.unit_id),
            subject_kind=assignment.subject_kind,
            effective_from=assignment.effective_from,
            effective_until=assignment.effective_until,
        )


class RulesetType(DjangoObjectType):
    class Meta:
        model = Ruleset
        name = "Ruleset"
        fields = ("code", "title", "forked_from", "created_at")

    versions = graphene.List(graphene.NonNull(RulesetVersionType), required=True)
    draft = graphene.Field(RulesetVersionType, description="The open draft, if any.")
    assignments = graphene.List(
        graphene.NonNull(RulesetAssignmentType),
        required=True,
        description="The units it is assigned to, latest start first.",
    )

    def resolve_assignments(self, info):
        rows = sorted(self.assignments.all(), key=lambda a: (a.effective_from, a.pk), reverse=True)
        return [RulesetAssignmentType.of(a) for a in rows]

    def resolve_versions(self, info):
        return sorted(self.versions.all(), key=lambda v: v.number)

    def resolve_draft(self, info):
        return version_draft(self)


class Reevaluation(graphene.ObjectType):
    """One booked fact a retroactive version evaluates again."""

    event_key = graphene.String(required=True)
    now_event_key = graphene.String(description="The event that books it again (once published).")
    subject = graphene.String(required=True)
    item = graphene.String(required=True)
    occurred_on = graphene.Date(required=True)
    points_before = graphene.Decimal(required=True)
    points_after = graphene.Decimal(required=True)
    entries = graphene.List(
        graphene.NonNull(graphene.ID), required=True, description="Its entries, reversed."
    )

    @staticmethod
    def of(change):
        return Reevaluation(
            event_key=change.event.key,
            now_event_key=change.successor_key,
            subject=change.event.subject.name,
            item=change.event.item,
            occurred_on=change.event.occurred_on,
            points_before=change.points_before,
            points_after=change.points_after,
            entries=[Node.to_global_id("Entry", i) for i in change.entry_ids],
        )


class RulesetProblem(graphene.ObjectType):
    """An error of a ruleset mutation; for ruleset text, `message` reads
    `FILE:LINE: path: message` and `line`/`path` locate it."""

    field = graphene.String()
    code = graphene.Field(ErrorCode, required=True)
    message = graphene.String(required=True)
    line = graphene.Int(description="Line in the text, 0 when it concerns the whole document.")
    path = graphene.String(description="Where in the document, e.g. items[3].points.")
    hint = graphene.String()

    @staticmethod
    def from_problem(problem):
        text = f"{problem.file or '<ruleset>'}:{problem.line}: {problem.path or '$'}: "
        return RulesetProblem(
            field="text",
            code=Code.VALIDATION_FAILED,
            message=text + problem.message,
            line=problem.line,
            path=problem.path or "$",
            hint=problem.hint or None,
        )


class RulesetMutation(DomainMutation):
    """A ruleset mutation: its errors locate problems in the ruleset text."""

    class Meta:
        abstract = True

    errors = graphene.List(graphene.NonNull(RulesetProblem), required=True)

    @classmethod
    def refused(cls, exc):
        if isinstance(exc, RulesetProblems):
            return cls(errors=[RulesetProblem.from_problem(p) for p in exc.ruleset_problems])
        return cls(errors=errors_of(exc, RulesetProblem))


class ItemAttribute(graphene.ObjectType):
    """One attribute an item accepts (what a declaration form asks for)."""

    name = graphene.String(required=True)
    type = graphene.String(
        required=True, description="string, number, integer, boolean, date, votes"
    )
    required = graphene.Boolean(required=True)
    values = GenericScalar(description="The allowed values (or vote kinds), if limited.")
    min = graphene.Float()
    max = graphene.Float()
    title = graphene.String(required=True)
    description = graphene.String(required=True, description="What may be entered, in words.")

    @staticmethod
    def of(spec):
        return ItemAttribute(
            name=spec.name,
            type=spec.type,
            required=spec.required,
            values=list(spec.values) or None,
            min=spec.minimum,
            max=spec.maximum,
            title=spec.title or spec.name,
            description=spec.describe(),
        )


class RulesetItem(graphene.ObjectType):
    """An item of a ruleset, enough to pick one in a declaration form."""

    code = graphene.String(required=True)
    title = graphene.String(required=True)
    bucket = graphene.String(required=True)
    points = graphene.Float(description="Fixed points, null when they vary.")
    points_range = graphene.List(
        graphene.NonNull(graphene.Float), description="[min, max] when the reviewer sets them."
    )
    declared_by = graphene.List(
        graphene.NonNull(graphene.String),
        required=True,
        description="Who may declare it (member, recorder, inspector …); empty: anyone.",
    )
    evidence_required = graphene.Boolean(required=True)
    attributes = graphene.List(graphene.NonNull(ItemAttribute), required=True)

    @staticmethod
    def from_item(document, item):
        return RulesetItem(
            attributes=[
                ItemAttribute.of(s) for s in rulesets.item_attributes(document, item).values()
            ],
            code=item["code"],
            title=item.get("title", item["code"]),
            bucket=item.get("bucket", ""),
            points=item.get("points"),
            points_range=item.get("points_range"),
            declared_by=list(item.get("declared_by") or []),
            evidence_required=item.get("evidence") == "required",
        )
