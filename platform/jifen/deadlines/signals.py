"""Sent when the working-day calendar changes, so slices that own deadlines count them again.

The deadlines slice knows nothing of boards or objections: receivers (the procedure's
`deadlines_recount`) run inside the change's transaction, so the calendar and the deadlines
it moved commit together or not at all.
"""

from django.dispatch import Signal

# kwargs: year (int), the calendar year whose working days changed
calendar_changed = Signal()
