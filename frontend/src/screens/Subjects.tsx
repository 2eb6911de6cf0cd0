import { useState } from "react";
import { Loading, Section } from "../components";
import { nodes, useQuery, type Edges } from "../hooks";
import { CATEGORY, SUBJECT_KIND, label } from "../labels";
import { navigate, useLocation } from "../routes";

export type SubjectRow = {
  id: string;
  name: string;
  kind: string;
  category: string;
  exemptReason: string;
  homeUnit: { name: string } | null; // null: a floating member's home we may not see
  hostUnit: { name: string } | null;
};

export const SUBJECTS = `query Subjects($search: String, $unit: ID) {
  subjects(search: $search, unit: $unit, first: 50) { totalCount
    edges { node { id name kind category exemptReason homeUnit { name } hostUnit { name } } } } }`;

export function Subjects() {
  const { params } = useLocation();
  const unit = params.get("unit");
  const [typed, setTyped] = useState("");
  const [search, setSearch] = useState("");
  const { data, error, loading } = useQuery<{ subjects: Edges<SubjectRow> }>(SUBJECTS, {
    search: search || null,
    unit,
  });
  return (
    <Section
      title={unit ? `积分对象 · ${params.get("name") ?? ""}` : "积分对象"}
      aside={data && <span className="muted">共 {data.subjects.totalCount} 个，显示前 50 个</span>}
    >
      <form
        className="inline"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setSearch(typed.trim());
        }}
      >
        <label>
          搜索姓名
          <input name="search" value={typed} onChange={(e) => setTyped(e.target.value)} placeholder="输入姓名或名称" />
        </label>
        <button type="submit">搜索</button>
        {unit && (
          <button type="button" className="link" onClick={() => navigate("/subjects")}>
            查看全部组织
          </button>
        )}
      </form>
      <Loading loading={loading} error={error} />
      {data && (
        <table>
          <thead>
            <tr>
              <th>姓名/名称</th>
              <th>类型</th>
              <th>类别</th>
              <th>所属组织</th>
              <th>备注</th>
            </tr>
          </thead>
          <tbody>
            {nodes(data.subjects).map((s) => (
              <tr key={s.id}>
                <td>{s.name}</td>
                <td>{label(SUBJECT_KIND, s.kind)}</td>
                <td>{label(CATEGORY, s.category)}</td>
                <td>
                  {s.homeUnit?.name ?? "外单位"}
                  {s.hostUnit && <span className="muted">（流动党员，在 {s.hostUnit.name} 参加评议）</span>}
                </td>
                <td>{s.exemptReason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}
