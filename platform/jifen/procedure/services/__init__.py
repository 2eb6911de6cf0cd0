"""The procedure's steps, one action module each (the Zulip-style action function owns
the transaction, the permission check through `jifen.policy`, the timeline step and the
after-commit work):

declare (declaration_submit, attendance_record) → review (declaration_review) → publicity
(board_publish) → objection (objection_raise, _answer, _appeal, escalation) → confirmation
(board_confirm, declaration_countersign) → close (period_close) → filing (period_file);
beside them, floating members' quarterly reports from host to home (host_report).

Durations (publicity days, answer deadline, calendar or working days) come from the
ruleset in force; every step is written to `Step` with its actor (the tenant's system
actor for scheduled jobs).
"""

from jifen.procedure.services.close import (
    period_close,
    quota_decide,
    rulesets_in_force,
    scored_subjects,
)
from jifen.procedure.services.confirmation import (
    Confirmed,
    board_confirm,
    declaration_countersign,
)
from jifen.procedure.services.declare import DeclarationInput, attendance_record, declaration_submit
from jifen.procedure.services.filing import filing_accept, filing_return, period_file
from jifen.procedure.services.host_report import (
    host_report_accept,
    host_report_return,
    host_reports_send,
    quarter_of,
)
from jifen.procedure.services.objection import (
    OPEN_OBJECTION,
    objection_answer,
    objection_appeal,
    objection_escalate_if_unanswered,
    objection_raise,
    objections_escalate_overdue,
)
from jifen.procedure.services.publicity import board_publish
from jifen.procedure.services.retroactive import (
    RetroactivePlan,
    retroactive_preview,
    ruleset_publish_retroactive,
)
from jifen.procedure.services.review import declaration_review

__all__ = [
    "OPEN_OBJECTION",
    "Confirmed",
    "DeclarationInput",
    "RetroactivePlan",
    "attendance_record",
    "board_confirm",
    "board_publish",
    "declaration_countersign",
    "declaration_review",
    "declaration_submit",
    "filing_accept",
    "filing_return",
    "host_report_accept",
    "host_report_return",
    "host_reports_send",
    "objection_answer",
    "objection_appeal",
    "objection_escalate_if_unanswered",
    "objection_raise",
    "objections_escalate_overdue",
    "period_close",
    "period_file",
    "quarter_of",
    "quota_decide",
    "retroactive_preview",
    "ruleset_publish_retroactive",
    "rulesets_in_force",
    "scored_subjects",
]
