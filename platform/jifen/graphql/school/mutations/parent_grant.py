import graphene

from jifen.graphql import lookups
from jifen.graphql.core import DomainMutation
from jifen.graphql.school.types import GuardianType
from jifen.school.services import parent_grant, parent_revoke


class ParentGrant(DomainMutation):
    """Link a parent's user to their child's pupil record: the parent then reads that
    pupil's points and monthly reports, and nobody else's (administrators)."""

    class Arguments:
        username = graphene.String(required=True)
        pupil = graphene.ID(required=True)

    link = graphene.Field(GuardianType)

    @classmethod
    def perform(cls, info, username, pupil):
        link = parent_grant(
            actor=info.context.user,
            user=lookups.user(info, username, grantable=True),
            pupil=lookups.subject(info, pupil, field="pupil"),
        )
        return cls(link=GuardianType(username=link.user.username, pupil=link.pupil), errors=[])


class ParentRevoke(DomainMutation):
    """End a parent's access to a pupil."""

    class Arguments:
        username = graphene.String(required=True)
        pupil = graphene.ID(required=True)

    revoked = graphene.Boolean()

    @classmethod
    def perform(cls, info, username, pupil):
        done = parent_revoke(
            actor=info.context.user,
            user=lookups.user(info, username, grantable=True),
            pupil=lookups.subject(info, pupil, field="pupil"),
        )
        return cls(revoked=done, errors=[])
