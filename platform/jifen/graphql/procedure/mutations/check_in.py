import graphene

from jifen.graphql import lookups
from jifen.graphql.core import DomainMutation
from jifen.graphql.procedure.checkin_types import CheckInSessionNode, CheckInType
from jifen.graphql.procedure.types import DeclarationNode
from jifen.procedure.services.checkin import checkin_close, checkin_open, checkin_scan


class CheckInOpen(DomainMutation):
    """Open a meeting or activity for check-in by QR code (recorders of the unit)."""

    class Arguments:
        unit = graphene.ID(required=True)
        title = graphene.String(required=True)
        occurred_on = graphene.Date(required=True)
        absent_item = graphene.String(required=True)
        present_item = graphene.String(default_value="")
        minutes = graphene.Int(default_value=30, description="How long the code is valid.")

    session = graphene.Field(CheckInSessionNode)

    @classmethod
    def perform(cls, info, unit, title, occurred_on, absent_item, present_item, minutes):
        opened = checkin_open(
            actor=info.context.user, unit=lookups.unit(info, unit), title=title,
            occurred_on=occurred_on, absent_item=absent_item, present_item=present_item,
            minutes=minutes,
        )  # fmt: skip
        return cls(session=opened.session, errors=[])


class CheckInScan(DomainMutation):
    """Check oneself in with the token of a scanned QR code (signed-in members)."""

    class Arguments:
        token = graphene.String(required=True)
        photo = graphene.ID(description="An on-site photo uploaded first (optional).")

    check_in = graphene.Field(CheckInType)
    title = graphene.String(description="The meeting checked in to.")

    @classmethod
    def perform(cls, info, token, photo=None):
        from jifen.procedure.models import Evidence

        photo_row = None
        if photo:
            [pk] = lookups.evidence_ids(info, [photo], "photo")
            photo_row = Evidence.objects.filter(pk=pk).first()
            if photo_row is None:
                raise lookups.not_found("photo", lookups.EVIDENCE)
        done = checkin_scan(actor=info.context.user, token=token, photo=photo_row)
        return cls(check_in=done, title=done.session.title, errors=[])


class CheckInClose(DomainMutation):
    """Close a check-in: present items for those who came, absent items for the others,
    as declarations reviewed like any attendance list."""

    class Arguments:
        session = graphene.ID(required=True)

    session = graphene.Field(CheckInSessionNode)
    declarations = graphene.List(graphene.NonNull(DeclarationNode))

    @classmethod
    def perform(cls, info, session):
        found = lookups.check_in_session(info, session)
        declarations = checkin_close(actor=info.context.user, session=found)
        return cls(session=found, declarations=declarations, errors=[])
