// One declaration, board, objection or host report by its id: where a notification leads
// (the list pages show many; this shows the one the notification is about).
import { Card, Descriptions, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { ExportButton } from "../../components/ExportButton";
import { useQuery } from "urql";
import { EnumTag } from "../../components/EnumTag";
import { QueryState } from "../../components/QueryState";
import { graphql } from "../../graphql";
import type { ItemQuery } from "../../graphql/graphql";
import { formatDate, formatDateTime } from "../../lib/format";

export const ItemDocument = graphql(`
  query Item($id: ID!) {
    node(id: $id) {
      __typename
      id
      ... on Declaration {
        subjectName
        item
        occurredOn
        status
        note
        reviewReason
        unit {
          name
        }
      }
      ... on Board {
        kind
        boardStatus: status
        coversStart
        coversEnd
        closesOn
        boardUnit: unit {
          name
        }
      }
      ... on Objection {
        objectionStatus: status
        outcome
        subjectName
        reason
        answer
        answerDue
        raisedAt
        handledBy {
          name
        }
      }
      ... on HostReport {
        reportStatus: status
        coversStart
        coversEnd
        reviewReason
        hostUnit {
          name
        }
        homeUnit {
          name
        }
      }
    }
  }
`);

type Node = NonNullable<ItemQuery["node"]>;

/** The rows of one item, and the list page it belongs to. */
export function itemRows(node: Node, t: (key: string) => string): { title: string; list: string; rows: [string, React.ReactNode][] } {
  switch (node.__typename) {
    case "Declaration":
      return {
        title: t("item.declaration"),
        list: "/declarations",
        rows: [
          [t("item.subject"), node.subjectName],
          [t("item.item"), node.item],
          [t("item.day"), formatDate(node.occurredOn)],
          [t("item.unit"), node.unit.name],
          [t("item.status"), <EnumTag type="DeclarationStatus" value={node.status} />],
          [t("item.note"), node.reviewReason || node.note],
        ],
      };
    case "Board":
      return {
        title: t("item.board"),
        list: "/boards",
        rows: [
          [t("item.unit"), node.boardUnit.name],
          [t("item.covers"), `${formatDate(node.coversStart)} – ${formatDate(node.coversEnd)}`],
          [t("item.closesOn"), formatDate(node.closesOn)],
          [t("item.kind"), <EnumTag type="BoardKind" value={node.kind} />],
          [t("item.status"), <EnumTag type="BoardStatus" value={node.boardStatus} />],
        ],
      };
    case "Objection":
      return {
        title: t("item.objection"),
        list: "/boards/objections",
        rows: [
          [t("item.subject"), node.subjectName],
          [t("item.unit"), node.handledBy.name],
          [t("item.raisedAt"), formatDateTime(node.raisedAt)],
          [t("item.reason"), node.reason],
          [t("item.answerDue"), formatDate(node.answerDue)],
          [t("item.status"), <EnumTag type="ObjectionStatus" value={node.objectionStatus} />],
          [t("item.outcome"), <EnumTag type="ObjectionOutcome" value={node.outcome} />],
          [t("item.answer"), node.answer],
        ],
      };
    case "HostReport":
      return {
        title: t("item.hostReport"),
        list: "/results/host-reports",
        rows: [
          [t("item.host"), node.hostUnit.name],
          [t("item.home"), node.homeUnit.name],
          [t("item.covers"), `${formatDate(node.coversStart)} – ${formatDate(node.coversEnd)}`],
          [t("item.status"), <EnumTag type="HostReportStatus" value={node.reportStatus} />],
          [t("item.note"), node.reviewReason],
        ],
      };
    default:
      return { title: t("item.unknown"), list: "/", rows: [] };
  }
}

export function ItemPage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const [{ data, fetching, error }, refetch] = useQuery({ query: ItemDocument, variables: { id } });
  const node = data?.node ?? null;
  const shown = node ? itemRows(node, t) : null;
  return (
    <QueryState fetching={fetching} error={error} hasData={!!data} empty={!shown} emptyText={t("item.notFound")} retry={() => refetch({ requestPolicy: "network-only" })}>
      {shown && (
        <Card title={<Typography.Title level={4} style={{ margin: 0 }}>{shown.title}</Typography.Title>} extra={<Link to={shown.list}>{t("item.all")}</Link>}>
          <Descriptions column={1} bordered size="small" items={shown.rows.map(([label, value], i) => ({ key: String(i), label, children: value }))} />
          {node?.__typename === "Board" && (
            <div style={{ marginTop: 12 }}>
              <ExportButton form="BOARD_NOTICE" target={{ board: node.id }} />
            </div>
          )}
        </Card>
      )}
    </QueryState>
  );
}
