"""Create and update people, households and businesses (one mutation per kind and verb)."""

import graphene

from jifen.graphql import lookups
from jifen.graphql.core import DomainMutation
from jifen.graphql.subjects.mutations.inputs import (
    BusinessInput,
    HouseholdInput,
    PersonInput,
    subject_input,
)
from jifen.graphql.subjects.types import SubjectNode
from jifen.subjects import services
from jifen.subjects.models import SubjectKind


class _Create(DomainMutation):
    class Meta:
        abstract = True

    subject = graphene.Field(SubjectNode)
    kind = SubjectKind.PERSON

    @classmethod
    def perform(cls, info, input):
        subject = services.subject_create(
            actor=info.context.user, kind=cls.kind, data=subject_input(info, input)
        )
        return cls(subject=subject, errors=[])


class _Update(DomainMutation):
    class Meta:
        abstract = True

    subject = graphene.Field(SubjectNode)
    kind = SubjectKind.PERSON

    @classmethod
    def perform(cls, info, id, input):
        subject = lookups.subject(info, id, "id")
        if subject.kind != cls.kind:
            raise lookups.not_found("id", lookups.SUBJECT)
        subject = services.subject_update(
            actor=info.context.user, subject=subject, data=subject_input(info, input)
        )
        return cls(subject=subject, errors=[])


class PersonCreate(_Create):
    """Register a person (member, villager, student …) in a unit's roster."""

    class Arguments:
        input = PersonInput(required=True)


class PersonUpdate(_Update):
    """Change a person's record: a move to another unit keeps their points history."""

    class Arguments:
        id = graphene.ID(required=True)
        input = PersonInput(required=True)


class HouseholdCreate(_Create):
    """Register a household, optionally with its people."""

    kind = SubjectKind.HOUSEHOLD

    class Arguments:
        input = HouseholdInput(required=True)


class HouseholdUpdate(_Update):
    """Change a household; `members`, when given, is its complete list of people."""

    kind = SubjectKind.HOUSEHOLD

    class Arguments:
        id = graphene.ID(required=True)
        input = HouseholdInput(required=True)


class BusinessCreate(_Create):
    """Register a business under its supervising station."""

    kind = SubjectKind.BUSINESS

    class Arguments:
        input = BusinessInput(required=True)


class BusinessUpdate(_Update):
    kind = SubjectKind.BUSINESS

    class Arguments:
        id = graphene.ID(required=True)
        input = BusinessInput(required=True)
