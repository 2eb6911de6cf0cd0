import graphene
from graphene_django import DjangoObjectType

from jifen.graphql.core import Error
from jifen.rulebook.models import Ruleset, RulesetVersion
from jifen.rulebook.selectors import version_draft


class RulesetVersionType(DjangoObjectType):
    class Meta:
        model = RulesetVersion
        name = "RulesetVersion"
        fields = ("number", "effective_from", "text", "content_hash", "created_at", "published_at")

    status = graphene.String(required=True, description="draft or published.")
    label = graphene.String(required=True)

    def resolve_status(self, info):
        return self.status

    def resolve_label(self, info):
        return self.label


class RulesetType(DjangoObjectType):
    class Meta:
        model = Ruleset
        name = "Ruleset"
        fields = ("code", "title", "forked_from", "created_at")

    versions = graphene.List(graphene.NonNull(RulesetVersionType), required=True)
    draft = graphene.Field(RulesetVersionType, description="The open draft, if any.")

    def resolve_versions(self, info):
        return sorted(self.versions.all(), key=lambda v: v.number)

    def resolve_draft(self, info):
        return version_draft(self)


class RulesetProblem(graphene.ObjectType):
    """An error in ruleset text: `message` reads `FILE:LINE: path: message`."""

    field = graphene.String()
    code = graphene.String(required=True)
    message = graphene.String(required=True)
    line = graphene.Int(description="Line in the text, 0 when it concerns the whole document.")
    path = graphene.String(description="Where in the document, e.g. items[3].points.")
    hint = graphene.String()

    @staticmethod
    def from_problem(problem):
        text = f"{problem.file or '<ruleset>'}:{problem.line}: {problem.path or '$'}: "
        return RulesetProblem(
            field="text",
            code="invalid_ruleset",
            message=text + problem.message,
            line=problem.line,
            path=problem.path or "$",
            hint=problem.hint or None,
        )

    @staticmethod
    def from_error(error: Error):
        return RulesetProblem(field=error.field, code=error.code, message=error.message)


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

    @staticmethod
    def from_item(item):
        return RulesetItem(
            code=item["code"],
            title=item.get("title", item["code"]),
            bucket=item.get("bucket", ""),
            points=item.get("points"),
            points_range=item.get("points_range"),
            declared_by=list(item.get("declared_by") or []),
            evidence_required=item.get("evidence") == "required",
        )
