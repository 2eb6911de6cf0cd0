import graphene
from graphene_django import DjangoConnectionField

from jifen.graphql.core import pk_of
from jifen.graphql.ledger.mutations.entry_reverse import EntryReverse
from jifen.graphql.ledger.mutations.event_record import EventRecord
from jifen.graphql.ledger.mutations.events_import import EventsImport, ImportJobType
from jifen.graphql.ledger.types import AccountNode
from jifen.ledger import selectors
from jifen.subjects.selectors import subject_list


class LedgerQueries(graphene.ObjectType):
    accounts = DjangoConnectionField(
        AccountNode,
        subject=graphene.ID(description="Only this subject's accounts."),
        period_on=graphene.Date(description="Only the accounts whose period contains this day."),
        description="Points accounts of the subjects you may see.",
    )
    account = graphene.Field(AccountNode, id=graphene.ID(required=True))
    events_import_job = graphene.Field(
        ImportJobType,
        id=graphene.ID(required=True),
        description="An import you started that a worker books (eventsImport's `job`).",
    )

    def resolve_events_import_job(self, info, id):
        pk = pk_of(id, "EventsImportJob")
        job = selectors.import_job_of(user=info.context.user, pk=pk or 0)
        return ImportJobType.of(job) if job is not None else None

    def resolve_accounts(self, info, subject=None, period_on=None, **kwargs):
        visible = subject_list(user=info.context.user)
        if subject is not None:
            visible = visible.filter(pk=pk_of(subject, "Subject") or 0)
        return selectors.account_list(subject_ids=visible.values("pk"), period_on=period_on)

    def resolve_account(self, info, id):
        pk = pk_of(id, "Account")
        visible = subject_list(user=info.context.user).values("pk")
        return selectors.account_list(subject_ids=visible).filter(pk=pk or 0).first()


class LedgerMutations(graphene.ObjectType):
    event_record = EventRecord.Field()
    events_import = EventsImport.Field()
    entry_reverse = EntryReverse.Field()
