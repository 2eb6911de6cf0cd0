"""Step 4: publicity (公示) of reviewed declarations on a unit's board."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jifen import policy
from jifen.deadlines.services import deadline_schedule, local_moment
from jifen.notifications.links import page_of
from jifen.notifications.services import Text, notify
from jifen.org.models import OrgUnit
from jifen.policy import Action
from jifen.procedure.errors import ProcedureError
from jifen.procedure.models import Board, BoardKind, BoardStatus, Declaration, DeclarationStatus
from jifen.procedure.services._common import note_provisional, procedure_of, record_text, step
from jifen.procedure.services.close import rulesets_in_force, scored_subjects
from jifen.rulebook.selectors import Applicable
from jifen.workdays import Due, due


def publicity_ends(app: Applicable, today: date) -> Due:
    """The last day of publicity from `today`, by the ruleset's days and calendar."""
    procedure = procedure_of(app)
    return due(
        today,
        int(procedure.get("publicity_days", 7)),
        procedure.get("publicity_calendar", "calendar"),
    )


def board_publish(
    *, actor, unit: OrgUnit, covers_start: date, covers_end: date, today: date | None = None
) -> list[Board]:
    """Put a unit's accepted declarations of a span on its boards for the ruleset's days:
    one board per ruleset in force (a village's households and villagers are scored by two).

    Idempotent: publishing the same span again adds what was accepted since, if still open.
    """
    today = today or timezone.localdate()
    policy.require(actor, Action.PUBLISH_BOARD, unit)
    pending = list(
        Declaration.objects.filter(
            unit__path__startswith=unit.path,
            status=DeclarationStatus.ACCEPTED,
            board__isnull=True,
            occurred_on__gte=covers_start,
            occurred_on__lte=covers_end,
        ).select_related("subject")
    )
    groups = rulesets_in_force(unit, covers_end, kinds={d.subject.kind for d in pending} or None)
    if not groups:
        raise ProcedureError(
            _("no ruleset is in force at %(unit)s on %(day)s; nothing can be published.")
            % {"unit": unit.name, "day": covers_end}
        )
    by_kind: dict[str, list[Declaration]] = defaultdict(list)
    for declaration in pending:
        by_kind[declaration.subject.kind].append(declaration)
    boards = []
    with transaction.atomic():
        for app, kinds in groups:
            ends = publicity_ends(app, today)
            board, created = Board.objects.get_or_create(
                unit=unit,
                ruleset=app.version.ruleset,
                kind=BoardKind.ENTRIES,
                covers_start=covers_start,
                covers_end=covers_end,
                defaults={
                    "opened_by": actor,
                    "closes_on": ends.day,
                    "counted_from": today,
                    "public": kinds == {"business"},
                },
            )
            if board.status != BoardStatus.OPEN:
                raise ProcedureError(
                    _("the board for %(start)s…%(end)s is already closed.")
                    % {"start": covers_start, "end": covers_end}
                )
            ids = [d.pk for kind in kinds for d in by_kind.get(kind, [])]
            count = (
                Declaration.objects.select_for_update()
                .filter(pk__in=ids, board__isnull=True, status=DeclarationStatus.ACCEPTED)
                .update(board=board, status=DeclarationStatus.PUBLICISED)
            )
            if created or count:
                note = record_text(
                    gettext_lazy("%(count)s declarations, publicised until %(day)s"),
                    {"count": count, "day": board.closes_on},
                )
                step("published", actor, note, board=board)
            if created:
                note_provisional(ends, board=board)
                members = scored_subjects(unit).filter(user__isnull=False).select_related("user")
                notify(
                    recipients=[s.user for s in members],
                    kind="board_opened",
                    title=Text(
                        gettext_lazy(
                            "%(unit)s %(start)s…%(end)s: points on the board until %(closes)s; "
                            "raise any objection while it is up"
                        ),
                        {
                            "unit": unit.name,
                            "start": covers_start,
                            "end": covers_end,
                            "closes": board.closes_on,
                        },
                    ),
                    link=page_of("Board", board.pk),
                    dedupe_key=f"board:{board.pk}:opened",
                )
            deadline_schedule(
                kind="board_confirm",
                key=f"board-confirm:{board.pk}",
                due_at=local_moment(board.closes_on + timedelta(days=1), 0, 10),
                payload={"board": board.pk},
            )
            boards.append(board)
    return boards
