// The audit log for tenant administrators: who changed what, before and after, newest first,
// filtered by action or kind of target and paged on the server.
import { Button, Card, Flex, Form, Input, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { QueryState } from "../../components/QueryState";
import { ResponsiveTable, type Column } from "../../components/ResponsiveTable";
import type { AuditLogQuery } from "../../graphql/graphql";
import { formatDateTime } from "../../lib/format";
import { AuditLogDocument } from "./documents";

const PAGE = 20;
type Row = NonNullable<NonNullable<NonNullable<AuditLogQuery["auditLog"]>["edges"][number]>["node"]>;

function change(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  return typeof value === "string" ? value : JSON.stringify(value);
}

export function AuditLog() {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<{ action?: string; targetType?: string }>({});
  const [page, setPage] = useState(1);
  const [{ data, fetching, error }, refetch] = useQuery({
    query: AuditLogDocument,
    variables: { action: filters.action || null, targetType: filters.targetType || null, first: PAGE, offset: (page - 1) * PAGE },
    requestPolicy: "cache-and-network",
  });
  const rows = (data?.auditLog?.edges ?? []).flatMap((e) => (e?.node ? [e.node] : [])) as Row[];
  const columns: Column<Row>[] = [
    { key: "at", title: t("dash.audit.at"), fixed: true, width: 170, render: (r) => formatDateTime(r.at) },
    { key: "actor", title: t("dash.audit.actor"), render: (r) => (r.actor ? r.actor.displayName || r.actor.username : t("dash.audit.commandLine")) },
    { key: "action", title: t("dash.audit.action"), render: (r) => <Typography.Text code>{r.action}</Typography.Text> },
    { key: "target", title: t("dash.audit.target"), render: (r) => `${r.target || r.targetType}` },
    { key: "before", title: t("dash.audit.before"), render: (r) => <span className="audit-change">{change(r.before)}</span> },
    { key: "after", title: t("dash.audit.after"), render: (r) => <span className="audit-change">{change(r.after)}</span> },
    { key: "note", title: t("dash.audit.note"), render: (r) => r.note || "—" },
  ];
  return (
    <Flex vertical gap={16}>
      <Typography.Title level={1}>{t("dash.audit.title")}</Typography.Title>
      <Card size="small">
        <Form layout="inline" aria-label={t("dash.audit.filter")} onFinish={(values) => { setFilters(values); setPage(1); }} style={{ rowGap: 8 }}>
          <Form.Item name="action" label={t("dash.audit.action")}>
            <Input allowClear placeholder="role.grant" />
          </Form.Item>
          <Form.Item name="targetType" label={t("dash.audit.targetType")}>
            <Input allowClear placeholder="RoleAssignment" />
          </Form.Item>
          <Button htmlType="submit">{t("action.search")}</Button>
        </Form>
      </Card>
      <QueryState fetching={fetching} error={error} hasData={!!data} empty={!rows.length} emptyText={t("dash.audit.none")} retry={() => refetch({ requestPolicy: "network-only" })}>
        <ResponsiveTable rows={rows} columns={columns} rowKey={(r) => r.id} label={t("dash.audit.title")}
          pagination={{ current: page, pageSize: PAGE, total: data?.auditLog?.totalCount ?? 0, onChange: setPage }} />
      </QueryState>
    </Flex>
  );
}
