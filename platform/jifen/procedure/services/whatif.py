"""What-if: a draft replayed over a unit's period of real, confirmed events.

Before publishing a change to the rules, the administrator asks what it would have done to
a period that really happened: every event that counts in the unit's accounts is evaluated
again under the draft, in the order the ledger booked them, and the period is scored as a
close would score it. Each subject's old total, grade and rank (the closed period's
published results when it was closed, else what the version in force gives now) sit beside
the new ones, with the items whose points moved: who changes grade, and why.

The replay reads what each event stored: its attributes, quantity and date, and the
subject's category and attributes as the engine saw them that day (the evaluation context);
only the counts of earlier entries come from the draft's own replay, since under other
rules they differ. Nothing is written to the ledger. It runs as a worker job: a county
unit's year is tens of thousands of events.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import rulesets
from jifen import policy
from jifen.errors import ValidationFailed
from jifen.ledger.models import Account, Event
from jifen.ledger.selectors import contract_event, counted_entries, entries_that_count
from jifen.org.models import OrgUnit
from jifen.policy import Action
from jifen.procedure.models import PeriodClose, PeriodResult, WhatIf, WhatIfStatus
from jifen.procedure.services.close import (
    COUNTED_CLOSES,
    committee_decisions,
    rulesets_in_force,
    scored_subjects,
    scoring_subjects,
)
from jifen.rulebook.models import Ruleset
from jifen.rulebook.selectors import (
    Applicable,
    period_of,
    resolve_parent,
    version_draft,
)
from rulesets.context import build_context
from rulesets.errors import OutsidePeriods
from rulesets.periods import period_containing

PROGRESS_EVERY = 250  # events between two progress writes


def _last_ended_period(app: Applicable, today: date) -> rulesets.Period:
    """The latest period of `app` that ended before `today` (terms may leave gaps)."""
    day = today - timedelta(days=1)
    for _attempt in range(800):
        try:
            period = period_containing(app.document, day)
        except OutsidePeriods:
            day -= timedelta(days=1)
            continue
        if period.end < today:
            return period
        day = period.start - timedelta(days=1)
    raise ValidationFailed(
        _("%(ruleset)s has no period that ended before %(day)s; choose a period start.")
        % {"ruleset": app.version.ruleset.code, "day": today},
        field="periodStart",
    )


def _unit_app(ruleset: Ruleset, unit: OrgUnit, on: date) -> tuple[Applicable, frozenset[str]]:
    """The version of `ruleset` that scores `unit` on `on`, with the kinds it scores there."""
    found = rulesets_in_force(unit, on)
    for app, kinds in found:
        if app.version.ruleset_id == ruleset.pk:
            return app, kinds
    scored_by = ", ".join(sorted(app.version.ruleset.code for app, _kinds in found))
    raise ValidationFailed(
        _(
            "%(unit)s is not scored by %(ruleset)s on %(day)s (%(others)s); choose a unit the "
            "ruleset is assigned to."
        )
        % {
            "unit": unit.name,
            "ruleset": ruleset.code,
            "day": on,
            "others": scored_by or _("no ruleset is assigned"),
        },
        field="unit",
    )


def what_if_request(
    *,
    actor,
    ruleset: Ruleset,
    unit: OrgUnit,
    period_start: date | None = None,
    today: date | None = None,
) -> WhatIf:
    """Queue a replay of `ruleset`'s open draft over `unit`'s period (the last one that
    ended, unless `period_start` names another); refusals come now, not from the worker."""
    policy.require_tenant_admin(actor, Action.EDIT_RULESET)
    today = today or timezone.localdate()
    draft = version_draft(ruleset)
    if draft is None:
        raise ValidationFailed(
            _("%(ruleset)s has no draft; save the changes as a draft first.")
            % {"ruleset": ruleset.code},
            field="ruleset",
        )
    app, _kinds = _unit_app(ruleset, unit, period_start or today - timedelta(days=1))
    if period_start is None:
        period = _last_ended_period(app, today)
        app, _kinds = _unit_app(ruleset, unit, period.start)
    else:
        period = period_of(app, period_start, field="periodStart")
    if period.end >= today:
        raise ValidationFailed(
            _("the period %(start)s…%(end)s has not ended yet; choose one that has.")
            % {"start": period.start, "end": period.end},
            field="periodStart",
        )
    job = WhatIf.objects.create(
        version=draft,
        document=draft.document,
        content_hash=draft.content_hash,
        unit=unit,
        period_start=period.start,
        period_end=period.end,
        created_by=actor,
    )
    from workers.tasks.procedure import what_if_task

    transaction.on_commit(lambda: what_if_task.delay(job.pk))
    return job


@dataclasses.dataclass(frozen=True)
class _Scored:
    results: dict[str, rulesets.SubjectResult]
    tied: frozenset[str]  # subjects in a quota tie the committee would decide


def _score(
    document: Mapping[str, Any],
    subjects: Sequence[rulesets.Subject],
    entries: Sequence[rulesets.LedgerEntry],
    period: rulesets.Period,
    engine: rulesets.CompiledRuleset,
    decisions: Mapping[str, Sequence[str]],
) -> _Scored:
    results, tied = rulesets.score_period_provisionally(
        document, list(subjects), entries, period, engine=engine, decisions=decisions
    )
    return _Scored({r.id: r for r in results}, tied)


def _by_item(entries: Sequence[rulesets.LedgerEntry]) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for e in entries:
        if e.bucket:
            out[e.subject][e.item] += e.points
    return out


def _as_it_was(subject: rulesets.Subject, context: Mapping[str, Any]) -> rulesets.Subject:
    """The subject with the category and attributes its event's engine saw that day."""
    if not context:
        return subject
    attributes = dict(subject.attributes) | dict(context.get("subject_attributes") or {})
    return dataclasses.replace(
        subject,
        category=context.get("subject_category") or subject.category,
        attributes=rulesets.contracts.frozen_map(attributes),
    )


def _old_results(
    close: PeriodClose | None, app: Applicable, subjects, entries, period
) -> tuple[dict[str, dict[str, Any]], str]:
    """The published results of the closed period, else what the version in force gives."""
    if close is not None:
        old = {
            str(r.subject_id): {
                "total": None if r.total is None else float(r.total),
                "grade": r.grade or None,
                "rank": r.rank,
            }
            for r in PeriodResult.objects.filter(close=close)
        }
        return old, close.ruleset_version
    scored = _score(app.document, subjects, entries, period, app.engine(), {})
    old = {
        sid: {"total": r.total, "grade": r.grade, "rank": r.rank}
        for sid, r in scored.results.items()
    }
    return old, str(app.key)


def what_if_run(*, job_id: int, progress: Callable[[int], None] | None = None) -> WhatIf:
    """Replay the job's draft (idempotent: a finished job is left alone)."""
    job = WhatIf.objects.select_related("version__ruleset", "unit").get(pk=job_id)
    if job.status == WhatIfStatus.DONE:
        return job
    WhatIf.objects.filter(pk=job.pk).update(status=WhatIfStatus.RUNNING)
    ruleset = job.version.ruleset
    period = rulesets.Period(job.period_start, job.period_end)
    app, kinds = _unit_app(ruleset, job.unit, job.period_start)
    draft_document = rulesets.effective_document(job.document, resolve_parent, job.period_start)
    draft_key = rulesets.VersionKey.of(
        connection.schema_name, ruleset.code, f"{job.version.label}-draft", draft_document
    )
    draft_engine = rulesets.compiled(draft_key, draft_document)

    subjects = list(scored_subjects(job.unit).filter(kind__in=kinds).order_by("pk"))
    names = {str(s.pk): s.name for s in subjects}
    accounts = list(
        Account.objects.filter(subject__in=subjects, ruleset=ruleset, period_start=period.start)
    )
    contract = scoring_subjects(subjects, ruleset, period)
    by_id = {s.id: s for s in contract}
    old_entries = counted_entries(accounts=accounts)
    close = PeriodClose.objects.filter(
        unit=job.unit, ruleset=ruleset, period_start=job.period_start, status__in=COUNTED_CLOSES
    ).first()
    old, compared_with = _old_results(close, app, contract, old_entries, period)
    # The committee's choices on the close's ties stand where the draft ties the same way.
    decisions = committee_decisions(close) if close is not None else {}

    counting = entries_that_count(accounts=accounts).values("event_id")
    events = list(
        Event.objects.filter(pk__in=counting, superseded_by__isnull=True)
        .only("pk", "subject_id", "item", "occurred_on", "attributes", "quantity", "key", "context")
        .order_by("pk")
    )
    WhatIf.objects.filter(pk=job.pk).update(events_total=len(events))
    booked: dict[str, list[rulesets.LedgerEntry]] = defaultdict(list)
    skipped: dict[tuple[str, str], int] = defaultdict(int)
    for done, event in enumerate(events, start=1):
        replayed = contract_event(event)
        subject = _as_it_was(by_id[replayed.subject], event.context)
        prior = booked[subject.id]
        context = build_context(draft_document, subject, period, replayed, prior)
        try:
            evaluation = draft_engine.evaluate(replayed, context)
        except rulesets.RulesetError as exc:
            skipped[(event.item, str(exc))] += 1
        else:
            prior.extend(rulesets.entries_for(replayed, evaluation))
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done)
            WhatIf.objects.filter(pk=job.pk).update(events_done=done)
    new_entries = [e for entries in booked.values() for e in entries]
    new = _score(draft_document, contract, new_entries, period, draft_engine, decisions)

    old_items, new_items = _by_item(old_entries), _by_item(new_entries)
    rows = []
    for sid, name in names.items():
        result = new.results.get(sid)
        items = [
            {"item": item, "old": round(old_items[sid].get(item, 0.0), 4), "new": round(n, 4)}
            for item in sorted(set(old_items[sid]) | set(new_items[sid]))
            if abs((n := new_items[sid].get(item, 0.0)) - old_items[sid].get(item, 0.0)) > 1e-9
        ]
        items.sort(key=lambda i: -abs(i["new"] - i["old"]))
        rows.append(
            {
                "subject": int(sid),
                "name": name,
                "old": old.get(sid, {"total": None, "grade": None, "rank": None}),
                "new": {
                    "total": None if result is None else result.total,
                    "grade": None if result is None else result.grade,
                    "rank": None if result is None else result.rank,
                },
                "tie": sid in new.tied,
                "items": items,
            }
        )
    rows.sort(key=lambda r: (r["new"]["rank"] is None, r["new"]["rank"] or 0, r["name"]))
    job.rows = rows
    job.skipped = [
        {"item": item, "message": message, "count": count}
        for (item, message), count in sorted(skipped.items())
    ]
    job.compared_with, job.old_from_close = compared_with, close is not None
    job.events_done, job.events_total = len(events), len(events)
    job.status, job.finished_at = WhatIfStatus.DONE, timezone.now()
    job.save()
    return job


def what_if_fail(*, job_id: int, message: str) -> None:
    WhatIf.objects.filter(pk=job_id).exclude(status=WhatIfStatus.DONE).update(
        status=WhatIfStatus.FAILED, failure=message[:2000], finished_at=timezone.now()
    )


def what_ifs_of(*, user) -> Any:
    """The what-ifs a user asked for (each is theirs alone)."""
    if not user.is_authenticated:
        return WhatIf.objects.none()
    return WhatIf.objects.filter(created_by=user)
