// Close a unit's ended period (secretaries, superiors): totals, grades, ranks from what
// counts. Closing the same period again returns the earlier closes, so this is also how a
// secretary finds a close again (the API has no list of closes yet).
import { Alert, Button, Card, DatePicker, Flex, Form, Select, Space, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useMutation, useQuery } from "urql";
import { BOARD_KEEPERS, unitsWith, useMe } from "../../app/me";
import { useTitles } from "../../app/titles";
import { EnumTag } from "../../components/EnumTag";
import { FormErrors } from "../../components/FormErrors";
import type { CloseFieldsFragment } from "../../graphql/graphql";
import { applyErrors, requestErrorText, type FieldError } from "../../lib/errors";
import { formatDate } from "../../lib/format";
import { CloseDocument, RulesetCodesDocument } from "./documents";

type Values = { unit: string; periodStart: Dayjs; ruleset?: string };

export function Periods() {
  const { t } = useTranslation();
  const me = useMe();
  const titles = useTitles();
  const units = unitsWith(me, BOARD_KEEPERS);
  const [form] = Form.useForm<Values>();
  const [rulesets] = useQuery({ query: RulesetCodesDocument });
  const [{ fetching }, close] = useMutation(CloseDocument);
  const [general, setGeneral] = useState<(FieldError | string)[]>([]);
  const [closes, setCloses] = useState<CloseFieldsFragment[] | null>(null);

  async function submit(values: Values) {
    setGeneral([]);
    setCloses(null);
    const result = await close({ unit: values.unit, periodStart: values.periodStart.format("YYYY-MM-DD"), ruleset: values.ruleset || null });
    if (result.error) return setGeneral([requestErrorText(result.error, t)]);
    const payload = result.data?.periodClose;
    if (payload?.errors.length) {
      return setGeneral(applyErrors(form, payload.errors, { unit: "unit", periodStart: "periodStart", ruleset: "ruleset" }));
    }
    setCloses(payload?.closes ?? []);
  }

  if (!units.length) return <Alert type="info" showIcon title={t("periods.noUnit")} />;
  return (
    <>
      <Typography.Title level={1}>{t("periods.title")}</Typography.Title>
      <Card style={{ maxWidth: 720 }} title={t("periods.closeTitle")}>
        <Typography.Paragraph type="secondary">{t("periods.closeHint")}</Typography.Paragraph>
        <Form<Values> form={form} layout="vertical" onFinish={submit} aria-label={t("periods.closeTitle")}
          initialValues={{ unit: units[0].id, periodStart: dayjs().subtract(1, "year") }}>
          <Form.Item name="unit" label={t("field.unit")} rules={[{ required: true, message: t("form.required") }]}>
            <Select options={units.map((u) => ({ value: u.id, label: u.name }))} />
          </Form.Item>
          <Form.Item name="periodStart" label={t("periods.anyDay")} rules={[{ required: true, message: t("form.required") }]}>
            <DatePicker allowClear={false} style={{ width: "100%" }} />
          </Form.Item>
          <Form.Item name="ruleset" label={t("periods.ruleset")}>
            <Select allowClear placeholder={t("periods.allRulesets")} options={(rulesets.data?.rulesets ?? []).map((r) => ({ value: r.code, label: r.title }))} />
          </Form.Item>
          <FormErrors errors={general} />
          <Button type="primary" htmlType="submit" loading={fetching}>{t("periods.close")}</Button>
        </Form>
      </Card>
      {closes && (
        <Flex vertical gap={12} style={{ marginTop: 16 }} role="status">
          {closes.length === 0 && <Alert type="info" showIcon title={t("periods.noCloses")} />}
          {closes.map((c) => (
            <Card key={c.id} size="small">
              <Space wrap>
                <Link to={`/results/close/${encodeURIComponent(c.id)}`}>
                  {t("periods.closeOf", { unit: c.unit.name, start: formatDate(c.periodStart), end: formatDate(c.periodEnd) })}
                </Link>
                <Typography.Text type="secondary">{titles.ruleset(c.ruleset)}</Typography.Text>
                <EnumTag type="PeriodCloseStatus" value={c.status} />
                {c.decisions.some((d) => d.status === "OPEN") && <Typography.Text type="warning">{t("periods.tiesOpen")}</Typography.Text>}
              </Space>
            </Card>
          ))}
        </Flex>
      )}
    </>
  );
}
