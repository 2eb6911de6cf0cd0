"""Evaluation groups and cross review (seed 004 第一篇 四(三)–(四)).

A village forms evaluation groups of at least five, one per area (片/组: a grid of at most
100 households). Each group looks after its own area day to day, but when points are
reviewed before publicity, groups review each other's areas (交叉考察评议): the village
assigns which group reviews which area (`cross_review_assign`), and only members of a group
assigned to an area may take the review step for its declarations as evaluators
(`policy.require_reviewer`); a group never reviews its own area.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from jifen import policy
from jifen.audit.services import audit_record
from jifen.errors import Conflict, ValidationFailed
from jifen.org.models import EVALUATION_GROUP_MIN, CrossReview, EvaluationGroup, OrgUnit
from jifen.policy import Action


def _village(area: OrgUnit) -> OrgUnit:
    """The unit that forms the groups of `area`: its parent (the village of a grid)."""
    if area.depth <= 1:
        return area
    return OrgUnit.objects.get(path=area.path[: -OrgUnit.steplen])


def evaluation_group_create(
    *, actor, area: OrgUnit, name: str, members: Sequence
) -> EvaluationGroup:
    """Form a group for `area` with at least five members (village cadres, 小组长, 村务监督
    委员会成员, party members and villagers' representatives)."""
    policy.require(actor, Action.ASSIGN_REVIEW, _village(area))
    name = name.strip()
    if not name:
        raise ValidationFailed(_("give the evaluation group a name."), field="name")
    people = list({u.pk: u for u in members}.values())
    if len(people) < EVALUATION_GROUP_MIN:
        raise ValidationFailed(
            _("an evaluation group has at least %(min)s members; %(n)s given.")
            % {"min": EVALUATION_GROUP_MIN, "n": len(people)},
            field="usernames",
        )
    with transaction.atomic():
        if EvaluationGroup.objects.filter(area=area, name=name).exists():
            raise Conflict(
                _("%(area)s already has a group named %(name)s.")
                % {"area": area.name, "name": name},
                field="name",
            )
        group = EvaluationGroup.objects.create(area=area, name=name)
        group.members.set(people)
        audit_record(
            actor=actor,
            action="evaluation_group.create",
            target=group,
            after={"area": area.name, "members": sorted(u.username for u in people)},
        )
    return group


def cross_review_assign(*, actor, group: EvaluationGroup, reviewed: OrgUnit) -> CrossReview:
    """Let `group` review the declarations of `reviewed`, another area of the same village."""
    village = _village(group.area)
    policy.require(actor, Action.ASSIGN_REVIEW, village)
    own = group.area
    if reviewed.path.startswith(own.path) or own.path.startswith(reviewed.path):
        raise ValidationFailed(
            _("%(group)s looks after %(area)s; a group reviews another group's area, not its own.")
            % {"group": group.name, "area": own.name},
            field="unit",
        )
    if not reviewed.path.startswith(village.path):
        raise ValidationFailed(
            _("%(unit)s is not an area of %(village)s; choose an area of the same village.")
            % {"unit": reviewed.name, "village": village.name},
            field="unit",
        )
    count = group.members.count()
    if count < EVALUATION_GROUP_MIN:
        raise ValidationFailed(
            _("%(group)s has %(n)s members; a group that reviews needs at least %(min)s.")
            % {"group": group.name, "n": count, "min": EVALUATION_GROUP_MIN},
            field="group",
        )
    with transaction.atomic():
        review, created = CrossReview.objects.get_or_create(
            group=group, reviewed=reviewed, defaults={"assigned_by": actor}
        )
        if created:
            audit_record(
                actor=actor, action="cross_review.assign", target=review, after=str(review)
            )
    return review


def reviewing_groups(*, user, unit: OrgUnit) -> list[EvaluationGroup]:
    """The groups of `user` assigned to review `unit` (or an area above it)."""
    return list(
        EvaluationGroup.objects.filter(
            members=user, reviews__reviewed__path__in=unit.ancestor_paths()
        ).distinct()
    )


def own_areas(*, user) -> list[OrgUnit]:
    """The areas `user`'s groups look after."""
    return list(OrgUnit.objects.filter(evaluation_groups__members=user).distinct())
