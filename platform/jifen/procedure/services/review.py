"""Step 3: preliminary review by the branch committee (支委初评)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jifen import policy
from jifen.i18n import in_language
from jifen.ledger import services as ledger
from jifen.ledger.models import Source
from jifen.notifications.links import page_of
from jifen.notifications.services import Text, notify
from jifen.procedure.errors import InvalidStep, ProcedureError
from jifen.procedure.models import Declaration, DeclarationStatus
from jifen.procedure.services._common import ruleset_in_force, step

DECISIONS = {"accept": "accepted", "adjust": "adjusted", "reject": "rejected"}


# how a review ended, in the declarer's words
OUTCOMES = {
    "accept": gettext_lazy("passed the preliminary review"),
    "adjust": gettext_lazy("passed the preliminary review after an adjustment"),
    "reject": gettext_lazy("did not pass the preliminary review"),
}


def declaration_review(
    *,
    actor,
    declaration: Declaration,
    decision: str,
    reason: str = "",
    attributes: Mapping[str, Any] | None = None,
    quantity: float | None = None,
) -> Declaration:
    """Accept, adjust (with a reason) or reject (with a reason) a declaration.

    Accepting books the event in the ledger in the same transaction, with the version in
    force on its date; it counts once the board is confirmed. Of two reviewers accepting
    at once, the second finds it already reviewed.
    """
    if decision not in DECISIONS:
        raise InvalidStep(_("decision must be accept, adjust or reject."), field="decision")
    if decision != "accept" and not reason.strip():
        raise InvalidStep(
            _("to adjust a declaration give a reason; the member sees it.")
            if decision == "adjust"
            else _("to reject a declaration give a reason; the member sees it."),
            field="reason",
        )
    with transaction.atomic(durable=True):
        declaration = (
            Declaration.objects.select_for_update(of=("self",))
            .select_related("subject__home_unit", "subject__host_unit", "unit")
            .get(pk=declaration.pk)
        )
        policy.require_reviewer(actor, declaration)
        if declaration.status != DeclarationStatus.SUBMITTED:
            raise ProcedureError(
                _("this declaration is already %(status)s; nothing was changed.")
                % {"status": in_language(declaration.get_status_display())}
            )
        changes = (quantity is not None and Decimal(str(quantity)) != declaration.quantity) or any(
            declaration.attributes.get(k) != v for k, v in (attributes or {}).items()
        )
        if decision != "reject" and changes and not reason.strip():
            raise InvalidStep(
                _(
                    "changing a declaration's quantity or attributes needs a reason; the "
                    "member sees it."
                ),
                field="reason",
            )
        if decision == "reject":
            declaration.status = DeclarationStatus.REJECTED
        else:
            merged = {**declaration.attributes, **(attributes or {})}
            amount = declaration.quantity if quantity is None else Decimal(str(quantity))
            recorded = ledger.event_record(
                actor=actor,
                data=ledger.EventInput(
                    key=f"declaration:{declaration.key}",
                    subject_id=declaration.subject_id,
                    item=declaration.item,
                    occurred_on=declaration.occurred_on,
                    attributes=merged,
                    quantity=float(amount),
                ),
                source=Source.DECLARATION,
                ruleset=ruleset_in_force(declaration.subject, declaration.occurred_on),
                needs_confirmation=True,
            )
            declaration.attributes = merged
            declaration.quantity = amount
            declaration.event = recorded.event
            declaration.status = DeclarationStatus.ACCEPTED
        declaration.reviewed_by = actor
        declaration.reviewed_at = timezone.now()
        declaration.review_reason = reason
        declaration.save()
        step(DECISIONS[decision], actor, reason, declaration=declaration)
        notify(
            recipients=[declaration.declared_by],
            kind="declaration_decided",
            title=Text(
                gettext_lazy("the declaration for %(subject)s of %(day)s %(outcome)s"),
                {
                    "subject": declaration.subject.name,
                    "day": declaration.occurred_on,
                    "outcome": OUTCOMES[decision],
                },
            ),
            body=reason,
            link=page_of("Declaration", declaration.pk),
            dedupe_key=f"declaration:{declaration.pk}:decided",
        )
    return declaration
