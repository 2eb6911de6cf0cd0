import { Card, Col, Row, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { hasRole, useMe } from "../../app/me";
import { ResponsiveTable } from "../../components/ResponsiveTable";
import { ROUTES } from "../../routes";

/** Who one is, one's roles, and the screens those roles use. */
export function Home() {
  const { t } = useTranslation();
  const me = useMe();
  const shortcuts = ROUTES.filter((r) => r.menu && (r.group || r.show) && hasRole(me, r.roles) && (!r.show || r.show(me)));
  return (
    <>
      <Typography.Title level={1}>{t("home.hello", { name: me.displayName || me.username })}</Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t("home.roles")}>
            {me.roles.length === 0 ? (
              <Typography.Text type="secondary">{t("home.noRoles")}</Typography.Text>
            ) : (
              <ResponsiveTable
                label={t("home.roles")}
                rows={me.roles}
                rowKey={(r) => r.role + r.unit.id}
                columns={[
                  { key: "role", title: t("home.role"), fixed: true, render: (r) => t(`enum.Role.${r.role}`) },
                  { key: "unit", title: t("field.unit"), render: (r) => r.unit.name },
                  { key: "kind", title: t("home.unitKind"), render: (r) => t(`enum.UnitKind.${r.unit.kind}`) },
                ]}
              />
            )}
            {me.isSuperuser && <Typography.Paragraph type="secondary">{t("home.superuser")}</Typography.Paragraph>}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t("home.shortcuts")}>
            <ul className="plain-list">
              {shortcuts.map((r) => (
                <li key={r.path}>
                  <Link to={r.path}>{t(r.menu!)}</Link>
                  <Typography.Text type="secondary"> · {t(`${r.menu!}Hint`)}</Typography.Text>
                </li>
              ))}
            </ul>
          </Card>
        </Col>
      </Row>
    </>
  );
}
