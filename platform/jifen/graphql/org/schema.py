import graphene
from graphene_django import DjangoConnectionField

from jifen.graphql.core import decode_id
from jifen.graphql.org.types import OrgUnitNode
from jifen.org import selectors


def visible_unit(info, global_id: str):
    """The unit behind a global id if the caller may see it, else None."""
    return selectors.unit_get(user=info.context.user, pk=decode_id(global_id, "OrgUnit"))


class OrgQueries(graphene.ObjectType):
    org_units = DjangoConnectionField(
        OrgUnitNode,
        under=graphene.ID(description="Only this unit and its subtree."),
        max_depth=graphene.Int(description="Levels below `under` (absolute depth without it)."),
        description="The organisation tree in tree order, limited to what you may see.",
    )
    org_unit = graphene.Field(OrgUnitNode, id=graphene.ID(required=True))

    def resolve_org_units(self, info, under=None, max_depth=None, **kwargs):
        root_unit = None
        if under is not None:
            root_unit = visible_unit(info, under)
            if root_unit is None:
                return selectors.unit_list(user=info.context.user).none()
        return selectors.unit_list(user=info.context.user, root=root_unit, max_depth=max_depth)

    def resolve_org_unit(self, info, id):
        return visible_unit(info, id)
