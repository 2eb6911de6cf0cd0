"""What-if of a draft: requested by a mutation, run by a worker, polled as a node."""

import graphene
from graphene_django import DjangoObjectType

from jifen.graphql import lookups
from jifen.graphql.core import CountableConnection
from jifen.graphql.ids import Node
from jifen.graphql.rulebook.types import RulesetMutation
from jifen.procedure.models import WhatIf, WhatIfStatus
from jifen.procedure.services import whatif

WhatIfStatusEnum = graphene.Enum.from_enum(
    WhatIfStatus,
    name="WhatIfStatus",
    description=lambda m: "Where a what-if stands." if m is None else WhatIfStatus(m.value).label,
)


def _grade_changed(row) -> bool:
    # A tie at a quota boundary is the committee's to decide: where it falls under the draft
    # is not a change the draft makes.
    return row["old"]["grade"] != row["new"]["grade"] and not row["tie"]


class WhatIfStanding(graphene.ObjectType):
    """A subject's period result under one version."""

    total = graphene.Float(description="Null when the subject is not assessed.")
    grade = graphene.String(description="The grade's code (its title is in the ruleset).")
    rank = graphene.Int()


class WhatIfItem(graphene.ObjectType):
    """An item whose points for the subject differ between the two versions."""

    item = graphene.String(required=True)
    old = graphene.Float(required=True)
    new = graphene.Float(required=True)


class WhatIfRow(graphene.ObjectType):
    subject_name = graphene.String(required=True)
    old = graphene.Field(WhatIfStanding, required=True)
    new = graphene.Field(WhatIfStanding, required=True)
    grade_changed = graphene.Boolean(
        required=True,
        description="The draft gives another grade (a tie the committee decides is not one).",
    )
    tie = graphene.Boolean(
        required=True,
        description="In a quota tie the committee would decide (decided here by id order).",
    )
    items = graphene.List(
        graphene.NonNull(WhatIfItem),
        required=True,
        description="Why: the items that moved, largest change first.",
    )

    @staticmethod
    def of(row):
        return WhatIfRow(
            subject_name=row["name"],
            old=WhatIfStanding(**row["old"]),
            new=WhatIfStanding(**row["new"]),
            grade_changed=_grade_changed(row),
            tie=row["tie"],
            items=[WhatIfItem(**i) for i in row["items"]],
        )


class WhatIfSkipped(graphene.ObjectType):
    """Events the draft could not evaluate (an item it no longer has …), counted."""

    item = graphene.String(required=True)
    message = graphene.String(required=True)
    count = graphene.Int(required=True)


class WhatIfNode(DjangoObjectType):
    """A draft replayed over a unit's ended period; rows once `status` is DONE."""

    class Meta:
        model = WhatIf
        name = "WhatIf"
        fields = (
            "period_start", "period_end", "events_total", "events_done", "compared_with",
            "old_from_close", "failure", "created_at", "finished_at",
        )  # fmt: skip
        interfaces = (Node,)
        connection_class = CountableConnection

    status = graphene.Field(WhatIfStatusEnum, required=True)
    ruleset = graphene.String(required=True, description="The ruleset's code.")
    version_label = graphene.String(required=True, description="The draft's label (v3).")
    unit_name = graphene.String(required=True)
    rows = graphene.List(graphene.NonNull(WhatIfRow), required=True)
    grade_changes = graphene.Int(required=True, description="Subjects whose grade changes.")
    skipped = graphene.List(graphene.NonNull(WhatIfSkipped), required=True)

    @classmethod
    def get_queryset(cls, queryset, info):
        return whatif.what_ifs_of(user=info.context.user).select_related("version__ruleset", "unit")

    def resolve_status(self, info):
        return self.status

    def resolve_ruleset(self, info):
        return self.version.ruleset.code

    def resolve_version_label(self, info):
        return self.version.label

    def resolve_unit_name(self, info):
        return self.unit.name

    def resolve_rows(self, info):
        return [WhatIfRow.of(r) for r in self.rows]

    def resolve_grade_changes(self, info):
        return sum(1 for r in self.rows if _grade_changed(r))

    def resolve_skipped(self, info):
        return [WhatIfSkipped(**s) for s in self.skipped]


class RulesetWhatIf(RulesetMutation):
    """Replay the ruleset's open draft over the real, confirmed events of a unit's ended
    period (the last one unless `periodStart` names another), in a worker; poll `whatIf`."""

    class Arguments:
        code = graphene.String(required=True, description="The ruleset with the draft.")
        unit = graphene.ID(required=True)
        period_start = graphene.Date(
            description="A day of the period; the last ended one if absent."
        )

    what_if = graphene.Field(WhatIfNode)

    @classmethod
    def perform(cls, info, code, unit, period_start=None):
        job = whatif.what_if_request(
            actor=info.context.user,
            ruleset=lookups.ruleset(info, code),
            unit=lookups.unit(info, unit),
            period_start=period_start,
        )
        return cls(what_if=job, errors=[])
