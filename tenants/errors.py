class TenantError(Exception):
    """A tenant operation was refused; the message says why and how to fix it."""
