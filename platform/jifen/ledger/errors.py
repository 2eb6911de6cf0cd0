from jifen.errors import Code, DomainError, NotFound, ValidationFailed


class LedgerError(DomainError):
    """An event or correction was refused; nothing was written. The message says why."""


class PeriodClosed(LedgerError):
    code = Code.PERIOD_CLOSED


class InvalidEvent(ValidationFailed, LedgerError):
    """The event does not fit its item (attributes, quantity, item code); `problems` say where."""


class UnknownSubject(NotFound, LedgerError):
    pass
