"""The demo builds its tenants through the import path, from workbooks kept in the
repository that are exactly what `workbooks.py` makes."""

import io

import pytest
from openpyxl import load_workbook

from jifen.access.models import User
from jifen.audit.models import AuditRecord
from jifen.demo.builders import build_family
from jifen.demo.workbooks import ROWS, family_rows, kept_workbooks, workbook_path
from jifen.imports.models import ImportJob, ImportKind
from jifen.imports.services import import_run
from jifen.org.models import OrgUnit, RoleAssignment
from jifen.subjects.models import Subject


@pytest.mark.parametrize("family", list(ROWS))
def test_the_kept_workbooks_are_what_the_generator_makes(family):
    made = family_rows(family)
    assert [kind for kind, _path in kept_workbooks(family)] == list(made)
    for kind, rows in made.items():
        sheet = load_workbook(io.BytesIO(workbook_path(family, kind).read_bytes())).worksheets[0]
        kept = [list(r) for r in sheet.iter_rows(min_row=3, values_only=True)]
        assert kept == [[None if v == "" else v for v in row] for row in rows], (
            f"{family}/{kind}: run `python -m jifen.demo.workbooks` and commit the files"
        )


def test_the_village_is_built_by_importing_its_workbooks(in_alpha):
    root = OrgUnit.objects.get(pk=in_alpha.root)
    build_family("village", root)
    jobs = list(ImportJob.objects.order_by("pk").values_list("kind", "status"))
    assert jobs == [("units", "applied"), ("households", "applied"), ("users", "applied")]
    households = Subject.objects.filter(kind="household", code__startswith="PD-")
    assert households.count() == 140
    assert Subject.objects.filter(kind="person", household__in=households).count() == len(
        family_rows("village")[ImportKind.HOUSEHOLDS]
    )
    grid = OrgUnit.objects.get(code="PD-01")
    assert RoleAssignment.objects.filter(
        role="grid_worker", unit=grid, user__username="grid_01"
    ).exists()
    worker = User.objects.get(username="grid_01")
    assert worker.check_password("jifen-demo") and not worker.must_change_password
    # every object came with its audit row, by the administrator
    assert (
        AuditRecord.objects.filter(action="household.create", actor__username="admin").count()
        == 140
    )
    # and the same files imported again change nothing
    for kind, path in kept_workbooks("village"):
        again = import_run(actor=User.objects.get(username="admin"), kind=kind, file_name=path.name,
                           content=path.read_bytes())  # fmt: skip
        assert again.counts["created"] == again.counts["updated"] == 0, (kind, again.counts)
