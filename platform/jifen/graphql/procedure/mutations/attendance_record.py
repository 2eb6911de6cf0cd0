import graphene

from jifen.graphql import lookups
from jifen.graphql.core import DOMAIN_ERRORS, Error, error_from, not_found, pk_of
from jifen.graphql.procedure.types import AttendanceInput, DeclarationNode
from jifen.procedure import services


class AttendanceRecord(graphene.Mutation):
    """A meeting's attendance list: one declaration per member scored at the unit, the
    present item for attendees and the absent item for everyone else (recorders)."""

    class Arguments:
        input = AttendanceInput(required=True)

    declarations = graphene.List(graphene.NonNull(DeclarationNode))
    errors = graphene.List(graphene.NonNull(Error), required=True)

    def mutate(self, info, input):
        unit = lookups.unit(info, input.unit)
        if unit is None:
            return AttendanceRecord(errors=[not_found("unit", "unit")])
        attendee_ids = []
        for index, global_id in enumerate(input.attendees):
            pk = pk_of(global_id, "Subject")
            if pk is None:
                return AttendanceRecord(errors=[not_found(f"attendees.{index}", "subject")])
            attendee_ids.append(pk)
        try:
            declarations = services.attendance_record(
                user=info.context.user,
                unit=unit,
                occurred_on=input.occurred_on,
                key=input.key,
                attendee_ids=attendee_ids,
                absent_item=input.absent_item,
                present_item=input.present_item,
                note=input.note or "",
            )
        except DOMAIN_ERRORS as exc:
            return AttendanceRecord(errors=[error_from(exc)])
        return AttendanceRecord(declarations=declarations, errors=[])
