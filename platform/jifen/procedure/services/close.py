"""Step 6: period close: totals, grades, ranks and stars from what counts, per ruleset."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

import rulesets
from jifen import policy
from jifen.deadlines.services import deadline_schedule, local_moment
from jifen.ledger import services as ledger
from jifen.ledger.models import Account
from jifen.ledger.selectors import counted_entries
from jifen.ledger.services import contract_subject
from jifen.notifications.links import page_of
from jifen.notifications.services import Text, notify
from jifen.org.models import OrgUnit
from jifen.policy import Action
from jifen.procedure.errors import MembersNotClosed, ProcedureError
from jifen.procedure.models import (
    Board,
    BoardKind,
    BoardStatus,
    CloseStatus,
    DecisionStatus,
    Declaration,
    DeclarationStatus,
    PeriodClose,
    PeriodResult,
    QuotaDecision,
)
from jifen.procedure.services._common import note_provisional, procedure_of, record_text, step
from jifen.procedure.signals import period_results_written
from jifen.rulebook.errors import NoRulesetInForce
from jifen.rulebook.models import Ruleset
from jifen.rulebook.selectors import Applicable, applicable_for, period_of
from jifen.subjects.models import Subject
from jifen.workdays import due
from rulesets.errors import QuotaTieUnresolved

UNFINISHED = (
    DeclarationStatus.SUBMITTED,
    DeclarationStatus.ACCEPTED,
    DeclarationStatus.PUBLICISED,
)
# Closed, then reopened for correction: closing again recomputes the results.
CORRECTING = (CloseStatus.RETURNED, CloseStatus.REOPENED)


def scored_subjects(unit: OrgUnit) -> QuerySet:
    """Subjects scored under `unit`: homed there (not hosted elsewhere) or hosted there.

    The subtree's unit ids are read first so that PostgreSQL can use the home and host
    indexes; a path prefix on two joined tables made it scan every subject of the tenant
    (20 ms per branch close with 100,000 subjects).
    """
    units = list(OrgUnit.objects.filter(path__startswith=unit.path).values_list("pk", flat=True))
    return Subject.objects.filter(
        Q(host_unit_id__in=units) | Q(home_unit_id__in=units, host_unit__isnull=True)
    ).select_related("home_unit", "host_unit")


def rulesets_in_force(
    unit: OrgUnit, on: date, kinds: Iterable[str] | None = None
) -> list[tuple[Applicable, frozenset[str]]]:
    """The rulesets that score subjects of `unit` on `on`, each with the subject kinds it
    scores there (households and villagers of one grid may have two)."""
    if kinds is None:
        kinds = set(scored_subjects(unit).values_list("kind", flat=True).distinct()) or {"person"}
    groups: dict[int, tuple[Applicable, set[str]]] = {}
    for kind in sorted(kinds):
        try:
            app = applicable_for(unit, kind, on)
        except NoRulesetInForce:
            continue
        groups.setdefault(app.version.ruleset_id, (app, set()))[1].add(kind)
    return [(app, frozenset(found)) for app, found in groups.values()]


def _previous_results(
    subject_ids: Sequence[int], ruleset: Ruleset, before: date
) -> dict[int, tuple[rulesets.PreviousResult, ...]]:
    rows = (
        PeriodResult.objects.filter(
            subject_id__in=subject_ids, close__ruleset=ruleset, close__period_start__lt=before
        )
        .select_related("close")
        .order_by("subject_id", "-close__period_start")
    )
    out: dict[int, list] = {}
    for row in rows:
        out.setdefault(row.subject_id, []).append(
            rulesets.PreviousResult(
                row.close.period_start,
                float(row.total) if row.total is not None else None,
                row.grade or None,
            )
        )
    return {k: tuple(v) for k, v in out.items()}


COUNTED_CLOSES = (CloseStatus.CLOSED, CloseStatus.FILED, CloseStatus.ACCEPTED)


def _member_statistics(unit: OrgUnit, period) -> dict[str, float]:
    """What the rating of `unit` (a branch, a community) reads of its members' results in
    the period: `members_count`, `members_total`, `members_average`, and each of them per
    category (`members_average_a` …), from the latest closed result of every person scored
    in its subtree whose period ended within this one (seed 000 §14: a、b类党员的平均积分;
    seed 002: a branch's stars at its superior's close).

    Refused while a member has no such result (their unit has not closed yet, or waits for
    its committee): a rating from part of the members would be wrong.
    """
    persons = scored_subjects(unit).filter(kind="person", left_on__isnull=True)
    rows = (
        PeriodResult.objects.filter(
            subject__in=persons,
            close__period_end__gte=period.start,
            close__period_end__lte=period.end,
            close__status__in=COUNTED_CLOSES,
        )
        .order_by("subject_id", "-close__period_end")
        .distinct("subject_id")
        .values_list("subject_id", "category", "total")
    )
    found = {subject_id: (category, total) for subject_id, category, total in rows}
    missing = sorted({s.scoring_unit.name for s in persons if s.pk not in found})
    if missing:
        values = {
            "units": "、".join(missing), "start": period.start, "end": period.end,
            "unit": unit.name,
        }  # fmt: skip
        raise MembersNotClosed(
            (
                _(
                    "%(units)s has not closed %(start)s…%(end)s yet: the rating of %(unit)s "
                    "reads its members' results; close those units first."
                )
                if len(missing) == 1
                else _(
                    "%(units)s have not closed %(start)s…%(end)s yet: the rating of %(unit)s "
                    "reads its members' results; close those units first."
                )
            )
            % values
        )
    groups: dict[str, list[float]] = {"": []}
    for category, total in found.values():
        if total is None:  # not assessed (exempt)
            continue
        groups[""].append(float(total))
        groups.setdefault(category, []).append(float(total))
    stats: dict[str, float] = {}
    for category, totals in groups.items():
        suffix = f"_{category}" if category else ""
        stats[f"members_count{suffix}"] = float(len(totals))
        stats[f"members_total{suffix}"] = sum(totals)
        stats[f"members_average{suffix}"] = sum(totals) / len(totals) if totals else 0.0
    return stats


def _with_members(subject: rulesets.Subject, previous, members) -> rulesets.Subject:
    attributes = dict(subject.attributes) | (members or {})
    return rulesets.Subject(
        **{
            **subject.__dict__,
            "previous": previous,
            "attributes": rulesets.contracts.frozen_map(attributes),
        }
    )


def scoring_subjects(
    subjects: Sequence[Subject], ruleset: Ruleset, period: rulesets.Period
) -> list[rulesets.Subject]:
    """The subjects as the ruleset scores them at a close: with their earlier results in
    the ruleset and, for a unit's own account, its members' statistics."""
    previous = _previous_results([s.pk for s in subjects], ruleset, period.start)
    members = {
        s.pk: _member_statistics(s.represents_unit, period)
        for s in subjects
        if s.represents_unit_id
    }
    return [
        _with_members(contract_subject(s), previous.get(s.pk, ()), members.get(s.pk))
        for s in subjects
    ]


RESULT_COLUMNS = (
    "close_id", "subject_id", "category", "total", "buckets", "grade", "rank", "stars",
    "vetoed", "redeemable", "flags", "explain", "formulas",
)  # fmt: skip


def _results_write(
    close: PeriodClose, results: Sequence[rulesets.SubjectResult], named: Sequence[str]
) -> None:
    """Write a close's results with COPY, in the caller's transaction; `named` are the
    ruleset's formulas, kept with each result (a branch's members' average …).

    The rows are what `PeriodResult(...)` would hold; COPY because a unit's results carry
    one explain line per entry, and an ORM bulk insert of that much JSON dominated the
    rollover (see bench/rollover.py).
    """
    from decimal import Decimal

    table = PeriodResult._meta.db_table
    sql = f"COPY {table} ({', '.join(RESULT_COLUMNS)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.copy(sql) as copy:
        for r in results:
            copy.write_row(
                (
                    close.pk,
                    int(r.id),
                    r.category,
                    None if r.total is None else Decimal(str(round(r.total, 4))),
                    json.dumps({k: float(v) for k, v in r.buckets.items()}),
                    r.grade or "",
                    r.rank,
                    r.stars,
                    r.vetoed,
                    r.redeemable,
                    json.dumps(list(r.flags)),
                    json.dumps(
                        [
                            {"event": e.event, "item": e.item, "points": e.points, "rule": e.rule}
                            for e in r.explain
                        ]
                    ),
                    json.dumps({n: float(r.variables[n]) for n in named if n in r.variables}),
                )
            )


def committee_decisions(close: PeriodClose) -> dict[str, list[str]]:
    """The committee's choices on this close's quota ties so far."""
    if close.pk is None:
        return {}
    return {
        d.key: [str(pk) for pk in d.chosen.values_list("pk", flat=True)]
        for d in close.decisions.filter(status=DecisionStatus.DECIDED)
    }


def _await_decisions(close: PeriodClose, ties, actor) -> PeriodClose:
    """Stop the close where the committee must decide: the ties become its tasks."""
    close.status = CloseStatus.AWAITING_DECISION
    close.save()
    for tie in ties:
        decision, created = QuotaDecision.objects.get_or_create(
            close=close,
            key=tie.key,
            defaults={
                "grade": tie.grade, "scope": tie.scope, "places": tie.places, "rank": tie.rank,
            },
        )  # fmt: skip
        if created:
            decision.tied.set([int(pk) for pk in tie.tied])
            step(
                "decision_needed",
                actor,
                record_text(
                    gettext_lazy(
                        "%(tied)s tied at rank %(rank)s for %(places)s place(s) of %(grade)s"
                    ),
                    {
                        "tied": len(tie.tied),
                        "rank": tie.rank,
                        "places": tie.places,
                        "grade": tie.grade,
                    },
                ),
                close=close,
            )
            notify(
                recipients=policy.answerers(close.unit),
                kind="quota_decision_needed",
                title=Text(
                    gettext_lazy(
                        "%(unit)s %(start)s…%(end)s: %(tied)s tied for %(places)s place(s) of "
                        "%(grade)s; the committee decides"
                    ),
                    {
                        "unit": close.unit.name,
                        "start": close.period_start,
                        "end": close.period_end,
                        "tied": len(tie.tied),
                        "grade": tie.grade,
                        "places": tie.places,
                    },
                ),
                link=page_of("PeriodClose", close.pk),
                dedupe_key=f"decision:{decision.pk}",
            )
    return close


def quota_decide(
    *,
    actor,
    decision: QuotaDecision,
    chosen_ids: Sequence[int],
    reason: str,
    today: date | None = None,
) -> PeriodClose:
    """The committee's choice on a quota tie, with its reason; the close then continues."""
    from jifen.procedure.errors import InvalidStep

    if not reason.strip():
        raise InvalidStep(
            _("say why the committee chose them; it goes in the timeline."), field="reason"
        )
    with transaction.atomic(durable=True):
        decision = (
            QuotaDecision.objects.select_for_update(of=("self",))
            .select_related("close__unit")
            .get(pk=decision.pk)
        )
        close = decision.close
        policy.require(actor, Action.CLOSE_PERIOD, close.unit)
        if decision.status != DecisionStatus.OPEN:
            raise ProcedureError(_("this tie was already decided."))
        tied = set(decision.tied.values_list("pk", flat=True))
        chosen = set(chosen_ids)
        if not chosen <= tied or len(chosen) > decision.places:
            raise InvalidStep(
                _("choose at most %(places)s of the %(tied)s tied.")
                % {"places": decision.places, "tied": len(tied)},
                field="chosen",
            )
        decision.chosen.set(sorted(chosen))
        decision.status = DecisionStatus.DECIDED
        decision.reason = reason
        decision.decided_by = actor
        decision.decided_at = timezone.now()
        decision.save()
        names = "、".join(Subject.objects.filter(pk__in=chosen).values_list("name", flat=True))
        note = record_text(
            gettext_lazy("%(grade)s: %(names)s (%(reason)s)"),
            {"grade": decision.grade, "names": names or "—", "reason": reason},
        )
        step("quota_decided", actor, note, close=close)
        if not close.decisions.filter(status=DecisionStatus.OPEN).exists():
            groups = [
                (a, k)
                for a, k in rulesets_in_force(close.unit, close.period_start)
                if a.version.ruleset_id == close.ruleset_id
            ]
            for app, kinds in groups:
                _close_one(
                    actor=actor, unit=close.unit, app=app, kinds=kinds,
                    period_start=close.period_start, today=today or timezone.localdate(),
                    publish=True, allow_unfinished=True,
                )  # fmt: skip
    close.refresh_from_db()
    return close


def _publish_results(close: PeriodClose, app: Applicable, kinds, actor, today: date) -> None:
    """Results go on a board for the ruleset's publicity days (公示); filing waits for the
    end of it (a deadline row files them with the superior)."""
    procedure = procedure_of(app)
    ends = due(
        today,
        int(procedure.get("publicity_days", 7)),
        procedure.get("publicity_calendar", "calendar"),
    )
    closes_on = ends.day
    board = close.results_board
    if board is None:
        board = Board.objects.create(
            unit=close.unit, ruleset=close.ruleset, kind=BoardKind.RESULTS,
            covers_start=close.period_start, covers_end=close.period_end, opened_by=actor,
            closes_on=closes_on, counted_from=today, public=kinds == {"business"},
        )  # fmt: skip
        close.results_board = board
        close.save(update_fields=["results_board"])
    else:  # publicised again after a correction
        board.status, board.closes_on, board.closed_at = BoardStatus.OPEN, closes_on, None
        board.counted_from = today
        board.save(update_fields=["status", "closes_on", "closed_at", "counted_from"])
    note_provisional(ends, board=board)
    deadline_schedule(
        kind="results_file",
        key=f"results-file:{close.pk}:{closes_on.isoformat()}",
        due_at=local_moment(closes_on + timedelta(days=1), 0, 30),
        payload={"close": close.pk},
    )


def _close_one(
    *,
    actor,
    unit: OrgUnit,
    app: Applicable,
    kinds: frozenset[str],
    period_start: date,
    today: date,
    publish: bool,
    allow_unfinished: bool,
) -> PeriodClose:
    period = period_of(app, period_start, field="periodStart")
    existing = PeriodClose.objects.filter(
        unit=unit, ruleset=app.version.ruleset, period_start=period.start
    ).first()
    if existing and existing.status not in (CloseStatus.AWAITING_DECISION, *CORRECTING):
        return existing
    if period.end >= today:
        raise ProcedureError(
            _("the period %(start)s…%(end)s has not ended yet.")
            % {"start": period.start, "end": period.end}
        )
    subjects = list(scored_subjects(unit).filter(kind__in=kinds))
    unfinished = Declaration.objects.filter(
        unit__path__startswith=unit.path,
        subject__kind__in=kinds,
        occurred_on__gte=period.start,
        occurred_on__lte=period.end,
        status__in=UNFINISHED,
    ).count()
    if unfinished and not allow_unfinished:
        raise ProcedureError(
            _(
                "%(count)s declarations of %(start)s…%(end)s are still under review or on a "
                "board; finish them (confirm or reject) before closing the period."
            )
            % {"count": unfinished, "start": period.start, "end": period.end}
        )
    with transaction.atomic():
        accounts = list(
            Account.objects.select_for_update()
            .filter(subject__in=subjects, ruleset=app.version.ruleset, period_start=period.start)
            .order_by("pk")
        )
        contract_subjects = scoring_subjects(subjects, app.version.ruleset, period)
        close = existing or PeriodClose(
            unit=unit, ruleset=app.version.ruleset, ruleset_version=str(app.key),
            period_start=period.start, period_end=period.end, closed_by=actor,
        )  # fmt: skip
        try:
            results = rulesets.score_period(
                app.document,
                contract_subjects,
                counted_entries(accounts=accounts),
                rulesets.Period(period.start, period.end),
                engine=app.engine(),
                decisions=committee_decisions(close),
            )
        except QuotaTieUnresolved as exc:
            return _await_decisions(close, exc.ties, actor)
        again = close.status in CORRECTING
        close.status = CloseStatus.CLOSED
        close.ruleset_version = str(app.key)
        close.save()
        if again:  # reopened for correction: the results are computed anew
            close.results.all().delete()
        _results_write(
            close, results, list((app.document.get("scoring") or {}).get("formulas", {}))
        )
        ledger.accounts_close(accounts=accounts)
        period_results_written.send(sender=PeriodClose, close=close, again=again)
        if publish:
            _publish_results(close, app, kinds, actor, today)
        step(
            "period_closed_again" if again else "period_closed",
            actor,
            record_text(
                gettext_lazy("%(count)s subjects, ruleset %(ruleset)s"),
                {"count": len(results), "ruleset": app.key},
            ),
            close=close,
        )
        if unfinished:
            notify(
                recipients=policy.answerers(unit),
                kind="period_closed_with_unfinished",
                title=Text(
                    gettext_lazy(
                        "%(unit)s %(start)s…%(end)s closed; %(count)s declarations still under "
                        "review were left out"
                    ),
                    {
                        "unit": unit.name,
                        "start": period.start,
                        "end": period.end,
                        "count": unfinished,
                    },
                ),
                link=page_of("PeriodClose", close.pk),
                dedupe_key=f"close:{close.pk}:unfinished",
            )
    return close


def period_close(
    *,
    actor,
    unit: OrgUnit,
    period_start: date,
    ruleset: Ruleset | None = None,
    today: date | None = None,
    publish: bool = True,
    allow_unfinished: bool = False,
) -> list[PeriodClose]:
    """Close a unit's period once per ruleset in force there (or only `ruleset`): totals,
    grades, ranks and stars from what counts; results published on a board.

    Refused while declarations of the period are still under way, unless
    `allow_unfinished` (the scheduled rollover): then they do not count, and the unit's
    secretaries are told so. Idempotent: closing again returns the earlier closes.
    """
    today = today or timezone.localdate()
    policy.require(actor, Action.CLOSE_PERIOD, unit)
    groups = rulesets_in_force(unit, period_start)
    if ruleset is not None:
        groups = [(app, kinds) for app, kinds in groups if app.version.ruleset_id == ruleset.pk]
    if not groups:
        values = {"code": ruleset.code if ruleset else "", "unit": unit.name, "day": period_start}
        raise NoRulesetInForce(
            (
                _(
                    "no ruleset %(code)s scores subjects of %(unit)s on %(day)s; assign one "
                    "with rulesetAssign."
                )
                if ruleset
                else _(
                    "no ruleset scores subjects of %(unit)s on %(day)s; assign one with "
                    "rulesetAssign."
                )
            )
            % values
        )
    return [
        _close_one(
            actor=actor,
            unit=unit,
            app=app,
            kinds=kinds,
            period_start=period_start,
            today=today,
            publish=publish,
            allow_unfinished=allow_unfinished,
        )
        for app, kinds in groups
    ]
