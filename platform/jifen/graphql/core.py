"""Shared GraphQL pieces: the error type and a connection with a total count."""

import graphene


class Error(graphene.ObjectType):
    """A problem with the input: which field, what is wrong, how to fix it."""

    field = graphene.String(description="Input field at fault, or null for the whole input.")
    code = graphene.String(required=True)
    message = graphene.String(required=True)


class CountableConnection(graphene.relay.Connection):
    class Meta:
        abstract = True

    total_count = graphene.Int(required=True)

    def resolve_total_count(self, info):
        return self.iterable.count() if hasattr(self.iterable, "count") else len(self.iterable)
