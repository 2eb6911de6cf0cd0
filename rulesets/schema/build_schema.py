"""Source of `ruleset.schema.json`; run `python -m rulesets.schema.build_schema` after edits."""

from __future__ import annotations

import json
from pathlib import Path

from rulesets.visibility import FIELDS as VISIBLE_FIELDS
from rulesets.visibility import OBJECTORS

CODE = {"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_.-]*$"}
NUM = {"type": "number"}
TEXT = {"type": "string"}
CODES = {"type": "array", "items": CODE}
SCALAR = {"type": ["string", "number", "boolean"]}
SHARE = {
    "description": "A share of the group: a fraction (1/3), a percentage (15%) or a decimal "
    "(0.15); computed exactly.",
    "anyOf": [
        {"type": "number", "exclusiveMinimum": 0},
        {
            "type": "string",
            "pattern": r"^\s*(\d+(\.\d+)?\s*/\s*\d+(\.\d+)?|\d+(\.\d+)?\s*%|\d+(\.\d+)?)\s*$",
        },
    ],
}

WHEN = {
    "description": "Conditions, all of which must hold. Keys: subject.<attr>, event.<attr>, "
    "context.<counter> or `category`; values: a scalar (equals), a list (one of), or "
    "{at_least|at_most|not: …}.",
    "type": "object",
    "additionalProperties": {
        "anyOf": [
            SCALAR,
            {"type": "array", "items": SCALAR},
            {
                "type": "object",
                "additionalProperties": False,
                "properties": {"at_least": NUM, "at_most": NUM, "not": SCALAR},
            },
        ]
    },
}


def obj(props: dict, required: tuple[str, ...] = (), **extra) -> dict:
    out = {"type": "object", "additionalProperties": False, "properties": props, **extra}
    if required:
        out["required"] = list(required)
    return out


TIE_BREAK = {
    "description": "Ties at a quota's boundary are ordered by these keys in turn (a formula "
    "over the subject's names: a bucket, points_lost, count_deductions …).",
    "type": "array",
    "items": obj({"by": TEXT, "order": {"enum": ["desc", "asc"]}}, ("by",)),
}
BUCKET = obj(
    {
        "code": CODE,
        "title": TEXT,
        "initial": NUM,
        "floor": {"type": ["number", "null"]},
        "cap": {"type": ["number", "null"]},
        "per": {"enum": ["period", "month", "quarter", "half", "week"]},
        "aggregate": {"enum": ["sum", "mean"]},
        "carry_over": obj(
            {"share": NUM, "from": {"enum": ["previous_period", "previous_sub_period"]}},
            ("share",),
        ),
    },
    ("code",),
)
ATTRIBUTE = obj(
    {
        "type": {"enum": ["string", "number", "integer", "boolean", "date"]},
        "required": {"type": "boolean"},
        "values": {"type": "array", "items": SCALAR, "minItems": 1, "maxItems": 100},
        "min": NUM,
        "max": NUM,
        "max_length": {"type": "integer", "minimum": 1, "maximum": 500},
        "title": TEXT,
    },
    ("type",),
)
VARIANT = obj(
    {"code": CODE, "when": WHEN, "points": NUM, "factor": NUM, "bucket": CODE, "title": TEXT},
    ("when",),
)
ITEM = obj(
    {
        "code": CODE,
        "title": TEXT,
        "bucket": CODE,
        "points": NUM,
        "points_by": obj(
            {"attribute": TEXT, "values": {"type": "object", "additionalProperties": NUM}},
            ("attribute", "values"),
        ),
        "points_range": {"type": "array", "items": NUM, "minItems": 2, "maxItems": 2},
        "votes": {"type": "object", "additionalProperties": NUM},
        "per_quantity": {"type": "boolean"},
        "quantity": obj(
            {
                "fractions": {
                    "type": "boolean",
                    "description": "Quantities like 1.5 (hours); otherwise a whole number.",
                },
                "max": {"type": "number", "exclusiveMinimum": 0},
            },
            description="What one event's quantity may be (default: a whole number ≥ 1).",
        ),
        "limit": obj({"occurrences": {"type": "integer", "minimum": 1}, "points": NUM}),
        "group": CODE,
        "declared_by": {"type": "array", "items": TEXT},
        "evidence": {"enum": ["required", "optional", "none"]},
        "veto": {"enum": ["zero_period", "lowest_grade", "bar_redemption"]},
        "escalate": obj({"at_occurrence": {"type": "integer", "minimum": 1}, "code": CODE}),
        "variants": {"type": "array", "items": VARIANT, "maxItems": 12},
        "attributes": {
            "description": "Event attributes the item accepts besides those its definition "
            "reads (points_by, points_range, votes, a group key, conditions).",
            "type": "object",
            "propertyNames": {"pattern": "^[A-Za-z_][A-Za-z0-9_]{0,63}$"},
            "additionalProperties": ATTRIBUTE,
            "maxProperties": 32,
        },
        "categories": CODES,
        "note": TEXT,
    },
    ("code", "bucket"),
)
BAND = obj(
    {
        "code": CODE,
        "title": TEXT,
        "min": NUM,
        "below": NUM,
        "requires": TEXT,
        "stars": {"type": "integer", "minimum": 0},
    },
    ("code",),
)
CATEGORY = obj(
    {
        "code": CODE,
        "title": TEXT,
        "initial": {"type": "object", "additionalProperties": NUM},
        "items": CODES,
        "grades": {"type": "array", "items": BAND},
        "default_grade": CODE,
        "note": TEXT,
    },
    ("code",),
)
SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://jifen.example/schema/ruleset.schema.json",
    "title": "Jifen ruleset",
    "description": "One points scheme: subjects, period, buckets, items, combination rules, "
    "vetoes, scoring and procedure. See rulesets/README.md.",
    **obj(
        {
            "schema": {"const": "jifen/ruleset/1"},
            "ruleset": CODE,
            "title": TEXT,
            "version": TEXT,
            "extends": {"type": ["string", "null"]},
            "source": obj(
                {"seed": TEXT, "article": TEXT, "defaults": {"type": "array", "items": TEXT}}
            ),
            "remove": obj({"items": CODES, "vetoes": CODES, "buckets": CODES}),
            "subject": obj(
                {"kind": TEXT, "categories": {"type": "array", "items": CATEGORY}}, ("kind",)
            ),
            "period": obj(
                {
                    "unit": {"enum": ["year", "half", "quarter", "month", "week", "term"]},
                    "starts": {"type": "string", "pattern": "^[0-9]{2}-[0-9]{2}$"},
                    "sub_period": {"enum": ["month", "quarter", "half", "week", "none"]},
                    "term_months": {"type": "integer", "minimum": 1, "maximum": 12},
                },
                ("unit",),
            ),
            "buckets": {"type": "array", "items": BUCKET, "minItems": 1},
            "items": {"type": "array", "items": ITEM},
            "counters": {
                "type": "object",
                "additionalProperties": obj(
                    {"kind": {"enum": ["consecutive_months", "count"]}, "items": CODES},
                    ("kind", "items"),
                ),
            },
            "combination": obj(
                {
                    "groups": {
                        "type": "array",
                        "items": obj(
                            {
                                "code": CODE,
                                "title": TEXT,
                                "rule": {"enum": ["largest_only"]},
                                "key": TEXT,
                            },
                            ("code", "rule"),
                        ),
                    },
                    "role_multipliers": {
                        "type": "array",
                        "items": obj(
                            {
                                "when": WHEN,
                                "factor": NUM,
                                "applies_to": {"enum": ["deductions", "bonuses", "all"]},
                                "buckets": CODES,
                            },
                            ("when", "factor"),
                        ),
                    },
                    "fraud": obj({"attribute": TEXT, "factor": NUM, "bucket": CODE}, ("factor",)),
                    "collective": obj({"attribute": TEXT, "share": NUM}, ("share",)),
                }
            ),
            "vetoes": {
                "type": "array",
                "items": obj(
                    {
                        "code": CODE,
                        "title": TEXT,
                        "counter": CODE,
                        "at_least": NUM,
                        "items": CODES,
                        "effect": {"enum": ["zero_period", "lowest_grade", "bar_redemption"]},
                    },
                    ("code", "counter", "at_least", "effect"),
                ),
            },
            "requirements": {
                "type": "array",
                "items": obj(
                    {
                        "code": CODE,
                        "title": TEXT,
                        "when": WHEN,
                        "item": CODE,
                        "at_least": {"type": "integer", "minimum": 1},
                        "points_per_missing": NUM,
                        "bucket": CODE,
                    },
                    ("code", "item", "at_least"),
                ),
            },
            "scoring": obj(
                {
                    "formulas": {"type": "object", "additionalProperties": TEXT},
                    "total": TEXT,
                    "clamp": {"type": "array", "items": NUM, "minItems": 2, "maxItems": 2},
                    "round": {"type": "integer", "minimum": 0, "maximum": 6},
                    "grades": {"type": "array", "items": BAND},
                    "grade_on": TEXT,
                    "quotas": {
                        "type": "array",
                        "items": obj(
                            {
                                "grade": CODE,
                                "max_share": SHARE,
                                "scope": {"enum": ["all", "category"]},
                                "tie_break": TIE_BREAK,
                                "ties": {
                                    "description": "What a tie left at the boundary after "
                                    "tie_break gets: all_in (all admitted), all_out (all "
                                    "demoted) or committee (the close waits for its decision).",
                                    "enum": ["all_in", "all_out", "committee"],
                                },
                            },
                            ("grade", "max_share"),
                        ),
                    },
                    "rank": obj(
                        {
                            "by": TEXT,
                            "order": {"enum": ["desc", "asc"]},
                            "scope": {"enum": ["all", "category"]},
                        }
                    ),
                    "stars": obj(
                        {
                            "levels": {
                                "type": "array",
                                "items": obj(
                                    {"stars": {"type": "integer"}, "top": SHARE}, ("stars", "top")
                                ),
                            },
                            "floor": TEXT,
                        },
                        ("levels",),
                    ),
                    "grade_adjustments": {
                        "type": "array",
                        "items": obj(
                            {
                                "code": CODE,
                                "when": TEXT,
                                "shift": {"type": "integer"},
                                "grade": CODE,
                            },
                            ("code", "when"),
                        ),
                    },
                    "across_periods": {
                        "type": "array",
                        "items": obj(
                            {
                                "code": CODE,
                                "grades": CODES,
                                "consecutive": {"type": "integer", "minimum": 2},
                                "then": CODE,
                                "flag": CODE,
                            },
                            ("code", "grades", "consecutive"),
                            anyOf=[{"required": ["then"]}, {"required": ["flag"]}],
                        ),
                    },
                    "consequences": {
                        "type": "array",
                        "items": obj(
                            {"when": WHEN, "grades": CODES, "flag": CODE}, ("grades", "flag")
                        ),
                    },
                    "exemptions": obj(
                        {
                            "joined_within_months": {"type": "integer", "minimum": 1},
                            "action": {"enum": ["not_assessed", "no_honours"]},
                            "honours": CODES,
                        },
                        ("joined_within_months", "action"),
                    ),
                    "partial": obj({"missing_sub_periods": {"enum": ["branch_average", "zero"]}}),
                    "flags": {
                        "type": "array",
                        "items": obj(
                            {
                                "code": CODE,
                                "when": TEXT,
                                "per": {
                                    "description": "Decide the flag in each sub-period: "
                                    "totals and ranks as of its end, points_lost and "
                                    "points_gained of the sub-period itself.",
                                    "enum": ["week", "month", "quarter", "half"],
                                },
                            },
                            ("code", "when"),
                        ),
                    },
                },
                ("total",),
            ),
            "redemption": obj(
                {
                    "buckets": {"type": "array", "items": CODE, "minItems": 1},
                    "reset": {"enum": ["period_end", "never"]},
                    "budget": obj(
                        {
                            "yuan_per_subject": {
                                "description": "The shop unit's yearly reward budget: this "
                                "many yuan per scored subject (resident, household) under it.",
                                "type": "number",
                                "minimum": 0,
                            },
                            "yuan_per_point": {
                                "description": "What one point of goods costs the budget.",
                                "type": "number",
                                "exclusiveMinimum": 0,
                            },
                        },
                        ("yuan_per_subject", "yuan_per_point"),
                    ),
                },
                ("buckets", "reset"),
            ),
            "risk_grading": obj(
                {
                    "source": TEXT,
                    "static_factors": {
                        "description": "The static factor table (from the licence file): one "
                        "row per factor, scored by the band its recorded value falls in; a "
                        "value of 0 or none scores 0 (a factor the business lacks).",
                        "type": "array",
                        "items": obj(
                            {
                                "code": CODE,
                                "title": TEXT,
                                "group": TEXT,
                                "unit": TEXT,
                                "max": NUM,
                                "bands": {
                                    "type": "array",
                                    "minItems": 1,
                                    "items": obj({"up_to": NUM, "points": NUM}, ("points",)),
                                },
                            },
                            ("code", "title", "max", "bands"),
                        ),
                    },
                    "dynamic_checklist": {
                        "description": "The dynamic factor table (an inspection's checklist): "
                        "an item answered `fail` adds its points to the dynamic score.",
                        "type": "array",
                        "items": obj(
                            {"code": CODE, "title": TEXT, "group": TEXT, "points": NUM},
                            ("code", "title", "points"),
                        ),
                    },
                    "public": obj(
                        {
                            "fields": {
                                "type": "array",
                                "items": {
                                    "enum": [
                                        "name",
                                        "grade",
                                        "last_inspected_on",
                                        "area",
                                        "address",
                                        "licence_no",
                                        "business_type",
                                    ]
                                },
                            },
                            "licence": TEXT,
                        }
                    ),
                    "appeal_days": {"type": "integer", "minimum": 0},
                    "appeal_answer_days": {"type": "integer", "minimum": 0},
                }
            ),
            "public": obj(
                {
                    "entries": {
                        "type": "array",
                        "items": {"enum": list(VISIBLE_FIELDS)},
                        "uniqueItems": True,
                    },
                    "members": {
                        "type": "array",
                        "items": {"enum": list(VISIBLE_FIELDS)},
                        "uniqueItems": True,
                    },
                    "mask_deductions": {"type": "boolean"},
                    "objectors": {"enum": list(OBJECTORS)},
                    "village_board": {
                        "type": "object",
                        "properties": {
                            "red_list_size": {"type": "integer"},
                            "black_list_size": {"type": "integer"},
                            "deductions": {"type": "string"},
                        },
                        "additionalProperties": False,
                    },
                }
            ),
            "procedure": obj(
                {
                    "publicity_days": {"type": "integer", "minimum": 0},
                    "publicity_calendar": {"enum": ["calendar", "working"]},
                    "objection_answer_days": {"type": "integer", "minimum": 0},
                    "objection_answer_calendar": {"enum": ["calendar", "working"]},
                    "declaration": {"enum": ["monthly", "quarterly", "yearly", "any_time"]},
                    "declaration_deadline_days": {"type": "integer", "minimum": 0},
                    "review": {"enum": ["monthly", "quarterly", "half_yearly", "yearly"]},
                }
            ),
        },
        ("schema", "ruleset", "subject", "period", "buckets", "scoring"),
    ),
}

PATH = Path(__file__).with_name("ruleset.schema.json")

if __name__ == "__main__":
    PATH.write_text(json.dumps(SCHEMA, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
