// Floating members' quarterly reports (函告): the host sends them, the home organisation
// accepts or returns them with what to correct.
import { Alert, App, Button, Card, DatePicker, Flex, Form, Input, Modal, Select, Space, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, useQuery } from "urql";
import { ANSWERERS, BOARD_KEEPERS, hasRole, unitsWith, useMe } from "../../app/me";
import { EnumTag } from "../../components/EnumTag";
import { FormErrors } from "../../components/FormErrors";
import { Points } from "../../components/Points";
import { QueryState } from "../../components/QueryState";
import { graphql } from "../../graphql";
import type { HostReportsQuery } from "../../graphql/graphql";
import { applyErrors, requestErrorText, type FieldError } from "../../lib/errors";
import { formatDate, formatDateTime } from "../../lib/format";

export const HostReportsDocument = graphql(`
  query HostReports($first: Int) {
    hostReports(first: $first) {
      totalCount
      edges {
        node {
          id
          status
          coversStart
          coversEnd
          filedAt
          reviewedAt
          reviewReason
          hostUnit {
            id
            name
          }
          homeUnit {
            id
            name
          }
          filedBy {
            username
            displayName
          }
          lines {
            subjectName
            points
          }
        }
      }
    }
  }
`);

export const HostReportAcceptDocument = graphql(`
  mutation HostReportAccept($report: ID!) {
    hostReportAccept(report: $report) {
      report {
        id
        status
      }
      errors {
        field
        code
        message
      }
    }
  }
`);

export const HostReportReturnDocument = graphql(`
  mutation HostReportReturn($report: ID!, $reason: String!) {
    hostReportReturn(report: $report, reason: $reason) {
      report {
        id
        status
      }
      errors {
        field
        code
        message
      }
    }
  }
`);

export const HostReportsSendDocument = graphql(`
  mutation HostReportsSend($unit: ID!, $quarterStart: Date!) {
    hostReportsSend(unit: $unit, quarterStart: $quarterStart) {
      reports {
        id
      }
      errors {
        field
        code
        message
      }
    }
  }
`);

type Report = NonNullable<NonNullable<NonNullable<HostReportsQuery["hostReports"]>["edges"][number]>["node"]>;

export function HostReports() {
  const { t } = useTranslation();
  const me = useMe();
  const { message } = App.useApp();
  const [{ data, fetching, error }, refetch] = useQuery({ query: HostReportsDocument, variables: { first: 50 } });
  const [, accept] = useMutation(HostReportAcceptDocument);
  const [busy, setBusy] = useState<string | null>(null);
  const [returning, setReturning] = useState<Report | null>(null);
  const reports = (data?.hostReports?.edges ?? []).map((e) => e!.node!);
  const homeUnits = new Set(unitsWith(me, ANSWERERS).map((u) => u.id));
  const reload = () => refetch({ requestPolicy: "network-only" });
  async function doAccept(id: string) {
    setBusy(id);
    const result = await accept({ report: id });
    setBusy(null);
    const errors = result.error ? [requestErrorText(result.error, t)] : (result.data?.hostReportAccept?.errors ?? []).map((e) => e.message);
    if (errors.length) message.error(errors.join("；"));
    else message.success(t("hostReports.accepted"));
    reload();
  }
  return (
    <>
      <Typography.Title level={1}>{t("hostReports.title")}</Typography.Title>
      {hasRole(me, BOARD_KEEPERS) && <SendForm onSent={reload} />}
      <QueryState fetching={fetching} error={error} hasData={Boolean(data)} empty={!reports.length} emptyText={t("hostReports.empty")} retry={reload}>
        <Flex vertical gap={12}>
          {reports.map((r) => (
            <Card key={r.id} size="small" title={t("hostReports.fromTo", { host: r.hostUnit.name, home: r.homeUnit.name })} extra={<EnumTag type="HostReportStatus" value={r.status} />}>
              <Typography.Paragraph type="secondary">
                {t("hostReports.covers", { start: formatDate(r.coversStart), end: formatDate(r.coversEnd), at: formatDateTime(r.filedAt) })}
              </Typography.Paragraph>
              <ul className="plain-list">
                {r.lines.map((l) => (
                  <li key={l.subjectName}>
                    {l.subjectName}：<Points value={l.points} unit />
                  </li>
                ))}
              </ul>
              {r.reviewReason && <Alert type="warning" showIcon title={t("hostReports.returnedBecause", { reason: r.reviewReason })} />}
              {r.status === "FILED" && (homeUnits.has(r.homeUnit.id) || me.isSuperuser) && (
                <Space wrap style={{ marginTop: 8 }}>
                  <Button size="small" type="primary" loading={busy === r.id} onClick={() => void doAccept(r.id)}>{t("hostReports.accept")}</Button>
                  <Button size="small" danger onClick={() => setReturning(r)}>{t("hostReports.return")}</Button>
                </Space>
              )}
            </Card>
          ))}
        </Flex>
      </QueryState>
      {returning && <ReturnReport report={returning} onClose={(done) => { setReturning(null); if (done) { message.success(t("hostReports.returned")); reload(); } }} />}
    </>
  );
}

function ReturnReport({ report, onClose }: { report: Report; onClose: (done: boolean) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  const [{ fetching }, giveBack] = useMutation(HostReportReturnDocument);
  const [general, setGeneral] = useState<(FieldError | string)[]>([]);
  async function submit({ reason }: { reason: string }) {
    const result = await giveBack({ report: report.id, reason });
    if (result.error) return setGeneral([requestErrorText(result.error, t)]);
    const errors = result.data?.hostReportReturn?.errors ?? [];
    if (!errors.length) return onClose(true);
    setGeneral(applyErrors(form, errors, { reason: "reason" }));
  }
  return (
    <Modal open title={t("hostReports.returnTitle", { host: report.hostUnit.name })} onCancel={() => onClose(false)} cancelText={t("action.cancel")} okText={t("hostReports.return")}
      okButtonProps={{ danger: true, htmlType: "submit", form: "host-report-return", loading: fetching }} destroyOnHidden>
      <Form id="host-report-return" form={form} layout="vertical" onFinish={submit} aria-label={t("hostReports.return")}>
        <Form.Item name="reason" label={t("field.reason")} rules={[{ required: true, whitespace: true, message: t("form.required") }]}>
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
        <FormErrors errors={general} />
      </Form>
    </Modal>
  );
}

function SendForm({ onSent }: { onSent: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const units = unitsWith(me, BOARD_KEEPERS);
  const [form] = Form.useForm<{ unit: string; quarter: Dayjs }>();
  const [{ fetching }, send] = useMutation(HostReportsSendDocument);
  const [general, setGeneral] = useState<(FieldError | string)[]>([]);
  const [done, setDone] = useState<string | null>(null);
  async function submit(values: { unit: string; quarter: Dayjs }) {
    setGeneral([]);
    setDone(null);
    const result = await send({ unit: values.unit, quarterStart: values.quarter.format("YYYY-MM-DD") });
    if (result.error) return setGeneral([requestErrorText(result.error, t)]);
    const payload = result.data?.hostReportsSend;
    if (payload?.errors.length) {
      return setGeneral(applyErrors(form, payload.errors, { unit: "unit", quarterStart: "quarter" }));
    }
    setDone(t("hostReports.sent", { count: payload?.reports.length ?? 0 }));
    onSent();
  }
  return (
    <Card size="small" title={t("hostReports.sendTitle")} style={{ marginBottom: 16 }}>
      <Form form={form} layout="inline" className="inline-form" onFinish={submit} aria-label={t("hostReports.sendTitle")}
        initialValues={{ unit: units[0]?.id, quarter: dayjs().subtract(3, "month") }}>
        <Form.Item name="unit" label={t("field.unit")} rules={[{ required: true, message: t("form.required") }]}>
          <Select options={units.map((u) => ({ value: u.id, label: u.name }))} style={{ minWidth: 200 }} />
        </Form.Item>
        <Form.Item name="quarter" label={t("hostReports.quarter")} rules={[{ required: true, message: t("form.required") }]}>
          <DatePicker picker="quarter" allowClear={false} />
        </Form.Item>
        <Form.Item>
          <Button htmlType="submit" loading={fetching}>{t("hostReports.send")}</Button>
        </Form.Item>
      </Form>
      <div style={{ marginTop: 12 }}>
        <FormErrors errors={general} />
        {done && <Alert type="success" showIcon role="status" title={done} />}
      </div>
    </Card>
  );
}
