import { Button, Card, Flex, Form, Input, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";
import { LanguageSwitch } from "../../app/LanguageSwitch";
import { FormErrors } from "../../components/FormErrors";
import { graphql } from "../../graphql";
import { setToken } from "../../lib/auth";
import { applyErrors, requestErrorText, type FieldError } from "../../lib/errors";

export const SignInDocument = graphql(`
  mutation SignIn($username: String!, $password: String!, $newPassword: String) {
    tokenCreate(username: $username, password: $password, newPassword: $newPassword, name: "web") {
      token
      errors {
        field
        code
        message
      }
    }
  }
`);

type Values = { username: string; password: string; newPassword?: string };

export function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [{ fetching }, signIn] = useMutation(SignInDocument);
  const [general, setGeneral] = useState<(FieldError | string)[]>([]);
  // An administrator set the password (an invitation, a reset): choose one's own to sign in.
  const [choosing, setChoosing] = useState(false);

  async function submit(values: Values) {
    setGeneral([]);
    const result = await signIn(values);
    if (result.error) return setGeneral([requestErrorText(result.error, t)]);
    const payload = result.data?.tokenCreate;
    if (payload?.errors.some((e) => e.code === "PASSWORD_CHANGE_REQUIRED")) {
      setChoosing(true);
      setGeneral([t("signIn.chooseHint")]);
      return;
    }
    if (payload?.token) {
      setToken(payload.token);
      onSignedIn();
      return;
    }
    setGeneral(applyErrors(form, payload?.errors ?? [], { username: "username", password: "password", newPassword: "newPassword" }));
  }

  return (
    <Flex className="signin" vertical align="center" justify="center">
      <Card style={{ width: "min(360px, 100%)" }}>
        <Flex justify="space-between" align="baseline">
          <Typography.Title level={1} style={{ fontSize: 22 }}>
            {t("signIn.title")}
          </Typography.Title>
          <LanguageSwitch />
        </Flex>
        <Typography.Paragraph type="secondary">
          {t("signIn.tenant", { tenant: window.location.hostname.split(".")[0] })}
        </Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={submit} aria-label={t("signIn.title")} requiredMark={false}>
          <Form.Item name="username" label={t("signIn.username")} rules={[{ required: true, message: t("form.required") }]}>
            <Input autoComplete="username" />
          </Form.Item>
          <Form.Item name="password" label={t("signIn.password")} rules={[{ required: true, message: t("form.required") }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          {choosing && (
            <Form.Item name="newPassword" label={t("signIn.newPassword")} rules={[{ required: true, message: t("form.required") }]}>
              <Input.Password autoComplete="new-password" />
            </Form.Item>
          )}
          <FormErrors errors={general} />
          <Button type="primary" htmlType="submit" block loading={fetching}>
            {t("signIn.submit")}
          </Button>
        </Form>
      </Card>
    </Flex>
  );
}
