// The superior countersigns a branch secretary's own scores (§14): declarations waiting
// for it; the board's next confirmation then confirms them.
import { App, Button, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, useQuery } from "urql";
import { useTitles } from "../../app/titles";
import { EnumTag } from "../../components/EnumTag";
import { Points } from "../../components/Points";
import { QueryState } from "../../components/QueryState";
import { ResponsiveTable } from "../../components/ResponsiveTable";
import { graphql } from "../../graphql";
import { requestErrorText } from "../../lib/errors";
import { formatDate } from "../../lib/format";
import { bookedPoints } from "../declarations/Declarations";

export const CountersignQueueDocument = graphql(`
  query CountersignQueue($offset: Int, $first: Int) {
    declarations(countersignPending: true, offset: $offset, first: $first) {
      totalCount
      edges {
        node {
          id
          subjectName
          item
          occurredOn
          status
          countersignRequired
          countersignedAt
          unit {
            name
          }
          entries {
            points
            kind
          }
        }
      }
    }
  }
`);

export const CountersignDocument = graphql(`
  mutation Countersign($declaration: ID!) {
    declarationCountersign(declaration: $declaration) {
      declaration {
        id
        countersignedAt
      }
      errors {
        field
        code
        message
      }
    }
  }
`);

const PAGE = 20;

export function Countersign() {
  const { t } = useTranslation();
  const titles = useTitles();
  const { message } = App.useApp();
  const [page, setPage] = useState(1);
  const [{ data, fetching, error }, refetch] = useQuery({ query: CountersignQueueDocument, variables: { offset: (page - 1) * PAGE, first: PAGE } });
  const [, countersign] = useMutation(CountersignDocument);
  const [busy, setBusy] = useState<string | null>(null);
  const rows = (data?.declarations?.edges ?? []).map((e) => e!.node!);
  async function sign(id: string) {
    setBusy(id);
    const result = await countersign({ declaration: id });
    setBusy(null);
    const errors = result.error ? [requestErrorText(result.error, t)] : (result.data?.declarationCountersign?.errors ?? []).map((e) => e.message);
    if (errors.length) message.error(errors.join("；"));
    else message.success(t("countersign.done"));
    refetch({ requestPolicy: "network-only" });
  }
  return (
    <>
      <Typography.Title level={1}>{t("countersign.title")}</Typography.Title>
      <Typography.Paragraph type="secondary">{t("countersign.hint")}</Typography.Paragraph>
      <QueryState fetching={fetching} error={error} hasData={Boolean(data)} empty={!rows.length} emptyText={t("countersign.empty")} retry={() => refetch({ requestPolicy: "network-only" })}>
        <ResponsiveTable
          label={t("countersign.title")}
          rows={rows}
          rowKey={(r) => r.id}
          pagination={{ current: page, pageSize: PAGE, total: data?.declarations?.totalCount ?? 0, onChange: setPage }}
          columns={[
            { key: "subject", title: t("field.subject"), fixed: true, render: (r) => r.subjectName },
            { key: "item", title: t("field.item"), render: (r) => titles.item(r.item) },
            { key: "points", title: t("field.points"), render: (r) => <Points value={bookedPoints(r.entries)} signed /> },
            { key: "occurredOn", title: t("field.occurredOn"), render: (r) => formatDate(r.occurredOn) },
            { key: "unit", title: t("field.unit"), render: (r) => r.unit.name },
            { key: "status", title: t("field.status"), render: (r) => <EnumTag type="DeclarationStatus" value={r.status} /> },
            { key: "action", title: "", render: (r) => <Button size="small" type="primary" loading={busy === r.id} onClick={() => void sign(r.id)}>{t("countersign.sign")}</Button> },
          ]}
        />
      </QueryState>
    </>
  );
}
