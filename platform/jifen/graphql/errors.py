"""What a client is told about a resolver failure: a code and a message, never internals.

Failures caused by the input (a value out of a column's range, a malformed scalar, a
statement cancelled by the per-request time limit) are answered with their code and are
not reported to Sentry. Anything else is a bug: it goes to the logs and Sentry, and the
client gets `INTERNAL_ERROR` without the exception's text unless JIFEN_DEBUG=1.
"""

from __future__ import annotations

import sentry_sdk
import structlog
from django.conf import settings
from django.db import DataError, OperationalError
from django.utils.translation import gettext as _
from graphql import GraphQLError

log = structlog.get_logger(__name__)


def _cancelled(exc: BaseException) -> bool:
    cause = getattr(exc, "__cause__", None)
    return type(cause).__name__ == "QueryCanceled" or "statement timeout" in str(exc)


def classify(exc: BaseException) -> tuple[str, str, bool]:
    """(code, message for the client, whether it is a bug worth reporting)."""
    if isinstance(exc, DataError):
        return (
            "VALIDATION_FAILED",
            _("A value is too large, too long or malformed for where it is stored."),
            False,
        )
    if isinstance(exc, OperationalError) and _cancelled(exc):
        return (
            "TIMEOUT",
            _("The request took too long and was stopped; ask for less at once."),
            False,
        )
    if isinstance(exc, ValueError) and not isinstance(exc, UnicodeError):
        # graphene's scalars and our parsers raise these for malformed input values, with
        # a message written for the caller
        return "BAD_USER_INPUT", str(exc), False
    return (
        "INTERNAL_ERROR",
        str(exc) if settings.DEBUG else _("Something went wrong on our side; it was reported."),
        True,
    )


def client_error_of(error: GraphQLError) -> GraphQLError:
    """The error as the client may see it; reports the unexpected ones."""
    original = getattr(error, "original_error", None)
    if original is None or isinstance(original, GraphQLError):
        if error.extensions and "code" in error.extensions:
            return error
        return GraphQLError(
            error.message,
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            extensions={**(error.extensions or {}), "code": "GRAPHQL_VALIDATION_FAILED"}
            if error.path is None
            else {**(error.extensions or {}), "code": "BAD_USER_INPUT"},
        )
    code, message, report = classify(original)
    if report:
        log.error("graphql.resolver_error", error=repr(original), path=error.path)
        sentry_sdk.capture_exception(original)
    else:
        log.info("graphql.refused_input", code=code, path=error.path)
    return GraphQLError(
        message,
        nodes=error.nodes,
        path=error.path,
        extensions={"code": code},
    )
