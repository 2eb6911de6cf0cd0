import graphene
from graphene_django import DjangoObjectType

from jifen.graphql import projection
from jifen.graphql.core import CountableConnection
from jifen.graphql.enums import SubjectKindEnum
from jifen.graphql.ids import Node
from jifen.graphql.org.types import OrgUnitNode
from jifen.org.selectors import unit_list
from jifen.subjects import selectors
from jifen.subjects.models import Subject


def _visible_units(info) -> set[int]:
    """Ids of the units the caller may see, once per request (not one query per row)."""
    visible = getattr(info.context, "_jifen_visible_units", None)
    if visible is None:
        visible = set(unit_list(user=info.context.user).values_list("pk", flat=True))
        info.context._jifen_visible_units = visible
    return visible


class SubjectNode(DjangoObjectType):
    class Meta:
        model = Subject
        name = "Subject"
        fields = (
            "name", "category", "exempt_reason", "exempt_approved_by", "exempt_approved_on",
            "joined_on", "left_on", "id_card_last4", "phone",
        )  # fmt: skip
        interfaces = (Node,)
        connection_class = CountableConnection

    kind = graphene.Field(SubjectKindEnum, required=True)
    attributes = graphene.JSONString()
    home_unit = graphene.Field(
        OrgUnitNode,
        description="Null when you may not see it: a floating member's home, for the host unit.",
    )
    host_unit = graphene.Field(
        OrgUnitNode, description="Where a floating member is scored; null when you may not see it."
    )

    floating = graphene.Boolean(
        required=True,
        description="Scored by a host unit (流动党员), even where the host unit is not yours to "
        "see: its meetings record their attendance, not the home unit's.",
    )

    household_name = graphene.String(description="The household a person belongs to.")
    household_id = graphene.ID(
        description="Global id of the household a person belongs to (its passbook, its shop)."
    )
    members = graphene.List(
        graphene.NonNull(lambda: SubjectNode),
        required=True,
        description="A household's people: for the staff who see it and its own members.",
    )

    # Other people's ID-card digits, phone and attributes are for the staff over the
    # subject's units (and the subject itself), not for fellow members.
    def resolve_id_card_last4(self, info):
        return self.id_card_last4 if projection.personal_details(info, self) else ""

    def resolve_phone(self, info):
        return self.phone if projection.personal_details(info, self) else ""

    def resolve_attributes(self, info):
        return self.attributes if projection.personal_details(info, self) else None

    def resolve_floating(self, info):
        return self.host_unit_id is not None

    def resolve_household_name(self, info):
        return self.household.name if self.household_id else None

    def resolve_household_id(self, info):
        return Node.to_global_id("Subject", self.household_id) if self.household_id else None

    def resolve_members(self, info):
        if self.kind != "household":
            return []
        return list(selectors.household_members(user=info.context.user, household=self))

    @classmethod
    def get_queryset(cls, queryset, info):
        return queryset.filter(
            pk__in=selectors.subject_list(user=info.context.user).values("pk")
        ).select_related("home_unit", "host_unit", "household")

    def resolve_home_unit(self, info):
        if self.home_unit_id in _visible_units(info):
            return self.home_unit
        own = selectors.own_household(user=info.context.user)  # its people see its grid
        return self.home_unit if own is not None and own.pk == self.pk else None

    def resolve_host_unit(self, info):
        if self.host_unit_id is None or self.host_unit_id not in _visible_units(info):
            return None
        return self.host_unit
