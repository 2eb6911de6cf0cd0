"""Check-in by QR code: a meeting's attendance taken by the members' own phones.

A recorder opens a session (`checkin_open`) for one meeting or activity of a unit; its
token is signed with the platform's secret (Django's `signing`, salted per use, naming
the tenant's schema and the session's random nonce) and is valid until the session
expires. The token is shown as a QR code (`checkin_qr_svg`, segno) of the web app's
check-in link. A signed-in member scans it (`checkin_scan`) and is checked in once; a
forged, foreign, expired or repeated check-in is refused with what happened. Closing
(`checkin_close`) turns the check-ins into the meeting's attendance list through
`attendance_record`: the present item for those who came, the absent item for the other
members scored at the unit; those declarations are reviewed like any attendance.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from urllib.parse import quote

import segno
from django.core import signing
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jifen import policy
from jifen.errors import Conflict, DeadlinePassed, PermissionDenied, ValidationFailed
from jifen.org.models import OrgUnit
from jifen.policy import Action
from jifen.procedure.models import CheckIn, CheckInSession, Declaration, Evidence
from jifen.procedure.services.declare import attendance_record
from jifen.rulebook.selectors import applicable_for
from jifen.subjects.models import Subject

SALT = "jifen.procedure.checkin"
MAX_MINUTES = 24 * 60  # a token lives at most a day: it is shown on a screen in a room
CHECK_IN_PATH = "/check-in"


@dataclass(frozen=True)
class Opened:
    session: CheckInSession
    token: str


def _members(unit: OrgUnit):
    return Subject.objects.filter(
        Q(home_unit=unit, host_unit__isnull=True) | Q(host_unit=unit),
        kind="person",
        left_on__isnull=True,
    ).exclude(exempt_reason__gt="")


def checkin_token(session: CheckInSession) -> str:
    """The session's signed token (the same for the session's whole life)."""
    return signing.dumps(
        {"t": connection.schema_name, "s": session.pk, "n": session.nonce}, salt=SALT
    )


def checkin_link(token: str) -> str:
    """The web app's link the QR code encodes (relative to the tenant's host)."""
    return f"{CHECK_IN_PATH}?token={quote(token)}"


def checkin_qr_svg(token: str, base_url: str = "") -> str:
    """The QR code of the check-in link as an SVG document (error correction M)."""
    return segno.make(base_url + checkin_link(token), error="m").svg_inline(scale=4, border=2)


def checkin_open(
    *,
    actor,
    unit: OrgUnit,
    title: str,
    occurred_on: dt.date,
    absent_item: str,
    present_item: str = "",
    minutes: int = 30,
) -> Opened:
    """Open a check-in for a meeting of `unit` (recorders of the unit)."""
    policy.require(actor, Action.RECORD_ATTENDANCE, unit)
    if not title.strip():
        raise ValidationFailed(_("name the meeting or activity."), field="title")
    if not 1 <= minutes <= MAX_MINUTES:
        raise ValidationFailed(
            _("a check-in stays open between 1 and %(max)s minutes.") % {"max": MAX_MINUTES},
            field="minutes",
        )
    items = {i["code"] for i in applicable_for(unit, "person", occurred_on).document["items"]}
    for field, code in (("absentItem", absent_item), ("presentItem", present_item)):
        if code and code not in items:
            raise ValidationFailed(
                _("item %(item)s is not in the ruleset of %(unit)s; choose one of its items.")
                % {"item": repr(code), "unit": unit.name},
                field=field,
            )
    session = CheckInSession.objects.create(
        unit=unit,
        title=title.strip(),
        occurred_on=occurred_on,
        absent_item=absent_item,
        present_item=present_item,
        nonce=secrets.token_hex(16),
        opened_by=actor,
        expires_at=timezone.now() + dt.timedelta(minutes=minutes),
    )
    return Opened(session, checkin_token(session))


def _session_of(token: str) -> CheckInSession:
    refused = ValidationFailed(
        _("this check-in code is not valid; scan the code shown at the meeting again."),
        field="token",
    )
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        raise refused from None
    if not isinstance(data, dict) or data.get("t") != connection.schema_name:
        raise refused
    session = CheckInSession.objects.select_related("unit").filter(pk=data.get("s")).first()
    if session is None or session.nonce != data.get("n"):
        raise refused
    return session


def checkin_scan(*, actor, token: str, photo: Evidence | None = None) -> CheckIn:
    """Check the signed-in member in at the session behind `token`, once."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("sign in first."))
    session = _session_of(token)
    now = timezone.now()
    if session.closed_at is not None:
        raise DeadlinePassed(
            _("the check-in for %(title)s is closed.") % {"title": session.title}, field="token"
        )
    if now > session.expires_at:
        raise DeadlinePassed(
            _("the check-in code for %(title)s expired at %(at)s; ask for a new one.")
            % {"title": session.title, "at": f"{timezone.localtime(session.expires_at):%H:%M}"},
            field="token",
        )
    subject = _members(session.unit).filter(user=actor).first()
    if subject is None:
        raise PermissionDenied(
            _("you are not a member scored at %(unit)s, so you cannot check in here.")
            % {"unit": session.unit.name}
        )
    if photo is not None and photo.uploaded_by_id != actor.pk:
        raise ValidationFailed(_("attach a photo you uploaded yourself."), field="photo")
    earlier = CheckIn.objects.filter(session=session, subject=subject).first()
    if earlier is None:
        try:
            with transaction.atomic():
                return CheckIn.objects.create(
                    session=session, subject=subject, user=actor, photo=photo
                )
        except IntegrityError:  # the same member scanning twice at once
            earlier = CheckIn.objects.get(session=session, subject=subject)
    raise Conflict(
        _("you checked in to %(title)s already, at %(at)s.")
        % {"title": session.title, "at": f"{timezone.localtime(earlier.at):%H:%M}"},
        field="token",
    )


def checkin_close(*, actor, session: CheckInSession) -> list[Declaration]:
    """Close the session: its check-ins become the meeting's attendance list (one
    declaration per member, keyed by the session, so closing twice books nothing twice)."""
    policy.require(actor, Action.RECORD_ATTENDANCE, session.unit)
    session.refresh_from_db()
    if session.closed_at is not None:
        raise Conflict(
            _("the check-in for %(title)s is closed already.") % {"title": session.title}
        )
    # the list first (its own durable transaction): a refusal leaves the session open
    declarations = attendance_record(
        actor=actor,
        unit=session.unit,
        occurred_on=session.occurred_on,
        key=f"check-in:{session.pk}",
        attendee_ids=list(session.check_ins.values_list("subject_id", flat=True)),
        absent_item=session.absent_item,
        present_item=session.present_item or None,
        note=_("check-in: %(title)s") % {"title": session.title},
    )
    CheckInSession.objects.filter(pk=session.pk, closed_at__isnull=True).update(
        closed_at=timezone.now(), closed_by=actor
    )
    session.refresh_from_db()
    return declarations
