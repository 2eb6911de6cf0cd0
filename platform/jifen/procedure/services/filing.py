"""Step 6 (end): filing the closed period with the superior organisation (报上级备案), once
the results' publicity is over, and the superior's answer: accept, or return with a reason
for correction."""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jifen import policy
from jifen.i18n import in_language
from jifen.ledger.checkpoints import checkpoint_at
from jifen.notifications.links import page_of
from jifen.notifications.services import Text, notify
from jifen.org.models import OrgUnit
from jifen.policy import Action
from jifen.procedure.errors import InvalidStep, ProcedureError, StepTooLate
from jifen.procedure.models import BoardStatus, CloseStatus, PeriodClose
from jifen.procedure.services._common import (
    awaiting_review,
    record_text,
    results_reopen,
    reviewed,
    step,
)
from jifen.procedure.services.objection import OPEN_OBJECTION


def period_file(
    *, actor, close: PeriodClose, today: date | None = None, now: datetime | None = None
) -> PeriodClose:
    """File the closed period with the superior organisation once its results have been
    publicised for the ruleset's days (idempotent: a filed period stays filed). The results
    file deadline passes the sweep's clock as `now`."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    policy.require(actor, Action.FILE_PERIOD, close.unit)
    parent = OrgUnit.objects.get_parent(close.unit)
    with transaction.atomic():
        close = PeriodClose.objects.select_for_update().get(pk=close.pk)
        if close.status in (CloseStatus.FILED, CloseStatus.ACCEPTED):
            return close
        if close.status != CloseStatus.CLOSED:
            raise ProcedureError(
                _("the period is %(status)s; close it before filing.")
                % {"status": in_language(close.get_status_display())}
            )
        unanswered = close.objections.filter(status__in=OPEN_OBJECTION).count()
        if unanswered:
            raise ProcedureError(
                _(
                    "%(count)s objections to the results are not answered yet; answer them "
                    "before filing."
                )
                % {"count": unanswered}
            )
        board = close.results_board
        if board is not None and today <= board.closes_on:
            raise StepTooLate(
                _("the results are publicised until %(day)s; file them after that.")
                % {"day": board.closes_on}
            )
        if board is not None and board.status == BoardStatus.OPEN:
            board.status = BoardStatus.CLOSED
            board.closed_at = now
            board.save(update_fields=["status", "closed_at"])
        close.status = CloseStatus.FILED
        close.filed_with = parent or close.unit
        close.filed_by = actor
        close.filed_at = now
        step(
            "filed",
            actor,
            record_text(gettext_lazy("with %(unit)s"), {"unit": close.filed_with.name}),
            close=close,
        )
        # the filing carries a signed checkpoint of every chain head, the filing step included
        close.checkpoint = checkpoint_at(reason="period_filed")
        close.save()
        notify(
            recipients=policy.answerers(close.filed_with),
            kind="period_filed",
            title=Text(
                gettext_lazy("%(unit)s %(start)s…%(end)s: results filed, please review them"),
                {"unit": close.unit.name, "start": close.period_start, "end": close.period_end},
            ),
            link=page_of("PeriodClose", close.pk),
            dedupe_key=f"close:{close.pk}:filed:{close.filed_at:%Y%m%d%H%M%S}",
        )
    return close


def _filed(close: PeriodClose) -> PeriodClose:
    return awaiting_review(
        close, CloseStatus.FILED, ("filed_with", "unit"),
        _("the period is %(status)s, not awaiting review."),
    )  # fmt: skip


def filing_accept(*, actor, close: PeriodClose) -> PeriodClose:
    """The superior organisation accepts a filed period (备案)."""
    with transaction.atomic(durable=True):
        close = _filed(close)
        policy.require(actor, Action.REVIEW_FILING, close.filed_with)
        reviewed(close, actor, CloseStatus.ACCEPTED)
        step(
            "filing_accepted",
            actor,
            record_text(gettext_lazy("by %(unit)s"), {"unit": close.filed_with.name}),
            close=close,
        )
    return close


def filing_return(*, actor, close: PeriodClose, reason: str) -> PeriodClose:
    """The superior returns a filed period for correction: the reason goes in the timeline,
    the period's accounts reopen for corrections, and closing again recomputes the results."""
    if not reason.strip():
        raise InvalidStep(_("say what is to be corrected; the branch sees it."), field="reason")
    with transaction.atomic(durable=True):
        close = _filed(close)
        policy.require(actor, Action.REVIEW_FILING, close.filed_with)
        reviewed(close, actor, CloseStatus.RETURNED, reason)
        results_reopen(close, actor, reason, "filing_returned")
        notify(
            recipients=policy.answerers(close.unit),
            kind="filing_returned",
            title=Text(
                gettext_lazy("%(unit)s %(start)s…%(end)s: results returned: %(reason)s"),
                {
                    "unit": close.unit.name,
                    "start": close.period_start,
                    "end": close.period_end,
                    "reason": reason,
                },
            ),
            link=page_of("PeriodClose", close.pk),
            dedupe_key=f"close:{close.pk}:returned:{close.reviewed_at:%Y%m%d%H%M%S}",
        )
    return close
