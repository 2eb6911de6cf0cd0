"""Linking parents to pupils (an administrator's grant, audited)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from jifen import policy
from jifen.audit.services import audit_record
from jifen.errors import ValidationFailed
from jifen.policy import Action
from jifen.school.models import Guardian
from jifen.subjects.models import Subject, SubjectKind


def parent_grant(*, actor, user, pupil: Subject) -> Guardian:
    """Let `user` read `pupil`'s points and reports as their parent; idempotent."""
    policy.require(actor, Action.GRANT_PARENT, pupil.home_unit)
    if pupil.kind != SubjectKind.PERSON or pupil.represents_unit_id:
        raise ValidationFailed(_("a parent is linked to a pupil (a person)."), field="pupil")
    if pupil.user_id is not None and pupil.user_id == user.pk:
        raise ValidationFailed(
            _("this user is the pupil; link the parent's own user instead."), field="username"
        )
    with transaction.atomic():
        link, created = Guardian.objects.get_or_create(
            user=user, pupil=pupil, defaults={"granted_by": actor}
        )
        if created:
            audit_record(actor=actor, action="parent.grant", target=link, after=str(link))
    return link


def parent_revoke(*, actor, user, pupil: Subject) -> bool:
    """End `user`'s access as a parent of `pupil`; whether there was one to end."""
    policy.require(actor, Action.GRANT_PARENT, pupil.home_unit)
    with transaction.atomic():
        link = Guardian.objects.filter(user=user, pupil=pupil).first()
        if link is None:
            return False
        audit_record(actor=actor, action="parent.revoke", target=link, before=str(link))
        link.delete()
    return True
