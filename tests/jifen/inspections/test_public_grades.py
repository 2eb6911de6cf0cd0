"""The public food-grade page and open data: no login, only the ruleset's public fields,
searchable by name and area, paged, rate-limited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from jifen.inspections.models import Inspection, RiskGrade
from jifen.org.models import UnitKind
from jifen.org.services import unit_create, unit_root
from jifen.rulebook.models import RulesetAssignment
from jifen.subjects.models import Subject
from jifen.testing.clients import TenantClient
from jifen.testing.factories import UserFactory
from jifen.testing.worlds import publish_template

URL = "/public/open-data/food-grades.json"


@pytest.fixture
def graded(in_alpha):
    inspector = UserFactory(username="insp_pub", roles=[])
    shops = {}
    for station_name, names in (
        ("城关市场监管所", ["张记超市", "李记便利店"]),
        ("河口市场监管所", ["王记粮油店"]),
    ):
        station = unit_create(parent=unit_root(), name=station_name, kind=UnitKind.STATION)
        publish_template("food-seller-risk", f"food{station.pk}", station.pk)
        RulesetAssignment.objects.filter(unit=station).update(subject_kind="business")
        for index, name in enumerate(names):
            shop = Subject.objects.create(kind="business", name=name, home_unit=station, category="licensed",
                                          attributes={"address": f"{name}路{index}号", "licence_no": "JY123"})  # fmt: skip
            RiskGrade.objects.create(
                subject=shop, period_start=dt.date(2026, 1, 1), grade="ABC"[index]
            )
            shops[name] = shop
    Inspection.objects.create(key="p1", payload_hash="x", subject=shops["张记超市"], inspected_on=dt.date(2026, 5, 6),
                              inspector=inspector, dynamic_total=0)  # fmt: skip
    # a business without a grade is not listed
    Subject.objects.create(
        kind="business", name="未评定小店", home_unit=station, category="licensed"
    )
    cache.clear()
    return shops


def test_open_data_lists_grades_and_last_inspection_without_login(graded):
    response = TenantClient("alpha").get(URL)
    assert response.status_code == 200
    body = response.json()
    assert body["meta"]["totalCount"] == 3 and body["meta"]["licence"].startswith("本数据")
    assert body["establishments"][0].keys() == {
        "name",
        "grade",
        "last_inspected_on",
        "area",
        "address",
    }
    by_name = {row["name"]: row for row in body["establishments"]}
    assert by_name["张记超市"] == {"name": "张记超市", "grade": "A", "last_inspected_on": "2026-05-06",
                                "area": "城关市场监管所", "address": "张记超市路0号"}  # fmt: skip
    assert by_name["李记便利店"]["last_inspected_on"] is None
    assert "licence_no" not in by_name["王记粮油店"]  # not marked public by the ruleset


def test_search_by_name_and_area_and_paging(graded):
    client = TenantClient("alpha")
    assert [r["name"] for r in client.get(URL, {"area": "河口"}).json()["establishments"]] == [
        "王记粮油店"
    ]
    assert [r["name"] for r in client.get(URL, {"name": "李记"}).json()["establishments"]] == [
        "李记便利店"
    ]
    first = client.get(URL, {"pageSize": 2}).json()
    assert first["meta"]["totalPages"] == 2 and len(first["establishments"]) == 2
    assert first["links"]["next"].endswith("page=2") and first["links"]["prev"] is None
    second = client.get(URL, {"pageSize": 2, "page": 2}).json()
    assert len(second["establishments"]) == 1


def test_the_page_renders_without_login_in_chinese_and_english(graded):
    page = TenantClient("alpha", language="zh-hans").get("/public/food-grades", {"name": "张记"})
    text = page.content.decode()
    assert page.status_code == 200 and "张记超市" in text and "李记便利店" not in text
    assert "2026-05-06" in text and 'name="viewport"' in text and "食品安全风险等级公示" in text
    english = TenantClient("alpha", language="en").get("/public/food-grades").content.decode()
    assert "Food safety risk grades" in english


def test_a_ruleset_that_marks_nothing_public_lists_nothing(graded):
    import yaml

    from jifen.rulebook.models import Ruleset
    from jifen.rulebook.services import ruleset_draft_save, ruleset_publish
    from jifen.testing.worlds import tenant_admin

    # given the river station's ruleset, republished with no public fields
    ruleset = Ruleset.objects.get(code=f"food{graded['王记粮油店'].home_unit_id}")
    doc = dict(ruleset.versions.get().document)
    doc["risk_grading"] = {**doc["risk_grading"], "public": {"fields": []}}
    draft = ruleset_draft_save(
        actor=tenant_admin(), ruleset=ruleset, text=yaml.safe_dump(doc, allow_unicode=True)
    )
    ruleset_publish(actor=tenant_admin(), version=draft, effective_from=timezone.localdate())
    # then its businesses are not listed; the others are
    names = {r["name"] for r in TenantClient("alpha").get(URL).json()["establishments"]}
    assert names == {"张记超市", "李记便利店"}


def test_anonymous_requests_are_rate_limited(graded, settings):
    settings.GRAPHQL_RATE_ANONYMOUS = "2/m"
    client = TenantClient("alpha")
    assert [client.get(URL).status_code for _ in range(3)] == [200, 200, 429]
    assert client.get("/public/food-grades").status_code == 429


def test_the_open_data_page_costs_the_same_queries_for_more_businesses(graded):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    station = graded["张记超市"].home_unit

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            TenantClient("alpha").get(URL)
        return len(captured)

    cache.clear()
    few = queries()
    for index in range(20):
        shop = Subject.objects.create(
            kind="business", name=f"新增{index:02d}号店", home_unit=station
        )
        RiskGrade.objects.create(subject=shop, period_start=dt.date(2026, 1, 1), grade="B")
    cache.clear()
    assert queries() == few
