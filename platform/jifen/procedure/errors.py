from jifen.errors import DeadlinePassed, DomainError, ValidationFailed


class ProcedureError(DomainError):
    """A procedure step was refused; nothing changed. The message says why and what to do."""


class StepTooLate(DeadlinePassed, ProcedureError):
    """The step's time is over (publicity ended, declarations were due)."""


class InvalidStep(ValidationFailed, ProcedureError):
    """The input of a step is wrong; `field` or `problems` say where."""


class MembersNotClosed(ProcedureError):
    """A unit's rating reads its members' results, and some units below have not closed."""
