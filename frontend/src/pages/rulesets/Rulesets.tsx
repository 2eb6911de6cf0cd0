// The tenant's rulesets with their versions and where they apply, and forking a shipped
// template into a new ruleset (tenant administrators).
import { Button, Card, Flex, Form, Input, Select, Space, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { useMutation, useQuery } from "urql";
import { EnumTag } from "../../components/EnumTag";
import { FormErrors } from "../../components/FormErrors";
import { QueryState } from "../../components/QueryState";
import { applyErrors, requestErrorText, type FieldError } from "../../lib/errors";
import { formatDate } from "../../lib/format";
import { RulesetForkDocument, RulesetListDocument } from "./documents";

type Values = { template: string; code: string; title?: string };

export function Rulesets() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [{ data, fetching, error }, refetch] = useQuery({ query: RulesetListDocument });
  const [form] = Form.useForm<Values>();
  const [general, setGeneral] = useState<(FieldError | string)[]>([]);
  const [{ fetching: forking }, fork] = useMutation(RulesetForkDocument);

  async function submit(values: Values) {
    setGeneral([]);
    const result = await fork({ template: values.template, code: values.code, title: values.title || null });
    if (result.error) return setGeneral([requestErrorText(result.error, t)]);
    const payload = result.data?.rulesetFork;
    if (payload?.errors.length) return setGeneral(applyErrors(form, payload.errors, { template: "template", code: "code", title: "title" }));
    if (payload?.ruleset) navigate(`/rulesets/${encodeURIComponent(payload.ruleset.code)}`);
  }

  return (
    <>
      <Typography.Title level={1}>{t("rulesets.title")}</Typography.Title>
      <QueryState fetching={fetching} error={error} hasData={data !== undefined} retry={() => refetch({ requestPolicy: "network-only" })}>
        <Flex vertical gap={12}>
          {(data?.rulesets ?? []).length === 0 && <Typography.Text type="secondary">{t("rulesets.none")}</Typography.Text>}
          {(data?.rulesets ?? []).map((r) => {
            const published = r.versions.filter((v) => v.status === "PUBLISHED");
            const current = published.sort((a, b) => b.number - a.number)[0];
            return (
              <Card key={r.code} size="small">
                <Typography.Title level={2} style={{ fontSize: 16, marginTop: 0 }}>
                  <Link to={`/rulesets/${encodeURIComponent(r.code)}`}>{r.title}</Link> <Typography.Text type="secondary" code>{r.code}</Typography.Text>
                </Typography.Title>
                <Space wrap>
                  {current ? (
                    <>
                      <Typography.Text>{t("rulesets.current", { version: current.label })}</Typography.Text>
                      <EnumTag type="VersionStatus" value={current.status} />
                      {current.effectiveFrom && <Typography.Text type="secondary">{t("rulesets.effectiveFrom", { day: formatDate(current.effectiveFrom) })}</Typography.Text>}
                    </>
                  ) : (
                    <Typography.Text type="secondary">{t("rulesets.unpublished")}</Typography.Text>
                  )}
                  {r.draft && <Tag color="blue">{t("rulesets.draftOpen", { version: `v${r.draft.number}` })}</Tag>}
                  {r.forkedFrom && <Typography.Text type="secondary">{t("rulesets.forkedFrom", { template: r.forkedFrom })}</Typography.Text>}
                </Space>
                {r.assignments.length > 0 && (
                  <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
                    {t("rulesets.assignedTo", { units: [...new Set(r.assignments.map((a) => a.unitName))].join("、") })}
                  </Typography.Paragraph>
                )}
              </Card>
            );
          })}
        </Flex>
        <Card title={t("rulesets.fork.title")} style={{ marginTop: 16, maxWidth: 640 }}>
          <Typography.Paragraph type="secondary">{t("rulesets.fork.hint")}</Typography.Paragraph>
          <Form<Values> form={form} layout="vertical" onFinish={submit} aria-label={t("rulesets.fork.title")}>
            <Form.Item name="template" label={t("rulesets.fork.template")} rules={[{ required: true, message: t("form.required") }]}>
              <Select showSearch options={(data?.templates ?? []).map((name) => ({ value: name, label: name }))} />
            </Form.Item>
            <Form.Item name="code" label={t("rulesets.fork.code")} extra={t("rulesets.fork.codeHint")} rules={[{ required: true, message: t("form.required") }, { pattern: /^[a-z0-9-]+$/, message: t("rulesets.fork.codeRule") }]}>
              <Input autoComplete="off" />
            </Form.Item>
            <Form.Item name="title" label={t("rulesets.fork.name")}>
              <Input autoComplete="off" />
            </Form.Item>
            <FormErrors errors={general} />
            <Button type="primary" htmlType="submit" loading={forking}>{t("rulesets.fork.action")}</Button>
          </Form>
        </Card>
      </QueryState>
    </>
  );
}
