"""Golden tests of the government-service-centre template: the expected numbers worked out by hand
from its seed article (seed 000 §16, l.783–859; the defaults are named in the template's header)."""

from __future__ import annotations

from datetime import date

import pytest

from rulesets.contracts import PreviousResult
from rulesets.errors import QuotaTieUnresolved
from tests.rulesets.helpers import event, simulate, subject, template

SUB_ITEMS = (
    "belief_study",
    "belief_speech",
    "discipline_life",
    "discipline_orders",
    "conduct_morals",
    "conduct_masses",
    "action_duty",
    "action_service",
)


@pytest.fixture(scope="module")
def doc():
    return template("government-service-centre")


def test_government_centre_vanguard_needs_basic_75_and_quota_20_percent(doc):
    subjects = [subject(f"m{i}") for i in range(1, 6)]
    events = [
        # m1: basic 80, bonus 20 -> 100 先锋 (rank 1)
        event("m1", "contribution", "2024-03-01", points=20),
        # m2: superstition -10 -> 信念指数(1) 0, basic 70; bonus 20 -> 90 but basic < 75 -> 合格
        event("m2", "superstition", "2024-03-01"),
        event("m2", "contribution", "2024-03-02", points=20),
        # m3: bonus 15 -> 95 先锋 by score but quota 20% of 5 = 1 -> 合格
        event("m3", "contribution", "2024-03-01", points=15),
        # m4: serious warning -10 -> 70, and the sanction forces 警示 that year
        event("m4", "party_sanction", "2024-04-01", kind="serious_warning"),
        event("m4", "sanction_warning_class", "2024-04-01"),
    ]
    r = simulate(doc, subjects, events)
    assert (r["m1"].total, r["m1"].grade) == (100.0, "vanguard")
    assert (r["m2"].total, r["m2"].grade) == (90.0, "qualified")
    assert "requires_unmet:vanguard" in r["m2"].flags
    assert (r["m3"].total, r["m3"].grade) == (95.0, "qualified") and "quota:vanguard" in r[
        "m3"
    ].flags
    assert (r["m4"].total, r["m4"].grade) == (70.0, "warning")
    assert (r["m5"].total, r["m5"].grade) == (80.0, "qualified")


def test_government_centre_dues_more_than_three_months_unpaid_cost_five(doc):
    # §16 纪律指数: 未按规定标准交纳党费 −3 each time; 超过3个月不交纳 −5 each time
    subjects = [subject("m1"), subject("m2"), subject("m3")]
    events = [
        event("m1", "dues_substandard", "2024-03-01", months_unpaid=1),  # -3
        event("m2", "dues_substandard", "2024-03-01", months_unpaid=3),  # -3: not more than 3
        event("m3", "dues_substandard", "2024-03-01", months_unpaid=4),  # -5
        event("m3", "dues_substandard", "2024-09-01", months_unpaid=5),  # -5
    ]
    r = simulate(doc, subjects, events)
    # basic 80 (纪律指数(1) 10 - deductions), no bonus
    assert [r[m].total for m in ("m1", "m2", "m3")] == [77.0, 77.0, 70.0]
    assert [line.rule for line in r["m3"].explain] == [
        "item dues_substandard (variant over_three_months: event.months_unpaid ≥ 4)"
    ] * 2
    assert r["m2"].explain[0].rule == "item dues_substandard"


@pytest.mark.parametrize(
    ("item", "attributes", "bucket", "left"),
    [
        # 信念指数(1) l.799
        ("party_education_short", {}, "belief_study", 8.0),  # 10 − 2
        ("superstition", {}, "belief_study", 0.0),  # 10 − 10
        ("superstition_unrepentant", {}, "belief_study", 0.0),  # 该项不得分
        ("faith_not_firm", {}, "belief_study", 0.0),  # 该项不得分
        ("political_rules_breach", {}, "belief_study", 0.0),  # 该项不得分
        # 信念指数(2) l.801
        ("political_rumour", {}, "belief_speech", 5.0),  # 情节轻微 −5
        ("political_rumour", {"serious": True}, "belief_speech", 0.0),  # 严重: 该项不得分
        # 纪律指数(1) l.805
        ("meeting_leave", {}, "discipline_life", 9.0),  # −1
        ("meeting_absent", {}, "discipline_life", 8.0),  # −2
        ("proxy_sign_in", {}, "discipline_life", 5.0),  # 替会或虚假签到 −5
        # 纪律指数(2) l.807
        ("orders_not_implemented", {}, "discipline_orders", 5.0),  # −5
        ("minor_discipline_breach", {}, "discipline_orders", 5.0),  # −5
        # 品行指数(1) l.811
        ("eight_rules", {}, "conduct_morals", 5.0),  # −5
        ("lifestyle_negative", {}, "conduct_morals", 0.0),  # −10
        ("court_enforcement", {}, "conduct_morals", 5.0),  # 法院强制执行 −5
        ("credit_blacklist", {}, "conduct_morals", 5.0),  # 失信黑名单 −5
        ("customs_not_led", {}, "conduct_morals", 7.0),  # 移风易俗 −3
        ("unfilial", {}, "conduct_morals", 5.0),  # 不孝敬父母 −5
        ("vice", {}, "conduct_morals", 0.0),  # 黄赌毒: 该项不得分
        # 品行指数(2) l.813
        ("community_report_missing", {}, "conduct_masses", 8.0),  # 社区报到 −2
        ("masses_contact_poor", {}, "conduct_masses", 8.0),  # 联系群众 −2
        ("style_complaint", {}, "conduct_masses", 5.0),  # 作风问题 −5
        # 作为指数(1) l.817, (2) l.819
        ("shirking", {}, "action_duty", 7.0),  # −3
        ("advice_role_poor", {}, "action_service", 5.0),  # 建言献策 −5
        ("lagging_behind", {}, "action_service", 5.0),  # 落后于一般群众 −5
        ("obstruction", {}, "action_service", 5.0),  # 中梗阻 −5
    ],
)
def test_government_centre_each_basic_item_costs_its_sub_item(doc, item, attributes, bucket, left):
    r = simulate(doc, [subject("m")], [event("m", item, "2024-03-01", **attributes)])["m"]
    assert r.buckets[bucket] == left
    # the other seven sub-items keep their 10; total = 70 + what is left of this one
    assert all(r.buckets[b] == 10.0 for b in SUB_ITEMS if b != bucket)
    assert r.total == 70.0 + left


def test_government_centre_a_sub_item_loses_at_most_its_own_ten(doc):
    events = [
        # 6 absences × −2 = −12 but 纪律指数(1) has 10: it stops at 0 (该项不得分)
        *[event("m", "meeting_absent", f"2024-0{n}-05") for n in range(1, 7)],
        # 替会 −5 on top: still 0, and 纪律指数(2) keeps its 10
        event("m", "proxy_sign_in", "2024-07-05"),
    ]
    r = simulate(doc, [subject("m")], events)["m"]
    assert r.buckets["discipline_life"] == 0.0 and r.buckets["discipline_orders"] == 10.0
    # basic 80 − 10 = 70: 合格 (60–89)
    assert (r.variables["discipline"], r.variables["basic_index"]) == (10.0, 70.0)
    assert (r.total, r.grade) == (70.0, "qualified")


def test_government_centre_vice_is_escalated_for_handling(doc):
    r = simulate(doc, [subject("m")], [event("m", "vice", "2024-03-01")])["m"]
    # 参与黄赌毒的,该项不得分,并按照有关规定予以处理
    assert r.buckets["conduct_morals"] == 0.0
    assert "escalation:handled_per_regulations" in r.flags


@pytest.mark.parametrize(
    ("item", "attributes", "points"),
    [
        ("disunity", {}, -5.0),  # l.825
        ("org_life_absent", {}, -2.0),  # l.827
        ("left_early", {}, -1.0),
        ("notes_missing", {}, -1.0),
        ("attendance_below_80", {}, -5.0),
        ("dues_late", {}, -2.0),
        ("unreported_absence", {}, -5.0),  # l.829
        ("petition", {}, -5.0),  # l.831
        ("legal_penalty", {"kind": "warning"}, -5.0),  # l.833
        ("legal_penalty", {"kind": "fine"}, -10.0),
        ("legal_penalty", {"kind": "detention"}, -15.0),
        ("misbehaviour", {}, -5.0),
        ("other_deduction", {"points": -20}, -20.0),  # l.837, at most −20 (default)
    ],
)
def test_government_centre_reverse_deductions(doc, item, attributes, points):
    r = simulate(doc, [subject("m")], [event("m", item, "2024-03-01", **attributes)])["m"]
    # basic 80 stays whole; the 反向扣分指数 comes off the total
    assert r.variables["basic_index"] == 80.0
    assert r.variables["reverse_index"] == points
    assert r.total == 80.0 + points


def test_government_centre_yearly_attendance_rate_is_deducted_once(doc):
    events = [
        event("m", "attendance_below_80", "2024-06-30"),
        event("m", "attendance_below_80", "2024-12-31"),  # 年内: once a year
    ]
    r = simulate(doc, [subject("m")], events)["m"]
    assert r.total == 75.0  # 80 − 5


@pytest.mark.parametrize(
    ("kind", "points", "total", "grade"),
    [
        # l.833 −5/−10/−15/−20; l.851 警告/严重警告/撤职 → 当年警示, 留党察看 → 当年不合格
        ("warning", -5.0, 95.0, "warning"),
        ("serious_warning", -10.0, 90.0, "warning"),
        ("removal", -15.0, 85.0, "warning"),
        ("probation", -20.0, 80.0, "unqualified"),
    ],
)
def test_government_centre_party_sanction_sets_the_years_grade(doc, kind, points, total, grade):
    events = [
        event("m", "contribution", "2024-02-01", points=20),  # 80 + 20 = 100 before the sanction
        event("m", "party_sanction", "2024-04-01", kind=kind),
    ]
    r = simulate(doc, [subject("m")], events)["m"]
    assert r.variables["reverse_index"] == points
    assert (r.total, r.grade) == (total, grade)


def test_government_centre_legal_penalty_costs_points_but_sets_no_grade(doc):
    events = [
        event("m", "contribution", "2024-02-01", points=20),
        event("m", "legal_penalty", "2024-04-01", kind="fine"),  # −10
    ]
    subjects = [subject("m"), *[subject(f"o{n}") for n in range(4)]]
    r = simulate(doc, subjects, events)["m"]
    # 80 + 20 − 10 = 90, basic 80 ≥ 75: 先锋 (⌊5 × 20%⌋ = 1 place); only 党内处分 set the grade
    assert (r.total, r.grade) == (90.0, "vanguard")
    assert "commend_and_recommend_first" in r.flags


def test_government_centre_under_investigation_and_veto_are_unqualified(doc):
    subjects = [subject("inv"), subject("veto"), subject("ok")]
    events = [
        event("inv", "under_investigation", "2024-05-01"),
        event("veto", "contribution", "2024-02-01", points=20),
        event("veto", "one_vote_veto", "2024-05-01", ground="defiance_or_fraud"),
    ]
    r = simulate(doc, subjects, events)
    # 正处于纪委、公检法部门处理过程中 → 一律作为不合格党员对待 (l.851)
    assert (r["inv"].total, r["inv"].grade) == (80.0, "unqualified")
    assert "organisational_handling" in r["inv"].flags
    # 一票否决 (l.835): the lowest grade whatever the score (100)
    assert (r["veto"].total, r["veto"].grade, r["veto"].vetoed) == (100.0, "unqualified", True)
    assert "veto:lowest_grade" in r["veto"].flags
    assert r["ok"].grade == "qualified" and "heart_to_heart_talk" in r["ok"].flags


def test_government_centre_deductions_have_no_floor_but_the_total_stops_at_zero(doc):
    events = [
        event("m", "other_deduction", "2024-02-01", points=-20),
        event("m", "other_deduction", "2024-03-01", points=-20),
        event("m", "other_deduction", "2024-04-01", points=-20),
        event("m", "other_deduction", "2024-05-01", points=-20),
        event("m", "legal_penalty", "2024-06-01", kind="detention"),
    ]
    r = simulate(doc, [subject("m")], events)["m"]
    # 反向扣分 −80 − 15 = −95 (不设置下限); 80 − 95 = −15 -> 最低分为0
    assert r.buckets["deduction"] == -95.0
    assert (r.variables["raw_total"], r.total, r.grade) == (-15.0, 0.0, "warning")


def test_government_centre_bonus_is_capped_at_twenty_and_the_total_at_one_hundred(doc):
    subjects = [subject("b"), subject("r")]
    events = [
        # b: 15 + 10 = 25 -> 正向加分指数上限20; basic 80 + 20 = 100
        event("b", "contribution", "2024-03-01", points=15),
        event("b", "contribution", "2024-09-01", points=10),
        # r: 评议 excellent both halves (20) + bonus 10 = 80 + 20 + 10 = 110 -> 最高分为100
        event("r", "review_outcome", "2024-06-20", outcome="excellent"),
        event("r", "review_outcome", "2024-12-20", outcome="excellent"),
        event("r", "contribution", "2024-03-01", points=10),
    ]
    r = simulate(doc, subjects, events)
    assert r["b"].buckets["bonus"] == 20.0 and r["b"].total == 100.0
    assert r["r"].buckets["review"] == 20.0 and r["r"].variables["raw_total"] == 110.0
    assert r["r"].total == 100.0


def test_government_centre_review_is_the_mean_of_the_two_half_years(doc):
    subjects = [subject("both"), subject("second")]
    events = [
        # both: superstition −10 (basic 70); 评议 H1 excellent 20, H2 qualified 15 -> 17.5
        event("both", "superstition", "2024-03-01"),
        event("both", "review_outcome", "2024-06-20", outcome="excellent"),
        event("both", "review_outcome", "2024-12-20", outcome="qualified"),
        # second: reviewed only in the second half, basic: (0 + 10) / 2 = 5
        event("second", "review_outcome", "2024-12-20", outcome="basic"),
    ]
    r = simulate(doc, subjects, events)
    # both: 70 + 17.5 = 87.5 合格 ("60-89分": 87.5 < 90)
    assert r["both"].buckets["review"] == 17.5
    assert (r["both"].total, r["both"].grade) == (87.5, "qualified")
    assert r["second"].buckets["review"] == 5.0 and r["second"].total == 85.0


@pytest.mark.parametrize(
    ("events", "total", "grade"),
    [
        # basic 80 + bonus 10 = 90 先锋 ("90分以上", basic 80 ≥ 75); with four more members at 80
        # the quota has ⌊5 × 20%⌋ = 1 place
        ([("contribution", {"points": 10})], 90.0, "vanguard"),
        # basic 80 − 2 − 2 (党性教育) − 1 (请假) = 75, + 15 = 90: "不低于75分" holds
        (
            [
                ("party_education_short", {}),
                ("party_education_short", {}),
                ("meeting_leave", {}),
                ("contribution", {"points": 15}),
            ],
            90.0,
            "vanguard",
        ),
        # basic 80 − 2 − 2 − 2 (旷会) = 74, + 16 = 90: "基本指数分不低于75分" fails -> 合格
        (
            [
                ("party_education_short", {}),
                ("party_education_short", {}),
                ("meeting_absent", {}),
                ("contribution", {"points": 16}),
            ],
            90.0,
            "qualified",
        ),
        # 80 + review 7.5 (H1 qualified 15, H2 none) + 2 = 89.5 合格
        (
            [("review_outcome", {"outcome": "qualified"}), ("contribution", {"points": 2})],
            89.5,
            "qualified",
        ),
        # 80 − 20 = 60 合格 ("60-89分")
        ([("other_deduction", {"points": -20})], 60.0, "qualified"),
        # 80 − 20 − 8 + 7.5 = 59.5 警示 ("60分以下")
        (
            [
                ("other_deduction", {"points": -20}),
                ("other_deduction", {"points": -8}),
                ("review_outcome", {"outcome": "qualified"}),
            ],
            59.5,
            "warning",
        ),
    ],
)
def test_government_centre_band_edges(doc, events, total, grade):
    subjects = [subject("m"), *[subject(f"o{n}") for n in range(4)]]
    booked = [event("m", item, "2024-03-01", **attrs) for item, attrs in events]
    r = simulate(doc, subjects, booked)
    assert (r["m"].total, r["m"].grade) == (total, grade)


def test_government_centre_two_years_warning_and_probationary_members(doc):
    warned = (PreviousResult(date(2023, 1, 1), 55.0, "warning"),)
    subjects = [
        subject("w2", previous=warned),
        subject("p1", attributes={"status": "probationary"}),
        subject("p2", attributes={"status": "probationary"}, previous=warned),
    ]
    # everyone: 80 − 25 = 55 警示
    events = [event(s, "other_deduction", "2024-03-01", points=-20) for s in ("w2", "p1", "p2")]
    events += [event(s, "misbehaviour", "2024-04-01") for s in ("w2", "p1", "p2")]
    r = simulate(doc, subjects, events)
    # 连续两年综合评价为警示党员的为不合格党员
    assert (r["w2"].total, r["w2"].grade) == (55.0, "unqualified")
    assert "organisational_handling" in r["w2"].flags
    # 预备党员 警示 → 延长预备期一年; 连续两年警示 → 取消预备党员资格
    assert r["p1"].grade == "warning"
    assert {"probation_extended_one_year", "talk_and_pairing_help"} <= set(r["p1"].flags)
    assert r["p2"].grade == "unqualified" and "probation_cancelled" in r["p2"].flags


def test_government_centre_quota_ties_go_by_raw_score_then_to_the_committee(doc):
    # ten members: 20% of 10 = 2 places for 先锋
    subjects = [subject(f"m{n}") for n in range(10)]
    review = [
        event(s, "review_outcome", on, outcome="excellent")
        for s in ("m0", "m1", "m2")
        for on in ("2024-06-20", "2024-12-20")
    ]
    events = [
        *review,  # m0, m1, m2: 80 + 20 = 100
        event("m0", "contribution", "2024-03-01", points=20),  # raw 120
        event("m1", "contribution", "2024-03-01", points=10),  # raw 110
        event("m2", "contribution", "2024-03-01", points=5),  # raw 105
    ]
    r = simulate(doc, subjects, events)
    # all three 100 (rank 1); the raw score before the clamp orders them: m0, m1 in, m2 out
    assert [r[m].total for m in ("m0", "m1", "m2")] == [100.0, 100.0, 100.0]
    assert [r[m].grade for m in ("m0", "m1", "m2")] == ["vanguard", "vanguard", "qualified"]
    # an exact tie on every key at the boundary goes to the branch committee
    tied = [*review, *[event(s, "contribution", "2024-03-01", points=10) for s in ("m0", "m1")]]
    tied.append(event("m2", "contribution", "2024-03-01", points=10))
    with pytest.raises(QuotaTieUnresolved) as caught:
        simulate(doc, subjects, tied)
    (tie,) = caught.value.ties
    assert (tie.places, tie.tied) == (2, ("m0", "m1", "m2"))
    r = simulate(doc, subjects, tied, decisions={tie.key: ["m0", "m2"]})
    assert [r[m].grade for m in ("m0", "m1", "m2")] == ["vanguard", "qualified", "vanguard"]


def test_government_centre_exempt_member_is_not_assessed(doc):
    # l.791: 长期有病 … 本人书面申请, 党员大会讨论, 领导小组审批可不参加
    r = simulate(doc, [subject("x", exempt=True)], [])["x"]
    assert r.total is None and "exempt" in r.flags
