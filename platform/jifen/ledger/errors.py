class LedgerError(Exception):
    """An event or correction was refused; nothing was written. The message says why."""


class IdempotencyConflict(LedgerError):
    pass


class PeriodClosed(LedgerError):
    pass
