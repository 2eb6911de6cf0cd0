"""The GraphQL endpoint: depth limit, CSRF only for cookie sessions, errors to Sentry."""

from __future__ import annotations

import sentry_sdk
import structlog
from django.conf import settings
from django.http import HttpRequest
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from graphene.validation import depth_limit_validator
from graphene_django.views import GraphQLView
from graphql import validate

log = structlog.get_logger(__name__)


def _noop(request):
    return None


@method_decorator(csrf_exempt, name="dispatch")
class JifenGraphQLView(GraphQLView):
    def dispatch(self, request: HttpRequest, *args, **kwargs):
        # Bearer tokens are not ambient credentials; a cookie session is, so it needs CSRF.
        if (
            request.method == "POST"
            and request.user.is_authenticated
            and not getattr(request, "_dont_enforce_csrf_checks", False)
        ):
            rejected = CsrfViewMiddleware(_noop).process_view(request, None, (), {})
            if rejected is not None:
                return rejected
        return super().dispatch(request, *args, **kwargs)

    def execute_graphql_request(self, request, data, query, variables, operation_name, *a, **kw):
        if query:
            from graphql import parse

            try:
                document = parse(query)
            except Exception:
                document = None
            if document is not None:
                errors = validate(
                    self.schema.graphql_schema,
                    document,
                    rules=(depth_limit_validator(max_depth=settings.GRAPHQL_MAX_DEPTH),),
                )
                if errors:
                    from graphql import ExecutionResult

                    return ExecutionResult(data=None, errors=errors)
        result = super().execute_graphql_request(
            request, data, query, variables, operation_name, *a, **kw
        )
        if result is not None and result.errors:
            for error in result.errors:
                original = getattr(error, "original_error", None)
                if original is not None and not isinstance(original, ValueError):
                    log.error("graphql.resolver_error", error=str(original), path=error.path)
                    sentry_sdk.capture_exception(original)
        return result
