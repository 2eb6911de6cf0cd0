import graphene

from jifen.graphql import lookups
from jifen.graphql.core import DomainMutation
from jifen.graphql.org.types import EvaluationGroupNode
from jifen.org.evaluation import cross_review_assign, evaluation_group_create


class EvaluationGroupCreate(DomainMutation):
    """Form an evaluation group (at least five members) that looks after one area."""

    class Arguments:
        area = graphene.ID(required=True, description="The grid (片/组) the group looks after.")
        name = graphene.String(required=True)
        usernames = graphene.List(graphene.NonNull(graphene.String), required=True)

    group = graphene.Field(EvaluationGroupNode)

    @classmethod
    def perform(cls, info, area, name, usernames):
        members = [
            lookups.user(info, u, field=f"usernames.{i}", grantable=True)
            for i, u in enumerate(usernames)
        ]
        group = evaluation_group_create(
            actor=info.context.user, area=lookups.unit(info, area, "area"), name=name,
            members=members,
        )  # fmt: skip
        return cls(group=group, errors=[])


class CrossReviewAssign(DomainMutation):
    """Assign a group to review another area of the village (交叉考察评议)."""

    class Arguments:
        group = graphene.ID(required=True)
        unit = graphene.ID(required=True, description="The area it reviews.")

    group = graphene.Field(EvaluationGroupNode)

    @classmethod
    def perform(cls, info, group, unit):
        found = lookups.evaluation_group(info, group)
        cross_review_assign(actor=info.context.user, group=found, reviewed=lookups.unit(info, unit))
        return cls(group=found, errors=[])
