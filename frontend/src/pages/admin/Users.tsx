// Users and their roles, for tenant administrators: invite a user with a first role, grant
// and revoke roles at units, reset a password, deactivate and reactivate. An initial password
// or a one-time link is returned once, by the mutation, and shown once here.
import { KeyOutlined, PlusOutlined, StopOutlined, UserAddOutlined } from "@ant-design/icons";
import { Alert, App, Button, Flex, Form, Input, Modal, Select, Space, Switch, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, useQuery } from "urql";
import { FormErrors } from "../../components/FormErrors";
import { QueryState } from "../../components/QueryState";
import { ResponsiveTable, type Column } from "../../components/ResponsiveTable";
import type { ManagedUsersQuery, Role } from "../../graphql/graphql";
import { applyErrors, requestErrorText, type FieldError } from "../../lib/errors";
import { UnitSelect } from "../rulesets/UnitSelect";
import { passwordLink } from "../signin/PasswordSet";
import { ManagedUsersDocument, RoleGrantDocument, RoleRevokeDocument, UserDeactivateDocument, UserInviteDocument, UserPasswordResetDocument } from "./usersDocuments";

const PAGE = 20;
export const ROLES: Role[] = ["MEMBER", "RECORDER", "SUPERVISOR", "SECRETARY", "SUPERIOR", "GRID_WORKER", "INSPECTOR", "EVALUATOR", "ADMIN"];

type User = NonNullable<NonNullable<NonNullable<ManagedUsersQuery["users"]>["edges"][number]>["node"]>;
type Secret = { username: string; initialPassword?: string | null; linkKey?: string | null };
type Dialog = { kind: "invite" } | { kind: "grant" | "reset"; user: User };

export function Users() {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const [page, setPage] = useState(1);
  const [search, setSearch] = useState("");
  const [{ data, fetching, error }, refetch] = useQuery({ query: ManagedUsersDocument, variables: { search: search || null, first: PAGE, offset: (page - 1) * PAGE } });
  const [dialog, setDialog] = useState<Dialog>();
  const [secret, setSecret] = useState<Secret>();
  const [, revoke] = useMutation(RoleRevokeDocument);
  const [, deactivate] = useMutation(UserDeactivateDocument);
  const rows = (data?.users?.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
  const reload = () => refetch({ requestPolicy: "network-only" });

  /** Ask first; then send, and say what the server refused (its message, in the UI's language). */
  const confirmed = (title: string, content: string, okText: string, send: () => Promise<{ errors?: readonly FieldError[]; failed?: string }>, done: string) =>
    modal.confirm({
      title,
      content,
      okText,
      okButtonProps: { danger: true },
      cancelText: t("action.cancel"),
      onOk: async () => {
        const { errors, failed } = await send();
        if (failed || errors?.length) return void message.error(failed ?? errors!.map((e) => e.message).join("；"));
        message.success(done);
        reload();
      },
    });

  const revokeRole = (user: User, r: User["roles"][number]) => {
    const role = t(`enum.Role.${r.role}`);
    confirmed(t("users.revoke.title"), t("users.revoke.confirm", { user: user.displayName || user.username, role, unit: r.unit.name }), t("users.revoke.ok"), async () => {
      const result = await revoke({ username: user.username, role: r.role, unit: r.unit.id }, { additionalTypenames: ["ManagedUser"] });
      return { failed: result.error && requestErrorText(result.error, t), errors: result.data?.roleRevoke?.errors };
    }, t("users.revoke.done", { role, unit: r.unit.name }));
  };

  const setActive = (user: User, active: boolean) => {
    const name = user.displayName || user.username;
    const key = active ? "reactivate" : "deactivate";
    confirmed(t(`users.${key}.title`, { user: name }), t(`users.${key}.confirm`, { user: name }), t(`users.${key}.ok`), async () => {
      const result = await deactivate({ username: user.username, active }, { additionalTypenames: ["ManagedUser"] });
      return { failed: result.error && requestErrorText(result.error, t), errors: result.data?.userDeactivate?.errors };
    }, t(`users.${key}.done`, { user: name }));
  };

  const actions = (u: User) => (
    <Space wrap size={[4, 4]} style={{ maxWidth: 240 }}>
      <Button size="small" icon={<PlusOutlined />} onClick={() => setDialog({ kind: "grant", user: u })} aria-label={t("users.grant.of", { user: u.username })}>
        {t("users.grant.action")}
      </Button>
      <Button size="small" icon={<KeyOutlined />} onClick={() => setDialog({ kind: "reset", user: u })} aria-label={t("users.reset.of", { user: u.username })}>
        {t("users.reset.action")}
      </Button>
      {u.isActive ? (
        <Button size="small" danger icon={<StopOutlined />} onClick={() => setActive(u, false)} aria-label={t("users.deactivate.of", { user: u.username })}>
          {t("users.deactivate.action")}
        </Button>
      ) : (
        <Button size="small" onClick={() => setActive(u, true)} aria-label={t("users.reactivate.of", { user: u.username })}>
          {t("users.reactivate.action")}
        </Button>
      )}
    </Space>
  );

  const columns: Column<User>[] = [
    { key: "username", title: t("users.username"), fixed: true, render: (u) => <Typography.Text strong>{u.username}</Typography.Text> },
    { key: "name", title: t("users.displayName"), render: (u) => u.displayName || "—" },
    { key: "phone", title: t("users.phone"), render: (u) => u.phone || "—" },
    { key: "status", title: t("users.status"), render: (u) => (
      <Space wrap size={[4, 4]}>
        {u.isActive ? <Tag color="green">{t("users.active")}</Tag> : <Tag>{t("users.inactive")}</Tag>}
        {u.mustChangePassword && <Tag color="gold">{t("users.mustChange")}</Tag>}
      </Space>
    ) },
    { key: "roles", title: t("users.roles"), render: (u) =>
      u.roles.length ? (
        <Flex wrap gap={4} style={{ maxWidth: 420 }}>
          {u.roles.map((r) => (
            <Tag key={`${r.role}:${r.unit.id}`} closable closeIcon={<span aria-label={t("users.revoke.of", { role: t(`enum.Role.${r.role}`), unit: r.unit.name })}>×</span>}
              onClose={(e) => { e.preventDefault(); revokeRole(u, r); }}>
              {t("users.roleAt", { role: t(`enum.Role.${r.role}`), unit: r.unit.name })}
            </Tag>
          ))}
        </Flex>
      ) : (
        <Typography.Text type="secondary">{t("users.noRoles")}</Typography.Text>
      ) },
    { key: "actions", title: t("users.actions"), render: actions },
  ];

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={1}>{t("users.title")}</Typography.Title>
      <Flex wrap gap={8} align="center">
        <Input.Search role="search" aria-label={t("users.search")} placeholder={t("users.search")} allowClear enterButton={t("action.search")}
          onSearch={(v) => { setSearch(v.trim()); setPage(1); }} style={{ maxWidth: 320 }} />
        <Button type="primary" icon={<UserAddOutlined />} onClick={() => setDialog({ kind: "invite" })}>
          {t("users.invite.action")}
        </Button>
        {data && <Typography.Text type="secondary">{t("users.count", { count: data.users?.totalCount ?? 0 })}</Typography.Text>}
      </Flex>
      <QueryState fetching={fetching} error={error} hasData={Boolean(data)} empty={!rows.length} emptyText={search ? t("users.noMatch") : t("users.empty")} retry={reload}>
        <ResponsiveTable rows={rows} columns={columns} rowKey={(u) => u.id} label={t("users.title")}
          pagination={{ current: page, pageSize: PAGE, total: data?.users?.totalCount ?? 0, onChange: setPage }} />
      </QueryState>
      {dialog?.kind === "invite" && <InviteDialog onClose={() => setDialog(undefined)} onDone={(s) => { setDialog(undefined); setSecret(s); reload(); }} />}
      {dialog?.kind === "grant" && <GrantDialog user={dialog.user} onClose={() => setDialog(undefined)} onDone={() => { setDialog(undefined); reload(); }} />}
      {dialog?.kind === "reset" && <ResetDialog user={dialog.user} onClose={() => setDialog(undefined)} onDone={(s) => { setDialog(undefined); setSecret(s); reload(); }} />}
      {secret && <SecretDialog secret={secret} onClose={() => setSecret(undefined)} />}
    </Flex>
  );
}

type InviteValues = { username?: string; displayName?: string; phone?: string; role?: Role; unit?: string; byLink?: boolean };

function InviteDialog({ onClose, onDone }: { onClose: () => void; onDone: (secret: Secret) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<InviteValues>();
  const [general, setGeneral] = useState<(FieldError | string)[]>([]);
  const [{ fetching }, invite] = useMutation(UserInviteDocument);
  const required = { required: true, whitespace: true, message: t("form.required") };

  async function send(v: InviteValues) {
    setGeneral([]);
    const result = await invite(
      { username: v.username!.trim(), displayName: v.displayName!.trim(), phone: v.phone?.trim() ?? "", role: v.role!, unit: v.unit!, byLink: v.byLink ?? false },
      { additionalTypenames: ["ManagedUser"] },
    );
    if (result.error) return setGeneral([requestErrorText(result.error, t)]);
    const payload = result.data?.userInvite;
    if (payload?.errors.length) return setGeneral(applyErrors(form, payload.errors, { username: "username", displayName: "displayName", phone: "phone", role: "role", unit: "unit" }));
    onDone({ username: payload?.user?.username ?? v.username!.trim(), initialPassword: payload?.initialPassword, linkKey: payload?.linkKey });
  }

  return (
    <Modal open title={t("users.invite.title")} okText={t("users.invite.ok")} cancelText={t("action.cancel")} okButtonProps={{ loading: fetching }}
      onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      <Form<InviteValues> form={form} layout="vertical" aria-label={t("users.invite.title")} onFinish={send} initialValues={{ role: "MEMBER", byLink: false }}>
        <Form.Item name="username" label={t("users.username")} extra={t("users.invite.usernameHint")} rules={[required, { pattern: /^[\w.@-]+$/, message: t("users.invite.usernameRule") }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="displayName" label={t("users.displayName")} rules={[required]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="phone" label={t("users.phone")}>
          <Input autoComplete="off" inputMode="tel" />
        </Form.Item>
        <RoleFields />
        <Form.Item name="byLink" label={t("users.byLink")} extra={t("users.byLinkHint")} valuePropName="checked">
          <Switch />
        </Form.Item>
        <FormErrors errors={general} />
      </Form>
    </Modal>
  );
}

function RoleFields() {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item name="role" label={t("users.role")} rules={[{ required: true, message: t("form.required") }]}>
        <Select placeholder={t("users.chooseRole")} options={ROLES.map((r) => ({ value: r, label: t(`enum.Role.${r}`) }))} />
      </Form.Item>
      <Form.Item name="unit" label={t("users.unit")} extra={t("users.unitHint")} rules={[{ required: true, message: t("form.required") }]}>
        <UnitSelect />
      </Form.Item>
    </>
  );
}

function GrantDialog({ user, onClose, onDone }: { user: User; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ role?: Role; unit?: string }>();
  const [general, setGeneral] = useState<(FieldError | string)[]>([]);
  const [{ fetching }, grant] = useMutation(RoleGrantDocument);
  const name = user.displayName || user.username;

  async function send(v: { role?: Role; unit?: string }) {
    setGeneral([]);
    const result = await grant({ username: user.username, role: v.role!, unit: v.unit! }, { additionalTypenames: ["ManagedUser"] });
    if (result.error) return setGeneral([requestErrorText(result.error, t)]);
    const errors = result.data?.roleGrant?.errors ?? [];
    if (errors.length) return setGeneral(applyErrors(form, errors, { role: "role", unit: "unit" }));
    message.success(t("users.grant.done", { user: name, role: t(`enum.Role.${v.role}`) }));
    onDone();
  }

  return (
    <Modal open title={t("users.grant.title", { user: name })} okText={t("users.grant.ok")} cancelText={t("action.cancel")} okButtonProps={{ loading: fetching }}
      onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      <Form form={form} layout="vertical" aria-label={t("users.grant.title", { user: name })} onFinish={send}>
        <RoleFields />
        <FormErrors errors={general} />
      </Form>
    </Modal>
  );
}

function ResetDialog({ user, onClose, onDone }: { user: User; onClose: () => void; onDone: (secret: Secret) => void }) {
  const { t } = useTranslation();
  const [byLink, setByLink] = useState(false);
  const [general, setGeneral] = useState<(FieldError | string)[]>([]);
  const [{ fetching }, reset] = useMutation(UserPasswordResetDocument);
  const name = user.displayName || user.username;

  async function send() {
    setGeneral([]);
    const result = await reset({ username: user.username, byLink }, { additionalTypenames: ["ManagedUser"] });
    if (result.error) return setGeneral([requestErrorText(result.error, t)]);
    const payload = result.data?.userPasswordReset;
    if (payload?.errors.length) return setGeneral(payload.errors);
    onDone({ username: user.username, initialPassword: payload?.initialPassword, linkKey: payload?.linkKey });
  }

  return (
    <Modal open title={t("users.reset.title", { user: name })} okText={t("users.reset.ok")} cancelText={t("action.cancel")} okButtonProps={{ danger: true, loading: fetching }}
      onOk={() => void send()} onCancel={onClose} destroyOnHidden>
      <Typography.Paragraph>{t("users.reset.confirm", { user: name })}</Typography.Paragraph>
      <Flex gap={8} align="center" style={{ marginBottom: 16 }}>
        <Switch id="reset-by-link" checked={byLink} onChange={setByLink} />
        <label htmlFor="reset-by-link">{t("users.byLink")}</label>
      </Flex>
      <FormErrors errors={general} />
    </Modal>
  );
}

/** The initial password or the one-time link, shown once: the server keeps neither readable. */
function SecretDialog({ secret, onClose }: { secret: Secret; onClose: () => void }) {
  const { t } = useTranslation();
  const link = secret.linkKey ? passwordLink(secret.linkKey) : null;
  return (
    <Modal open title={t("users.secret.title", { user: secret.username })} footer={<Button type="primary" onClick={onClose}>{t("users.secret.close")}</Button>} onCancel={onClose}>
      <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t("users.secret.once")} />
      {link ? (
        <>
          <Typography.Paragraph>{t("users.secret.linkIntro")}</Typography.Paragraph>
          <Typography.Paragraph copyable={{ text: link }} code style={{ overflowWrap: "anywhere" }} aria-label={t("users.secret.link")}>{link}</Typography.Paragraph>
        </>
      ) : (
        <>
          <Typography.Paragraph>{t("users.secret.passwordIntro", { user: secret.username })}</Typography.Paragraph>
          <Typography.Paragraph copyable={{ text: secret.initialPassword ?? "" }} code style={{ fontSize: 18 }} aria-label={t("users.secret.password")}>{secret.initialPassword}</Typography.Paragraph>
        </>
      )}
    </Modal>
  );
}
