"""Units and subjects behind global ids, through the scoped selectors. A malformed id, an id
of another type or tenant, or one outside the caller's scope all give None, so callers
answer `not_found` and never confirm that something exists."""

from jifen.graphql.core import pk_of
from jifen.org.selectors import unit_get
from jifen.subjects.selectors import subject_get


def unit(info, global_id):
    pk = pk_of(global_id, "OrgUnit")
    return unit_get(user=info.context.user, pk=pk) if pk else None


def subject(info, global_id):
    pk = pk_of(global_id, "Subject")
    return subject_get(user=info.context.user, pk=pk) if pk else None
