"""Golden tests of the zhongxiang-village template: the expected numbers worked out by hand from its seed
article (named in the template's header)."""

from __future__ import annotations

from tests.rulesets.helpers import event, simulate, subject, template


def test_zhongxiang_honours_media_fraud_and_veto_bars_redemption():
    doc = template("zhongxiang-village")
    subjects = [subject("v1", "villager"), subject("v2", "villager")]
    events = [
        event("v1", "honour", "2024-03-01", level="county"),  # +50
        event("v1", "media_report", "2024-04-01", level="city"),  # +50
        event("v1", "volunteer", "2024-05-01", fraudulent=True),  # false: -2 × 5 = -10
        event("v2", "rescue", "2024-03-01"),  # +30
        event("v2", "law_violation", "2024-06-01"),  # keeps accumulating, no redemption
        event("v2", "mediate_dispute", "2024-07-01"),  # +15
    ]
    r = simulate(doc, subjects, events)
    assert r["v1"].total == 90.0 and r["v1"].redeemable
    assert r["v2"].total == 45.0 and r["v2"].vetoed and not r["v2"].redeemable
    assert "veto:bar_redemption" in r["v2"].flags and r["v1"].rank == 1
