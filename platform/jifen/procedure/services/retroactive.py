"""Publishing a version that starts before today: what it re-evaluates, and doing it.

A new version normally starts today or later. One that must start earlier (a rule was
wrong from 1 July) changes entries already booked in the open period, so the publisher
first sees the list (`retroactive_preview`) and then confirms exactly that list
(`ruleset_publish_retroactive`). The preview is the publication itself, done and rolled
back, so it shows the very points the publication will book. A closed period is never
re-evaluated: its results were publicised, filed and accepted on the old rules.

A declaration whose event is re-evaluated follows the new event (it is confirmed, objected
to and withdrawn with it) and its timeline says so; the ledger keeps both events, the new
one `supersedes` the old.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from jifen import policy
from jifen.audit.services import audit_record
from jifen.errors import Conflict
from jifen.ledger.errors import PeriodClosed
from jifen.ledger.models import Event
from jifen.ledger.selectors import accounts_closed_since, events_booked_since, standing_entries
from jifen.ledger.services import events_reevaluate
from jifen.policy import Action
from jifen.procedure.models import Declaration
from jifen.procedure.services._common import step
from jifen.rulebook.models import RulesetVersion
from jifen.rulebook.selectors import ruleset_family
from jifen.rulebook.services import ruleset_publish


@dataclass(frozen=True)
class Reevaluation:
    """One booked fact and its points before and after the new version."""

    event: Event
    entry_ids: tuple[int, ...]  # its standing entries, reversed by the publication
    points_before: Decimal
    points_after: Decimal
    successor_key: str


@dataclass(frozen=True)
class RetroactivePlan:
    version: RulesetVersion
    effective_from: date
    changes: tuple[Reevaluation, ...]

    @property
    def entry_ids(self) -> frozenset[int]:
        return frozenset(i for c in self.changes for i in c.entry_ids)


class _Preview(Exception):
    def __init__(self, plan: RetroactivePlan):
        self.plan = plan


def _points(event: Event) -> Decimal:
    total = standing_entries().filter(event=event).aggregate(total=Sum("points"))["total"]
    return total or Decimal(0)


def _publish(*, actor, version: RulesetVersion, effective_from: date, today: date):
    family = ruleset_family(version.ruleset)
    closed = accounts_closed_since(rulesets=family, since=effective_from).first()
    if closed is not None:
        raise PeriodClosed(
            _(
                "%(version)s cannot take effect on %(day)s: the period %(start)s…%(end)s is "
                "closed and is never re-evaluated; let it start on %(next)s or later."
            )
            % {
                "version": version,
                "day": effective_from,
                "start": closed.period_start,
                "end": closed.period_end,
                "next": closed.period_end + timedelta(days=1),
            },
            field="effectiveFrom",
        )
    events = list(events_booked_since(rulesets=family, since=effective_from))
    before = {
        e.pk: (
            tuple(standing_entries().filter(event=e).values_list("pk", flat=True)),
            _points(e),
        )
        for e in events
    }
    published = ruleset_publish(
        actor=actor, version=version, effective_from=effective_from, retroactive=True, today=today
    )
    reason = f"re-evaluated under {version}, published retroactively from {effective_from}"
    pairs = events_reevaluate(actor=actor, events=events, reason=reason)
    changes = tuple(
        Reevaluation(
            event=old,
            entry_ids=before[old.pk][0],
            points_before=before[old.pk][1],
            points_after=_points(new),
            successor_key=new.key,
        )
        for old, new in pairs
    )
    declarations = Declaration.objects.in_bulk(
        [old.pk for old, _new in pairs], field_name="event_id"
    )
    for (_old, new), change in zip(pairs, changes, strict=True):
        declaration = declarations.get(change.event.pk)
        if declaration is not None:
            declaration.event = new
            declaration.save(update_fields=["event"])
            note = f"{reason}: {float(change.points_before):+g} → {float(change.points_after):+g}"
            step("re_evaluated", actor, note, declaration=declaration)
    return published, RetroactivePlan(published, effective_from, changes)


def retroactive_preview(
    *, actor, version: RulesetVersion, effective_from: date, today: date | None = None
) -> RetroactivePlan:
    """What publishing `version` from `effective_from` would re-evaluate (nothing is kept)."""
    policy.require_tenant_admin(actor, Action.EDIT_RULESET)
    today = today or timezone.localdate()
    try:
        with transaction.atomic():
            _published, plan = _publish(
                actor=actor, version=version, effective_from=effective_from, today=today
            )
            raise _Preview(plan)
    except _Preview as preview:
        return preview.plan


def ruleset_publish_retroactive(
    *,
    actor,
    version: RulesetVersion,
    effective_from: date,
    confirmed_entries: Collection[int],
    today: date | None = None,
) -> RetroactivePlan:
    """Publish `version` from a past date and re-evaluate what was booked since, provided
    `confirmed_entries` is exactly the list the preview showed (else nothing happens)."""
    policy.require_tenant_admin(actor, Action.EDIT_RULESET)
    today = today or timezone.localdate()
    with transaction.atomic():
        _published, plan = _publish(
            actor=actor, version=version, effective_from=effective_from, today=today
        )
        confirmed = frozenset(int(i) for i in confirmed_entries)
        if confirmed != plan.entry_ids:
            added, gone = plan.entry_ids - confirmed, confirmed - plan.entry_ids
            raise Conflict(
                _(
                    "the entries to re-evaluate are not the ones confirmed (%(added)s not "
                    "confirmed, %(gone)s no longer affected); preview again and confirm the new "
                    "list."
                )
                % {"added": len(added), "gone": len(gone)},
                field="confirmedEntries",
            )
        audit_record(
            actor=actor,
            action="ruleset.publish_retroactive",
            target=version,
            after={
                "effective_from": effective_from.isoformat(),
                "reevaluated": [
                    {
                        "event": c.event.key,
                        "now": c.successor_key,
                        "before": str(c.points_before),
                        "after": str(c.points_after),
                    }
                    for c in plan.changes
                ],
            },
            note=f"{len(plan.changes)} events re-evaluated",
        )
    return plan
