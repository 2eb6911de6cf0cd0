import graphene

from jifen.graphql.org.types import OrgUnitNode
from jifen.org import selectors


def _unit_pk(info, global_id):
    kind, pk = graphene.relay.Node.from_global_id(global_id)
    if kind != "OrgUnit":
        raise ValueError(f"{global_id!r} is not an OrgUnit id.")
    return selectors.unit_get(user=info.context.user, pk=int(pk))


class OrgQueries(graphene.ObjectType):
    org_units = graphene.relay.ConnectionField(
        OrgUnitNode._meta.connection,
        root=graphene.ID(description="Only this unit and its subtree."),
        max_depth=graphene.Int(description="Levels below root (or absolute depth without root)."),
        description="The organisation tree in tree order, limited to what you may see.",
    )
    org_unit = graphene.Field(OrgUnitNode, id=graphene.ID(required=True))

    def resolve_org_units(self, info, root=None, max_depth=None, **kwargs):
        root_unit = None
        if root is not None:
            root_unit = _unit_pk(info, root)
            if root_unit is None:
                return selectors.unit_list(user=info.context.user).none()
        return selectors.unit_list(user=info.context.user, root=root_unit, max_depth=max_depth)

    def resolve_org_unit(self, info, id):
        return _unit_pk(info, id)
