import graphene

from jifen.graphql.core import Error, error_from, not_found, pk_of
from jifen.graphql.ledger.types import EntryNode
from jifen.ledger import services
from jifen.ledger.errors import LedgerError
from jifen.ledger.models import Entry
from jifen.org.models import Role
from jifen.procedure.errors import Forbidden
from jifen.procedure.permissions import require, scoring_unit
from jifen.subjects.selectors import subject_list

CORRECTORS = (Role.SECRETARY, Role.SUPERIOR, Role.ADMIN)


class EntryReverse(graphene.Mutation):
    """Cancel an entry by appending its negation with a reason (secretaries, superiors
    and administrators over the subject's unit); the original stays in the chain."""

    class Arguments:
        entry = graphene.ID(required=True)
        reason = graphene.String(required=True)

    reversal = graphene.Field(EntryNode)
    errors = graphene.List(graphene.NonNull(Error), required=True)

    def mutate(self, info, entry, reason):
        user = info.context.user
        pk = pk_of(entry, "Entry")
        visible = subject_list(user=user).values("pk")
        found = (
            Entry.objects.filter(pk=pk, account__subject_id__in=visible)
            .select_related("account__subject__home_unit", "account__subject__host_unit")
            .first()
            if pk
            else None
        )
        if found is None:
            return EntryReverse(errors=[not_found("entry", "entry")])
        try:
            require(user, scoring_unit(found.account.subject), CORRECTORS, "correcting entries")
            reversal = services.entry_reverse(entry=found, reason=reason, user=user)
        except (Forbidden, LedgerError) as exc:
            return EntryReverse(errors=[error_from(exc)])
        return EntryReverse(reversal=reversal, errors=[])
