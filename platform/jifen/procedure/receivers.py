"""What the procedure does when other slices announce a change (connected in `apps.ready`)."""

from __future__ import annotations

from django.dispatch import receiver

from jifen.deadlines.signals import calendar_changed


@receiver(calendar_changed)
def _recount_on_calendar_change(sender, *, year: int, **_kwargs) -> None:
    # inside the calendar change's transaction: the moved deadlines commit with it
    from jifen.procedure.services.recount import deadlines_recount

    deadlines_recount(year=year)
