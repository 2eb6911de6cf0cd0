"""What one GraphQL request may ask for, decided before any resolver or standard rule runs.

One pass over the parsed document, linear in its size: every fragment is summarised once
(memoised) and its summary reused wherever it is spread, so a document that spreads a
fragment 2^30 times costs as much to check as it costs to read. The pass refuses, each with
its own code and a translated message:

- a document longer than `max_chars` or with more than `max_tokens` tokens (the parser stops
  counting there: graphql-core's `max_tokens`);
- circular fragments (`FRAGMENT_CYCLE`), before the standard rules would recurse into them;
- a selection deeper than `max_depth`, more than `max_aliases` aliases or `max_fields`
  fields once fragments are expanded;
- a cost over `max_cost`: each object field costs 1 (or its entry in `field_costs`) times
  the number of rows its list or connection can return (`first`/`last`, else the
  connection's page cap or the nested list's own cap, nested lists multiplied), scalars
  cost nothing; a `first` over the cap is `TOO_MANY_ROWS`;
- more than one `tokenCreate`, `signIn`, `lightTokenCreate`, `lightSignIn` or
  `lightCodeSend` per request (one login attempt per request).

Variables are checked for nesting depth (`variables_depth_refusal`): a deeply nested JSON
value is a 400, never a recursion error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLList,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    get_nullable_type,
)

CAP = 10**15  # summaries saturate here: the numbers stay small whatever the document
SIGN_INS = frozenset({"tokenCreate", "signIn", "lightTokenCreate", "lightSignIn", "lightCodeSend"})


@dataclass(frozen=True)
class Limits:
    max_chars: int = 20_000
    max_tokens: int = 2_000
    max_depth: int = 10
    max_aliases: int = 30
    max_fields: int = 1_000
    max_cost: int = 100_000
    max_logins: int = 1
    max_variables_depth: int = 20
    max_connection_size: int = 500
    default_list_size: int = 10
    field_costs: dict[str, int] = field(default_factory=dict)

    @classmethod
    def from_settings(cls) -> Limits:
        configured = {"max_depth": settings.GRAPHQL_MAX_DEPTH}
        configured.update(getattr(settings, "GRAPHQL_LIMITS", {}))
        return cls(**configured)


class Refused(GraphQLError):
    """A request refused before execution: a code clients can branch on, a message to show."""

    def __init__(self, code: str, message: str):
        super().__init__(message, extensions={"code": code})
        self.code = code


@dataclass
class Summary:
    depth: int = 0
    fields: int = 0
    aliases: int = 0
    cost: int = 0
    logins: int = 0

    def add(self, other: Summary, times: int = 1) -> None:
        self.depth = max(self.depth, other.depth)
        self.fields = min(CAP, self.fields + other.fields)
        self.aliases = min(CAP, self.aliases + other.aliases)
        self.cost = min(CAP, self.cost + times * other.cost)
        self.logins = min(CAP, self.logins + other.logins)


class _Analysis:
    def __init__(
        self,
        schema: GraphQLSchema,
        document: DocumentNode,
        variables: dict[str, Any],
        limits: Limits,
    ):
        self.schema = schema
        self.variables = variables
        self.limits = limits
        self.fragments: dict[str, FragmentDefinitionNode] = {}
        for definition in document.definitions:
            if isinstance(definition, FragmentDefinitionNode):
                self.fragments.setdefault(definition.name.value, definition)
        self.done: dict[str, Summary] = {}
        self.visiting: set[str] = set()

    def fragment(self, name: str) -> Summary:
        if name in self.done:
            return self.done[name]
        if name in self.visiting:
            raise Refused(
                "FRAGMENT_CYCLE",
                _(
                    "Fragment %(name)s spreads itself (directly or through others): remove the cycle."
                )
                % {"name": name},
            )
        definition = self.fragments.get(name)
        if definition is None:
            return Summary()  # the standard rules name the unknown fragment
        self.visiting.add(name)
        summary = self.selections(
            definition.selection_set, self.schema.get_type(definition.type_condition.name.value)
        )
        self.visiting.discard(name)
        self.done[name] = summary
        return summary

    def size(self, node: FieldNode, definition: Any, parent: GraphQLNamedType | None) -> int:
        """How many rows this field can return (1 for a single object).

        A connection returns at most `max_connection_size`; a nested list with a `first`
        argument at most that argument's default (its cap, `core.capped_list`); a plain
        list without one (a handful of buckets, a ruleset's items) `default_list_size`.
        """
        field_type = definition.type
        named = get_named_type(field_type)
        is_connection = named is not None and named.name.endswith("Connection")
        is_list = isinstance(get_nullable_type(field_type), GraphQLList)
        if not (is_connection or is_list):
            return 1
        if is_list and parent is not None and parent.name.endswith("Connection"):
            return 1  # `edges`: the connection already counted its rows
        requested = None
        for argument in node.arguments or ():
            if argument.name.value in ("first", "last"):
                value = argument.value
                if isinstance(value, IntValueNode):
                    requested = int(value.value)
                elif isinstance(value, VariableNode):
                    raw = self.variables.get(value.name.value)
                    requested = raw if isinstance(raw, int) and not isinstance(raw, bool) else None
        cap = self.limits.max_connection_size
        bound = definition.args.get("first")
        if not is_connection and bound is not None and isinstance(bound.default_value, int):
            cap = min(cap, bound.default_value)
        if requested is None:
            if is_connection or bound is not None:
                return cap
            return self.limits.default_list_size
        if requested > cap:
            raise Refused(
                "TOO_MANY_ROWS",
                _("%(field)s asks for %(count)s rows; at most %(max)s per page (first/last).")
                % {"field": node.name.value, "count": requested, "max": cap},
            )
        return max(0, requested)

    def selections(
        self, selection_set: SelectionSetNode | None, parent: GraphQLNamedType | None
    ) -> Summary:
        total = Summary()
        if selection_set is None:
            return total
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total.add(self.field(selection, parent))
            elif isinstance(selection, FragmentSpreadNode):
                total.add(self.fragment(selection.name.value))
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                inner = self.schema.get_type(condition.name.value) if condition else parent
                total.add(self.selections(selection.selection_set, inner))
        return total

    def field(self, node: FieldNode, parent: GraphQLNamedType | None) -> Summary:
        name = node.name.value
        definition = None
        if isinstance(parent, GraphQLObjectType) or hasattr(parent, "fields"):
            definition = parent.fields.get(name)  # type: ignore[union-attr]
        child_type = get_named_type(definition.type) if definition is not None else None
        children = self.selections(node.selection_set, child_type)
        summary = Summary(
            depth=1 + children.depth,
            fields=min(CAP, 1 + children.fields),
            aliases=min(CAP, (1 if node.alias else 0) + children.aliases),
            logins=children.logins,
        )
        if parent is not None and parent is self.schema.mutation_type and name in SIGN_INS:
            summary.logins += 1
        if definition is not None and node.selection_set is not None:
            rows = self.size(node, definition, parent)
            own = self.limits.field_costs.get(f"{parent.name}.{name}", 1)
            summary.cost = min(CAP, rows * (own + children.cost))
        return summary


def _operation_type(
    schema: GraphQLSchema, operation: OperationDefinitionNode
) -> GraphQLObjectType | None:
    return {
        "query": schema.query_type,
        "mutation": schema.mutation_type,
        "subscription": schema.subscription_type,
    }[operation.operation.value]


def document_refusal(
    schema: GraphQLSchema,
    document: DocumentNode,
    *,
    variables: dict[str, Any] | None,
    limits: Limits,
) -> Refused | None:
    """Why this document may not run (the first limit it breaks), or None."""
    analysis = _Analysis(schema, document, variables or {}, limits)
    try:
        summaries = [analysis.fragment(name) for name in analysis.fragments]
        for definition in document.definitions:
            if isinstance(definition, OperationDefinitionNode):
                summaries.append(
                    analysis.selections(
                        definition.selection_set, _operation_type(schema, definition)
                    )
                )
    except Refused as refused:
        return refused
    for summary in summaries:
        refusal = _summary_refusal(summary, limits)
        if refusal is not None:
            return refusal
    return None


def _summary_refusal(summary: Summary, limits: Limits) -> Refused | None:
    if summary.depth > limits.max_depth:
        return Refused(
            "QUERY_TOO_DEEP",
            _("The query nests %(depth)s levels deep; at most %(max)s are allowed.")
            % {"depth": summary.depth, "max": limits.max_depth},
        )
    if summary.aliases > limits.max_aliases:
        return Refused(
            "TOO_MANY_ALIASES",
            _("The query uses %(count)s aliases; at most %(max)s are allowed.")
            % {"count": summary.aliases, "max": limits.max_aliases},
        )
    if summary.fields > limits.max_fields:
        return Refused(
            "TOO_MANY_FIELDS",
            _(
                "The query selects %(count)s fields once fragments are expanded; at most "
                "%(max)s are allowed. Split it into smaller queries."
            )
            % {"count": summary.fields, "max": limits.max_fields},
        )
    if summary.cost > limits.max_cost:
        return Refused(
            "QUERY_TOO_COSTLY",
            _(
                "The query could read %(cost)s objects; at most %(max)s are allowed per "
                "request. Ask for fewer rows (first/last) or fewer nested lists."
            )
            % {"cost": summary.cost, "max": limits.max_cost},
        )
    if summary.logins > limits.max_logins:
        return Refused(
            "ONE_LOGIN_PER_REQUEST",
            _(
                "Only one sign-in attempt (tokenCreate, signIn, lightTokenCreate, lightSignIn, "
                "lightCodeSend) is allowed per request."
            ),
        )
    return None


def size_refusal(query: str, limits: Limits) -> Refused | None:
    if len(query) > limits.max_chars:
        return Refused(
            "QUERY_TOO_LARGE",
            _("The query has %(count)s characters; at most %(max)s are allowed.")
            % {"count": len(query), "max": limits.max_chars},
        )
    return None


def tokens_refusal(limits: Limits) -> Refused:
    return Refused(
        "TOO_MANY_TOKENS",
        _("The query has more than %(max)s tokens; send a smaller query.")
        % {"max": limits.max_tokens},
    )


def nesting_depth(value: Any) -> int:
    """How deeply a decoded JSON value nests (iterative: no recursion to exhaust)."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        current, depth = stack.pop()
        if isinstance(current, dict):
            deepest = max(deepest, depth)
            stack.extend((v, depth + 1) for v in current.values())
        elif isinstance(current, list):
            deepest = max(deepest, depth)
            stack.extend((v, depth + 1) for v in current)
    return deepest


def variables_depth_refusal(variables: Any, limits: Limits) -> Refused | None:
    if variables is not None and nesting_depth(variables) > limits.max_variables_depth:
        return Refused(
            "VARIABLES_TOO_DEEP",
            _("The variables nest deeper than %(max)s levels.")
            % {"max": limits.max_variables_depth},
        )
    return None
