"""The GraphQL enums of the domain's statuses and kinds, named by us (not by Django)."""

import graphene

from jifen.deadlines.models import LocalDayKind
from jifen.ledger.models import EntryKind, ImportJob, Source
from jifen.org.models import Role, UnitKind
from jifen.procedure.models import (
    BoardKind,
    BoardStatus,
    CloseStatus,
    DecisionStatus,
    DeclarationKind,
    DeclarationStatus,
    ObjectionOutcome,
    ObjectionStatus,
    ReportStatus,
)
from jifen.rulebook.models import VersionStatus
from jifen.subjects.models import SubjectKind


def _enum(choices, name: str, description: str):
    def describe(member):
        return description if member is None else choices(member.value).label

    return graphene.Enum.from_enum(choices, name=name, description=describe)


DeclarationStatusEnum = _enum(DeclarationStatus, "DeclarationStatus", "Where a declaration stands.")
DeclarationKindEnum = _enum(DeclarationKind, "DeclarationKind", "Who declared it, for whom.")
BoardKindEnum = _enum(BoardKind, "BoardKind", "Reviewed entries, or a period's results.")
BoardStatusEnum = _enum(BoardStatus, "BoardStatus", "Open for objections, or closed.")
ObjectionStatusEnum = _enum(ObjectionStatus, "ObjectionStatus", "Where an objection stands.")
ObjectionOutcomeEnum = _enum(ObjectionOutcome, "ObjectionOutcome", "Upheld or dismissed.")
CloseStatusEnum = _enum(
    CloseStatus, "PeriodCloseStatus", "Where a closed period stands, up to the superior's review."
)
ReportStatusEnum = _enum(ReportStatus, "HostReportStatus", "Sent, accepted or returned.")
DecisionStatusEnum = _enum(DecisionStatus, "DecisionStatus", "Open or decided.")
UnitKindEnum = _enum(UnitKind, "UnitKind", "What kind of unit.")
RoleEnum = _enum(Role, "Role", "A role over a unit and its subtree.")
SubjectKindEnum = _enum(SubjectKind, "SubjectKind", "What a points account belongs to.")
EventSourceEnum = _enum(Source, "EventSource", "How an event came into the ledger.")
EntryKindEnum = _enum(EntryKind, "EntryKind", "A booking or a confirmation.")
VersionStatusEnum = _enum(VersionStatus, "VersionStatus", "Draft or published.")
ImportJobStatusEnum = _enum(
    ImportJob.Status, "EventsImportJobStatus", "Where an import booked by a worker stands."
)
CalendarDayKindEnum = _enum(
    LocalDayKind, "CalendarDayKind", "Off on a weekday (holiday) or worked on a weekend (workday)."
)


class PassbookLineKindEnum(graphene.Enum):
    """An entry that counts, or a redemption."""

    class Meta:
        name = "PassbookLineKind"

    ENTRY = "entry"
    REDEMPTION = "redemption"
