"""Writes to rulesets: fork a template, edit a draft, publish, assign to a unit.

Rulesets are tenant-wide: their administrators edit them; administrators and superior
organisations assign them to units (`jifen.policy`). Every change is in the audit log.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import rulesets
from jifen import policy
from jifen.audit.services import audit_record
from jifen.errors import Conflict, NotFound, ValidationFailed
from jifen.org.models import OrgUnit
from jifen.policy import Action
from jifen.rulebook.errors import RetroactiveNotConfirmed, RulebookError, RulesetProblems
from jifen.rulebook.models import (
    ALWAYS,
    Ruleset,
    RulesetAssignment,
    RulesetVersion,
    VersionStatus,
)
from jifen.rulebook.selectors import resolve_parent, ruleset_for_unit, template_names, version_draft
from rulesets.document import TEMPLATES
from rulesets.loader import loads


def _parse(text: str, filename: str, on: date | None) -> dict:
    """Validate the text as a whole (merged with its parents on `on`); return the raw doc."""
    try:
        doc, lines = loads(text, filename)
        rulesets.validate(doc, lines, filename, resolve_parent, on)
    except rulesets.RulesetInvalid as exc:
        raise RulesetProblems(exc.problems) from None
    return doc


def ruleset_fork(*, actor, template: str, code: str, title: str | None = None) -> Ruleset:
    """Start a tenant ruleset as a draft copy of a shipped template."""
    policy.require_tenant_admin(actor, Action.EDIT_RULESET)
    path = TEMPLATES / f"{Path(template).stem}.yaml"
    if not path.exists():
        raise NotFound(
            _("no template %(template)s; choose one of: %(templates)s.")
            % {"template": repr(template), "templates": ", ".join(template_names())},
            field="template",
        )
    text = path.read_text(encoding="utf-8")
    doc = _parse(text, path.name, None)
    with transaction.atomic():
        if Ruleset.objects.filter(code=code).exists():
            raise Conflict(
                _("a ruleset %(code)s already exists; choose another code.") % {"code": repr(code)},
                field="code",
            )
        ruleset = Ruleset.objects.create(
            code=code, title=title or doc.get("title", code), forked_from=path.name
        )
        RulesetVersion.objects.create(
            ruleset=ruleset,
            number=1,
            text=text,
            document=doc,
            content_hash=rulesets.content_hash(doc),
            created_by=actor,
        )
        audit_record(
            actor=actor, action="ruleset.fork", target=ruleset, after={"template": path.name}
        )
    return ruleset


def ruleset_draft_save(*, actor, ruleset: Ruleset, text: str) -> RulesetVersion:
    """Replace the open draft's text, or open a new draft after the last published version.

    Invalid text is refused whole with every problem located; nothing is saved.
    """
    policy.require_tenant_admin(actor, Action.EDIT_RULESET)
    doc = _parse(text, f"{ruleset.code}.yaml", None)
    with transaction.atomic():
        draft = ruleset.versions.select_for_update().filter(status=VersionStatus.DRAFT).first()
        if draft is None:
            last = ruleset.versions.order_by("-number").first()
            draft = RulesetVersion(ruleset=ruleset, number=(last.number + 1) if last else 1)
        before = draft.content_hash or None
        draft.text = text
        draft.document = doc
        draft.content_hash = rulesets.content_hash(doc)
        draft.created_by = draft.created_by or actor
        draft.save()
        audit_record(
            actor=actor,
            action="ruleset.draft_save",
            target=draft,
            before={"content_hash": before},
            after={"content_hash": draft.content_hash},
        )
    return draft


def ruleset_publish(
    *,
    actor,
    version: RulesetVersion,
    effective_from: date,
    retroactive: bool = False,
    today: date | None = None,
) -> RulesetVersion:
    """Freeze a draft; it applies to events from `effective_from` on. History stays as it was:
    a version may not take effect before the latest already-published one.

    A ruleset's first version may start on any date (nothing was scored under it yet). A
    later one that starts before today changes what was booked since: that is refused here
    unless `retroactive`, which only `jifen.procedure.services.retroactive` passes, after
    the publisher confirmed the entries it re-evaluates.
    """
    policy.require_tenant_admin(actor, Action.EDIT_RULESET)
    today = today or timezone.localdate()
    with transaction.atomic():
        version = RulesetVersion.objects.select_for_update().get(pk=version.pk)
        if version.status != VersionStatus.DRAFT:
            raise RulebookError(
                _("%(version)s is already published and cannot change.") % {"version": version}
            )
        latest = (
            version.ruleset.versions.filter(status=VersionStatus.PUBLISHED)
            .order_by("-effective_from")
            .first()
        )
        if latest is not None and effective_from < latest.effective_from:
            raise RulebookError(
                _(
                    "%(version)s cannot take effect on %(day)s: %(latest)s already applies from "
                    "%(since)s; a new version may not rewrite history."
                )
                % {
                    "version": version,
                    "day": effective_from,
                    "latest": latest,
                    "since": latest.effective_from,
                },
                field="effectiveFrom",
            )
        if latest is not None and effective_from < today and not retroactive:
            raise RetroactiveNotConfirmed(
                _(
                    "%(version)s would take effect on %(day)s, before today (%(today)s), and "
                    "re-evaluate what was booked since: preview the entries with "
                    "rulesetRetroactivePreview, then publish with retroactive: true and the "
                    "confirmed entries; or publish it from today."
                )
                % {"version": version, "day": effective_from, "today": today},
                field="effectiveFrom",
            )
        _parse(version.text, f"{version.ruleset.code}.yaml", effective_from)
        version.status = VersionStatus.PUBLISHED
        version.effective_from = effective_from
        version.published_by = actor
        version.published_at = timezone.now()
        version.save()
        audit_record(
            actor=actor,
            action="ruleset.publish",
            target=version,
            after={
                "effective_from": effective_from.isoformat(),
                "content_hash": version.content_hash,
                "retroactive": retroactive,
            },
        )
    return version


def open_draft(ruleset: Ruleset) -> RulesetVersion:
    """The ruleset's open draft, or a clear error."""
    draft = version_draft(ruleset)
    if draft is None:
        raise RulebookError(
            _("%(code)s has no open draft; save one with rulesetDraftSave first.")
            % {"code": ruleset.code},
            field="code",
        )
    return draft


def ruleset_publish_draft(*, actor, ruleset: Ruleset, effective_from: date) -> RulesetVersion:
    """Publish the ruleset's open draft (`ruleset_publish`)."""
    policy.require_tenant_admin(actor, Action.EDIT_RULESET)
    return ruleset_publish(actor=actor, version=open_draft(ruleset), effective_from=effective_from)


def ruleset_assign(
    *,
    actor,
    unit: OrgUnit,
    ruleset: Ruleset,
    subject_kind: str = "person",
    effective_from: date | None = None,
    effective_until: date | None = None,
) -> RulesetAssignment:
    """Score the subjects of a kind under `unit` with `ruleset` from `effective_from`, until
    `effective_until` if given. The nearest assignment above a subject wins. Without a date,
    a unit's first assignment applies from the start (its versions' own dates still gate
    it) and a change applies from today, so points already booked keep their ruleset."""
    policy.require(actor, Action.ASSIGN_RULESET, unit)
    if effective_from is None:
        earlier = RulesetAssignment.objects.filter(unit=unit, subject_kind=subject_kind)
        effective_from = timezone.localdate() if earlier.exists() else ALWAYS
    if effective_until is not None and effective_until < effective_from:
        raise ValidationFailed(
            _("the assignment would end (%(until)s) before it starts (%(since)s).")
            % {"until": effective_until, "since": effective_from},
            field="effectiveUntil",
        )
    with transaction.atomic():
        before = ruleset_for_unit(unit, subject_kind, effective_from)
        assignment, _created = RulesetAssignment.objects.update_or_create(
            unit=unit,
            subject_kind=subject_kind,
            effective_from=effective_from,
            defaults={"ruleset": ruleset, "effective_until": effective_until},
        )
        audit_record(
            actor=actor,
            action="ruleset.assign",
            target=assignment,
            before={"ruleset": before.code if before else None},
            after={
                "ruleset": ruleset.code,
                "unit": unit.name,
                "subject_kind": subject_kind,
                "effective_from": effective_from.isoformat(),
                "effective_until": effective_until.isoformat() if effective_until else None,
            },
        )
    return assignment
