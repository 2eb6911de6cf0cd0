"""Refusals by the domain services: one base class, one code per kind of refusal.

Every service refuses with a `DomainError` whose message says what is wrong and how to fix
it, whose `code` tells clients what kind of refusal it is, and whose `field` (or
`problems`, one per field) says where. Nothing was written when one is raised. The GraphQL
layer turns them into typed payload errors (`ErrorCode` there mirrors `Code` here).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum


class Code(StrEnum):
    PERMISSION_DENIED = "PERMISSION_DENIED"
    NOT_FOUND = "NOT_FOUND"
    VALIDATION_FAILED = "VALIDATION_FAILED"
    CONFLICT = "CONFLICT"
    DEADLINE_PASSED = "DEADLINE_PASSED"
    PERIOD_CLOSED = "PERIOD_CLOSED"
    INVALID_STATE = "INVALID_STATE"
    NOT_CONFIGURED = "NOT_CONFIGURED"
    AUTHENTICATION_FAILED = "AUTHENTICATION_FAILED"
    CONFIRMATION_REQUIRED = "CONFIRMATION_REQUIRED"
    THROTTLED = "THROTTLED"
    PASSWORD_CHANGE_REQUIRED = "PASSWORD_CHANGE_REQUIRED"  # noqa: S105 (a code, not a secret)


@dataclass(frozen=True)
class FieldProblem:
    """One input field at fault: `attributes.level`, `occurredOn`, `events.3.subject`."""

    field: str
    message: str


class DomainError(Exception):
    """A refused request; nothing changed."""

    code: Code = Code.INVALID_STATE

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        code: Code | None = None,
        problems: Sequence[FieldProblem] = (),
    ):
        super().__init__(message)
        self.message = message
        self.field = field
        self.problems = tuple(problems)
        if code is not None:
            self.code = code

    def with_prefix(self, prefix: str, field_prefix: str = "") -> DomainError:
        """The same refusal located inside a larger input (line 3 of an import …)."""
        located = type(self).__new__(type(self))
        located.__dict__.update(self.__dict__)
        located.message = f"{prefix}{self.message}"
        located.args = (located.message,)
        located.field = f"{field_prefix}{self.field}" if self.field else (field_prefix or None)
        located.problems = tuple(
            FieldProblem(f"{field_prefix}{p.field}", p.message) for p in self.problems
        )
        return located


class PermissionDenied(DomainError):
    code = Code.PERMISSION_DENIED


class NotFound(DomainError):
    code = Code.NOT_FOUND


class ValidationFailed(DomainError):
    code = Code.VALIDATION_FAILED


class Conflict(DomainError):
    code = Code.CONFLICT


class DeadlinePassed(DomainError):
    code = Code.DEADLINE_PASSED


class NotConfigured(DomainError):
    code = Code.NOT_CONFIGURED
