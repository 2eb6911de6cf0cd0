// The frame of the no-login pages: the tenant's name is not known without signing in, so
// only the brand, the language switch and a way to sign in.
import { Flex, Layout, Typography } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { LanguageSwitch } from "../../app/LanguageSwitch";

export function PublicFrame({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Layout style={{ minHeight: "100vh" }}>
      <Layout.Header className="topbar public-topbar">
        <Flex align="center" gap={12} wrap style={{ width: "100%" }}>
          <Typography.Text className="brand">{t("app.brand")}</Typography.Text>
          <nav aria-label={t("market.public.nav")} className="public-nav">
            <Link to="/open/food-grades">{t("market.public.grades")}</Link>
            <Link to="/open/boards">{t("market.public.boards")}</Link>
            <Link to="/open/village-board">{t("village.board.title")}</Link>
          </nav>
          <span style={{ flex: 1 }} />
          <LanguageSwitch />
        </Flex>
      </Layout.Header>
      <Layout.Content className="page public-page">
        <main>{children}</main>
      </Layout.Content>
    </Layout>
  );
}
