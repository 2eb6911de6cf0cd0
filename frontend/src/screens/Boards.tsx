import { useState } from "react";
import { ErrorList, Loading, Section } from "../components";
import { gql, type FieldError } from "../graphql";
import { nodes, useQuery, type Edges } from "../hooks";
import { BOARD_KIND, BOARD_STATUS, DECLARATION_STATUS, OBJECTION_STATUS, label } from "../labels";

type BoardDeclaration = {
  id: string;
  subjectName: string;
  item: string;
  occurredOn: string;
  quantity: string;
  status: string;
  objections: { id: string; status: string; reason: string; answer: string }[];
};
type Board = {
  id: string;
  kind: string;
  status: string;
  coversStart: string;
  coversEnd: string;
  closesOn: string;
  unit: { name: string };
  declarations: BoardDeclaration[];
};

const BOARDS = `query Boards { boards(first: 30) { totalCount edges { node {
  id kind status coversStart coversEnd closesOn unit { name }
  declarations { id subjectName item occurredOn quantity status
    objections { id status reason answer } } } } } }`;
const RAISE = `mutation Object($declaration: ID!, $reason: String!) {
  objectionRaise(declaration: $declaration, reason: $reason) {
    objection { id status answerDue } errors { field code message } } }`;

export function ObjectionForm({ declaration, onRaised }: { declaration: string; onRaised: () => void }) {
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<(FieldError | string)[]>([]);
  const [open, setOpen] = useState(false);
  if (!open)
    return (
      <button type="button" className="link" onClick={() => setOpen(true)}>
        提出异议
      </button>
    );
  return (
    <form
      className="inline"
      aria-label="提出异议"
      onSubmit={async (e) => {
        e.preventDefault();
        setErrors([]);
        try {
          const { objectionRaise } = await gql<{ objectionRaise: { errors: FieldError[] } }>(RAISE, {
            declaration,
            reason,
          });
          if (objectionRaise.errors.length) setErrors(objectionRaise.errors);
          else onRaised();
        } catch (err) {
          setErrors([(err as Error).message]);
        }
      }}
    >
      <input aria-label="异议理由" placeholder="异议或申辩理由" value={reason} required
        onChange={(e) => setReason(e.target.value)} />
      <button type="submit">提交</button>
      <ErrorList errors={errors} />
    </form>
  );
}

function BoardCard({ board, reload }: { board: Board; reload: () => void }) {
  return (
    <Section
      title={`${board.unit.name} · ${label(BOARD_KIND, board.kind)}`}
      aside={
        <span className="muted">
          {board.coversStart} 至 {board.coversEnd} · {label(BOARD_STATUS, board.status)}
          {board.status === "OPEN" && `，公示至 ${board.closesOn}`}
        </span>
      }
    >
      {board.kind === "RESULTS" ? (
        <p className="muted">期末结果见“考评结果”。</p>
      ) : board.declarations.length === 0 ? (
        <p className="muted">没有公示的申报。</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>对象</th>
              <th>事项</th>
              <th>日期</th>
              <th>数量</th>
              <th>状态</th>
              <th>异议</th>
            </tr>
          </thead>
          <tbody>
            {board.declarations.map((d) => (
              <tr key={d.id}>
                <td>{d.subjectName}</td>
                <td>{d.item}</td>
                <td>{d.occurredOn}</td>
                <td>{d.quantity}</td>
                <td>{label(DECLARATION_STATUS, d.status)}</td>
                <td>
                  {d.objections.map((o) => (
                    <div key={o.id}>
                      {label(OBJECTION_STATUS, o.status)}：{o.reason}
                      {o.answer && <div className="muted">答复：{o.answer}</div>}
                    </div>
                  ))}
                  {board.status === "OPEN" && <ObjectionForm declaration={d.id} onRaised={reload} />}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}

export function Boards() {
  const { data, error, loading, reload } = useQuery<{ boards: Edges<Board> }>(BOARDS);
  const boards = nodes(data?.boards);
  return (
    <>
      <h1>公示栏</h1>
      <Loading loading={loading} error={error} />
      {data && !boards.length && <p className="muted">暂无公示。</p>}
      {boards.map((b) => (
        <BoardCard key={b.id} board={b} reload={reload} />
      ))}
    </>
  );
}
