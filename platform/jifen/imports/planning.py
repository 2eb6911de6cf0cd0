"""Planning an import: every row compared with the database, then written in bulk.

`plan(kind, rows)` reads what exists (a few queries, whatever the file's size), decides
each row's outcome (created / updated / unchanged / error, with the cell, what is wrong
and how to fix it) and returns a `Plan` whose `write()` makes exactly those changes. The
dry run plans and reports; the apply plans again inside its transaction (the database may
have changed since) and writes only when no row is in error. A row equal to the database
is unchanged, so applying the same file twice changes nothing the second time.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from jifen.access.models import User
from jifen.imports.models import ImportKind
from jifen.imports.reading import Row, RowError, date, id_card_text, number, text, yes_no
from jifen.org.models import OrgUnit, Role, RoleAssignment, UnitKind
from jifen.org.selectors import roles_changed
from jifen.org.services import INCOMPATIBLE as INCOMPATIBLE_ROLES
from jifen.subjects.identity import id_card_parts
from jifen.subjects.models import Subject, SubjectKind

CREATED, UPDATED, UNCHANGED, ERROR = "created", "updated", "unchanged", "error"
BATCH = 2000


@dataclass
class RowResult:
    row: int
    outcome: str
    key: str
    cell: str = ""
    message: str = ""
    fix: str = ""

    def as_list(self) -> list:
        return [self.row, self.outcome, self.key, self.cell, self.message, self.fix]


@dataclass
class Change:
    """One object an apply creates or updates, for its audit row: `before` is taken when
    planned, `after` from the object once written (so a new row has its id)."""

    action: str
    obj: object
    before: dict | None
    fields: tuple[str, ...]
    row: int
    label: str = ""
    fixed_after: dict | None = None

    def after(self) -> dict:
        return self.fixed_after if self.fixed_after is not None else snapshot(self.obj, self.fields)


def snapshot(obj: object, fields: tuple[str, ...]) -> dict:
    """The audited fields of an object as JSON values (never a password or ID-card hash)."""
    out = {}
    for name in fields:
        value = getattr(obj, name)
        if isinstance(value, dt.date | Decimal):
            value = str(value)
        out[name] = value
    return out


@dataclass
class Plan:
    results: list[RowResult]
    writes: list[Callable[[], None]] = field(default_factory=list)
    # filled while planning (updates) and while writing (creates, once they have ids)
    changes: list[Change] = field(default_factory=list)

    def changed(
        self,
        action: str,
        obj: object,
        fields: tuple[str, ...],
        row: int,
        *,
        before: dict | None = None,
        label: str = "",
        after: dict | None = None,
    ) -> None:
        self.changes.append(Change(action, obj, before, fields, row, label, after))  # fmt: skip

    @property
    def errors(self) -> list[RowResult]:
        return [r for r in self.results if r.outcome == ERROR]

    def counts(self) -> dict[str, int]:
        found = {CREATED: 0, UPDATED: 0, UNCHANGED: 0, ERROR: 0}
        for result in self.results:
            found[result.outcome] += 1
        found["rows"] = len(self.results)
        return found

    def write(self) -> None:
        for step in self.writes:
            step()


def _error(row: Row, exc: RowError, key: str = "") -> RowResult:
    return RowResult(row.number, ERROR, key, row.cell(exc.key), exc.message, exc.fix)


def _kind_code(row: Row) -> str:
    value = text(row, "kind", required=True)
    for kind in UnitKind:
        chinese = kind.label.partition(" ")[0]
        names = {kind.value, chinese, *chinese.split("/"), re.sub(r"\(.*?\)", "", chinese),
                 chinese.replace("(", "").replace(")", "")}  # fmt: skip
        if value in names:
            return kind.value
    raise RowError(
        "kind",
        _("%(value)s is not a kind of unit.") % {"value": repr(value)},
        _("use one of the kinds listed on the notes sheet (党支部, 党委 …)."),
    )


def _role_code(row: Row) -> str:
    value = text(row, "role", required=True)
    for role in Role:
        if value in {role.value, role.label.partition(" ")[0]} or value in role.label.partition(
            " "
        )[0].split("/"):
            return role.value
    raise RowError(
        "role",
        _("%(value)s is not a role.") % {"value": repr(value)},
        _("use one of the roles listed on the notes sheet (记分员, 支部书记 …)."),
    )


def _units_by_code() -> dict[str, OrgUnit]:
    return {u.code: u for u in OrgUnit.objects.exclude(code="")}


def _unit_at(row: Row, key: str, units: dict[str, OrgUnit], *, required: bool = True):
    code = text(row, key, required=required, max_length=50)
    if not code:
        return None
    unit = units.get(code)
    if unit is None:
        raise RowError(
            key,
            _("there is no unit with the code %(code)s.") % {"code": repr(code)},
            _("import the organisation tree first, or correct the code."),
        )
    if unit.closed_at is not None:
        raise RowError(
            key,
            _("%(unit)s is closed.") % {"unit": unit.name},
            _("choose an open unit, or reopen it first."),
        )
    return unit


def _twice(row: Row, key: str, first: int) -> RowError:
    return RowError(
        key,
        _("the same value is already in row %(row)d.") % {"row": first},
        _("keep one of the two rows."),
    )


# --- the organisation tree ------------------------------------------------------------------


def plan_units(rows: list[Row]) -> Plan:
    existing = list(OrgUnit.objects.order_by("path"))
    by_code = {u.code: u for u in existing if u.code}
    by_path = {u.path: u for u in existing}
    root = existing[0]
    wanted: dict[str, dict] = {}
    results: dict[int, RowResult] = {}
    first_row: dict[str, int] = {}
    failed: dict[str, int] = {}
    for row in rows:
        try:
            code = text(row, "code", required=True, max_length=50)
            if code in first_row:
                raise _twice(row, "code", first_row[code])
            first_row[code] = row.number
            wanted[code] = {
                "row": row,
                "name": text(row, "name", required=True),
                "kind": _kind_code(row),
                # the root's own code means "directly under the root", like a blank cell
                "parent_code": ""
                if (pc := text(row, "parent_code", max_length=50)) == (root.code or None)
                else pc,
                "is_scoring": yes_no(row, "is_scoring", True),
            }
        except RowError as exc:
            results[row.number] = _error(row, exc, text_or_blank(row, "code"))
            if row.values.get("code") is not None:
                failed[str(row.values["code"]).strip()] = row.number

    def parent_of(code: str) -> str | None:
        """The parent's code as the file wants it (None: the root)."""
        return wanted[code]["parent_code"] or None

    creates, updates, moves = [], [], []
    for code, spec in wanted.items():
        row = spec["row"]
        try:
            parent_code = parent_of(code)
            if parent_code == code:
                raise RowError(
                    "parent_code",
                    _("a unit cannot be its own parent."),
                    _("correct the parent's code."),
                )
            if parent_code in failed and parent_code not in wanted:
                raise RowError(
                    "parent_code",
                    _("the parent's row %(row)d is in error.") % {"row": failed[parent_code]},
                    _("correct that row first."),
                )
            if parent_code and parent_code not in wanted and parent_code not in by_code:
                raise RowError(
                    "parent_code",
                    _("there is no unit with the code %(code)s.") % {"code": repr(parent_code)},
                    _("add a row for the parent, or correct the code."),
                )
            seen, step = {code}, parent_code
            while step and step in wanted:
                if step in seen:
                    raise RowError(
                        "parent_code",
                        _("the parents of this unit go round in a circle."),
                        _("correct one of the parents' codes."),
                    )
                seen.add(step)
                step = parent_of(step)
            parent = by_code.get(parent_code) if parent_code else root
            if parent is not None and parent.closed_at is not None:
                raise RowError(
                    "parent_code",
                    _("%(unit)s is closed.") % {"unit": parent.name},
                    _("choose an open unit, or reopen it first."),
                )
        except RowError as exc:
            results[row.number] = _error(row, exc, code)
            continue
        unit = by_code.get(code)
        if unit is None:
            creates.append(code)
            results[row.number] = RowResult(row.number, CREATED, code)
            continue
        current_parent = by_path.get(unit.path[: -OrgUnit.steplen])
        current_parent_code = (
            (current_parent.code or None) if current_parent and current_parent.depth > 1 else None
        )
        if unit.depth == 1:
            current_parent_code = parent_code  # the root stays where it is
        fields_changed = (unit.name, unit.kind, unit.is_scoring) != (
            spec["name"],
            spec["kind"],
            spec["is_scoring"],
        )
        moved = current_parent_code != parent_code and unit.depth > 1
        if fields_changed:
            updates.append((unit, spec))
        if moved:
            moves.append((unit, parent_code, current_parent_code, row.number))
        results[row.number] = RowResult(
            row.number, UPDATED if (fields_changed or moved) else UNCHANGED, code
        )

    plan = Plan([results[r.number] for r in rows])
    if plan.errors:
        return plan

    def write() -> None:
        for unit in _create_units(creates, wanted, by_code, root):
            plan.changed("unit.create", unit, UNIT_AUDIT, wanted[unit.code]["row"].number)
        for unit, spec in updates:
            before = snapshot(unit, UNIT_AUDIT)
            unit.name, unit.kind, unit.is_scoring = spec["name"], spec["kind"], spec["is_scoring"]
            plan.changed("unit.update", unit, UNIT_AUDIT, spec["row"].number, before=before)
        OrgUnit.objects.bulk_update(
            [u for u, _s in updates], ["name", "kind", "is_scoring"], batch_size=BATCH
        )
        root_code = root.code or None
        for unit, parent_code, was, row_number in moves:
            plan.changed("unit.move", unit, (), row_number, before={"parent": was or root_code},
                         after={"parent": parent_code or root_code})  # fmt: skip
            fresh = OrgUnit.objects.get(pk=unit.pk)
            parent = (
                OrgUnit.objects.get(code=parent_code)
                if parent_code
                else OrgUnit.objects.get(pk=root.pk)
            )
            OrgUnit.objects.move(fresh, parent, pos="sorted-child")

    plan.writes.append(write)
    return plan


def text_or_blank(row: Row, key: str) -> str:
    value = row.values.get(key)
    return "" if value is None else str(value)[:60]


UNIT_AUDIT = ("code", "name", "kind", "is_scoring")


def _create_units(creates: list[str], wanted: dict, by_code: dict, root: OrgUnit) -> list[OrgUnit]:
    """Insert new units in bulk: paths computed here, parents before children, new children
    appended after their parent's existing ones (siblings in name order among the new)."""
    if not creates:
        return []
    paths = {u.code: u.path for u in by_code.values()}
    all_paths = list(OrgUnit.objects.values_list("path", flat=True))
    last_step: dict[str, int] = defaultdict(int)
    for path in all_paths:
        parent, step = path[: -OrgUnit.steplen], path[-OrgUnit.steplen :]
        last_step[parent] = max(last_step[parent], int(step, 36))
    pending = sorted(creates, key=lambda c: wanted[c]["name"])
    new_units: list[OrgUnit] = []
    added_children: dict[str, int] = defaultdict(int)
    while pending:
        placed = []
        for code in pending:
            parent_code = wanted[code]["parent_code"] or None
            parent_path = paths.get(parent_code) if parent_code else root.path
            if parent_path is None:
                continue  # its parent is new too and not placed yet
            last_step[parent_path] += 1
            path = OrgUnit._get_path(
                parent_path, len(parent_path) // OrgUnit.steplen + 1, last_step[parent_path]
            )
            paths[code] = path
            added_children[parent_path] += 1
            spec = wanted[code]
            new_units.append(
                OrgUnit(path=path, depth=len(path) // OrgUnit.steplen, numchild=0, name=spec["name"],
                        kind=spec["kind"], code=code, is_scoring=spec["is_scoring"])
            )  # fmt: skip
            placed.append(code)
        pending = [c for c in pending if c not in set(placed)]
        if not placed:
            raise RuntimeError("unplaceable units")  # the plan's cycle check prevents this
    for unit in new_units:
        unit.numchild = added_children.get(unit.path, 0)
    OrgUnit.objects.bulk_create(new_units, batch_size=BATCH)
    existing = OrgUnit.objects.filter(
        path__in=[p for p in added_children if p not in {u.path for u in new_units}]
    )
    for unit in existing:
        unit.numchild += added_children[unit.path]
    OrgUnit.objects.bulk_update(list(existing), ["numchild"])
    return new_units


# --- people, households, businesses -----------------------------------------------------------

PERSON_FIELDS = ("name", "phone", "category", "home_unit_id", "host_unit_id", "joined_on",
                 "exempt_reason", "exempt_approved_by", "household_id")  # fmt: skip
PERSON_AUDIT = (*PERSON_FIELDS, "id_card_last4")
HOUSEHOLD_AUDIT = ("code", "name", "category", "home_unit_id")
BUSINESS_AUDIT = ("code", "name", "category", "home_unit_id", "phone", "attributes")


def _changes(subject: Subject, wanted: dict) -> bool:
    changed = False
    for key, value in wanted.items():
        if key == "attributes":
            merged = {**subject.attributes, **value}
            if merged != subject.attributes:
                subject.attributes = merged
                changed = True
        elif getattr(subject, key) != value:
            setattr(subject, key, value)
            changed = True
    return changed


def _person_values(row: Row, units, prefix: str = "") -> tuple[str, dict]:
    """(ID-card hash, fields) of a person's row."""
    raw = id_card_text(row, f"{prefix}id_card")
    try:
        digest, last4 = id_card_parts(raw, field=f"{prefix}id_card")
    except Exception as exc:  # a ValidationFailed of the number's shape
        raise RowError(
            f"{prefix}id_card",
            getattr(exc, "message", str(exc)),
            _("check the number against the ID card."),
        ) from None
    return digest, {"id_card_last4": last4}


def plan_members(rows: list[Row]) -> Plan:
    units = _units_by_code()
    people = {
        s.id_card_hash: s
        for s in Subject.objects.filter(kind=SubjectKind.PERSON).exclude(id_card_hash="")
    }
    results, creates, updates, first_row, changes = [], [], [], {}, []
    for row in rows:
        try:
            digest, values = _person_values(row, units)
            if digest in first_row:
                raise _twice(row, "id_card", first_row[digest])
            first_row[digest] = row.number
            home = _unit_at(row, "home_code", units)
            host = _unit_at(row, "host_code", units, required=False)
            reason = text(row, "exempt_reason", max_length=500)
            approver = text(row, "exempt_approved_by", max_length=100)
            if reason and not approver:
                raise RowError(
                    "exempt_approved_by",
                    _("an exemption needs who approved it."),
                    _("write who approved it (支部党员大会 …)."),
                )
            values.update(
                name=text(row, "name", required=True), phone=text(row, "phone", max_length=30),
                category=text(row, "category", max_length=50) or "full", home_unit_id=home.pk,
                host_unit_id=host.pk if host and host.pk != home.pk else None,
                joined_on=date(row, "joined_on"), exempt_reason=reason,
                exempt_approved_by=approver if reason else "",
            )  # fmt: skip
        except RowError as exc:
            results.append(_error(row, exc, row.values.get("name") or ""))
            continue
        key = f"…{values['id_card_last4']} {values['name']}"
        person = people.get(digest)
        if person is None:
            creates.append(Subject(kind=SubjectKind.PERSON, id_card_hash=digest, **values))
            changes.append(Change("person.create", creates[-1], None, PERSON_AUDIT, row.number))
            results.append(RowResult(row.number, CREATED, key))
            continue
        before = snapshot(person, PERSON_AUDIT)
        if _changes(person, values):
            updates.append(person)
            changes.append(Change("subject.update", person, before, PERSON_AUDIT, row.number))
            results.append(RowResult(row.number, UPDATED, key))
        else:
            results.append(RowResult(row.number, UNCHANGED, key))
    plan = Plan(results, changes=changes)
    if not plan.errors:
        plan.writes.append(lambda: _save(creates, updates, (*PERSON_FIELDS, "id_card_last4")))
    return plan


def _save(creates: list[Subject], updates: list[Subject], fields) -> None:
    Subject.objects.bulk_create(creates, batch_size=BATCH)
    Subject.objects.bulk_update(
        updates,
        [f for f in fields if f != "household_id"]
        + (["household"] if "household_id" in fields else []),
        batch_size=BATCH,
    )


def plan_households(rows: list[Row]) -> Plan:
    units = _units_by_code()
    households = {
        s.code: s for s in Subject.objects.filter(kind=SubjectKind.HOUSEHOLD).exclude(code="")
    }
    people = {
        s.id_card_hash: s
        for s in Subject.objects.filter(kind=SubjectKind.PERSON).exclude(id_card_hash="")
    }
    results, seen_household, first_member = [], {}, {}
    household_writes: dict[str, tuple[Subject, bool]] = {}
    household_before: dict[str, tuple[dict | None, int]] = {}
    member_rows: list[tuple[str, str, dict]] = []
    for row in rows:
        try:
            code = text(row, "code", required=True, max_length=60)
            spec = {"name": text(row, "name", required=True), "home_unit_id": _unit_at(row, "home_code", units).pk,
                    "category": text(row, "category", max_length=50) or "household"}  # fmt: skip
            if code in seen_household:
                for key, column in (
                    ("name", "name"),
                    ("home_unit_id", "home_code"),
                    ("category", "category"),
                ):
                    if seen_household[code][0][key] != spec[key]:
                        raise RowError(column, _("this household's rows disagree with row %(row)d.") % {"row": seen_household[code][1]},
                                       _("write the same household details on each of its rows."))  # fmt: skip
            else:
                seen_household[code] = (spec, row.number)
            digest, values = _person_values(row, units, "member_")
            if digest in first_member:
                raise _twice(row, "member_id_card", first_member[digest])
            first_member[digest] = row.number
            values.update(name=text(row, "member_name", required=True),
                          phone=text(row, "member_phone", max_length=30), home_unit_id=spec["home_unit_id"])  # fmt: skip
        except RowError as exc:
            results.append(_error(row, exc, text_or_blank(row, "code")))
            continue
        outcomes = set()
        if code not in household_writes:
            household = households.get(code)
            if household is None:
                household_writes[code] = (
                    Subject(kind=SubjectKind.HOUSEHOLD, code=code, **spec),
                    True,
                )
                household_before[code] = (None, row.number)
                outcomes.add(CREATED)
            else:
                household_before[code] = (snapshot(household, HOUSEHOLD_AUDIT), row.number)
                changed = _changes(household, spec)
                household_writes[code] = (household, changed)
                outcomes.add(UPDATED if changed else UNCHANGED)
        person = people.get(digest)
        if person is None:
            outcomes.add(CREATED)
        else:
            current = households.get(code)
            now = (
                person.name,
                person.phone,
                person.home_unit_id,
                person.household_id,
                person.id_card_last4,
            )
            then = (
                values["name"],
                values["phone"],
                values["home_unit_id"],
                current.pk if current else None,
                values["id_card_last4"],
            )
            outcomes.add(UPDATED if now != then else UNCHANGED)
        outcome = CREATED if CREATED in outcomes else UPDATED if UPDATED in outcomes else UNCHANGED
        member_rows.append((code, digest, values, row.number))
        results.append(RowResult(row.number, outcome, f"{code} {values['name']}"))
    plan = Plan(results)
    if plan.errors:
        return plan

    def write() -> None:
        new = [h for h, created in household_writes.values() if created and h.pk is None]
        Subject.objects.bulk_create(new, batch_size=BATCH)
        changed = [h for h, flag in household_writes.values() if flag and h not in new]
        Subject.objects.bulk_update(changed, ["name", "home_unit", "category"], batch_size=BATCH)
        for code, (household, flag) in household_writes.items():
            before, first = household_before[code]
            if flag:
                action = "household.create" if before is None else "subject.update"
                plan.changed(action, household, HOUSEHOLD_AUDIT, first, before=before)
        creates, updates = [], []
        for code, digest, values, line in member_rows:
            household = household_writes[code][0]
            person = people.get(digest)
            wanted = {**values, "household_id": household.pk}
            if person is None:
                creates.append(
                    Subject(
                        kind=SubjectKind.PERSON, id_card_hash=digest, category="villager", **wanted
                    )
                )
                plan.changed("person.create", creates[-1], PERSON_AUDIT, line)
                continue
            before = snapshot(person, PERSON_AUDIT)
            if _changes(person, wanted):
                updates.append(person)
                plan.changed("subject.update", person, PERSON_AUDIT, line, before=before)
        Subject.objects.bulk_create(creates, batch_size=BATCH)
        Subject.objects.bulk_update(
            updates, ["name", "phone", "home_unit", "household", "id_card_last4"], batch_size=BATCH
        )

    plan.writes.append(write)
    return plan


def plan_businesses(rows: list[Row]) -> Plan:
    units = _units_by_code()
    businesses = {
        s.code: s for s in Subject.objects.filter(kind=SubjectKind.BUSINESS).exclude(code="")
    }
    results, creates, updates, first_row, changes = [], [], [], {}, []
    for row in rows:
        try:
            licence = text(row, "licence_no", required=True, max_length=60)
            if licence in first_row:
                raise _twice(row, "licence_no", first_row[licence])
            first_row[licence] = row.number
            values = {
                "name": text(row, "name", required=True), "category": text(row, "category", max_length=50),
                "home_unit_id": _unit_at(row, "station_code", units).pk, "phone": text(row, "phone", max_length=30),
                "attributes": {"licence_no": licence, "address": text(row, "address", max_length=300),
                               "near_school": yes_no(row, "near_school", False)},
            }  # fmt: skip
        except RowError as exc:
            results.append(_error(row, exc, text_or_blank(row, "licence_no")))
            continue
        business = businesses.get(licence)
        if business is None:
            creates.append(Subject(kind=SubjectKind.BUSINESS, code=licence, **values))
            changes.append(Change("business.create", creates[-1], None, BUSINESS_AUDIT, row.number))
            results.append(RowResult(row.number, CREATED, licence))
            continue
        before = snapshot(business, BUSINESS_AUDIT)
        if _changes(business, values):
            updates.append(business)
            changes.append(Change("subject.update", business, before, BUSINESS_AUDIT, row.number))
            results.append(RowResult(row.number, UPDATED, licence))
        else:
            results.append(RowResult(row.number, UNCHANGED, licence))
    plan = Plan(results, changes=changes)
    if not plan.errors:

        def write() -> None:
            Subject.objects.bulk_create(creates, batch_size=BATCH)
            Subject.objects.bulk_update(
                updates, ["name", "category", "home_unit", "phone", "attributes"], batch_size=BATCH
            )

        plan.writes.append(write)
    return plan


# --- users and roles --------------------------------------------------------------------------


USER_AUDIT = ("username", "display_name", "phone", "is_active", "must_change_password")


def plan_users(rows: list[Row]) -> Plan:
    units = _units_by_code()
    root = OrgUnit.objects.order_by("path").first()
    units.setdefault(root.code or "", root)
    users = {u.username: u for u in User.objects.filter(is_system=False)}
    held: dict[str, set[tuple[str, str]]] = defaultdict(set)  # username → {(role, path)}
    for username, role, path in RoleAssignment.objects.values_list(
        "user__username", "role", "unit__path"
    ):
        held[username].add((role, path))
    people = {
        s.id_card_hash: s
        for s in Subject.objects.filter(kind=SubjectKind.PERSON)
        .exclude(id_card_hash="")
        .select_related("user")
    }
    results, new_users, changed_users, grants, links, changes = [], {}, {}, [], [], []
    # one hash per distinct initial password of the file: hashing is slow on purpose
    # (600 users × PBKDF2 is minutes), and these passwords only work once, to choose one's own
    hashes: dict[str, str] = {}
    person_of: dict[str, tuple[Subject, int]] = {}  # username → the person its rows link
    owner_of: dict[int, tuple[str, int]] = {}  # person → the username linked to them
    linked: set[str] = set()
    linked_in_db = {s.user.username: s for s in people.values() if s.user_id}
    for row in rows:
        try:
            username = text(row, "username", required=True, max_length=150)
            if not all(c.isalnum() or c in "._-@" for c in username):
                raise RowError(
                    "username",
                    _("a username has letters, digits or . _ - @ only."),
                    _("remove spaces and other signs."),
                )
            role = _role_code(row)
            # a blank unit is the root: the whole tenant (a county's superior, an administrator)
            unit = _unit_at(row, "unit_code", units, required=False) or root
            values = {"display_name": text(row, "display_name", required=True, max_length=100),
                      "phone": text(row, "phone", max_length=30)}  # fmt: skip
            user = users.get(username) or new_users.get(username)
            password = text(row, "initial_password", max_length=128)
            if user is None:
                if not password:
                    raise RowError(
                        "initial_password",
                        _("a new user needs an initial password."),
                        _("write one of at least 8 characters; they change it at first sign-in."),
                    )
                try:
                    validate_password(password)
                except ValidationError as exc:
                    raise RowError(
                        "initial_password",
                        " ".join(exc.messages),
                        _("choose a longer, less common password."),
                    ) from None
            for pair in INCOMPATIBLE_ROLES:
                if role in pair:
                    for other_role, path in held[username]:
                        if other_role in pair - {role} and (
                            path.startswith(unit.path) or unit.path.startswith(path)
                        ):
                            raise RowError("role", _("%(user)s is already %(other)s over an overlapping unit; the recorder and the supervisor must be different people.")
                                           % {"user": username, "other": Role(other_role).label.partition(" ")[0]},
                                           _("give this role to someone else."))  # fmt: skip
            subject = None
            card = id_card_text(row, "id_card", required=False)
            if card:
                try:
                    digest, _last4 = id_card_parts(card, field="id_card")
                except Exception as exc:
                    raise RowError(
                        "id_card",
                        getattr(exc, "message", str(exc)),
                        _("check the number against the ID card."),
                    ) from None
                subject = people.get(digest)
                if subject is None:
                    raise RowError(
                        "id_card",
                        _("nobody in the roster has this ID-card number."),
                        _("import the roster first, or leave the cell empty."),
                    )
                earlier = person_of.setdefault(username, (subject, row.number))
                if earlier[0] is not subject:
                    raise RowError(
                        "id_card",
                        _("row %(row)d links this user to another person; a login is one person's.")
                        % {"row": earlier[1]},
                        _("write the same ID card on each of the user's rows, or leave it empty."),
                    )
                current = linked_in_db.get(username)
                if current is not None and current is not subject:
                    raise RowError(
                        "id_card",
                        _("this user is the login of %(name)s already.") % {"name": current.name},
                        _("check the ID card, or leave the cell empty."),
                    )
                holder = owner_of.setdefault(subject.pk, (username, row.number))
                if holder[0] != username:
                    raise RowError(
                        "id_card",
                        _("row %(row)d links this person to the user %(user)s already.")
                        % {"row": holder[1], "user": holder[0]},
                        _("give each person one login."),
                    )
        except RowError as exc:
            results.append(_error(row, exc, text_or_blank(row, "username")))
            continue
        outcome = UNCHANGED
        if user is None:
            user = User(
                username=username,
                must_change_password=True,
                password=hashes.get(password)
                or hashes.setdefault(password, make_password(password)),
                **values,
            )
            new_users[username] = user
            changes.append(Change("user.invite", user, None, USER_AUDIT, row.number))
            outcome = CREATED
        elif username not in new_users:
            before = snapshot(user, USER_AUDIT)
            if _changes(user, values):
                changed_users[username] = user
                changes.append(Change("user.update", user, before, USER_AUDIT, row.number))
                outcome = UPDATED
        if (role, unit.path) not in held[username]:
            held[username].add((role, unit.path))
            grants.append((username, role, unit, row.number))
            outcome = CREATED if outcome == CREATED else UPDATED
        # a new user has no id yet: comparing ids would find "already linked" (None == None)
        new = user.pk is None
        if subject is not None and username not in linked and (new or subject.user_id != user.pk):
            linked.add(username)
            links.append((subject, username, row.number))
            outcome = CREATED if outcome == CREATED else UPDATED
        results.append(
            RowResult(row.number, outcome, f"{username} {Role(role).label.partition(' ')[0]}")
        )
    plan = Plan(results, changes=changes)
    if plan.errors:
        return plan

    def write() -> None:
        User.objects.bulk_create(list(new_users.values()))
        User.objects.bulk_update(list(changed_users.values()), ["display_name", "phone"])
        by_name = {
            u.username: u
            for u in User.objects.filter(
                username__in=[g[0] for g in grants] + [n for _s, n, _r in links]
            )
        }
        assignments = [RoleAssignment(user=by_name[n], role=r, unit=u) for n, r, u, _r in grants]
        # a grant raced in by an administrator since the plan is kept, not doubled
        RoleAssignment.objects.bulk_create(assignments, ignore_conflicts=True)
        roles_changed()  # bulk_create sends no signal; this request's later checks see them
        for assignment, (username, role, unit, line) in zip(assignments, grants, strict=True):
            label = f"{username} · {Role(role).label} · {unit.name}"
            plan.changed("role.grant", assignment, (), line, label=label,
                         after={"user": username, "role": role, "unit": unit.name})  # fmt: skip
        for subject, username, line in links:
            before = {"user": subject.user.username if subject.user_id else None}
            subject.user = by_name[username]
            plan.changed("subject.update", subject, (), line, before=before,
                         after={"user": username})  # fmt: skip
        Subject.objects.bulk_update([s for s, _n, _r in links], ["user"])

    plan.writes.append(write)
    return plan


# --- historical points ------------------------------------------------------------------------


def plan_points(rows: list[Row]) -> Plan:
    from jifen.procedure.models import CloseStatus, PeriodClose, PeriodResult
    from jifen.rulebook.selectors import ruleset_for_unit

    people = {
        s.id_card_hash: s
        for s in Subject.objects.filter(kind=SubjectKind.PERSON)
        .exclude(id_card_hash="")
        .select_related("home_unit", "host_unit")
    }
    existing = {
        (r.subject_id, r.close.period_start.year): r
        for r in PeriodResult.objects.filter(close__ruleset_version="import").select_related(
            "close"
        )
    }
    rulesets: dict[tuple[int, int], object] = {}
    results, writes, first_row = [], [], {}
    for row in rows:
        try:
            digest, _values = _person_values(row, None)
            person = people.get(digest)
            if person is None:
                raise RowError(
                    "id_card",
                    _("nobody in the roster has this ID-card number."),
                    _("import the roster first."),
                )
            name = text(row, "name", required=True)
            if name != person.name:
                raise RowError(
                    "name",
                    _("the roster names this ID card %(name)s.") % {"name": person.name},
                    _("check the row: name and ID card must be the same person's."),
                )
            year = int(number(row, "year"))
            if not 2000 <= year <= dt.date.today().year:
                raise RowError(
                    "year",
                    _("%(year)d is not a past year.") % {"year": year},
                    _("write the year the points were earned."),
                )
            if (digest, year) in first_row:
                raise _twice(row, "id_card", first_row[(digest, year)])
            first_row[(digest, year)] = row.number
            total = Decimal(str(number(row, "total"))).quantize(Decimal("0.0001"))
            grade = text(row, "grade", max_length=50)
            unit = person.scoring_unit
            if (unit.pk, year) not in rulesets:
                rulesets[(unit.pk, year)] = ruleset_for_unit(
                    unit, SubjectKind.PERSON, dt.date(year, 12, 31)
                ) or ruleset_for_unit(unit, SubjectKind.PERSON, dt.date.today())
            if rulesets[(unit.pk, year)] is None:
                raise RowError(
                    "id_card",
                    _("no ruleset applies to %(unit)s.") % {"unit": unit.name},
                    _("assign a ruleset to the unit first."),
                )
        except RowError as exc:
            results.append(_error(row, exc, text_or_blank(row, "name")))
            continue
        found = existing.get((person.pk, year))
        key = f"{person.name} {year}"
        if found is None:
            writes.append((person, unit, year, total, grade, None, row.number))
            results.append(RowResult(row.number, CREATED, key))
        elif (found.total, found.grade) != (total, grade):
            writes.append((person, unit, year, total, grade, found, row.number))
            results.append(RowResult(row.number, UPDATED, key))
        else:
            results.append(RowResult(row.number, UNCHANGED, key))
    plan = Plan(results)
    if plan.errors:
        return plan

    def write() -> None:
        closes: dict[tuple[int, int], PeriodClose] = {}
        new, changed, fresh, again, before_of = [], [], [], [], {}
        for write_ in writes:
            person, unit, year, total, grade, found, _number = write_
            if found is not None:
                before_of[found.pk] = {"total": str(found.total), "grade": found.grade}
                found.total, found.grade = total, grade
                changed.append(found)
                again.append(write_)
                continue
            fresh.append(write_)
            if (unit.pk, year) not in closes:
                closes[(unit.pk, year)], _c = PeriodClose.objects.get_or_create(
                    unit=unit, ruleset=rulesets[(unit.pk, year)], period_start=dt.date(year, 1, 1),
                    defaults={"period_end": dt.date(year, 12, 31), "ruleset_version": "import", "status": CloseStatus.ACCEPTED},
                )  # fmt: skip
            new.append(
                PeriodResult(
                    close=closes[(unit.pk, year)],
                    subject=person,
                    category=person.category,
                    total=total,
                    grade=grade,
                )
            )
        PeriodResult.objects.bulk_create(new, batch_size=BATCH)
        PeriodResult.objects.bulk_update(changed, ["total", "grade"], batch_size=BATCH)
        for result, (person, _unit, year, _total, _grade, found, line) in zip(
            [*new, *changed], [*fresh, *again], strict=True
        ):
            label = f"{person.name} {year}"
            after = {"subject": person.name, "year": year, "total": str(result.total),
                     "grade": result.grade}  # fmt: skip
            before = None if found is None else {**after, **before_of[found.pk]}
            action = "result.import" if found is None else "result.update"
            plan.changed(action, result, (), line, before=before, after=after, label=label)

    plan.writes.append(write)
    return plan


PLANNERS: dict[str, Callable[[list[Row]], Plan]] = {
    ImportKind.UNITS: plan_units,
    ImportKind.MEMBERS: plan_members,
    ImportKind.HOUSEHOLDS: plan_households,
    ImportKind.BUSINESSES: plan_businesses,
    ImportKind.USERS: plan_users,
    ImportKind.POINTS: plan_points,
}


def plan(kind: str, rows: list[Row]) -> Plan:
    return PLANNERS[kind](rows)
