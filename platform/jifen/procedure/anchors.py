"""Declarations and the timeline inside what the ledger's signed checkpoints cover.

What a declaration said when it was made never changes (the reviewer's changes go into its
event, the decisions into its steps), and the timeline is written once: so both are
anchored as they were written, and `jifen ledger verify` names a rewritten or removed
declaration or step against the checkpoint that signed it.
"""

from __future__ import annotations

from jifen.ledger.checkpoints import anchor_register
from jifen.procedure.models import Declaration, Step

DECLARED = (
    "key", "payload_hash", "subject_id", "unit_id", "item", "occurred_on", "kind",
    "declared_by_id", "declared_at", "place",
)  # fmt: skip
STEP = (
    "declaration_id", "objection_id", "board_id", "close_id", "report_id", "action",
    "actor_id", "at", "note",
)  # fmt: skip


def register() -> None:
    """Called once from the app's ready()."""
    anchor_register(
        "declarations",
        lambda: Declaration.objects.order_by("pk").only("pk", *DECLARED),
        lambda d: [getattr(d, f) for f in DECLARED],
    )
    anchor_register(
        "timeline",
        lambda: Step.objects.order_by("pk").only("pk", *STEP),
        lambda s: [getattr(s, f) for f in STEP],
    )
