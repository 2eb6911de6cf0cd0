import { Card, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useQuery } from "urql";
import { QueryState } from "../../components/QueryState";
import { graphql } from "../../graphql";

export const OrgUnitsDocument = graphql(`
  query OrgUnits {
    orgUnits(first: 500) {
      totalCount
      edges {
        node {
          id
          name
          kind
          depth
          childCount
        }
      }
    }
  }
`);

export type Unit = { id: string; name: string; kind: string; depth: number; childCount: number };

/** Tree-ordered units with their level below the shallowest visible one (0, 1, 2 …):
 * a branch secretary's tree starts at their branch, not at the county. */
export function indentLevels(units: Unit[]): { unit: Unit; level: number }[] {
  const top = Math.min(...units.map((u) => u.depth));
  return units.map((unit) => ({ unit, level: unit.depth - top }));
}

export function OrgTreeList({ units }: { units: Unit[] }) {
  const { t } = useTranslation();
  if (!units.length) return <Typography.Text type="secondary">{t("org.empty")}</Typography.Text>;
  return (
    <ul className="tree" aria-label={t("org.title")}>
      {indentLevels(units).map(({ unit, level }) => (
        <li key={unit.id} data-level={level} style={{ paddingLeft: `${level * 1.5}rem` }}>
          <span className="tree-mark" aria-hidden="true">{level ? "└ " : ""}</span>
          <Link to={`/subjects?unit=${encodeURIComponent(unit.id)}&name=${encodeURIComponent(unit.name)}`}>{unit.name}</Link>
          <Tag style={{ marginInlineStart: 8 }}>{t(`enum.UnitKind.${unit.kind}`)}</Tag>
          {unit.childCount > 0 && <Typography.Text type="secondary">{t("org.children", { count: unit.childCount })}</Typography.Text>}
        </li>
      ))}
    </ul>
  );
}

export function OrgTree() {
  const { t } = useTranslation();
  const [{ data, fetching, error }, refetch] = useQuery({ query: OrgUnitsDocument });
  const units = (data?.orgUnits?.edges ?? []).map((e) => e!.node!);
  return (
    <>
      <Typography.Title level={1}>{t("org.title")}</Typography.Title>
      <Card size="small" extra={data && <Typography.Text type="secondary">{t("org.count", { count: data.orgUnits?.totalCount ?? 0 })}</Typography.Text>}>
        <QueryState fetching={fetching} error={error} hasData={Boolean(data)} retry={() => refetch({ requestPolicy: "network-only" })}>
          <OrgTreeList units={units} />
        </QueryState>
      </Card>
    </>
  );
}
