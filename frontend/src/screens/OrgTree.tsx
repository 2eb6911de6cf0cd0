import { Loading, Section } from "../components";
import { nodes, useQuery, type Edges } from "../hooks";
import { UNIT_KIND, label } from "../labels";
import { navigate } from "../routes";

export type Unit = { id: string; name: string; kind: string; depth: number; childCount: number };

const ORG_UNITS = `query OrgUnits { orgUnits(first: 500) {
  totalCount edges { node { id name kind depth childCount } } } }`;

/** Tree-ordered units with their level below the shallowest visible one (0, 1, 2 …):
 * a branch secretary's tree starts at their branch, not at the county. */
export function indentLevels(units: Unit[]): { unit: Unit; level: number }[] {
  const top = Math.min(...units.map((u) => u.depth));
  return units.map((unit) => ({ unit, level: unit.depth - top }));
}

export function OrgTreeList({ units }: { units: Unit[] }) {
  if (!units.length) return <p className="muted">没有可查看的组织。</p>;
  return (
    <ul className="tree" aria-label="组织架构">
      {indentLevels(units).map(({ unit, level }) => (
        <li key={unit.id} data-level={level} style={{ paddingLeft: `${level * 1.5}rem` }}>
          <span className="tree-mark" aria-hidden="true">
            {level ? "└ " : ""}
          </span>
          <a
            href={`/subjects?unit=${encodeURIComponent(unit.id)}`}
            onClick={(e) => {
              e.preventDefault();
              navigate(`/subjects?unit=${encodeURIComponent(unit.id)}&name=${encodeURIComponent(unit.name)}`);
            }}
          >
            {unit.name}
          </a>
          <span className="tag">{label(UNIT_KIND, unit.kind)}</span>
          {unit.childCount > 0 && <span className="muted"> {unit.childCount} 个下级</span>}
        </li>
      ))}
    </ul>
  );
}

export function OrgTree() {
  const { data, error, loading } = useQuery<{ orgUnits: Edges<Unit> }>(ORG_UNITS);
  return (
    <Section title="组织架构" aside={data && <span className="muted">共 {data.orgUnits.totalCount} 个组织</span>}>
      <Loading loading={loading} error={error} />
      {data && <OrgTreeList units={nodes(data.orgUnits)} />}
    </Section>
  );
}
