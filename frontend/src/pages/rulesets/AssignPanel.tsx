// Where the ruleset scores, from when; and assigning it to another unit from a date.
import { Button, DatePicker, Flex, Form, Select, Typography } from "antd";
import type { Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";
import { FormErrors } from "../../components/FormErrors";
import { ResponsiveTable } from "../../components/ResponsiveTable";
import type { RulesetDetailQuery, SubjectKind } from "../../graphql/graphql";
import { applyErrors, requestErrorText, type FieldError } from "../../lib/errors";
import { formatDate } from "../../lib/format";
import { RulesetAssignDocument } from "./documents";
import { UnitSelect } from "./UnitSelect";

type Assignment = NonNullable<RulesetDetailQuery["ruleset"]>["assignments"][number];
type Values = { unit: string; subjectKind: SubjectKind; effectiveFrom?: Dayjs | null; effectiveUntil?: Dayjs | null };
const KINDS: SubjectKind[] = ["PERSON", "HOUSEHOLD", "BUSINESS", "UNIT"];

export function AssignPanel({ code, assignments, onAssigned }: { code: string; assignments: readonly Assignment[]; onAssigned: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [general, setGeneral] = useState<(FieldError | string)[]>([]);
  const [done, setDone] = useState(false);
  const [{ fetching }, assign] = useMutation(RulesetAssignDocument);

  async function submit(values: Values) {
    setGeneral([]);
    setDone(false);
    const result = await assign({
      code,
      unit: values.unit,
      subjectKind: values.subjectKind,
      effectiveFrom: values.effectiveFrom?.format("YYYY-MM-DD") ?? null,
      effectiveUntil: values.effectiveUntil?.format("YYYY-MM-DD") ?? null,
    });
    if (result.error) return setGeneral([requestErrorText(result.error, t)]);
    const payload = result.data?.rulesetAssign;
    if (payload?.errors.length) {
      return setGeneral(applyErrors(form, payload.errors, { unit: "unit", subjectKind: "subjectKind", effectiveFrom: "effectiveFrom", effectiveUntil: "effectiveUntil" }));
    }
    setDone(true);
    onAssigned();
  }

  return (
    <Flex vertical gap={16}>
      <ResponsiveTable<Assignment>
        label={t("rulesets.assign.current")}
        rows={assignments}
        rowKey={(a) => `${a.unitId}:${a.subjectKind}:${a.effectiveFrom}`}
        columns={[
          { key: "unit", title: t("field.unit"), render: (a) => a.unitName },
          { key: "kind", title: t("rulesets.assign.kind"), render: (a) => t(`enum.SubjectKind.${a.subjectKind}`) },
          { key: "from", title: t("rulesets.assign.from"), render: (a) => formatDate(a.effectiveFrom) },
          { key: "until", title: t("rulesets.assign.until"), render: (a) => (a.effectiveUntil ? formatDate(a.effectiveUntil) : t("rulesets.assign.open")) },
        ]}
      />
      <Typography.Title level={3}>{t("rulesets.assign.title")}</Typography.Title>
      <Form<Values> form={form} layout="vertical" onFinish={submit} aria-label={t("rulesets.assign.title")} initialValues={{ subjectKind: "PERSON" }} style={{ maxWidth: 560 }}>
        <Form.Item name="unit" label={t("field.unit")} rules={[{ required: true, message: t("form.required") }]}>
          <UnitSelect />
        </Form.Item>
        <Form.Item name="subjectKind" label={t("rulesets.assign.kind")}>
          <Select options={KINDS.map((k) => ({ value: k, label: t(`enum.SubjectKind.${k}`) }))} />
        </Form.Item>
        <Form.Item name="effectiveFrom" label={t("rulesets.assign.from")} extra={t("rulesets.assign.fromHint")}>
          <DatePicker style={{ width: "100%" }} />
        </Form.Item>
        <Form.Item name="effectiveUntil" label={t("rulesets.assign.until")}>
          <DatePicker style={{ width: "100%" }} />
        </Form.Item>
        <FormErrors errors={general} />
        {done && <Typography.Paragraph type="success" role="status">{t("rulesets.assign.done")}</Typography.Paragraph>}
        <Button type="primary" htmlType="submit" loading={fetching}>{t("rulesets.assign.action")}</Button>
      </Form>
    </Flex>
  );
}
