// What-if: replay the draft over a unit's ended period and see, per member, the old and new
// total, grade and rank, and the items that moved. A worker runs it; the panel polls.
import { Alert, Button, DatePicker, Flex, Form, Progress, Space, Statistic, Tag, Typography } from "antd";
import type { Dayjs } from "dayjs";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, useQuery } from "urql";
import { useTitles } from "../../app/titles";
import { FormErrors } from "../../components/FormErrors";
import { ResponsiveTable } from "../../components/ResponsiveTable";
import type { WhatIfQuery } from "../../graphql/graphql";
import { applyErrors, requestErrorText, type FieldError } from "../../lib/errors";
import { formatDate, formatPoints } from "../../lib/format";
import { WhatIfDocument, WhatIfRequestDocument } from "./documents";
import { UnitSelect } from "./UnitSelect";

type Values = { unit: string; periodStart?: Dayjs | null };
type Row = NonNullable<WhatIfQuery["whatIf"]>["rows"][number];
const POLL_MS = 1000;

export function WhatIfPanel({ code }: { code: string }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [general, setGeneral] = useState<(FieldError | string)[]>([]);
  const [id, setId] = useState<string | null>(null);
  const [{ fetching }, request] = useMutation(WhatIfRequestDocument);

  async function submit(values: Values) {
    setGeneral([]);
    const result = await request({ code, unit: values.unit, periodStart: values.periodStart?.format("YYYY-MM-DD") ?? null });
    if (result.error) return setGeneral([requestErrorText(result.error, t)]);
    const payload = result.data?.rulesetWhatIf;
    if (payload?.errors.length) return setGeneral(applyErrors(form, payload.errors, { unit: "unit", periodStart: "periodStart" }));
    setId(payload?.whatIf?.id ?? null);
  }

  return (
    <Flex vertical gap={16}>
      <Typography.Paragraph type="secondary">{t("rulesets.whatIf.hint")}</Typography.Paragraph>
      <Form<Values> form={form} layout="vertical" onFinish={submit} aria-label={t("rulesets.whatIf.title")} style={{ maxWidth: 560 }}>
        <Form.Item name="unit" label={t("field.unit")} rules={[{ required: true, message: t("form.required") }]}>
          <UnitSelect />
        </Form.Item>
        <Form.Item name="periodStart" label={t("rulesets.whatIf.period")} extra={t("rulesets.whatIf.periodHint")}>
          <DatePicker style={{ width: "100%" }} />
        </Form.Item>
        <FormErrors errors={general} />
        <Button type="primary" htmlType="submit" loading={fetching}>{t("rulesets.whatIf.run")}</Button>
      </Form>
      {id && <WhatIfResult id={id} />}
    </Flex>
  );
}

export function WhatIfResult({ id }: { id: string }) {
  const { t } = useTranslation();
  const titles = useTitles();
  const [{ data, error }, refetch] = useQuery({ query: WhatIfDocument, variables: { id }, requestPolicy: "network-only" });
  const job = data?.whatIf;
  const running = !job || job.status === "QUEUED" || job.status === "RUNNING";
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => refetch({ requestPolicy: "network-only" }), POLL_MS);
    return () => clearInterval(timer);
  }, [running, refetch]);
  if (error && !job) return <Alert type="error" showIcon title={requestErrorText(error, t)} />;
  if (!job || running) {
    const percent = job?.eventsTotal ? Math.round((100 * job.eventsDone) / job.eventsTotal) : 0;
    return (
      <div role="status">
        <Typography.Text>{t("rulesets.whatIf.running")}</Typography.Text>
        <Progress percent={percent} status="active" aria-label={t("rulesets.whatIf.progress")} />
      </div>
    );
  }
  if (job.status === "FAILED") return <Alert type="error" showIcon role="alert" title={t("rulesets.whatIf.failed")} description={job.failure} />;
  const ruleset = job.ruleset;
  const standing = (s: Row["old"]) => (
    <Space size={4} wrap>
      <span>{s.total === null || s.total === undefined ? t("rulesets.whatIf.notAssessed") : formatPoints(s.total)}</span>
      {s.grade && <Tag>{titles.grade(s.grade, ruleset)}</Tag>}
      {s.rank && <Typography.Text type="secondary">{t("rulesets.whatIf.rank", { rank: s.rank })}</Typography.Text>}
    </Space>
  );
  return (
    <Flex vertical gap={12} role="status" aria-label={t("rulesets.whatIf.result")}>
      <Typography.Title level={3}>
        {t("rulesets.whatIf.resultTitle", { unit: job.unitName, start: formatDate(job.periodStart), end: formatDate(job.periodEnd), version: job.versionLabel })}
      </Typography.Title>
      <Typography.Text type="secondary">
        {t(job.oldFromClose ? "rulesets.whatIf.oldFromClose" : "rulesets.whatIf.oldRecomputed", { version: titles.ruleset(job.comparedWith) })}
      </Typography.Text>
      <Space size={32} wrap>
        <Statistic title={t("rulesets.whatIf.events")} value={job.eventsTotal} />
        <Statistic title={t("rulesets.whatIf.subjects")} value={job.rows.length} />
        <Statistic title={t("rulesets.whatIf.gradeChanges")} value={job.gradeChanges} />
      </Space>
      {job.skipped.length > 0 && (
        <Alert type="warning" showIcon title={t("rulesets.whatIf.skipped")} description={
          <ul style={{ margin: 0 }}>
            {job.skipped.map((s) => <li key={s.item + s.message}>{t("rulesets.whatIf.skippedLine", { item: titles.item(s.item, ruleset), count: s.count, message: s.message })}</li>)}
          </ul>
        } />
      )}
      <ResponsiveTable<Row>
        label={t("rulesets.whatIf.result")}
        rows={job.rows}
        rowKey={(r) => r.subjectName}
        rowProps={(r) => ({ "data-changed": r.gradeChanged ? "grade" : r.items.length ? "points" : "none" })}
        columns={[
          { key: "name", title: t("field.subject"), fixed: true, render: (r) => (
            <Space size={4} wrap>
              <span>{r.subjectName}</span>
              {r.gradeChanged && <Tag color="orange">{t("rulesets.whatIf.gradeChanged")}</Tag>}
              {r.tie && <Tag>{t("rulesets.whatIf.tie")}</Tag>}
            </Space>
          ) },
          { key: "old", title: t("rulesets.whatIf.old"), render: (r) => standing(r.old) },
          { key: "new", title: t("rulesets.whatIf.new"), render: (r) => standing(r.new) },
          { key: "delta", title: t("rulesets.whatIf.delta"), render: (r) => (r.old.total != null && r.new.total != null ? formatPoints(r.new.total - r.old.total, { signed: true }) : "—") },
          { key: "why", title: t("rulesets.whatIf.why"), render: (r) => (r.items.length ? (
            <ul className="plain-list">
              {r.items.map((i) => <li key={i.item}>{t("rulesets.whatIf.itemMoved", { item: titles.item(i.item, ruleset), old: formatPoints(i.old, { signed: true }), new: formatPoints(i.new, { signed: true }) })}</li>)}
            </ul>
          ) : t("rulesets.whatIf.same")) },
        ]}
      />
    </Flex>
  );
}
