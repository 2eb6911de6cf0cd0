// Choosing one's password with the one-time link of an invitation or a reset (no sign-in):
// the key is in the link an administrator passed on; it works once, for 7 days.
import { Alert, Button, Card, Flex, Form, Input, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { useMutation } from "urql";
import { FormErrors } from "../../components/FormErrors";
import { applyErrors, requestErrorText, type FieldError } from "../../lib/errors";
import { PasswordSetWithLinkDocument } from "../admin/usersDocuments";
import { PublicFrame } from "../publicPages/PublicFrame";

export const PASSWORD_PATH = "/open/password";

/** The link that opens this page with `key` (on the tenant's host the app runs on). */
export function passwordLink(key: string): string {
  return `${window.location.origin}${PASSWORD_PATH}?key=${encodeURIComponent(key)}`;
}

type Values = { password?: string; repeat?: string };

export function PasswordSet() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const key = params.get("key") ?? "";
  const [form] = Form.useForm<Values>();
  const [general, setGeneral] = useState<(FieldError | string)[]>([]);
  const [done, setDone] = useState<string>();
  const [{ fetching }, set] = useMutation(PasswordSetWithLinkDocument);

  async function send(v: Values) {
    setGeneral([]);
    const result = await set({ key, password: v.password! });
    if (result.error) return setGeneral([requestErrorText(result.error, t)]);
    const payload = result.data?.passwordSetWithLink;
    if (payload?.errors.length) return setGeneral(applyErrors(form, payload.errors, { password: "password" }));
    setDone(payload?.username ?? "");
  }

  return (
    <PublicFrame>
      <Flex justify="center">
        <Card style={{ width: "100%", maxWidth: 420 }}>
          <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0 }}>{t("passwordSet.title")}</Typography.Title>
          {done !== undefined ? (
            <Alert type="success" showIcon title={t("passwordSet.done", { user: done })} description={<Link to="/">{t("passwordSet.signIn")}</Link>} />
          ) : !key ? (
            <Alert type="error" showIcon title={t("passwordSet.noKey")} />
          ) : (
            <Form<Values> form={form} layout="vertical" onFinish={send} aria-label={t("passwordSet.title")}>
              <Form.Item name="password" label={t("passwordSet.password")} rules={[{ required: true, message: t("form.required") }]}>
                <Input.Password autoComplete="new-password" />
              </Form.Item>
              <Form.Item name="repeat" label={t("passwordSet.repeat")} dependencies={["password"]}
                rules={[{ required: true, message: t("form.required") }, ({ getFieldValue }) => ({
                  validator: (_, value) => (!value || value === getFieldValue("password") ? Promise.resolve() : Promise.reject(new Error(t("passwordSet.mismatch")))),
                })]}>
                <Input.Password autoComplete="new-password" />
              </Form.Item>
              <FormErrors errors={general} />
              <Button type="primary" htmlType="submit" block loading={fetching}>{t("passwordSet.ok")}</Button>
            </Form>
          )}
        </Card>
      </Flex>
    </PublicFrame>
  );
}
