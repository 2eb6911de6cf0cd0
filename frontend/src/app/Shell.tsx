// The signed-in frame: a menu of what the user's roles do (a drawer on a phone), the
// language switch and sign-out.
import { LogoutOutlined, MenuOutlined } from "@ant-design/icons";
import { Button, Drawer, Flex, Grid, Layout, Menu, Typography } from "antd";
import type { ItemType } from "antd/es/menu/interface";
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { matchPath, useLocation, useNavigate } from "react-router";
import { ROUTES } from "../routes";
import { NotificationBell } from "../pages/notifications/Notifications";
import { LanguageSwitch } from "./LanguageSwitch";
import { hasRole, useMe } from "./me";

const GROUPS = ["member", "committee", "secretary", "superior", "organisation"] as const;

export function Shell({ children, onSignOut }: { children: ReactNode; onSignOut: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const screens = Grid.useBreakpoint();
  const [open, setOpen] = useState(false);
  const visible = ROUTES.filter((r) => r.menu && hasRole(me, r.roles) && (!r.show || r.show(me)));
  const current = visible.find((r) => matchPath(r.path, pathname))?.path ?? "";
  const items: ItemType[] = [
    ...visible.filter((r) => !r.group).map((r) => ({ key: r.path, label: t(r.menu!) })),
    ...GROUPS.map((g) => ({
      type: "group" as const,
      key: g,
      label: t(`nav.group.${g}`),
      children: visible.filter((r) => r.group === g).map((r) => ({ key: r.path, label: t(r.menu!) })),
    })).filter((g) => g.children.length),
  ];
  const menu = (
    <Menu
      mode="inline"
      items={items}
      selectedKeys={[current]}
      aria-label={t("nav.label")}
      onClick={({ key }) => {
        setOpen(false);
        navigate(key);
      }}
    />
  );
  const wide = screens.lg !== false;
  return (
    <Layout style={{ minHeight: "100vh" }}>
      <Layout.Header className="topbar">
        <Flex align="center" gap={12} style={{ width: "100%" }}>
          {!wide && (
            <Button type="text" aria-label={t("nav.open")} icon={<MenuOutlined />} onClick={() => setOpen(true)} className="topbar-button" />
          )}
          <Typography.Text className="brand">{t("app.brand")}</Typography.Text>
          <span style={{ flex: 1 }} />
          <NotificationBell />
          <LanguageSwitch />
          {screens.sm !== false && (
            <Typography.Text className="who">
              {me.displayName || me.username} · {me.tenant}
            </Typography.Text>
          )}
          <Button type="text" className="topbar-button" icon={<LogoutOutlined />} onClick={onSignOut} aria-label={t("signIn.out")}>
            {screens.sm !== false && t("signIn.out")}
          </Button>
        </Flex>
      </Layout.Header>
      <Layout>
        {wide ? (
          <Layout.Sider width={200} theme="light" className="sider">
            {menu}
          </Layout.Sider>
        ) : (
          <Drawer open={open} onClose={() => setOpen(false)} placement="left" size={260} title={t("app.brand")}>
            {menu}
          </Drawer>
        )}
        <Layout.Content className="page">
          <main>{children}</main>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
