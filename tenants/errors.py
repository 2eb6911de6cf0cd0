from jifen.errors import DomainError


class TenantError(DomainError):
    """A tenant operation was refused; the message says why and how to fix it."""
