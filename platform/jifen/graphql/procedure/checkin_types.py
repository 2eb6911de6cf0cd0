"""Types of check-in by QR code (`procedure/services/checkin.py`)."""

from __future__ import annotations

import graphene
from graphene_django import DjangoObjectType

from jifen import policy
from jifen.graphql.ids import Node
from jifen.graphql.org.types import OrgUnitNode
from jifen.org.selectors import unit_list
from jifen.policy import Action
from jifen.procedure.models import CheckIn, CheckInSession
from jifen.procedure.services.checkin import checkin_link, checkin_qr_svg, checkin_token


class CheckInType(DjangoObjectType):
    class Meta:
        model = CheckIn
        name = "CheckIn"
        fields = ("at",)

    subject_name = graphene.String(required=True)
    has_photo = graphene.Boolean(required=True)

    def resolve_subject_name(self, info):
        return self.subject.name

    def resolve_has_photo(self, info):
        return self.photo_id is not None


def _shown(session: CheckInSession, info) -> str | None:
    """The token, for the unit's recorders while the session is open."""
    if session.closed_at is not None or not policy.may(
        info.context.user, Action.RECORD_ATTENDANCE, session.unit
    ):
        return None
    return checkin_token(session)


class CheckInSessionNode(DjangoObjectType):
    """A meeting open for check-in. The token, its link and QR code are shown to the
    unit's recorders while it is open; members only ever scan them."""

    class Meta:
        model = CheckInSession
        name = "CheckInSession"
        fields = (
            "title", "occurred_on", "present_item", "absent_item", "opened_at", "expires_at",
            "closed_at",
        )  # fmt: skip
        interfaces = (Node,)

    unit = graphene.Field(OrgUnitNode, required=True)
    token = graphene.String(description="The signed token (recorders, while open).")
    link = graphene.String(description="The web app's check-in link the QR code encodes.")
    qr_svg = graphene.String(description="The QR code of the link, an SVG document.")
    check_ins = graphene.List(graphene.NonNull(CheckInType), required=True)

    @classmethod
    def get_queryset(cls, queryset, info):
        return queryset.filter(unit__in=unit_list(user=info.context.user)).select_related("unit")

    def resolve_token(self, info):
        return _shown(self, info)

    def resolve_link(self, info):
        token = _shown(self, info)
        return checkin_link(token) if token else None

    def resolve_qr_svg(self, info):
        token = _shown(self, info)
        return checkin_qr_svg(token, info.context.build_absolute_uri("/")[:-1]) if token else None

    def resolve_check_ins(self, info):
        return list(self.check_ins.select_related("subject").order_by("at", "pk"))
