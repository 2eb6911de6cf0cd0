import { Loading, Section } from "../components";
import { nodes, useQuery, type Edges } from "../hooks";
import { DECLARATION_KIND, DECLARATION_STATUS, label } from "../labels";
import { DeclarationForm } from "./DeclarationForm";

export type DeclarationRow = {
  id: string;
  subjectName: string;
  item: string;
  occurredOn: string;
  status: string;
  kind: string;
  note: string;
  reviewReason: string;
  unit: { name: string };
  declaredBy: { username: string; displayName: string } | null;
};

export const DECLARATION_FIELDS = `id subjectName item occurredOn status kind note reviewReason
  unit { name } declaredBy { username displayName }`;

const DECLARATIONS = `query Declarations { declarations(first: 50) { totalCount
  edges { node { ${DECLARATION_FIELDS} } } } }`;

export function DeclarationTable({ rows }: { rows: DeclarationRow[] }) {
  if (!rows.length) return <p className="muted">暂无申报记录。</p>;
  return (
    <table>
      <thead>
        <tr>
          <th>对象</th>
          <th>事项</th>
          <th>日期</th>
          <th>方式</th>
          <th>申报人</th>
          <th>状态</th>
          <th>说明 / 审核意见</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((d) => (
          <tr key={d.id}>
            <td>{d.subjectName}</td>
            <td>{d.item}</td>
            <td>{d.occurredOn}</td>
            <td>{label(DECLARATION_KIND, d.kind)}</td>
            <td>{d.declaredBy?.displayName || d.declaredBy?.username}</td>
            <td>
              <span className={`status status-${d.status}`}>{label(DECLARATION_STATUS, d.status)}</span>
            </td>
            <td>
              {d.note}
              {d.reviewReason && <div className="muted">审核意见：{d.reviewReason}</div>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Declarations() {
  const { data, error, loading, reload } = useQuery<{ declarations: Edges<DeclarationRow> }>(DECLARATIONS);
  return (
    <div className="columns">
      <Section title="新申报">
        <DeclarationForm onSubmitted={reload} />
      </Section>
      <Section title="申报记录" aside={data && <span className="muted">共 {data.declarations.totalCount} 条</span>}>
        <Loading loading={loading} error={error} />
        {data && <DeclarationTable rows={nodes(data.declarations)} />}
      </Section>
    </div>
  );
}
