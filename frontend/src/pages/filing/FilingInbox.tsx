// The superior's filing inbox (报上级备案): periods filed by the units below, to accept or
// return with what to correct.
import { App, Button, Space, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useMutation, useQuery } from "urql";
import { useTitles } from "../../app/titles";
import { EnumTag } from "../../components/EnumTag";
import { QueryState } from "../../components/QueryState";
import { ResponsiveTable } from "../../components/ResponsiveTable";
import { graphql } from "../../graphql";
import { requestErrorText } from "../../lib/errors";
import { formatDate, formatDateTime } from "../../lib/format";
import { FilingAcceptDocument } from "../periods/documents";
import { ReturnDialog } from "../periods/PeriodDetail";

export const FilingInboxDocument = graphql(`
  query FilingInbox($offset: Int, $first: Int) {
    filingInbox(offset: $offset, first: $first) {
      totalCount
      edges {
        node {
          id
          status
          ruleset
          periodStart
          periodEnd
          filedAt
          reviewReason
          unit {
            name
          }
          filedBy {
            username
            displayName
          }
          results {
            grade
          }
        }
      }
    }
  }
`);

const PAGE = 20;

export function FilingInbox() {
  const { t } = useTranslation();
  const titles = useTitles();
  const { message } = App.useApp();
  const [page, setPage] = useState(1);
  const [{ data, fetching, error }, refetch] = useQuery({ query: FilingInboxDocument, variables: { offset: (page - 1) * PAGE, first: PAGE } });
  const [, accept] = useMutation(FilingAcceptDocument);
  const [busy, setBusy] = useState<string | null>(null);
  const [returning, setReturning] = useState<string | null>(null);
  const rows = (data?.filingInbox?.edges ?? []).map((e) => e!.node!);
  const reload = () => refetch({ requestPolicy: "network-only" });

  async function doAccept(id: string) {
    setBusy(id);
    const result = await accept({ close: id });
    setBusy(null);
    const errors = result.error ? [requestErrorText(result.error, t)] : (result.data?.filingAccept?.errors ?? []).map((e) => e.message);
    if (errors.length) message.error(errors.join("；"));
    else message.success(t("filing.accepted"));
    reload();
  }

  return (
    <>
      <Typography.Title level={1}>{t("filing.title")}</Typography.Title>
      <QueryState fetching={fetching} error={error} hasData={Boolean(data)} empty={!rows.length} emptyText={t("filing.empty")} retry={reload}>
        <ResponsiveTable
          label={t("filing.title")}
          rows={rows}
          rowKey={(r) => r.id}
          pagination={{ current: page, pageSize: PAGE, total: data?.filingInbox?.totalCount ?? 0, onChange: setPage }}
          columns={[
            { key: "unit", title: t("field.unit"), fixed: true, render: (r) => <Link to={`/results/close/${encodeURIComponent(r.id)}`}>{r.unit.name}</Link> },
            { key: "period", title: t("periods.period"), render: (r) => `${formatDate(r.periodStart)} – ${formatDate(r.periodEnd)}` },
            { key: "ruleset", title: t("periods.ruleset"), render: (r) => titles.ruleset(r.ruleset) },
            { key: "results", title: t("filing.subjects"), render: (r) => r.results.length },
            { key: "status", title: t("field.status"), render: (r) => <EnumTag type="PeriodCloseStatus" value={r.status} /> },
            { key: "filed", title: t("periods.filedAt"), render: (r) => `${formatDateTime(r.filedAt)} · ${r.filedBy?.displayName || r.filedBy?.username || ""}` },
            { key: "actions", title: "", render: (r) => r.status === "FILED" ? (
              <Space wrap>
                <Button size="small" type="primary" loading={busy === r.id} onClick={() => void doAccept(r.id)}>{t("filing.accept")}</Button>
                <Button size="small" danger onClick={() => setReturning(r.id)}>{t("filing.return")}</Button>
              </Space>
            ) : r.reviewReason ? <Typography.Text type="secondary">{r.reviewReason}</Typography.Text> : null },
          ]}
        />
      </QueryState>
      {returning && <ReturnDialog close={returning} onClose={(done) => { setReturning(null); if (done) { message.success(t("filing.returned")); reload(); } }} />}
    </>
  );
}
