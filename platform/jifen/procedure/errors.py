class ProcedureError(Exception):
    """A procedure step was refused; nothing changed. The message says why and what to do."""


class Forbidden(ProcedureError):
    """The user's roles do not allow this step on this unit or subject."""
