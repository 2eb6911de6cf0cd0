"""factory_boy factories for test data (run inside a tenant schema).

`UnitFactory(parent=…)` adds a unit to the tree, `PersonFactory(home_unit=…)` a member,
`UserFactory(roles=[(Role.SECRETARY, unit)])` a login with roles. They write through the
models directly: they build the world a test starts from, not the behaviour it checks.
"""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from jifen.access.models import User
from jifen.org.models import OrgUnit, RoleAssignment, UnitKind
from jifen.subjects.models import Subject, SubjectKind

PASSWORD = "pass-12345"


class UnitFactory(factory.Factory):
    """A unit under `parent` (a new root when None): treebeard inserts it in the tree."""

    class Meta:
        model = OrgUnit

    parent = None
    name = factory.Sequence(lambda n: f"第{n}支部")
    kind = UnitKind.BRANCH
    code = ""

    @classmethod
    def _create(cls, model_class, parent=None, **fields):
        from jifen.org.services import unit_create

        return unit_create(parent=parent, **fields)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.LazyAttribute(lambda u: u.username)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        """`roles=[(Role.SECRETARY, unit), …]`: role assignments over those units."""
        for role, unit in extracted or ():
            RoleAssignment.objects.get_or_create(user=self, role=role, unit=unit)
        if create:
            self.save()


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Subject

    kind = SubjectKind.PERSON
    name = factory.Sequence(lambda n: f"党员{n}")
    category = "full"
    home_unit = None


class HouseholdFactory(PersonFactory):
    kind = SubjectKind.HOUSEHOLD
    name = factory.Sequence(lambda n: f"农户{n}")
    category = "household"


class BusinessFactory(PersonFactory):
    """A business (经营主体) registered with a station; `attributes` as the ruleset reads them."""

    kind = SubjectKind.BUSINESS
    name = factory.Sequence(lambda n: f"商户{n}")
    category = "licensed"


class RatedUnitFactory(PersonFactory):
    """The subject of a unit rated by its superior (a branch under branch-stars)."""

    kind = SubjectKind.UNIT
    category = "branch"
    represents_unit = None
    name = factory.LazyAttribute(lambda s: s.represents_unit.name)
    home_unit = factory.LazyAttribute(lambda s: OrgUnit.objects.get_parent(s.represents_unit))
