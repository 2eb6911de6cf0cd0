import { useState } from "react";
import { ErrorList, Loading, Section } from "../components";
import { gql, type FieldError } from "../graphql";
import { nodes, useQuery, type Edges } from "../hooks";
import { DECLARATION_KIND, label } from "../labels";
import { useMe } from "../me";
import { DECLARATION_FIELDS, type DeclarationRow } from "./Declarations";

const QUEUE = `query ReviewQueue { declarations(status: SUBMITTED, first: 100) { totalCount
  edges { node { ${DECLARATION_FIELDS} } } } }`;
const REVIEW = `mutation Review($declaration: ID!, $decision: ReviewDecision!, $reason: String) {
  declarationReview(declaration: $declaration, decision: $decision, reason: $reason) {
    declaration { id status } errors { field code message } } }`;

function ReviewRow({ row, onDone }: { row: DeclarationRow; onDone: () => void }) {
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<(FieldError | string)[]>([]);
  const [busy, setBusy] = useState(false);

  async function decide(decision: "ACCEPT" | "REJECT") {
    setBusy(true);
    setErrors([]);
    try {
      const { declarationReview } = await gql<{ declarationReview: { errors: FieldError[] } }>(REVIEW, {
        declaration: row.id,
        decision,
        reason,
      });
      if (declarationReview.errors.length) setErrors(declarationReview.errors);
      else onDone();
    } catch (e) {
      setErrors([(e as Error).message]);
    } finally {
      setBusy(false);
    }
  }

  return (
    <tr data-declaration={row.id}>
      <td>{row.subjectName}</td>
      <td>{row.item}</td>
      <td>{row.occurredOn}</td>
      <td>{row.unit.name}</td>
      <td>
        {row.declaredBy?.displayName || row.declaredBy?.username}
        <div className="muted">{label(DECLARATION_KIND, row.kind)}</div>
      </td>
      <td>{row.note}</td>
      <td className="actions">
        <button type="button" disabled={busy} onClick={() => decide("ACCEPT")}>
          通过
        </button>
        <input aria-label="驳回理由" placeholder="驳回理由" value={reason} onChange={(e) => setReason(e.target.value)} />
        <button type="button" className="danger" disabled={busy} onClick={() => decide("REJECT")}>
          驳回
        </button>
        <ErrorList errors={errors} />
      </td>
    </tr>
  );
}

export function Review() {
  const me = useMe();
  const { data, error, loading, reload } = useQuery<{ declarations: Edges<DeclarationRow> }>(QUEUE);
  // Nobody reviews their own declaration: those wait for another reviewer.
  const rows = nodes(data?.declarations).filter((d) => d.declaredBy?.username !== me.username);
  return (
    <Section title="待审核申报（支委初评）" aside={data && <span className="muted">{rows.length} 条待审核</span>}>
      <Loading loading={loading} error={error} />
      {data &&
        (rows.length ? (
          <table className="review">
            <thead>
              <tr>
                <th>对象</th>
                <th>事项</th>
                <th>日期</th>
                <th>组织</th>
                <th>申报人</th>
                <th>说明</th>
                <th>审核</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <ReviewRow key={row.id} row={row} onDone={reload} />
              ))}
            </tbody>
          </table>
        ) : (
          <p className="muted">没有待审核的申报。</p>
        ))}
    </Section>
  );
}
