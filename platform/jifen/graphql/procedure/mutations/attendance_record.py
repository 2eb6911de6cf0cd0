import graphene

from jifen.graphql import lookups
from jifen.graphql.core import DomainMutation, not_found, pk_of
from jifen.graphql.procedure.types import AttendanceInput, DeclarationNode
from jifen.procedure import services


class AttendanceRecord(DomainMutation):
    """A meeting's attendance list: one declaration per member scored at the unit, the
    present item for attendees, the excused item (if any) for members on leave with a
    reason, and the absent item for everyone else (recorders)."""

    class Arguments:
        input = AttendanceInput(required=True)

    declarations = graphene.List(graphene.NonNull(DeclarationNode))

    @classmethod
    def perform(cls, info, input):
        unit = lookups.unit(info, input.unit, "input.unit")
        attendee_ids = []
        for index, global_id in enumerate(input.attendees):
            pk = pk_of(global_id, "Subject")
            if pk is None:
                raise not_found(f"attendees.{index}", lookups.SUBJECT)
            attendee_ids.append(pk)
        excused = {}
        for index, line in enumerate(input.excused or []):
            pk = pk_of(line.subject, "Subject")
            if pk is None:
                raise not_found(f"excused.{index}.subject", lookups.SUBJECT)
            excused[pk] = line.reason
        declarations = services.attendance_record(
            actor=info.context.user,
            unit=unit,
            occurred_on=input.occurred_on,
            key=input.key,
            attendee_ids=attendee_ids,
            absent_item=input.absent_item,
            present_item=input.present_item,
            excused=excused,
            excused_item=input.excused_item,
            note=input.note or "",
        )
        return cls(declarations=declarations, errors=[])
