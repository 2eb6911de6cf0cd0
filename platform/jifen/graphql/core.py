"""Shared GraphQL pieces: typed errors, the mutation base class, connections, ids.

Every mutation is a `DomainMutation`: it parses its input, looks objects up through the
scoped lookups (`lookups.py`: an id of another tenant or outside the caller's scope is
NOT_FOUND, never "forbidden", so errors never confirm existence), calls one service and
returns its payload. The service decides permissions (`jifen.policy`) and refuses with a
`DomainError`; the base class turns that into `errors` with a code, a message and the
input field at fault. Nothing else in this layer decides anything.
"""

from __future__ import annotations

from typing import Any

import graphene
from django.utils.translation import gettext as _
from graphql import GraphQLError

from jifen.errors import Code, DomainError, NotFound

ErrorCode = graphene.Enum.from_enum(
    Code,
    name="ErrorCode",
    description="What kind of refusal: each code means one thing for every mutation.",
)


class Error(graphene.ObjectType):
    """A refused request: which field, what kind of refusal, what to do about it."""

    field = graphene.String(
        description="Input field at fault (`occurredOn`, `attributes.level`, "
        "`events.3.subject`), or null for the whole input."
    )
    code = graphene.Field(ErrorCode, required=True)
    message = graphene.String(required=True)


def errors_of(exc: DomainError, error_type: type = Error) -> list:
    """One error per field problem, or one for the whole refusal."""
    if exc.problems:
        return [error_type(field=p.field, code=exc.code, message=p.message) for p in exc.problems]
    return [error_type(field=exc.field, code=exc.code, message=exc.message)]


class DomainMutation(graphene.Mutation):
    """Base of every mutation: `perform` parses, looks up and calls one service."""

    class Meta:
        abstract = True

    errors = graphene.List(graphene.NonNull(Error), required=True)

    @classmethod
    def perform(cls, info, **kwargs: Any) -> DomainMutation:
        raise NotImplementedError

    @classmethod
    def refused(cls, exc: DomainError) -> DomainMutation:
        return cls(errors=errors_of(exc))

    @classmethod
    def mutate(cls, root, info, **kwargs: Any) -> DomainMutation:
        try:
            return cls.perform(info, **kwargs)
        except DomainError as exc:
            return cls.refused(exc)


class CountableConnection(graphene.relay.Connection):
    class Meta:
        abstract = True

    total_count = graphene.Int(required=True)

    def resolve_total_count(self, info):
        # graphene-django sets `length` to the full count before slicing (one COUNT query)
        return self.length


def decode_id(global_id: str, expected_type: str) -> int:
    """The database id inside a Relay global id, refusing ids of another type."""
    from jifen.graphql.ids import parse_global_id

    try:
        type_name, raw = parse_global_id(global_id)
        pk = int(raw)
    except (ValueError, TypeError) as exc:
        # another tenant's id is as unknown here as a malformed one
        raise GraphQLError(f"{global_id!r} is not a valid id.") from exc
    if type_name != expected_type:
        raise GraphQLError(
            f"{global_id!r} is a {type_name or 'malformed'} id, not {expected_type}."
        )
    return pk


def pk_of(global_id: str | None, expected_type: str) -> int | None:
    """Like `decode_id`, but None for a malformed id or one of another type, so that
    lookups answer NOT_FOUND instead of raising."""
    if not global_id:
        return None
    try:
        return decode_id(global_id, expected_type)
    except GraphQLError:
        return None


def not_found(field: str, what: str) -> NotFound:
    # The same answer for "does not exist", "another tenant's" and "outside your scope":
    # an error must not confirm that something exists where the caller cannot look.
    # `what` is already translated (`gettext_lazy` nouns in the lookups).
    return NotFound(_("No %(what)s with this id that you may see.") % {"what": what}, field=field)


class Actor(graphene.ObjectType):
    """Who took a step: enough to show a name, nothing about their roles."""

    username = graphene.String(required=True)
    display_name = graphene.String(required=True)
    is_system = graphene.Boolean(required=True, description="A scheduled job, not a person.")

    @staticmethod
    def of(user):
        if user is None:
            return None
        return Actor(
            username=user.username,
            display_name=user.display_name or user.username,
            is_system=bool(getattr(user, "is_system", False)),
        )


def _fields_named(info, name: str | None):
    """The operation's field nodes called `name` (every field for None), anywhere
    (fragments included)."""
    from graphql.language import FieldNode, FragmentSpreadNode, InlineFragmentNode

    seen: set[str] = set()

    def walk(selection_set):
        for node in getattr(selection_set, "selections", None) or ():
            if isinstance(node, FieldNode):
                if name is None or node.name.value == name:
                    yield node
                yield from walk(node.selection_set)
            elif isinstance(node, InlineFragmentNode):
                yield from walk(node.selection_set)
            elif isinstance(node, FragmentSpreadNode) and node.name.value not in seen:
                seen.add(node.name.value)
                fragment = info.fragments.get(node.name.value)
                if fragment is not None:
                    yield from walk(fragment.selection_set)

    return walk(info.operation.selection_set)


def asks_for(info, name: str) -> bool:
    """Whether the operation selects a field `name` anywhere (fragments included): lists
    leave a large column unread (`defer`) when no one asked for it. The operation is walked
    once per request, however many lists and fields ask."""
    cache = getattr(info.context, "_jifen_field_names", None)
    if cache is None:
        cache = info.context._jifen_field_names = {}
    names = cache.get(id(info.operation))
    if names is None:
        names = cache[id(info.operation)] = {n.name.value for n in _fields_named(info, None)}
    return name in names


def rows_asked(info, name: str) -> int | None:
    """The most rows any `name(first: …)` in the operation asks for, `LIST_CAP` where one
    gives no `first`, None where it is not asked for: a prefetch then reads a page per
    parent, not every row (a county's 50 boards hold 2,500 results; the page shows 1,000).
    A bad bound reads the cap; `first_rows` answers it as the caller's error."""
    from graphql.language import IntValueNode, VariableNode

    most = None
    for node in _fields_named(info, name):
        asked = LIST_CAP
        for argument in node.arguments or ():
            if argument.name.value != "first":
                continue
            value = argument.value
            if isinstance(value, VariableNode):
                value = (info.variable_values or {}).get(value.name.value)
            elif isinstance(value, IntValueNode):
                value = int(value.value)
            if isinstance(value, int) and 0 <= value <= LIST_CAP:
                asked = value
        most = asked if most is None else max(most, asked)
    return most


LIST_CAP = 500  # the most rows a nested list returns: the same bound as a connection's page


def capped_list(of_type: Any, *, cap: int = LIST_CAP, **kwargs: Any) -> graphene.List:
    """A nested list that grows with the data, bounded by `first` (default and maximum `cap`).

    The bound is in the schema (`first: Int = cap`), so the cost analysis (`limits.py`)
    counts the list by the rows it can really return and refuses a larger `first` before
    anything runs.
    """
    first = graphene.Int(
        default_value=cap, description=f"At most this many rows (at most {cap}); the first ones."
    )
    return graphene.List(graphene.NonNull(of_type), required=True, first=first, **kwargs)


def first_rows(rows: Any, first: int | None, cap: int = LIST_CAP) -> list:
    """The first `first` rows of a nested list; a bound outside 0..cap is the caller's error."""
    if first is None:
        first = cap
    if first < 0 or first > cap:
        raise ValueError(
            _("first must be between 0 and %(max)s for this list.") % {"max": cap}
        )  # errors.py answers a ValueError as BAD_USER_INPUT with this message
    return list(rows[:first])
