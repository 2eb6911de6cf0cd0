import { Loading, Section } from "../components";
import { nodes, useQuery, type Edges } from "../hooks";
import { CATEGORY, GRADE, label } from "../labels";

type Result = {
  subjectName: string;
  category: string;
  total: string | null;
  grade: string;
  rank: number | null;
  stars: number | null;
  vetoed: boolean;
};
type ResultsBoard = { id: string; kind: string; coversStart: string; coversEnd: string; unit: { name: string }; results: Result[] };
type Filed = { id: string; periodStart: string; periodEnd: string; ruleset: string; status: string; unit: { name: string }; results: Result[] };

const RESULT_FIELDS = "subjectName category total grade rank stars vetoed";
const RESULTS = `query Results {
  boards(first: 50) { edges { node { id kind coversStart coversEnd unit { name } results { ${RESULT_FIELDS} } } } }
  filingInbox(first: 20) { totalCount edges { node { id periodStart periodEnd ruleset status unit { name }
    results { ${RESULT_FIELDS} } } } } }`;

export function ResultTable({ results }: { results: Result[] }) {
  const sorted = [...results].sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9));
  return (
    <table>
      <thead>
        <tr>
          <th>排名</th>
          <th>对象</th>
          <th>类别</th>
          <th>总分</th>
          <th>等次</th>
          <th>星级</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((r, i) => (
          <tr key={i}>
            <td>{r.rank ?? "—"}</td>
            <td>{r.subjectName}</td>
            <td>{label(CATEGORY, r.category)}</td>
            <td>{r.total ?? "不参评"}</td>
            <td>
              {label(GRADE, r.grade)}
              {r.vetoed && <span className="tag danger">一票否决</span>}
            </td>
            <td aria-label={r.stars ? `${r.stars} 星` : "无"}>{r.stars ? "★".repeat(r.stars) : ""}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Results() {
  const { data, error, loading } = useQuery<{ boards: Edges<ResultsBoard>; filingInbox: Edges<Filed> }>(RESULTS);
  const boards = nodes(data?.boards).filter((b) => b.kind === "RESULTS");
  const filed = nodes(data?.filingInbox);
  return (
    <>
      <h1>考评结果</h1>
      <Loading loading={loading} error={error} />
      {data && !boards.length && !filed.length && <p className="muted">还没有已结算的考评周期。</p>}
      {boards.map((b) => (
        <Section key={b.id} title={`${b.unit.name} · ${b.coversStart} 至 ${b.coversEnd}`}>
          <ResultTable results={b.results} />
        </Section>
      ))}
      {filed.map((c) => (
        <Section key={c.id} title={`报备：${c.unit.name} · ${c.periodStart} 至 ${c.periodEnd}`} aside={<span className="muted">{c.ruleset}</span>}>
          <ResultTable results={c.results} />
        </Section>
      ))}
    </>
  );
}
