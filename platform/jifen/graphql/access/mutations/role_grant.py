import graphene

from jifen.graphql import lookups
from jifen.graphql.core import DomainMutation
from jifen.graphql.enums import RoleEnum
from jifen.graphql.org.types import RoleAssignmentType
from jifen.org import services


class RoleGrant(DomainMutation):
    """Give a user a role over a unit and its subtree. Refuses combinations one person may
    not hold over overlapping units (the recorder and the supervisor are different people)."""

    class Arguments:
        username = graphene.String(required=True)
        role = RoleEnum(required=True)
        unit = graphene.ID(required=True)

    assignment = graphene.Field(RoleAssignmentType)

    @classmethod
    def perform(cls, info, username, role, unit):
        assignment = services.role_assign(
            actor=info.context.user,
            user=lookups.user(info, username, grantable=True),
            role=getattr(role, "value", role),
            unit=lookups.unit(info, unit),
        )
        return cls(assignment=assignment, errors=[])


class RoleRevoke(DomainMutation):
    """Take a role back (`revoked` is false when the user did not hold it there)."""

    class Arguments:
        username = graphene.String(required=True)
        role = RoleEnum(required=True)
        unit = graphene.ID(required=True)

    revoked = graphene.Boolean()

    @classmethod
    def perform(cls, info, username, role, unit):
        revoked = services.role_revoke(
            actor=info.context.user,
            user=lookups.user(info, username, grantable=True),
            role=getattr(role, "value", role),
            unit=lookups.unit(info, unit),
        )
        return cls(revoked=revoked, errors=[])
