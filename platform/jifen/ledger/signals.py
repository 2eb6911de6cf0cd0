"""Sent after events are booked, so other slices can react without the ledger knowing them.

Receivers get `subject_ids` and `kinds` (subject kinds) and must only dispatch work
(e.g. queue a task on commit), never change the ledger.
"""

from django.dispatch import Signal

events_recorded = Signal()

# Sent when entries start or stop counting without a new event: a confirmation (a board
# confirmed, the period's review done) or a reversal. Same arguments, plus `change`
# ("confirmed" or "corrected").
entries_changed = Signal()
