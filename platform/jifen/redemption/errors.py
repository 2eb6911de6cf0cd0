from jifen.errors import DomainError


class RedemptionError(DomainError):
    """A redemption was refused; nothing changed. The message says why."""
