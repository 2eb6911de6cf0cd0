class RedemptionError(Exception):
    """A redemption was refused; nothing changed. The message says why."""
