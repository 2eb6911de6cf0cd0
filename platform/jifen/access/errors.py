from jifen.errors import Code, DomainError


class AuthenticationFailed(DomainError):
    """Credentials were wrong; the message is safe to show."""

    code = Code.AUTHENTICATION_FAILED
