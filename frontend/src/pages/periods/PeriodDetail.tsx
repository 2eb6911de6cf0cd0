// One closed period: its status up to the superior's review, the quota ties for the
// committee (who keeps the grade, and why), the results with grades, the objections to
// them, filing with the superior, and (for the superior) accept or return with a reason.
import { Alert, App, Button, Card, Checkbox, Descriptions, Flex, Form, Input, Modal, Space, Timeline, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { ExportButton } from "../../components/ExportButton";
import { useMutation, useQuery } from "urql";
import { BOARD_KEEPERS, SUPERIORS, hasRole, useMe } from "../../app/me";
import { useTitles } from "../../app/titles";
import { EnumTag } from "../../components/EnumTag";
import { FormErrors } from "../../components/FormErrors";
import { QueryState } from "../../components/QueryState";
import { ResultTable } from "../../components/ResultTable";
import type { CloseFieldsFragment } from "../../graphql/graphql";
import { applyErrors, requestErrorText, type FieldError } from "../../lib/errors";
import { formatDate, formatDateTime } from "../../lib/format";
import { CloseDocument, FileDocument, FilingAcceptDocument, FilingReturnDocument, PeriodCloseDocument, QuotaDecideDocument } from "./documents";

export function PeriodDetail() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const [{ data, fetching, error }, refetch] = useQuery({ query: PeriodCloseDocument, variables: { id } });
  return (
    <>
      <Typography.Title level={1}>{t("periods.detailTitle")}</Typography.Title>
      <QueryState fetching={fetching} error={error} hasData={Boolean(data)} empty={!data?.periodClose} emptyText={t("periods.notFound")} retry={() => refetch({ requestPolicy: "network-only" })}>
        {data?.periodClose && <CloseView close={data.periodClose} />}
      </QueryState>
    </>
  );
}

export function CloseView({ close }: { close: CloseFieldsFragment }) {
  const { t } = useTranslation();
  const me = useMe();
  const titles = useTitles();
  const { message } = App.useApp();
  const [, file] = useMutation(FileDocument);
  const [, accept] = useMutation(FilingAcceptDocument);
  const [, reclose] = useMutation(CloseDocument);
  const [busy, setBusy] = useState<string | null>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const [returning, setReturning] = useState(false);
  const keeper = hasRole(me, BOARD_KEEPERS);
  const superior = hasRole(me, SUPERIORS);
  const openTies = close.decisions.filter((d) => d.status === "OPEN");

  async function run(name: string, action: () => Promise<{ error?: Parameters<typeof requestErrorText>[0]; errors: readonly FieldError[] }>, done: string) {
    setBusy(name);
    setErrors([]);
    const { error, errors: refused } = await action();
    setBusy(null);
    if (error) return setErrors([requestErrorText(error, t)]);
    if (refused.length) return setErrors(refused.map((e) => e.message));
    message.success(done);
  }

  const actor = (a: { username: string; displayName: string; isSystem?: boolean } | null | undefined) =>
    a ? (a.isSystem ? t("actor.system") : a.displayName || a.username) : "";

  return (
    <Flex vertical gap={16}>
      <Card size="small">
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} items={[
          { key: "unit", label: t("field.unit"), children: close.unit.name },
          { key: "period", label: t("periods.period"), children: `${formatDate(close.periodStart)} – ${formatDate(close.periodEnd)}` },
          { key: "ruleset", label: t("periods.ruleset"), children: titles.ruleset(close.rulesetVersion || close.ruleset) },
          { key: "status", label: t("field.status"), children: <EnumTag type="PeriodCloseStatus" value={close.status} /> },
          { key: "closed", label: t("periods.closedAt"), children: `${formatDateTime(close.closedAt)} · ${actor(close.closedBy)}` },
          ...(close.filedAt ? [{ key: "filed", label: t("periods.filedAt"), children: `${formatDateTime(close.filedAt)} · ${close.filedWith?.name ?? ""}` }] : []),
          ...(close.reviewedAt ? [{ key: "reviewed", label: t("periods.reviewedAt"), children: `${formatDateTime(close.reviewedAt)} · ${actor(close.reviewedBy)}` }] : []),
        ]} />
        <div style={{ marginTop: 12 }}>
          <ExportButton form="PERIOD_RESULTS" target={{ close: close.id }} />
        </div>
        {close.status === "RETURNED" && close.reviewReason && (
          <Alert type="warning" showIcon title={t("periods.returnedBecause", { reason: close.reviewReason })} style={{ marginTop: 12 }} />
        )}
        <Space wrap style={{ marginTop: 12 }}>
          {keeper && close.status === "CLOSED" && (
            <Button type="primary" loading={busy === "file"} onClick={() => void run("file", async () => {
              const r = await file({ close: close.id });
              return { error: r.error, errors: r.data?.periodFile?.errors ?? [] };
            }, t("periods.filed"))}>{t("periods.file")}</Button>
          )}
          {keeper && (close.status === "RETURNED" || close.status === "REOPENED") && (
            <Button type="primary" loading={busy === "reclose"} onClick={() => void run("reclose", async () => {
              const r = await reclose({ unit: close.unit.id, periodStart: close.periodStart, ruleset: close.ruleset });
              return { error: r.error, errors: r.data?.periodClose?.errors ?? [] };
            }, t("periods.reclosed"))}>{t("periods.closeAgain")}</Button>
          )}
          {superior && close.status === "FILED" && (
            <>
              <Button type="primary" loading={busy === "accept"} onClick={() => void run("accept", async () => {
                const r = await accept({ close: close.id });
                return { error: r.error, errors: r.data?.filingAccept?.errors ?? [] };
              }, t("filing.accepted"))}>{t("filing.accept")}</Button>
              <Button danger onClick={() => setReturning(true)}>{t("filing.return")}</Button>
            </>
          )}
        </Space>
        {errors.length > 0 && <Alert type="error" showIcon role="alert" title={errors.join("；")} style={{ marginTop: 12 }} />}
      </Card>
      {close.decisions.length > 0 && (
        <Card size="small" title={t("periods.ties")}>
          <Flex vertical gap={16}>
            {close.decisions.map((d) => <TieDecision key={d.id} decision={d} ruleset={close.ruleset} />)}
          </Flex>
        </Card>
      )}
      <Card size="small" title={t("results.title")}>
        {openTies.length > 0 && close.results.length === 0 ? (
          <Typography.Text type="secondary">{t("periods.waitingForTies")}</Typography.Text>
        ) : (
          <ResultTable results={close.results} ruleset={close.ruleset} />
        )}
      </Card>
      {close.objections.length > 0 && (
        <Card size="small" title={t("periods.objections")}>
          <Flex vertical gap={8}>
            {close.objections.map((o) => (
              <div key={o.id}>
                <EnumTag type="ObjectionStatus" value={o.status} /> {o.subjectName}：{o.reason}
                {o.answer && <Typography.Text type="secondary"> · {t("objections.answerIs", { answer: o.answer })}</Typography.Text>}
              </div>
            ))}
          </Flex>
        </Card>
      )}
      <Card size="small" title={t("periods.timeline")}>
        <Timeline items={close.timeline.map((s, i) => ({
          key: i,
          content: (
            <Space direction="vertical" size={0}>
              <span>{t(`step.${s.action}`, { defaultValue: s.action })} · {actor(s.actor)}</span>
              <Typography.Text type="secondary">{formatDateTime(s.at)}{s.note ? ` · ${s.note}` : ""}</Typography.Text>
            </Space>
          ),
        }))} />
      </Card>
      {returning && <ReturnDialog close={close.id} onClose={(done) => { setReturning(false); if (done) message.success(t("filing.returned")); }} />}
    </Flex>
  );
}

type Decision = CloseFieldsFragment["decisions"][number];

function TieDecision({ decision, ruleset }: { decision: Decision; ruleset: string }) {
  const { t } = useTranslation();
  const titles = useTitles();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ chosen: string[]; reason: string }>();
  const [{ fetching }, decide] = useMutation(QuotaDecideDocument);
  const [general, setGeneral] = useState<(FieldError | string)[]>([]);
  const heading = t("periods.tie", {
    count: decision.tied.length,
    places: decision.places,
    grade: titles.grade(decision.grade, ruleset),
    rank: decision.rank,
    scope: !decision.scope || decision.scope === "all" ? t("periods.scopeAll") : titles.category(decision.scope, ruleset),
  });
  if (decision.status === "DECIDED") {
    return (
      <div>
        <Typography.Text strong>{heading}</Typography.Text>
        <div>{t("periods.chosen", { names: decision.chosen.map((s) => s.name).join("、") || "—" })}</div>
        <Typography.Text type="secondary">
          {t("periods.decidedBy", { who: decision.decidedBy?.displayName || decision.decidedBy?.username || "", at: formatDateTime(decision.decidedAt), reason: decision.reason })}
        </Typography.Text>
      </div>
    );
  }
  async function submit(values: { chosen: string[]; reason: string }) {
    setGeneral([]);
    const result = await decide({ decision: decision.id, chosen: values.chosen ?? [], reason: values.reason });
    if (result.error) return setGeneral([requestErrorText(result.error, t)]);
    const errors = result.data?.quotaDecide?.errors ?? [];
    if (errors.length) {
      return setGeneral(applyErrors(form, errors, { chosen: "chosen", reason: "reason" }));
    }
    message.success(t("periods.decided"));
  }
  return (
    <Form form={form} layout="vertical" onFinish={submit} aria-label={heading} initialValues={{ chosen: [] }}>
      <Typography.Paragraph strong>{heading}</Typography.Paragraph>
      <Form.Item name="chosen" label={t("periods.whoKeeps", { places: decision.places })}
        rules={[{ validator: (_, v: string[]) => ((v ?? []).length > decision.places ? Promise.reject(new Error(t("periods.tooMany", { places: decision.places }))) : Promise.resolve()) }]}>
        <Checkbox.Group options={decision.tied.map((s) => ({ value: s.id, label: s.name }))} />
      </Form.Item>
      <Form.Item name="reason" label={t("periods.decisionReason")} rules={[{ required: true, whitespace: true, message: t("form.required") }]}>
        <Input.TextArea rows={2} maxLength={1000} />
      </Form.Item>
      <FormErrors errors={general} />
      <Button type="primary" htmlType="submit" loading={fetching}>{t("periods.decide")}</Button>
    </Form>
  );
}

export function ReturnDialog({ close, onClose }: { close: string; onClose: (done: boolean) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  const [{ fetching }, giveBack] = useMutation(FilingReturnDocument);
  const [general, setGeneral] = useState<(FieldError | string)[]>([]);
  async function submit({ reason }: { reason: string }) {
    setGeneral([]);
    const result = await giveBack({ close, reason });
    if (result.error) return setGeneral([requestErrorText(result.error, t)]);
    const errors = result.data?.filingReturn?.errors ?? [];
    if (!errors.length) return onClose(true);
    setGeneral(applyErrors(form, errors, { reason: "reason" }));
  }
  return (
    <Modal open title={t("filing.returnTitle")} onCancel={() => onClose(false)} cancelText={t("action.cancel")} okText={t("filing.return")}
      okButtonProps={{ danger: true, htmlType: "submit", form: "filing-return", loading: fetching }} destroyOnHidden>
      <Form id="filing-return" form={form} layout="vertical" onFinish={submit} aria-label={t("filing.returnTitle")}>
        <Form.Item name="reason" label={t("filing.returnReason")} rules={[{ required: true, whitespace: true, message: t("form.required") }]}>
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
        <FormErrors errors={general} />
      </Form>
    </Modal>
  );
}
