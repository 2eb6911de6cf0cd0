"""The import mutations and template query in the four permission cases: the tenant's
administrator only; not another role, not a subtree's administrator, not another tenant."""

import base64
import io

from django_tenants.utils import schema_context
from openpyxl import load_workbook

from jifen.access.models import User
from jifen.imports.models import ImportJob, ImportStatus
from jifen.org.models import OrgUnit, Role, RoleAssignment
from tests.jifen.graphql.conftest import codes, gid

UPLOAD = """mutation($content: String!) { importUpload(kind: UNITS, fileName: "u.xlsx",
  content: $content) { job { id status } errors { code } } }"""
APPLY = """mutation($id: ID!) { importApply(job: $id) { job { status } errors { code } } }"""
TEMPLATE = "{ importTemplate(kind: POINTS) }"


def _checked_job() -> ImportJob:
    with schema_context("alpha"):
        return ImportJob.objects.create(kind="units", file_name="u.xlsx", content=b"x", content_hash="x",
                                        created_by=User.objects.get(username="admin"),
                                        status=ImportStatus.CHECKED, counts={"error": 0, "rows": 1})  # fmt: skip


def test_imports_in_the_four_permission_cases(alpha, client_for):
    content = base64.b64encode(b"PK not really a workbook").decode()
    pk = _checked_job().pk
    with schema_context("alpha"):  # a subtree's administrator: township 1 only
        job = gid("ImportJob", pk)  # ids name the tenant that issued them
        RoleAssignment.objects.create(user=User.objects.get(username="township_1"), role=Role.ADMIN,
                                      unit=OrgUnit.objects.get(pk=alpha.township_1))  # fmt: skip
    for username in ("secretary_1", "township_1"):  # wrong role; another (smaller) subtree
        client = client_for("alpha", username)
        assert codes(client.graphql(UPLOAD, {"content": content}), "importUpload") == [
            "PERMISSION_DENIED"
        ]
        assert codes(client.graphql(APPLY, {"id": job}), "importApply") == ["PERMISSION_DENIED"]
    # another tenant's administrator does not find alpha's job
    assert codes(client_for("beta", "admin").graphql(APPLY, {"id": job}), "importApply") == [
        "NOT_FOUND"
    ]
    # allowed: alpha's administrator uploads and applies
    admin = client_for("alpha", "admin")
    uploaded = admin.graphql(UPLOAD, {"content": content})["data"]["importUpload"]
    assert uploaded["errors"] == [] and uploaded["job"]["status"] == "UPLOADED"
    applied = admin.graphql(APPLY, {"id": job})["data"]["importApply"]
    assert applied == {"job": {"status": "APPLYING"}, "errors": []}


def test_the_historical_points_template_has_its_header_example_and_notes(alpha, client_for):
    raw = client_for("alpha", "admin").graphql(TEMPLATE)["data"]["importTemplate"]
    book = load_workbook(io.BytesIO(base64.b64decode(raw)))
    sheet, notes = book.worksheets
    assert [c.value for c in sheet[1]] == ["身份证号*", "姓名*", "年度*", "年度总积分*", "等次"]
    assert sheet["A2"].value.startswith("示例")
    assert notes.title == "填写说明" and notes["C2"].value
