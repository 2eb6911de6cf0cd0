// The organisation tree in tree order. Tenant administrators also set it up here: add a
// sub-unit, rename one, move it with its subtree, close and reopen it.
import { MoreOutlined } from "@ant-design/icons";
import { Button, Card, Dropdown, Grid, Tag, Typography } from "antd";
import type { ReactNode } from "react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useQuery } from "urql";
import { hasRole, TENANT_ADMINS, useMe } from "../../app/me";
import { QueryState } from "../../components/QueryState";
import { OrgUnitsDocument } from "./documents";
import { UnitDialog, type UnitAction } from "./UnitDialogs";

export type Unit = {
  id: string;
  name: string;
  kind: string;
  depth: number;
  childCount: number;
  code?: string;
  isScoring?: boolean;
  closedAt?: string | null;
  closedReason?: string;
  parentId?: string | null;
};

/** Tree-ordered units with their level below the shallowest visible one (0, 1, 2 …):
 * a branch secretary's tree starts at their branch, not at the county. */
export function indentLevels(units: Unit[]): { unit: Unit; level: number }[] {
  const top = Math.min(...units.map((u) => u.depth));
  return units.map((unit) => ({ unit, level: unit.depth - top }));
}

export function OrgTreeList({ units, actions }: { units: Unit[]; actions?: (unit: Unit) => ReactNode }) {
  const { t } = useTranslation();
  if (!units.length) return <Typography.Text type="secondary">{t("org.empty")}</Typography.Text>;
  return (
    <ul className="tree" aria-label={t("org.title")}>
      {indentLevels(units).map(({ unit, level }) => (
        <li key={unit.id} data-level={level} style={{ paddingLeft: `${level * 1.5}rem` }} className={unit.closedAt ? "tree-closed" : undefined}>
          <span className="tree-row">
            <span className="tree-name">
              <span className="tree-mark" aria-hidden="true">{level ? "└ " : ""}</span>
              <Link to={`/subjects?unit=${encodeURIComponent(unit.id)}&name=${encodeURIComponent(unit.name)}`}>{unit.name}</Link>
              <Tag style={{ marginInlineStart: 8 }}>{t(`enum.UnitKind.${unit.kind}`)}</Tag>
              {unit.closedAt && <Tag color="default" title={unit.closedReason}>{t("org.closed")}</Tag>}
              {unit.childCount > 0 && <Typography.Text type="secondary">{t("org.children", { count: unit.childCount })}</Typography.Text>}
            </span>
            {actions?.(unit)}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** The administrator's menu of what can be done to one unit. */
function UnitMenu({ unit, isRoot, onPick }: { unit: Unit; isRoot: boolean; onPick: (action: UnitAction) => void }) {
  const { t } = useTranslation();
  const narrow = Grid.useBreakpoint().sm === false;
  const closed = Boolean(unit.closedAt);
  const items = [
    { key: "create", label: t("org.edit.create"), disabled: closed },
    { key: "rename", label: t("org.edit.rename") },
    ...(isRoot ? [] : [{ key: "move", label: t("org.edit.move"), disabled: closed }]),
    ...(isRoot ? [] : [closed ? { key: "reopen", label: t("org.edit.reopen") } : { key: "close", label: t("org.edit.close"), danger: true }]),
  ];
  return (
    <Dropdown trigger={["click"]} menu={{ items, onClick: ({ key }) => onPick(key as UnitAction) }}>
      <Button size="small" type="text" icon={<MoreOutlined />} aria-label={t("org.edit.actionsOf", { unit: unit.name })}>
        {!narrow && t("org.edit.actions")}
      </Button>
    </Dropdown>
  );
}

export function OrgTree() {
  const { t } = useTranslation();
  const me = useMe();
  const admin = hasRole(me, TENANT_ADMINS);
  const [{ data, fetching, error }, refetch] = useQuery({ query: OrgUnitsDocument });
  const [editing, setEditing] = useState<{ action: UnitAction; unit: Unit }>();
  const units = (data?.orgUnits?.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
  const reload = () => refetch({ requestPolicy: "network-only" });
  return (
    <>
      <Typography.Title level={1}>{t("org.title")}</Typography.Title>
      <Card size="small" extra={data && <Typography.Text type="secondary">{t("org.count", { count: data.orgUnits?.totalCount ?? 0 })}</Typography.Text>}>
        <QueryState fetching={fetching} error={error} hasData={Boolean(data)} retry={reload}>
          <OrgTreeList
            units={units}
            actions={admin ? (unit) => <UnitMenu unit={unit} isRoot={!unit.parentId} onPick={(action) => setEditing({ action, unit })} /> : undefined}
          />
        </QueryState>
      </Card>
      {editing && (
        <UnitDialog
          action={editing.action}
          unit={editing.unit}
          onClose={() => setEditing(undefined)}
          onDone={() => {
            setEditing(undefined);
            reload();
          }}
        />
      )}
    </>
  );
}
