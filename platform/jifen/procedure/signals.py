"""Signals of the procedure for the slices that follow its results."""

from django.dispatch import Signal

# sent inside the close's transaction once a period's results are written (first close or
# closed again after a reopening), with `close` (a PeriodClose) and `again` (bool):
# food sellers' next-year grades follow the results the board confirmed last
period_results_written = Signal()
