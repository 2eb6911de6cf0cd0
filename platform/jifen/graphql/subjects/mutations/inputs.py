"""Inputs shared by the roster mutations, and their translation into `SubjectInput`."""

import graphene

from jifen.graphql import lookups
from jifen.subjects.services import SubjectInput, business_attributes


class _RecordFields:
    name = graphene.String()
    category = graphene.String(description="The ruleset's category code (full, floating …).")
    home_unit = graphene.ID(description="The unit that owns the record.")
    joined_on = graphene.Date()
    left_on = graphene.Date()


class PersonInput(_RecordFields, graphene.InputObjectType):
    id_card = graphene.String(
        description="18-character resident ID; kept only as a keyed hash and its last four."
    )
    phone = graphene.String()
    host_unit = graphene.ID(description="Where a floating member (流动党员) is scored.")
    exempt_reason = graphene.String(description="Empty to lift an exemption.")
    exempt_approved_by = graphene.String()
    exempt_approved_on = graphene.Date()


class HouseholdInput(_RecordFields, graphene.InputObjectType):
    members = graphene.List(graphene.NonNull(graphene.ID), description="The household's people.")


class BusinessInput(_RecordFields, graphene.InputObjectType):
    licence_no = graphene.String(description="食品经营许可证 number.")
    address = graphene.String()
    near_school = graphene.Boolean(description="Within the school perimeter (grades it D).")
    phone = graphene.String()


def subject_input(info, data) -> SubjectInput:
    """Look up the units of an input (NOT_FOUND outside the caller's scope)."""
    home = lookups.unit(info, data["home_unit"], "homeUnit") if data.get("home_unit") else None
    host = lookups.unit(info, data["host_unit"], "hostUnit") if data.get("host_unit") else None
    attributes = {}
    if "licence_no" in data or "address" in data or "near_school" in data:
        attributes = business_attributes(
            licence_no=data.get("licence_no"),
            address=data.get("address"),
            near_school=data.get("near_school"),
        )
    members = None
    if data.get("members") is not None:
        members = tuple(
            lookups.subject(info, gid, f"members.{i}") for i, gid in enumerate(data["members"])
        )
    return SubjectInput(
        members=members,
        name=data.get("name"),
        category=data.get("category"),
        home_unit=home,
        host_unit=host,
        clear_host_unit="host_unit" in data and not data.get("host_unit"),
        id_card=data.get("id_card"),
        phone=data.get("phone"),
        joined_on=data.get("joined_on"),
        left_on=data.get("left_on"),
        exempt_reason=data.get("exempt_reason"),
        exempt_approved_by=data.get("exempt_approved_by"),
        exempt_approved_on=data.get("exempt_approved_on"),
        attributes=attributes,
    )
