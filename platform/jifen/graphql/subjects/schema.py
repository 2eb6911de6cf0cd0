import graphene
from graphene_django import DjangoConnectionField

from jifen.graphql import lookups
from jifen.graphql.enums import SubjectKindEnum
from jifen.graphql.ids import Node
from jifen.graphql.subjects.mutations.subject_save import (
    BusinessCreate,
    BusinessUpdate,
    HouseholdCreate,
    HouseholdUpdate,
    PersonCreate,
    PersonUpdate,
)
from jifen.graphql.subjects.types import SubjectNode
from jifen.subjects import selectors


class SubjectQueries(graphene.ObjectType):
    subjects = DjangoConnectionField(
        SubjectNode,
        unit=graphene.ID(description="Subjects homed or hosted in this unit's subtree."),
        kind=SubjectKindEnum(),
        category=graphene.String(),
        search=graphene.String(),
        description="Subjects you may see: your subtree's for readers, your own for members.",
    )
    subject = graphene.Field(SubjectNode, id=graphene.ID(required=True))

    def resolve_subjects(self, info, unit=None, **filters):
        filters = {
            k: getattr(v, "value", v)
            for k, v in filters.items()
            if k in {"kind", "category", "search"}
        }
        unit_obj = None
        if unit is not None:
            unit_obj = lookups.optional(lookups.unit, info, unit)
            if unit_obj is None:
                return selectors.subject_list(user=info.context.user).none()
        return selectors.subject_list(user=info.context.user, unit=unit_obj, **filters)

    def resolve_subject(self, info, id):
        found = lookups.optional(lookups.subject, info, id)
        if found is None:  # a household's own people read its record (their passbook)
            own = selectors.own_household(user=info.context.user)
            if own is not None and id == Node.to_global_id("Subject", own.pk):
                return own
        return found


class SubjectMutations(graphene.ObjectType):
    person_create = PersonCreate.Field()
    person_update = PersonUpdate.Field()
    household_create = HouseholdCreate.Field()
    household_update = HouseholdUpdate.Field()
    business_create = BusinessCreate.Field()
    business_update = BusinessUpdate.Field()
