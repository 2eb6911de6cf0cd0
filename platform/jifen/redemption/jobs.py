"""Before a year-end reset (年底清零), tell people with points left to spend them."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy

from jifen.deadlines.models import Deadline
from jifen.deadlines.registry import handler
from jifen.notifications.links import page_of
from jifen.notifications.services import Text, notify
from jifen.org.models import OrgUnit
from jifen.procedure.services import scored_subjects
from jifen.redemption.errors import RedemptionError
from jifen.redemption.selectors import redeemable_balance
from jifen.subjects.models import Subject

EXPIRY_NOTICE_DAYS = 14


def _people(subject: Subject) -> list:
    """Who hears about a subject's balance: the person, or a household's members."""
    if subject.user_id:
        return [subject.user]
    return [m.user for m in subject.members.select_related("user") if m.user_id]


@handler("redemption_expiry")
def redemption_expiry_due(deadline: Deadline, now: dt.datetime) -> None:
    root = OrgUnit.objects.get(pk=deadline.payload["unit"])
    end = dt.date.fromisoformat(deadline.payload["end"])
    for subject in scored_subjects(root).select_related("user"):
        try:
            balance = redeemable_balance(subject=subject, on=end)
        except RedemptionError:
            continue
        if balance.available > 0 and not balance.vetoed:
            notify(
                recipients=_people(subject),
                kind="redemption_expiry",
                title=Text(
                    gettext_lazy(
                        "%(subject)s has %(points)s points to redeem; they lapse after %(end)s"
                    ),
                    {"subject": subject.name, "points": balance.available, "end": end},
                ),
                link=page_of("Subject", subject.pk),
                dedupe_key=f"redemption-expiry:{subject.pk}:{end}",
            )
