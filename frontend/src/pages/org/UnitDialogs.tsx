// The administrator's dialogs on one unit: add a sub-unit, rename, move, close, reopen. Each
// sends one mutation and shows its typed errors at their fields (the rest above the buttons).
import { Alert, App, Form, Input, Modal, Select, Switch, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";
import { FormErrors } from "../../components/FormErrors";
import type { UnitKind } from "../../graphql/graphql";
import { applyErrors, requestErrorText, type FieldError } from "../../lib/errors";
import { UnitSelect } from "../rulesets/UnitSelect";
import { UnitCloseDocument, UnitCreateDocument, UnitMoveDocument, UnitReopenDocument, UnitUpdateDocument } from "./documents";
import type { Unit } from "./OrgTree";

export type UnitAction = "create" | "rename" | "move" | "close" | "reopen";

export const UNIT_KINDS: UnitKind[] = [
  "COUNTY", "TOWNSHIP", "COMMITTEE", "GENERAL_BRANCH", "BRANCH", "GROUP", "ENTERPRISE", "DEPARTMENT",
  "SCHOOL", "GRADE", "CLASS", "VILLAGE", "GRID", "BUREAU", "STATION", "OTHER",
];

/** The usual kind of a unit's sub-units (a committee's are branches …); the form's default. */
const CHILD_KIND: Partial<Record<string, UnitKind>> = {
  COUNTY: "COMMITTEE",
  TOWNSHIP: "VILLAGE",
  COMMITTEE: "BRANCH",
  GENERAL_BRANCH: "BRANCH",
  BRANCH: "GROUP",
  SCHOOL: "GRADE",
  GRADE: "CLASS",
  VILLAGE: "GRID",
  BUREAU: "STATION",
};

type Values = { name?: string; kind?: UnitKind; code?: string; isScoring?: boolean; parent?: string; reason?: string };
type Payload = { errors: readonly FieldError[] } | null | undefined;
type Props = { action: UnitAction; unit: Unit; onClose: () => void; onDone: () => void };

// Where each API field's error is shown in the forms below.
const FIELDS = { name: "name", kind: "kind", code: "code", isScoring: "isScoring", parent: "parent", reason: "reason" };

export function UnitDialog({ action, unit, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [general, setGeneral] = useState<(FieldError | string)[]>([]);
  const [created, create] = useMutation(UnitCreateDocument);
  const [updated, update] = useMutation(UnitUpdateDocument);
  const [moved, move] = useMutation(UnitMoveDocument);
  const [closed, close] = useMutation(UnitCloseDocument);
  const [reopened, reopen] = useMutation(UnitReopenDocument);
  const busy = created.fetching || updated.fetching || moved.fetching || closed.fetching || reopened.fetching;

  async function send(values: Values) {
    setGeneral([]);
    const ctx = { additionalTypenames: ["OrgUnit"] };
    let result: { error?: Parameters<typeof requestErrorText>[0]; payload: Payload };
    if (action === "create") {
      const r = await create({ parent: unit.id, name: values.name!.trim(), kind: values.kind!, code: values.code?.trim() ?? "", isScoring: values.isScoring ?? true }, ctx);
      result = { error: r.error, payload: r.data?.unitCreate };
    } else if (action === "rename") {
      const r = await update({ id: unit.id, name: values.name!.trim(), code: values.code?.trim() ?? "", kind: values.kind }, ctx);
      result = { error: r.error, payload: r.data?.unitUpdate };
    } else if (action === "move") {
      const r = await move({ id: unit.id, parent: values.parent! }, ctx);
      result = { error: r.error, payload: r.data?.unitMove };
    } else if (action === "close") {
      const r = await close({ id: unit.id, reason: values.reason!.trim() }, ctx);
      result = { error: r.error, payload: r.data?.unitClose };
    } else {
      const r = await reopen({ id: unit.id }, ctx);
      result = { error: r.error, payload: r.data?.unitReopen };
    }
    if (result.error) return setGeneral([requestErrorText(result.error, t)]);
    if (result.payload?.errors.length) return setGeneral(applyErrors(form, result.payload.errors, FIELDS));
    message.success(t(`org.edit.done.${action}`, { unit: values.name?.trim() || unit.name }));
    onDone();
  }

  const required = [{ required: true, whitespace: true, message: t("form.required") }];
  const danger = action === "close" || action === "move";
  return (
    <Modal
      open
      title={t(`org.edit.title.${action}`, { unit: unit.name })}
      okText={t(`org.edit.ok.${action}`)}
      cancelText={t("action.cancel")}
      okButtonProps={{ danger, loading: busy }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        aria-label={t(`org.edit.title.${action}`, { unit: unit.name })}
        onFinish={send}
        initialValues={
          action === "create"
            ? { kind: CHILD_KIND[unit.kind], isScoring: true }
            : action === "rename"
              ? { name: unit.name, code: unit.code ?? "", kind: unit.kind }
              : {}
        }
      >
        {(action === "create" || action === "rename") && (
          <>
            <Form.Item name="name" label={t("org.edit.name")} rules={[...required, { max: 200, message: t("org.edit.nameRule") }]}>
              <Input autoComplete="off" />
            </Form.Item>
            <Form.Item name="kind" label={t("org.edit.kind")} rules={[{ required: true, message: t("form.required") }]}>
              <Select showSearch={{ optionFilterProp: "label" }} options={UNIT_KINDS.map((k) => ({ value: k, label: t(`enum.UnitKind.${k}`) }))} />
            </Form.Item>
            <Form.Item name="code" label={t("org.edit.code")} extra={t("org.edit.codeHint")} rules={[{ max: 50, message: t("org.edit.codeRule") }]}>
              <Input autoComplete="off" />
            </Form.Item>
          </>
        )}
        {action === "create" && (
          <Form.Item name="isScoring" label={t("org.edit.isScoring")} extra={t("org.edit.isScoringHint")} valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
        {action === "move" && (
          <>
            <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t("org.edit.moveWarning", { unit: unit.name })} />
            <Form.Item name="parent" label={t("org.edit.parent")} rules={[{ required: true, message: t("form.required") }]}>
              <UnitSelect />
            </Form.Item>
          </>
        )}
        {action === "close" && (
          <>
            <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t("org.edit.closeWarning", { unit: unit.name })} />
            <Form.Item name="reason" label={t("org.edit.reason")} extra={t("org.edit.reasonHint")} rules={required}>
              <Input.TextArea rows={2} />
            </Form.Item>
          </>
        )}
        {action === "reopen" && <Typography.Paragraph>{t("org.edit.reopenConfirm", { unit: unit.name })}</Typography.Paragraph>}
        <FormErrors errors={general} />
      </Form>
    </Modal>
  );
}
