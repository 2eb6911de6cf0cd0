"""The GraphQL endpoint: limits before execution, rate limits, CSRF for cookie sessions.

Who calls: a bearer token (`Authorization: Bearer`, third-party clients) when the header is
there, else the browser's session cookie (`signIn`), else no one. A session is an ambient
credential, so its requests pass Django's CSRF check (`X-CSRFToken`, the `csrftoken`
cookie's value), and so do `signIn` and `lightSignIn` (another site must not sign a
visitor in as someone else); bearer requests and anonymous ones need no CSRF token.

In order, each refusal a 4xx with `errors[0].extensions.code` and a translated message:
CSRF for a session (403 `CSRF_FAILED`, answered by `jifen.csrf`), per-client rate limit
(429 `THROTTLED`), a per-process cap on requests in flight so that health probes and cheap
requests always find a thread (503 `BUSY`), the body's JSON and the variables' nesting
(400), a mutation with a read-only token (403 `TOKEN_READ_ONLY`), the document's size,
tokens, fragments, depth, aliases, fields and cost (`limits.py`, 400), CSRF for `signIn`
and `lightSignIn` (403 `CSRF_FAILED`), then graphql-core's standard rules and execution.
Unexpected resolver errors go to the logs and Sentry; refusals never do.
"""

from __future__ import annotations

import threading

import structlog
from django.conf import settings
from django.http import HttpRequest, HttpResponseNotAllowed, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django_ratelimit.core import is_ratelimited
from graphene_django.views import GraphQLView, HttpError
from graphql import ExecutionResult, GraphQLSyntaxError, OperationType, execute, get_operation_ast
from graphql.language import (
    DocumentNode,
    FieldNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
)

from jifen.access.models import TokenScope
from jifen.graphql import limits
from jifen.graphql.documents import document_of, validation_errors
from jifen.graphql.errors import client_error_of

log = structlog.get_logger(__name__)

_in_flight = threading.BoundedSemaphore(getattr(settings, "GRAPHQL_MAX_IN_FLIGHT", 3))
# A burst of ordinary requests waits this long for a slot (they take milliseconds) before
# BUSY; the thread left free for health checks is held at most this long.
_IN_FLIGHT_WAIT = float(getattr(settings, "GRAPHQL_IN_FLIGHT_WAIT_SECONDS", 0.5))


# Mutations that start a session: CSRF-checked even before anyone is signed in.
SESSION_SIGN_INS = frozenset({"signIn", "lightSignIn"})


def _noop(request):
    return None


def _csrf_rejection(request: HttpRequest):
    """Django's CSRF check; its failure view (`jifen.csrf`) answers `CSRF_FAILED`. A bearer
    request passes: the token middleware marks it exempt."""
    return CsrfViewMiddleware(_noop).process_view(request, None, (), {})


def _mutation_fields(document: DocumentNode, operation: OperationDefinitionNode) -> set[str]:
    """The names of the operation's top-level fields, through fragments."""
    fragments = {d.name.value: d for d in document.definitions if hasattr(d, "type_condition")}
    names: set[str] = set()
    seen: set[str] = set()
    pending = [operation.selection_set]
    while pending:
        for node in pending.pop().selections:
            if isinstance(node, FieldNode):
                names.add(node.name.value)
            elif isinstance(node, InlineFragmentNode):
                pending.append(node.selection_set)
            elif isinstance(node, FragmentSpreadNode) and node.name.value not in seen:
                seen.add(node.name.value)
                if node.name.value in fragments:
                    pending.append(fragments[node.name.value].selection_set)
    return names


def refusal_response(code: str, message: str, status: int, **headers: str) -> JsonResponse:
    response = JsonResponse(
        {"errors": [{"message": message, "extensions": {"code": code}}]}, status=status
    )
    for name, value in headers.items():
        response[name] = value
    return response


def _client_key(group: str, request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"ip:{request.META.get('REMOTE_ADDR', '')}"


def _client_rate(group: str, request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return settings.GRAPHQL_RATE_AUTHENTICATED
    return settings.GRAPHQL_RATE_ANONYMOUS


class _Refusal(Exception):
    def __init__(self, refused: limits.Refused, status: int = 400):
        self.refused = refused
        self.status = status


class _Rejected(Exception):
    """A refusal answered by a response already made (the CSRF failure view's)."""

    def __init__(self, response):
        self.response = response


def _rate_limited(request: HttpRequest) -> bool:
    """The client's rate limit, counted in the Redis cache. With Redis away the request is
    let through (and logged): reads must keep answering through a cache outage, and the
    in-flight cap and statement timeout still bound what it may cost."""
    from redis.exceptions import RedisError

    try:
        return is_ratelimited(
            request, group="graphql", key=_client_key, rate=_client_rate, increment=True
        )
    except (RedisError, OSError) as exc:
        log.warning("graphql.rate_limit_unavailable", error=repr(exc))
        return False


@method_decorator(csrf_exempt, name="dispatch")
class JifenGraphQLView(GraphQLView):
    def dispatch(self, request: HttpRequest, *args, **kwargs):
        # Bearer tokens are not ambient credentials; a cookie session is, so it needs CSRF.
        if request.method == "POST" and request.user.is_authenticated:
            rejected = _csrf_rejection(request)
            if rejected is not None:
                return rejected
        if _rate_limited(request):
            return refusal_response(
                "THROTTLED",
                _("Too many requests from you; wait a minute and try again."),
                429,
                **{"Retry-After": "60"},
            )
        if not _in_flight.acquire(timeout=_IN_FLIGHT_WAIT):
            return refusal_response(
                "BUSY",
                _("The server is busy; try again in a few seconds."),
                503,
                **{"Retry-After": "5"},
            )
        try:
            return super().dispatch(request, *args, **kwargs)
        except _Refusal as refusal:
            return refusal_response(refusal.refused.code, refusal.refused.message, refusal.status)
        except _Rejected as rejected:
            return rejected.response
        finally:
            _in_flight.release()

    def parse_body(self, request):
        try:
            return super().parse_body(request)
        except RecursionError:
            raise _Refusal(
                limits.Refused("BODY_TOO_DEEP", _("The request body nests too deeply."))
            ) from None

    @staticmethod
    def get_graphql_params(request, data):
        try:
            query, variables, operation_name, id_ = GraphQLView.get_graphql_params(request, data)
        except RecursionError:
            raise _Refusal(
                limits.Refused("VARIABLES_TOO_DEEP", _("The variables nest too deeply."))
            ) from None
        return query, variables, operation_name, id_

    def get_response(self, request, data, show_graphiql=False):
        query, variables, _operation, _id = self.get_graphql_params(request, data)
        budget = limits.Limits.from_settings()
        if variables is not None and not isinstance(variables, dict):
            raise _Refusal(
                limits.Refused(
                    "INVALID_VARIABLES", _("`variables` must be a JSON object (name: value).")
                )
            )
        refused = limits.variables_depth_refusal(variables, budget)
        if refused is None and isinstance(query, str):
            refused = limits.size_refusal(query, budget)
        if refused is not None:
            raise _Refusal(refused)
        return super().get_response(request, data, show_graphiql)

    def execute_graphql_request(self, request, data, query, variables, operation_name, *a, **kw):
        if query:
            budget = limits.Limits.from_settings()
            try:
                document = document_of(query, budget.max_tokens)
            except GraphQLSyntaxError as exc:
                if "tokens" in exc.message and "Parsing aborted" in exc.message:
                    raise _Refusal(limits.tokens_refusal(budget)) from None
                return ExecutionResult(data=None, errors=[exc])
            except RecursionError:
                raise _Refusal(limits.tokens_refusal(budget)) from None
            operation = get_operation_ast(document, operation_name)
            mutation = operation is not None and operation.operation == OperationType.MUTATION
            if mutation and getattr(request, "token_scope", None) == TokenScope.READ:
                raise _Refusal(
                    limits.Refused(
                        "TOKEN_READ_ONLY",
                        _("This token may only read; create a read-write token to change data."),
                    ),
                    403,
                )
            refused = limits.document_refusal(
                self.schema.graphql_schema, document, variables=variables, limits=budget
            )
            if refused is not None:
                raise _Refusal(refused)
            if mutation and SESSION_SIGN_INS & _mutation_fields(document, operation):
                rejected = _csrf_rejection(request)
                if rejected is not None:
                    raise _Rejected(rejected)
            if (
                request.method == "GET"
                and operation is not None
                and (operation.operation != OperationType.QUERY)
            ):
                if kw.get("show_graphiql", a[0] if a else False):
                    return None  # as graphene's view: GraphiQL opens with the mutation in it
                raise HttpError(
                    HttpResponseNotAllowed(["POST"], _("Only queries may be sent with GET."))
                )
            result = self._execute(request, query, document, operation_name, variables, budget)
        else:
            result = super().execute_graphql_request(
                request, data, query, variables, operation_name, *a, **kw
            )
        if result is not None and result.errors:
            result.errors[:] = [client_error_of(error) for error in result.errors]
        return result

    def _execute(self, request, query, document, operation_name, variables, budget):
        """graphene's execution, with the document parsed and validated once per process."""
        errors = validation_errors(self.schema.graphql_schema, query, budget.max_tokens)
        if errors:
            return ExecutionResult(data=None, errors=list(errors))
        try:
            return execute(
                self.schema.graphql_schema,
                document,
                root_value=self.get_root_value(request),
                context_value=self.get_context(request),
                variable_values=variables,
                operation_name=operation_name,
                middleware=self.get_middleware(request),
                execution_context_class=self.execution_context_class,
            )
        except Exception as exc:  # as graphene's view: the error goes to the response
            return ExecutionResult(errors=[exc])
