// Publish the draft from a date. A date before today re-evaluates what was booked since in
// the open period: the list comes first (a rehearsal on the server), and only that list is
// confirmed, as the periods' rules require.
import { Alert, Button, DatePicker, Flex, Form, Modal, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";
import { useTitles } from "../../app/titles";
import { FormErrors } from "../../components/FormErrors";
import { ResponsiveTable } from "../../components/ResponsiveTable";
import type { RulesetPreviewMutation } from "../../graphql/graphql";
import { applyErrors, requestErrorText, type FieldError } from "../../lib/errors";
import { formatDate, formatPoints } from "../../lib/format";
import { RulesetPreviewDocument, RulesetPublishDocument } from "./documents";

type Values = { effectiveFrom: Dayjs };
type Preview = NonNullable<RulesetPreviewMutation["rulesetRetroactivePreview"]>;

export function PublishPanel({ code, draftLabel, onPublished }: { code: string; draftLabel: string | null; onPublished: (label: string) => void }) {
  const { t } = useTranslation();
  const titles = useTitles();
  const [form] = Form.useForm<Values>();
  const [general, setGeneral] = useState<(FieldError | string)[]>([]);
  const [pending, setPending] = useState<{ day: string; preview: Preview | null } | null>(null);
  const [{ fetching: previewing }, preview] = useMutation(RulesetPreviewDocument);
  const [{ fetching: publishing }, publish] = useMutation(RulesetPublishDocument);

  if (!draftLabel) return <Alert type="info" showIcon title={t("rulesets.publish.noDraft")} />;

  async function ask(values: Values) {
    setGeneral([]);
    const day = values.effectiveFrom.format("YYYY-MM-DD");
    if (!values.effectiveFrom.isBefore(dayjs(), "day")) return setPending({ day, preview: null });
    const result = await preview({ code, effectiveFrom: day });
    if (result.error) return setGeneral([requestErrorText(result.error, t)]);
    const payload = result.data?.rulesetRetroactivePreview;
    if (payload?.errors.length) return setGeneral(applyErrors(form, payload.errors, { effectiveFrom: "effectiveFrom" }));
    if (payload) setPending({ day, preview: payload });
  }

  async function confirm() {
    if (!pending) return;
    const retroactive = pending.preview !== null;
    const result = await publish({ code, effectiveFrom: pending.day, retroactive, confirmedEntries: retroactive ? pending.preview!.confirmedEntries : null });
    setPending(null);
    if (result.error) return setGeneral([requestErrorText(result.error, t)]);
    const payload = result.data?.rulesetPublish;
    if (payload?.errors.length) return setGeneral(applyErrors(form, payload.errors, { effectiveFrom: "effectiveFrom" }));
    if (payload?.version) onPublished(payload.version.label);
  }

  const rows = pending?.preview?.reevaluated ?? [];
  return (
    <Flex vertical gap={12} style={{ maxWidth: 720 }}>
      <Typography.Paragraph type="secondary">{t("rulesets.publish.hint")}</Typography.Paragraph>
      <Form<Values> form={form} layout="vertical" onFinish={ask} aria-label={t("rulesets.publish.title")} initialValues={{ effectiveFrom: dayjs().add(1, "day") }}>
        <Form.Item name="effectiveFrom" label={t("rulesets.publish.from")} rules={[{ required: true, message: t("form.required") }]}>
          <DatePicker allowClear={false} style={{ width: "100%" }} />
        </Form.Item>
        <FormErrors errors={general} />
        <Button type="primary" htmlType="submit" loading={previewing}>{t("rulesets.publish.action", { version: draftLabel })}</Button>
      </Form>
      <Modal
        open={pending !== null}
        title={t("rulesets.publish.confirmTitle", { version: draftLabel, day: formatDate(pending?.day) })}
        okText={t("rulesets.publish.confirm")}
        cancelText={t("action.cancel")}
        confirmLoading={publishing}
        onOk={confirm}
        onCancel={() => setPending(null)}
        width={760}
      >
        {pending?.preview === null && <Typography.Paragraph>{t("rulesets.publish.fromNowOn")}</Typography.Paragraph>}
        {pending?.preview && (
          <>
            <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t("rulesets.publish.retroactive", { count: rows.length })} />
            <ResponsiveTable
              label={t("rulesets.publish.reevaluated")}
              rows={rows}
              rowKey={(r) => r.eventKey}
              columns={[
                { key: "subject", title: t("field.subject"), render: (r) => r.subject },
                { key: "item", title: t("field.item"), render: (r) => titles.item(r.item, code) },
                { key: "day", title: t("field.occurredOn"), render: (r) => formatDate(r.occurredOn) },
                { key: "points", title: t("field.points"), render: (r) => `${formatPoints(r.pointsBefore, { signed: true })} → ${formatPoints(r.pointsAfter, { signed: true })}` },
              ]}
            />
          </>
        )}
      </Modal>
    </Flex>
  );
}
