import { Button, Card, Flex, Form, Input, Space, Tabs, Typography } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, useQuery } from "urql";
import { LanguageSwitch } from "../../app/LanguageSwitch";
import { FormErrors } from "../../components/FormErrors";
import { graphql } from "../../graphql";
import type { LightLoginMode } from "../../graphql/graphql";
import { applyErrors, requestErrorText, type FieldError } from "../../lib/errors";

export const SignInDocument = graphql(`
  mutation SignIn($username: String!, $password: String!, $newPassword: String) {
    signIn(username: $username, password: $password, newPassword: $newPassword) {
      user {
        username
      }
      errors {
        field
        code
        message
      }
    }
  }
`);

export const SignInOptionsDocument = graphql(`
  query SignInOptions {
    signInOptions {
      lightLogin
      demoLogins {
        username
        role
        unit
      }
    }
  }
`);

export const LightCodeSendDocument = graphql(`
  mutation LightCodeSend($personName: String!, $idCardLast4: String!) {
    lightCodeSend(personName: $personName, idCardLast4: $idCardLast4) {
      sentTo
      errors {
        field
        code
        message
      }
    }
  }
`);

export const LightSignInDocument = graphql(`
  mutation LightSignIn($personName: String!, $idCardLast4: String!, $code: String, $password: String, $newPassword: String) {
    lightSignIn(personName: $personName, idCardLast4: $idCardLast4, code: $code, password: $password, newPassword: $newPassword) {
      user {
        username
      }
      errors {
        field
        code
        message
      }
    }
  }
`);

type Props = { onSignedIn: () => void };

/** The sign-in screen: staff with a username and password; where the tenant enables it,
 * members with the light login (name, last four of the ID card, a code or a password). */
export function SignIn({ onSignedIn }: Props) {
  const { t } = useTranslation();
  const [{ data }] = useQuery({ query: SignInOptionsDocument });
  const light = data?.signInOptions.lightLogin;
  const demo = data?.signInOptions.demoLogins ?? [];
  const [prefill, setPrefill] = useState<string>();
  const [tab, setTab] = useState("member");

  return (
    <Flex className="signin" vertical align="center" justify="center">
      <Card style={{ width: "min(380px, 100%)" }}>
        <Flex justify="space-between" align="baseline">
          <Typography.Title level={1} style={{ fontSize: 22 }}>
            {t("signIn.title")}
          </Typography.Title>
          <LanguageSwitch />
        </Flex>
        <Typography.Paragraph type="secondary">
          {t("signIn.tenant", { tenant: window.location.hostname.split(".")[0] })}
        </Typography.Paragraph>
        {light && light !== "OFF" ? (
          <Tabs
            activeKey={tab}
            onChange={setTab}
            items={[
              { key: "member", label: t("signIn.memberTab"), children: <LightSignIn mode={light} onSignedIn={onSignedIn} /> },
              { key: "staff", label: t("signIn.staffTab"), children: <PasswordSignIn onSignedIn={onSignedIn} prefill={prefill} /> },
            ]}
          />
        ) : (
          <PasswordSignIn onSignedIn={onSignedIn} prefill={prefill} />
        )}
      </Card>
      {demo.length > 0 && (
        <DemoLogins
          logins={demo}
          onPick={(username) => {
            setTab("staff");
            setPrefill(username);
          }}
        />
      )}
    </Flex>
  );
}

type Values = { username: string; password: string; newPassword?: string };

type DemoLogin = { username: string; role: string; unit: string };

/** While the demo runs, one login per role (the server lists them only then). */
function DemoLogins({ logins, onPick }: { logins: DemoLogin[]; onPick: (username: string) => void }) {
  const { t } = useTranslation();
  return (
    <Card size="small" style={{ width: "min(380px, 100%)", marginTop: 16 }} title={<Typography.Title level={2} style={{ margin: 0, fontSize: 16 }}>{t("dash.demo.title")}</Typography.Title>}>
      <Typography.Paragraph type="secondary">{t("dash.demo.hint")}</Typography.Paragraph>
      <ul className="demo-logins" aria-label={t("dash.demo.title")}>
        {logins.map((login) => (
          <li key={`${login.role}:${login.username}`}>
            <Button size="small" onClick={() => onPick(login.username)} aria-label={t("dash.demo.use", { username: login.username })}>
              {login.username}
            </Button>
            <Typography.Text>{t(`enum.Role.${login.role.toUpperCase()}`, { defaultValue: login.role })}</Typography.Text>
            <Typography.Text type="secondary"> · {login.unit}</Typography.Text>
          </li>
        ))}
      </ul>
    </Card>
  );
}

function PasswordSignIn({ onSignedIn, prefill }: Props & { prefill?: string }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  useEffect(() => {
    if (prefill) form.setFieldsValue({ username: prefill });
  }, [prefill, form]);
  const [{ fetching }, signIn] = useMutation(SignInDocument);
  const [general, setGeneral] = useState<(FieldError | string)[]>([]);
  // An administrator set the password (an invitation, a reset): choose one's own to sign in.
  const [choosing, setChoosing] = useState(false);

  async function submit(values: Values) {
    setGeneral([]);
    const result = await signIn(values);
    if (result.error) return setGeneral([requestErrorText(result.error, t)]);
    const payload = result.data?.signIn;
    if (payload?.errors.some((e) => e.code === "PASSWORD_CHANGE_REQUIRED")) {
      setChoosing(true);
      setGeneral([t("signIn.chooseHint")]);
      return;
    }
    // the answer set the session cookie: the app asks `me` again
    if (payload?.user) {
      onSignedIn();
      return;
    }
    setGeneral(applyErrors(form, payload?.errors ?? [], { username: "username", password: "password", newPassword: "newPassword" }));
  }

  return (
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
  );
}

type LightValues = { personName: string; idCardLast4: string; code?: string; password?: string; newPassword?: string };
const LIGHT_FIELDS = { personName: "personName", idCardLast4: "idCardLast4", code: "code", password: "password", newPassword: "newPassword" };
const RESEND_SECONDS = 60;

function LightSignIn({ mode, onSignedIn }: Props & { mode: LightLoginMode }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<LightValues>();
  const [{ fetching }, signIn] = useMutation(LightSignInDocument);
  const [{ fetching: sending }, sendCode] = useMutation(LightCodeSendDocument);
  const [general, setGeneral] = useState<(FieldError | string)[]>([]);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [wait, setWait] = useState(0);
  const [choosing, setChoosing] = useState(false);
  const byCode = mode === "CODE";

  useEffect(() => {
    if (wait <= 0) return;
    const timer = setTimeout(() => setWait((w) => w - 1), 1000);
    return () => clearTimeout(timer);
  }, [wait]);

  async function send() {
    setGeneral([]);
    let values: Pick<LightValues, "personName" | "idCardLast4">;
    try {
      values = await form.validateFields(["personName", "idCardLast4"]);
    } catch {
      return;
    }
    const result = await sendCode(values);
    if (result.error) return setGeneral([requestErrorText(result.error, t)]);
    const payload = result.data?.lightCodeSend;
    if (payload?.sentTo) {
      setSentTo(payload.sentTo);
      setWait(RESEND_SECONDS);
      return;
    }
    setGeneral(applyErrors(form, payload?.errors ?? [], LIGHT_FIELDS));
  }

  async function submit(values: LightValues) {
    setGeneral([]);
    const result = await signIn({
      personName: values.personName,
      idCardLast4: values.idCardLast4,
      ...(byCode ? { code: values.code } : { password: values.password, newPassword: values.newPassword }),
    });
    if (result.error) return setGeneral([requestErrorText(result.error, t)]);
    const payload = result.data?.lightSignIn;
    if (payload?.errors.some((e) => e.code === "PASSWORD_CHANGE_REQUIRED")) {
      setChoosing(true);
      setGeneral([t("signIn.chooseHint")]);
      return;
    }
    // the answer set the session cookie: the app asks `me` again
    if (payload?.user) {
      onSignedIn();
      return;
    }
    setGeneral(applyErrors(form, payload?.errors ?? [], LIGHT_FIELDS));
  }

  const required = { required: true, message: t("form.required") };
  return (
    <Form form={form} layout="vertical" onFinish={submit} aria-label={t("signIn.memberTab")} requiredMark={false}>
      <Typography.Paragraph type="secondary">{t(byCode ? "signIn.lightHintCode" : "signIn.lightHintPassword")}</Typography.Paragraph>
      <Form.Item name="personName" label={t("signIn.personName")} rules={[required]}>
        <Input autoComplete="name" />
      </Form.Item>
      <Form.Item
        name="idCardLast4"
        label={t("signIn.idCardLast4")}
        normalize={(v: string) => v.toUpperCase()}
        rules={[required, { pattern: /^\d{3}[\dX]$/, message: t("signIn.last4Rule") }]}
      >
        <Input maxLength={4} inputMode="text" autoComplete="off" />
      </Form.Item>
      {byCode ? (
        <Form.Item label={t("signIn.code")} extra={sentTo ? t("signIn.codeSent", { to: sentTo }) : undefined} required>
          <Space.Compact style={{ width: "100%" }}>
            <Form.Item name="code" noStyle rules={[required]}>
              <Input inputMode="numeric" maxLength={6} autoComplete="one-time-code" aria-label={t("signIn.code")} />
            </Form.Item>
            <Button onClick={send} loading={sending} disabled={wait > 0}>
              {wait > 0 ? t("signIn.resendIn", { seconds: wait }) : t("signIn.sendCode")}
            </Button>
          </Space.Compact>
        </Form.Item>
      ) : (
        <Form.Item name="password" label={t("signIn.password")} rules={[required]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
      )}
      {choosing && (
        <Form.Item name="newPassword" label={t("signIn.newPassword")} rules={[required]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      )}
      <FormErrors errors={general} />
      <Button type="primary" htmlType="submit" block loading={fetching}>
        {t("signIn.submit")}
      </Button>
    </Form>
  );
}
