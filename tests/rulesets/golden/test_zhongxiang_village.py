"""Golden tests of the zhongxiang-village template: the expected numbers worked out by hand from
seed 000 §17 (d) 钟祥 张集 and its 分值指导标准 (l.1169–1335)."""

from __future__ import annotations

import pytest

from rulesets.simulate import InputError
from tests.rulesets.helpers import event, simulate, subject, template


def test_honours_media_fraud_and_veto_bars_redemption():
    doc = template("zhongxiang-village")
    subjects = [subject("v1", "villager"), subject("v2", "villager")]
    events = [
        event("v1", "honour", "2024-03-01", level="county"),  # 县市级荣誉 +50
        event("v1", "media_report", "2024-04-01", level="city"),  # 地市媒体 +50
        event("v1", "volunteer", "2024-05-01", fraudulent=True),  # false: −2 × 5 = −10
        event("v2", "rescue", "2024-03-01"),  # +30
        event("v2", "law_violation", "2024-06-01"),  # keeps accumulating, no redemption
        event("v2", "mediate_dispute", "2024-07-01"),  # +15
    ]
    r = simulate(doc, subjects, events)
    # v1 = 50 + 50 − 10 = 90; v2 = 30 + 15 = 45
    assert r["v1"].total == 90.0 and r["v1"].redeemable
    assert r["v2"].total == 45.0 and r["v2"].vetoed and not r["v2"].redeemable
    assert "veto:bar_redemption" in r["v2"].flags and r["v1"].rank == 1


@pytest.mark.parametrize(
    ("item", "level", "points"),
    [
        ("honour", "national", 500),
        ("honour", "province", 300),
        ("honour", "city", 100),
        ("honour", "county", 50),
        ("honour", "township", 20),
        ("honour", "village", 10),
        ("media_report", "national", 200),
        ("media_report", "province", 100),
        ("media_report", "city", 50),
        ("media_report", "county", 20),
        ("media_report", "township", 10),
        ("media_report", "village", 5),
    ],
)
def test_honour_and_media_levels(item, level, points):
    doc = template("zhongxiang-village")
    r = simulate(doc, [subject("v", "villager")], [event("v", item, "2024-03-01", level=level)])
    assert r["v"].total == float(points)


def test_false_honour_costs_double():
    # 申报弄虚作假,给予相应项目双倍扣分 (l.1285): a false 省级荣誉 costs −2 × 300
    doc = template("zhongxiang-village")
    events = [
        event("v", "law_abiding_base", "2024-12-01"),  # +100
        event("v", "honour", "2024-03-01", level="province", fraudulent=True),  # −600
    ]
    r = simulate(doc, [subject("v", "villager")], events)
    assert r["v"].total == -500.0


def test_public_order_virtue_and_building_values():
    doc = template("zhongxiang-village")
    events = [
        event("v", "stop_harm", "2024-02-01"),  # 30
        event("v", "assist_arrest", "2024-02-02"),  # 30
        event("v", "handle_mass_incident", "2024-02-03"),  # 15
        event("v", "report_rumours", "2024-02-04"),  # 5
        event("v", "frugal_ceremony", "2024-02-05"),  # 10 每次
        event("v", "frugal_ceremony", "2024-08-05"),  # 10 每次
        event("v", "proposal", "2024-02-06"),  # 1
        event("v", "lead_cooperative", "2024-02-07"),  # 10
        event("v", "jobs_created", "2024-02-08", quantity=3),  # 3 × 5 = 15 (每安置一名)
    ]
    r = simulate(doc, [subject("v", "villager")], events)
    # 30 + 30 + 15 + 5 + 10 + 10 + 1 + 10 + 15 = 126
    assert r["v"].total == 126.0


def test_base_100_and_yearly_items_count_once_a_year():
    doc = template("zhongxiang-village")
    events = [
        event("v", "law_abiding_base", "2024-06-30"),
        event("v", "law_abiding_base", "2024-12-31"),  # 当年度基础分: once
        event("v", "parents_trip", "2024-05-01"),
        event("v", "parents_trip", "2024-10-01"),  # 每年…陪同父母外出观光: once
        event("v", "parents_checkup", "2024-05-01"),
        event("v", "parents_checkup", "2024-10-01"),  # no limit: 5 each
    ]
    r = simulate(doc, [subject("v", "villager")], events)
    # 100 + 5 + 5 + 5 = 115
    assert r["v"].total == 115.0


def test_household_items_yearly_per_time_and_monthly():
    doc = template("zhongxiang-village")
    events = [
        event("h", "waste_sorting", "2024-03-01"),
        event("h", "waste_sorting", "2024-09-01"),  # 当年积15分: once -> 15
        event("h", "joins_party", "2024-03-01"),
        event("h", "joins_party", "2024-09-01"),  # 每次积5分 -> 10
        event("h", "tidy_month", "2024-03-01"),
        event("h", "tidy_month", "2024-03-20"),  # 当月积5分: March counts 5
        event("h", "tidy_month", "2024-04-02"),  # April 5
        event("h", "compulsory_education", "2024-09-01"),  # 当年 6
        event("h", "family_motto", "2024-09-01"),  # 当年 6
        event("h", "plants", "2024-05-01", fraudulent=True),  # false: −2 × 10 = −20
    ]
    r = simulate(doc, [subject("h", "household")], events)
    # 15 + 10 + (5 + 5) + 6 + 6 − 20 = 27
    assert r["h"].buckets["household_tidy"] == 10.0
    assert r["h"].buckets["points"] == 17.0 and r["h"].total == 27.0


def test_unit_items_and_the_five_person_threshold():
    doc = template("zhongxiang-village")
    events = [
        event("u", "unit_activity", "2024-03-01", participants=5),  # 5人及以上: 5
        event("u", "unit_labour", "2024-03-02", participants=8),  # 5
        event("u", "unit_tidy_month", "2024-03-03"),
        event("u", "unit_tidy_month", "2024-03-28"),  # 每月积10分: 10 in March
        event("u", "unit_no_street_trading", "2024-03-31"),  # 每月 5
        event("u", "unit_no_street_trading", "2024-04-30"),  # 每月 5
        event("u", "unit_screen_publicity", "2024-04-01"),  # 每月 5
        event("u", "unit_sponsor", "2024-05-01"),  # 20 每次
        event("u", "unit_help_needy", "2024-05-02"),  # 10 每次
    ]
    r = simulate(doc, [subject("u", "unit")], events)
    # 5 + 5 + 10 + (5 + 5) + 5 + 20 + 10 = 65
    assert r["u"].total == 65.0
    with pytest.raises(InputError, match="participants"):
        simulate(
            doc, [subject("u", "unit")], [event("u", "unit_activity", "2024-03-01", participants=4)]
        )


def test_household_and_unit_items_are_for_their_category_only():
    doc = template("zhongxiang-village")
    with pytest.raises(InputError, match="does not apply to category"):
        simulate(doc, [subject("v", "villager")], [event("v", "tidy_month", "2024-03-01")])
    with pytest.raises(InputError, match="does not apply to category"):
        simulate(doc, [subject("h", "household")], [event("h", "unit_sponsor", "2024-03-01")])


def test_ranks_are_kept_per_category():
    # 分类排名分类兑换奖励 (l.1151)
    doc = template("zhongxiang-village")
    subjects = [subject("v1", "villager"), subject("v2", "villager"), subject("h1", "household")]
    events = [
        event("v1", "rescue", "2024-03-01"),  # 30
        event("v2", "volunteer", "2024-03-01"),  # 5
        event("h1", "neighbourly", "2024-03-01"),  # 15
    ]
    r = simulate(doc, subjects, events)
    assert (r["v1"].rank, r["v2"].rank, r["h1"].rank) == (1, 2, 1)


def test_the_year_is_the_period_and_redemption_resets_at_its_end():
    doc = template("zhongxiang-village")
    assert doc["period"]["unit"] == "year" and doc["redemption"]["reset"] == "period_end"
    events = [event("v", "rescue", "2024-12-31"), event("v", "volunteer", "2025-01-01")]
    r = simulate(doc, [subject("v", "villager")], events, start="2025-01-01")
    assert r["v"].total == 5.0  # 年底清零,次年重新积分
