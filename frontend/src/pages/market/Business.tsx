// A business's page: its grade and licence facts, the static factors behind them, its
// inspections, the grade history with each change's reason, appeals, the grade-history
// export and a printable QR code of its public page.
import { Alert, App, Button, Card, Collapse, Descriptions, Flex, Form, Input, Modal, Select, Table, Tag, Timeline, Typography } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router";
import { useMutation, useQuery } from "urql";
import { hasRole, INSPECTORS, useMe } from "../../app/me";
import { EnumTag } from "../../components/EnumTag";
import { FormErrors } from "../../components/FormErrors";
import { PrintableQr } from "../../components/PrintableQr";
import { QueryState } from "../../components/QueryState";
import { applyErrors, requestErrorText, type FieldError } from "../../lib/errors";
import { formatDate, formatDateTime, formatPoints } from "../../lib/format";
import { ExportJobDocument, ExportRequestDocument, BusinessDocument, GradeAppealRaiseDocument } from "./documents";
import { GRADES, GradeTag } from "./Businesses";

/** The public page a business's QR code opens: the public list searched for its name. */
export function publicBusinessUrl(name: string): string {
  return `${window.location.origin}/open/food-grades?name=${encodeURIComponent(name)}`;
}

function ExportButton({ subject }: { subject: string }) {
  const { t } = useTranslation();
  const [job, setJob] = useState<string | null>(null);
  const [{ fetching }, request] = useMutation(ExportRequestDocument);
  const [polled, poll] = useQuery({ query: ExportJobDocument, variables: { id: job ?? "" }, pause: !job, requestPolicy: "network-only" });
  const status = polled.data?.exportJob?.status;
  useEffect(() => {
    if (!job || status === "DONE" || status === "FAILED") return;
    const timer = setTimeout(() => poll({ requestPolicy: "network-only" }), 1000);
    return () => clearTimeout(timer);
  }, [job, status, polled.data, poll]);
  const [error, setError] = useState("");
  const started = async () => {
    setError("");
    const answer = await request({ subject });
    const errors = answer.data?.exportRequest?.errors ?? [];
    if (answer.error || errors.length) setError(answer.error ? requestErrorText(answer.error, t) : errors.map((e) => e.message).join(" "));
    else setJob(answer.data?.exportRequest?.job?.id ?? null);
  };
  const done = polled.data?.exportJob;
  return (
    <Flex vertical gap={8}>
      <Flex gap={8} align="center" wrap>
        <Button onClick={started} loading={fetching || (!!job && status !== "DONE" && status !== "FAILED")}>
          {t("market.business.export")}
        </Button>
        {status && <EnumTag type="ExportStatus" value={status} />}
        {done?.downloadUrl && (
          <a href={done.downloadUrl} download>
            {t("market.business.download")}
          </a>
        )}
      </Flex>
      {done?.failure && <Alert type="error" showIcon title={done.failure} />}
      {error && <Alert type="error" showIcon title={error} />}
    </Flex>
  );
}

function AppealButton({ subject, grade }: { subject: string; grade: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ reason: string; requestedGrade?: string }>();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [{ fetching }, raise] = useMutation(GradeAppealRaiseDocument);
  const submit = async (values: { reason: string; requestedGrade?: string }) => {
    const answer = await raise({ subject, reason: values.reason, requestedGrade: values.requestedGrade ?? "" });
    if (answer.error) return setErrors([{ field: null, code: "NETWORK", message: requestErrorText(answer.error, t) }]);
    const found = answer.data?.gradeAppealRaise?.errors ?? [];
    if (found.length) return setErrors(applyErrors(form, found, { reason: "reason", requestedGrade: "requestedGrade" }));
    setOpen(false);
    void message.success(t("market.appeal.sent"));
  };
  return (
    <>
      <Button onClick={() => setOpen(true)}>{t("market.appeal.raise")}</Button>
      <Modal open={open} title={t("market.appeal.title", { grade })} onCancel={() => setOpen(false)} onOk={() => form.submit()} okButtonProps={{ loading: fetching }} okText={t("market.appeal.submit")} cancelText={t("action.cancel")}>
        <FormErrors errors={errors} />
        <Form form={form} layout="vertical" onFinish={submit}>
          <Form.Item name="reason" label={t("market.appeal.reason")} rules={[{ required: true, message: t("form.required") }]}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
          <Form.Item name="requestedGrade" label={t("market.appeal.requested")}>
            <Select allowClear options={GRADES.map((g) => ({ value: g, label: t("market.grade.label", { grade: g }) }))} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

export function Business() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const { id = "" } = useParams();
  const [{ data, fetching, error }, refetch] = useQuery({ query: BusinessDocument, variables: { subject: id } });
  const business = data?.riskGrade;
  return (
    <QueryState fetching={fetching} error={error} hasData={!!data} empty={!business} emptyText={t("market.business.missing")} retry={() => refetch({ requestPolicy: "network-only" })}>
      {business && (
        <Flex vertical gap={16}>
          <Flex justify="space-between" align="center" wrap gap={8}>
            <Typography.Title level={2} style={{ margin: 0 }}>
              {business.name} <GradeTag grade={business.grade} />
            </Typography.Title>
            <Flex gap={8} wrap>
              {hasRole(me, INSPECTORS) && (
                <Button type="primary" onClick={() => navigate(`/market/businesses/${encodeURIComponent(business.subject)}/inspect`)}>
                  {t("market.inspect.open")}
                </Button>
              )}
            </Flex>
          </Flex>
          <Card size="small" title={t("market.business.facts")}>
            <Descriptions
              size="small"
              column={{ xs: 1, sm: 2, md: 3 }}
              items={[
                { key: "grade", label: t("market.col.grade"), children: <GradeTag grade={business.grade} /> },
                { key: "total", label: t("market.business.risk"), children: business.total == null ? "—" : t("market.points", { points: formatPoints(business.total) }) },
                { key: "last", label: t("market.col.last"), children: business.lastInspectedOn ? formatDate(business.lastInspectedOn) : t("market.never") },
                { key: "type", label: t("market.business.type"), children: business.licenceAssessment?.businessType || "—" },
                { key: "assessed", label: t("market.business.assessedOn"), children: formatDate(business.licenceAssessment?.assessedOn) || "—" },
                { key: "static", label: t("market.business.static"), children: business.licenceAssessment ? t("market.points", { points: formatPoints(business.licenceAssessment.total) }) : "—" },
              ]}
            />
            {business.licenceAssessment && (
              <Table
                size="small"
                rowKey="code"
                pagination={false}
                scroll={{ x: true }}
                dataSource={business.licenceAssessment.lines}
                columns={[
                  { key: "title", title: t("market.business.factor"), dataIndex: "title" },
                  { key: "value", title: t("market.business.value"), render: (_, l) => (l.value == null ? "—" : formatPoints(l.value)) },
                  { key: "points", title: t("market.business.factorPoints"), render: (_, l) => formatPoints(l.points) },
                ]}
              />
            )}
          </Card>
          <Card size="small" title={t("market.business.history")}>
            {business.history.length ? (
              <Timeline
                items={[...business.history].reverse().map((c) => ({
                  key: c.changedAt,
                  color: c.toGrade === "D" ? "red" : c.toGrade === "A" ? "green" : "blue",
                  content: (
                    <Flex vertical>
                      <Typography.Text strong>
                        {c.fromGrade ? t("market.business.changed", { from: c.fromGrade, to: c.toGrade }) : t("market.business.first", { to: c.toGrade })}
                      </Typography.Text>
                      <Typography.Text type="secondary">
                        {formatDateTime(c.changedAt)} · <EnumTag type="GradeReason" value={c.reason} />
                        {c.total != null && t("market.points", { points: formatPoints(c.total) })}
                      </Typography.Text>
                    </Flex>
                  ),
                }))}
              />
            ) : (
              <Typography.Text type="secondary">{t("market.business.noHistory")}</Typography.Text>
            )}
          </Card>
          <Card size="small" title={t("market.business.inspections", { count: business.inspections.length })}>
            {business.inspections.length ? (
              <Collapse
                items={business.inspections.map((i) => ({
                  key: i.id,
                  label: `${formatDate(i.inspectedOn)} · ${i.inspector.displayName} · ${t("market.points", { points: formatPoints(i.dynamicTotal) })}`,
                  children: (
                    <Flex vertical gap={8}>
                      {i.findings && <Typography.Paragraph>{i.findings}</Typography.Paragraph>}
                      <Flex wrap gap={4}>
                        {i.checklist.filter((l) => l.result === "FAIL").map((l) => (
                          <Tag key={l.code} color="red">
                            {l.title} +{formatPoints(l.points)}
                          </Tag>
                        ))}
                      </Flex>
                      <Typography.Text type="secondary">
                        {i.signature ? t("market.business.signed") : i.signatureRefused ? t("market.business.unsigned", { why: i.signatureRefused }) : ""}
                        {i.photos.length ? ` · ${t("market.business.photos", { count: i.photos.length })}` : ""}
                      </Typography.Text>
                    </Flex>
                  ),
                }))}
              />
            ) : (
              <Typography.Text type="secondary">{t("market.business.noInspections")}</Typography.Text>
            )}
          </Card>
          {business.plannedInspections.length > 0 && (
            <Card size="small" title={t("market.business.planned")}>
              <Flex vertical gap={4}>
                {business.plannedInspections.map((v) => (
                  <Typography.Text key={v.seq}>
                    {t("market.plan.visit", { seq: v.seq })} · {formatDate(v.dueOn)} · {v.inspector?.displayName ?? "—"}{" "}
                    {v.done ? <Tag color="green">{t("market.plan.done")}</Tag> : v.overdue ? <Tag color="red">{t("market.plan.overdue")}</Tag> : null}
                  </Typography.Text>
                ))}
              </Flex>
            </Card>
          )}
          <Card size="small" title={t("market.business.appeals")}>
            <Flex vertical gap={8}>
              {business.appeals.map((a) => (
                <Typography.Text key={a.id}>
                  {formatDateTime(a.raisedAt)} · {a.contestedGrade}
                  {a.requestedGrade && ` → ${a.requestedGrade}`} · <EnumTag type="GradeAppealStatus" value={a.status} /> {a.reason}
                  {a.answer && ` — ${a.answer}`}
                </Typography.Text>
              ))}
              {!business.appeals.length && <Typography.Text type="secondary">{t("market.business.noAppeals")}</Typography.Text>}
              {business.grade && !hasRole(me, INSPECTORS) && me.roles.every((r) => r.role === "MEMBER") && <AppealButton subject={business.subject} grade={business.grade} />}
            </Flex>
          </Card>
          <Card size="small" title={t("market.business.paper")}>
            <Flex wrap gap={24} justify="space-between">
              <ExportButton subject={business.subject} />
              <PrintableQr url={publicBusinessUrl(business.name)} title={t("market.qr.business", { name: business.name })} caption={t("market.qr.caption")} />
            </Flex>
          </Card>
        </Flex>
      )}
    </QueryState>
  );
}
