import graphene

from jifen.exports import services
from jifen.graphql import lookups
from jifen.graphql.core import DomainMutation
from jifen.graphql.exports.types import ExportJobNode, FormKindEnum


def export_params(
    info, unit=None, subject=None, board=None, close=None, year=None, month=None
) -> dict:
    """The export's targets, looked up through the caller's scope (NOT_FOUND outside it)."""
    params = {"year": year, "month": month}
    if unit:
        params["unit"] = lookups.unit(info, unit).pk
    if subject:
        params["subject"] = lookups.subject(info, subject).pk
    if board:
        params["board"] = lookups.board(info, board).pk
    if close:
        params["close"] = lookups.period_close(info, close).pk
    return params


class ExportArguments:
    form = FormKindEnum(required=True)
    unit = graphene.ID(description="The branch (台账).")
    subject = graphene.ID(description="The member (登记卡), household (存折) or business.")
    board = graphene.ID(description="The board (公示).")
    close = graphene.ID(description="The closed period (汇总表).")
    year = graphene.Int()
    month = graphene.Int()


class ExportRequest(DomainMutation):
    """Build a paper form as xlsx in a worker (poll `exportJob`, then fetch `downloadUrl`).
    The same form prints on A4 from `/exports/print/<form>?…` with the same arguments."""

    Arguments = ExportArguments

    job = graphene.Field(ExportJobNode)

    @classmethod
    def perform(cls, info, form, **targets):
        job = services.export_request(
            actor=info.context.user,
            form=getattr(form, "value", form),
            params=export_params(info, **targets),
        )
        return cls(job=job, errors=[])
