"""Onboarding a generated county (930 units, 25,000 members) from Excel through GraphQL and
a real worker: a broken row is named by the dry run and the apply is refused; fixed, the
apply succeeds; the same file applied again changes nothing."""

import base64
import time

import pytest
from django_tenants.utils import schema_context

from jifen.access.models import User
from jifen.access.services import token_create
from jifen.audit.models import AuditRecord
from jifen.org.models import OrgUnit
from jifen.subjects.models import Subject
from jifen.testing.clients import TenantClient
from jifen.testing.county import county_members, county_units, member_rows
from tenants.services import tenant_create, tenant_delete

pytestmark = pytest.mark.worker

SLUG = "onboard"
MEMBERS = 25_000
BROKEN = 1234  # index of the member whose ID card gets a wrong check character

UPLOAD = """mutation($kind: ImportKind!, $content: String!) {
  importUpload(kind: $kind, fileName: "county.xlsx", content: $content) {
    job { id status } errors { field code message } } }"""
JOB = """query($id: ID!) { importJob(id: $id) { status failure
  counts { rows created updated unchanged error } progress { phase done total }
  rows(onlyErrors: true) { row outcome key cell message fix } } }"""
REPORT = """query($id: ID!) { importJob(id: $id) { reportXlsx } }"""
APPLY = (
    """mutation($id: ID!) { importApply(job: $id) { job { status } errors { code message } } }"""
)


@pytest.fixture(scope="module")
def county(worlds, celery_worker_process, django_db_blocker):
    with django_db_blocker.unblock():
        tenant_create(slug=SLUG, name="新县", family="county")
        with schema_context(SLUG):
            token = token_create(user=User.objects.get(username="admin"), name="test")
        yield TenantClient(SLUG, token)
        tenant_delete(slug=SLUG, confirm=SLUG)


def _wait(client, job_id: str, until: set[str], timeout: float = 240) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.graphql(JOB, {"id": job_id})["data"]["importJob"]
        if job["status"] in until:
            return job
        time.sleep(0.5)
    raise AssertionError(f"job {job_id} still {job['status']} ({job['progress']})")


def _upload(client, kind: str, content: bytes) -> str:
    sent = client.graphql(UPLOAD, {"kind": kind, "content": base64.b64encode(content).decode()})[
        "data"
    ]["importUpload"]
    assert sent["errors"] == [] and sent["job"]["status"] == "UPLOADED"
    return sent["job"]["id"]


def _check_and_apply(client, kind: str, content: bytes) -> dict:
    job_id = _upload(client, kind, content)
    checked = _wait(client, job_id, {"CHECKED", "REFUSED", "FAILED"})
    assert checked["status"] == "CHECKED", checked
    applied = client.graphql(APPLY, {"id": job_id})["data"]["importApply"]
    assert applied["errors"] == [], applied
    return _wait(client, job_id, {"APPLIED", "REFUSED", "FAILED"})


def test_a_county_is_onboarded_from_excel_once_and_only_once(county, django_db_blocker):
    with django_db_blocker.unblock():
        # the tree first: 30 committees, 900 branches
        units = _check_and_apply(county, "UNITS", county_units())
        assert units["counts"] == {
            "rows": 930,
            "created": 930,
            "updated": 0,
            "unchanged": 0,
            "error": 0,
        }
        with schema_context(SLUG):
            assert OrgUnit.objects.count() == 931
            assert OrgUnit.objects.filter(kind="branch", depth=3).count() == 900

        # given a roster with one broken ID card
        rows = member_rows(MEMBERS)
        good = rows[BROKEN][1]
        rows[BROKEN][1] = good[:-1] + ("0" if good[-1] != "0" else "1")
        broken_id = _upload(county, "MEMBERS", county_members(rows))
        checked = _wait(county, broken_id, {"CHECKED", "REFUSED", "FAILED"})
        # the dry run names the row, the cell and how to fix it
        assert checked["counts"] == {
            "rows": MEMBERS,
            "created": MEMBERS - 1,
            "updated": 0,
            "unchanged": 0,
            "error": 1,
        }
        [error] = checked["rows"]
        assert (error["row"], error["outcome"], error["cell"]) == (
            BROKEN + 2,
            "ERROR",
            f"B{BROKEN + 2}",
        )
        assert "check character" in error["message"] and error["fix"]
        # the report workbook marks the cell
        from io import BytesIO

        from openpyxl import load_workbook

        report = county.graphql(REPORT, {"id": broken_id})["data"]["importJob"]["reportXlsx"]
        sheet = load_workbook(BytesIO(base64.b64decode(report)))["检查结果"]
        marked = sheet.cell(row=BROKEN + 2, column=2)
        assert (
            marked.fill.fgColor.rgb.endswith("FFC7CE") and "check character" in marked.comment.text
        )
        assert sheet.cell(row=BROKEN + 2, column=10).value == "错误"
        # and the apply is refused, with nothing imported
        refused = county.graphql(APPLY, {"id": broken_id})["data"]["importApply"]
        assert [e["code"] for e in refused["errors"]] == ["CONFLICT"]
        with schema_context(SLUG):
            assert Subject.objects.count() == 0

        # when the row is fixed, the apply imports every member
        rows[BROKEN][1] = good
        fixed = county_members(rows)
        applied = _check_and_apply(county, "MEMBERS", fixed)
        assert applied["status"] == "APPLIED"
        assert applied["counts"] == {
            "rows": MEMBERS,
            "created": MEMBERS,
            "updated": 0,
            "unchanged": 0,
            "error": 0,
        }
        with schema_context(SLUG):
            assert Subject.objects.filter(kind="person").count() == MEMBERS
            sample = Subject.objects.get(id_card_last4=good[-4:], name=rows[BROKEN][0])
            assert sample.home_unit.code == rows[BROKEN][4]
            assert AuditRecord.objects.filter(action="import.members").count() == 1

        # and the same file applied again changes nothing
        again = _check_and_apply(county, "MEMBERS", fixed)
        assert again["counts"] == {
            "rows": MEMBERS,
            "created": 0,
            "updated": 0,
            "unchanged": MEMBERS,
            "error": 0,
        }
        with schema_context(SLUG):
            assert Subject.objects.count() == MEMBERS
