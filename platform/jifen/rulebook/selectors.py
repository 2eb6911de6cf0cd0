"""Which ruleset version applies to what, and its effective (merged) document."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import Q
from django.utils.translation import gettext as _

import rulesets
from jifen.errors import DomainError, ValidationFailed
from jifen.i18n import in_language
from jifen.org.models import OrgUnit
from jifen.rulebook.errors import NoRulesetInForce
from jifen.rulebook.models import Ruleset, RulesetAssignment, RulesetVersion, VersionStatus
from rulesets.document import TEMPLATES, directory_resolver
from rulesets.errors import OutsidePeriods
from rulesets.periods import period_containing

_templates = directory_resolver(TEMPLATES)


def version_in_force(ruleset: Ruleset, on: date) -> RulesetVersion | None:
    """The published version with the latest effective date on or before `on`."""
    return (
        ruleset.versions.filter(status=VersionStatus.PUBLISHED, effective_from__lte=on)
        .order_by("-effective_from", "-number")
        .first()
    )


def document_in_force(ruleset: Ruleset, on: date) -> Mapping[str, Any] | None:
    """The merged document of `ruleset`'s version in force on `on`, or None before its
    first published version: what a setting of the ruleset reads."""
    version = version_in_force(ruleset, on)
    return None if version is None else effective(version, on).document


def resolve_parent(code: str, on: date | None) -> Mapping[str, Any] | None:
    """`extends:` resolves to this tenant's ruleset in force on `on`, else a shipped template.

    A parent change therefore reaches every child from the parent version's effective date,
    without copying anything into the child.
    """
    parent = Ruleset.objects.filter(code=code).first()
    if parent is not None:
        version = version_in_force(parent, on or date.today())
        if version is not None:
            return version.document
        return None
    return _templates(code, on)


@dataclass(frozen=True)
class Applicable:
    """A version together with its effective document and engine cache key."""

    version: RulesetVersion
    document: Mapping[str, Any]
    key: rulesets.VersionKey

    def engine(self) -> rulesets.CompiledRuleset:
        return rulesets.compiled(self.key, self.document)


# Effective documents by (schema, version, its content, the parents in force): merging and
# hashing happen once per version and parent set, not once per event.
_EFFECTIVE: dict[tuple, Applicable] = {}
_EFFECTIVE_MAX = 4096


def _parents_in_force(document: Mapping[str, Any], on: date) -> tuple:
    """What `extends:` resolves to on `on`: (code, version pk and hash) per level."""
    chain = []
    code = document.get("extends")
    for _level in range(rulesets.inheritance.MAX_DEPTH):
        if not code:
            break
        parent = Ruleset.objects.filter(code=code).first()
        if parent is None:
            chain.append((code, "template"))
            break
        version = version_in_force(parent, on)
        if version is None:
            chain.append((code, None))
            break
        chain.append((code, version.pk, version.content_hash))
        code = version.document.get("extends")
    return tuple(chain)


def effective(version: RulesetVersion, on: date) -> Applicable:
    """The merged document of `version` as it stands on `on` (its parents in force then)."""
    cache_key = (
        connection.schema_name,
        version.pk,
        version.content_hash,
        _parents_in_force(version.document, on) if version.document.get("extends") else (),
    )
    found = _EFFECTIVE.get(cache_key)
    if found is not None:
        return Applicable(version, found.document, found.key)
    document = rulesets.effective_document(version.document, resolve_parent, on)
    key = rulesets.VersionKey.of(
        connection.schema_name, version.ruleset.code, version.label, document
    )
    if len(_EFFECTIVE) >= _EFFECTIVE_MAX:
        _EFFECTIVE.clear()
    _EFFECTIVE[cache_key] = Applicable(version, document, key)
    return _EFFECTIVE[cache_key]


def period_of(app: Applicable, on: date, field: str = "occurredOn") -> rulesets.Period:
    """The period of the version in force that contains `on`, or a refusal at `field` for a
    day between two terms (a scheme that runs March to December)."""
    try:
        return period_containing(app.document, on)
    except OutsidePeriods as exc:
        raise ValidationFailed(str(exc), field=field) from exc


def ruleset_family(ruleset: Ruleset) -> list[Ruleset]:
    """`ruleset` and every ruleset of this tenant that extends it (at any depth, in any of
    its versions): the rulesets a new version of `ruleset` reaches."""
    family, frontier = [ruleset], [ruleset.code]
    while frontier:
        children = list(
            Ruleset.objects.filter(versions__document__extends__in=frontier)
            .exclude(pk__in=[r.pk for r in family])
            .distinct()
        )
        family += children
        frontier = [c.code for c in children]
    return family


def assignments_in_force(on: date):
    """Assignments that apply on `on`."""
    return RulesetAssignment.objects.filter(effective_from__lte=on).filter(
        Q(effective_until__isnull=True) | Q(effective_until__gte=on)
    )


def ruleset_for_unit(unit: OrgUnit, subject_kind: str, on: date) -> Ruleset | None:
    """The ruleset assigned on `on` to the nearest of `unit` and its ancestors (at one unit,
    the assignment that started last)."""
    assignment = (
        assignments_in_force(on)
        .filter(unit__path__in=unit.ancestor_paths(), subject_kind=subject_kind)
        .select_related("ruleset")
        .order_by("-unit__depth", "-effective_from")
        .first()
    )
    return assignment.ruleset if assignment else None


def _kind_named(subject_kind: str) -> str:
    """A kind of subject in the active language ("person" / "个人"); unknown codes as they are."""
    from jifen.subjects.models import SubjectKind

    try:
        return in_language(SubjectKind(subject_kind).label).lower()
    except ValueError:
        return subject_kind


# Published versions never change (a trigger refuses it): kept per (schema, pk, content)
# so that finding the version in force reads two ids, not the document, once per event.
# Published versions never change (a trigger refuses it): the decoded version is kept per
# (schema, pk, content), so that a booking does not decode the document once per event.
_PUBLISHED: dict[tuple[str, int, str], RulesetVersion] = {}
_PUBLISHED_MAX = 1024


def _columns(model, alias: str) -> str:
    return ", ".join(f'{alias}."{f.column}"' for f in model._meta.concrete_fields)


# The nearest assignment in force (as `ruleset_for_unit` decides) and, beside it, its
# ruleset's version in force (as `version_in_force` decides) with the ruleset's row, in one
# statement whether or not this process has decoded that version before (the same count
# of queries for a cold and a warm process).
_IN_FORCE_SQL = (
    f"SELECT {_columns(RulesetVersion, 'v')}, {_columns(Ruleset, 'r')}"  # noqa: S608
    " FROM rulebook_rulesetassignment a JOIN org_orgunit u ON u.id = a.unit_id"
    " LEFT JOIN LATERAL (SELECT * FROM rulebook_rulesetversion"
    "  WHERE ruleset_id = a.ruleset_id AND status = %s AND effective_from <= %s"
    "  ORDER BY effective_from DESC, number DESC LIMIT 1) v ON true"
    " LEFT JOIN rulebook_ruleset r ON r.id = v.ruleset_id"
    " WHERE u.path = ANY(%s) AND a.subject_kind = %s AND a.effective_from <= %s"
    " AND (a.effective_until IS NULL OR a.effective_until >= %s)"
    " ORDER BY u.depth DESC, a.effective_from DESC LIMIT 1"
)


def _from_row(model, values) -> Any:
    """An instance of a row read with plain SQL, converted as the ORM converts it."""
    fields = model._meta.concrete_fields
    converted = [
        f.from_db_value(v, None, connection) if hasattr(f, "from_db_value") else v
        for f, v in zip(fields, values, strict=True)
    ]
    return model.from_db(connection.alias, [f.attname for f in fields], converted)


def version_in_force_for(unit: OrgUnit, subject_kind: str, on: date) -> RulesetVersion | None:
    """The published version that scores a subject of `unit` on `on` (the nearest
    assignment's ruleset, its version in force), with its ruleset, or None: one
    statement; the document is decoded once per process and version."""
    with connection.cursor() as cursor:
        cursor.execute(
            _IN_FORCE_SQL,
            [VersionStatus.PUBLISHED.value, on, unit.ancestor_paths(), subject_kind, on, on],
        )
        row = cursor.fetchone()
    if row is None or row[0] is None:
        return None
    names = [f.attname for f in RulesetVersion._meta.concrete_fields]
    n = len(names)
    key = (connection.schema_name, row[0], row[names.index("content_hash")])
    version = _PUBLISHED.get(key)
    if version is None:
        version = _from_row(RulesetVersion, row[:n])
        version._state.fields_cache["ruleset"] = _from_row(Ruleset, row[n:])
        if len(_PUBLISHED) >= _PUBLISHED_MAX:
            _PUBLISHED.clear()
        _PUBLISHED[key] = version
    return version


def applicable_for(unit: OrgUnit, subject_kind: str, on: date) -> Applicable:
    """The version that scores a subject of `unit` on date `on`, or a clear error.

    One statement when a version is in force (a single booking's hot path); the refusals
    are worded from the two lookups they name.
    """
    found = version_in_force_for(unit, subject_kind, on)
    if found is not None:
        return effective(found, on)
    ruleset = ruleset_for_unit(unit, subject_kind, on)
    if ruleset is None:
        raise NoRulesetInForce(
            _(
                "no ruleset is assigned to %(unit)s or its superiors for %(kind)s subjects on "
                "%(day)s; assign one with rulesetAssign."
            )
            % {"unit": unit.name, "kind": _kind_named(subject_kind), "day": on.isoformat()}
        )
    version = version_in_force(ruleset, on)
    if version is None:
        raise NoRulesetInForce(
            _(
                "ruleset %(code)s has no published version in force on %(day)s; publish one "
                "effective on or before that date."
            )
            % {"code": repr(ruleset.code), "day": on.isoformat()}
        )
    return effective(version, on)


def ruleset_list():
    return Ruleset.objects.order_by("code")


def version_draft(ruleset: Ruleset) -> RulesetVersion | None:
    """The ruleset's open draft (there is at most one), or None."""
    return ruleset.versions.filter(status=VersionStatus.DRAFT).first()


def applicable_many(
    wanted: Iterable[tuple[OrgUnit, str, date]],
) -> dict[tuple[int, str, date], Applicable | DomainError]:
    """`applicable_for` of many (unit, subject kind, day) at once, keyed by (unit pk, kind,
    day): the assignments and published versions are read in two queries and decided in
    Python the way `ruleset_for_unit` and `version_in_force` decide them. A pair without a
    version in force maps to the refusal `applicable_for` raises for it.

    A bulk import of a month of attendance asks this for thousands of (branch, day) pairs;
    one query pair per event was a quarter of its time.
    """
    units: dict[int, OrgUnit] = {}
    asked: set[tuple[int, str, date]] = set()
    for unit, kind, day in wanted:
        units[unit.pk] = unit
        asked.add((unit.pk, kind, day))
    if not asked:
        return {}
    paths = {path for unit in units.values() for path in unit.ancestor_paths()}
    kinds = {kind for _unit, kind, _day in asked}
    by_path: dict[tuple[str, str], list[RulesetAssignment]] = {}
    for a in RulesetAssignment.objects.filter(
        unit__path__in=paths, subject_kind__in=kinds
    ).select_related("ruleset", "unit"):
        by_path.setdefault((a.unit.path, a.subject_kind), []).append(a)
    rulesets_used = {a.ruleset_id for found in by_path.values() for a in found}
    versions: dict[int, list[RulesetVersion]] = {}
    for v in (
        RulesetVersion.objects.filter(ruleset_id__in=rulesets_used, status=VersionStatus.PUBLISHED)
        .select_related("ruleset")
        .order_by("-effective_from", "-number")
    ):
        versions.setdefault(v.ruleset_id, []).append(v)
    out: dict[tuple[int, str, date], Applicable | DomainError] = {}
    effective_of: dict[tuple[int, date | None], Applicable] = {}
    for unit_pk, kind, day in asked:
        unit = units[unit_pk]
        candidates = [
            a
            for path in unit.ancestor_paths()
            for a in by_path.get((path, kind), ())
            if a.effective_from <= day and (a.effective_until is None or a.effective_until >= day)
        ]
        candidates.sort(key=lambda a: (a.unit.depth, a.effective_from), reverse=True)
        version = None
        if candidates:
            ruleset_id = candidates[0].ruleset_id
            version = next(
                (v for v in versions.get(ruleset_id, ()) if v.effective_from <= day), None
            )
        if version is None:  # the refusal, worded once (in applicable_for)
            try:
                out[(unit_pk, kind, day)] = applicable_for(unit, kind, day)
            except DomainError as exc:
                out[(unit_pk, kind, day)] = exc
            continue
        # Without `extends:` the effective document does not depend on the day.
        memo = (version.pk, day if version.document.get("extends") else None)
        if memo not in effective_of:
            effective_of[memo] = effective(version, day)
        out[(unit_pk, kind, day)] = effective_of[memo]
    return out


def template_names() -> list[str]:
    """The shipped templates a tenant's ruleset can be forked from."""
    return sorted(path.stem for path in TEMPLATES.glob("*.yaml"))
