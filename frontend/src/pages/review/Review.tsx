// The preliminary review (支委初评): accept, adjust (the points within the item's range, or
// the quantity, with a reason) or reject (with a reason); several at once by selection.
// Nobody reviews their own declaration: those wait for another reviewer.
import { Alert, App, Button, Form, Input, InputNumber, Modal, Space, Typography } from "antd";
import { useState, type Key } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, useQuery } from "urql";
import { useMe } from "../../app/me";
import { useTitles } from "../../app/titles";
import { EvidenceLinks } from "../../components/EvidenceLinks";
import { FormErrors } from "../../components/FormErrors";
import { QueryState } from "../../components/QueryState";
import { ResponsiveTable } from "../../components/ResponsiveTable";
import { graphql } from "../../graphql";
import type { ReviewDecision, ReviewQueueQuery } from "../../graphql/graphql";
import { applyErrors, requestErrorText, type FieldError } from "../../lib/errors";
import { formatDate, formatPoints } from "../../lib/format";
import type { ItemSpec } from "../../lib/titles";

export const ReviewQueueDocument = graphql(`
  query ReviewQueue($offset: Int, $first: Int) {
    declarations(status: SUBMITTED, offset: $offset, first: $first) {
      totalCount
      edges {
        node {
          id
          subjectName
          item
          occurredOn
          quantity
          kind
          note
          attributes
          unit {
            name
          }
          declaredBy {
            username
            displayName
          }
          evidence {
            id
            originalName
            url
          }
        }
      }
    }
  }
`);

export const ReviewDocument = graphql(`
  mutation Review($declaration: ID!, $decision: ReviewDecision!, $reason: String, $attributes: GenericScalar, $quantity: Float) {
    declarationReview(declaration: $declaration, decision: $decision, reason: $reason, attributes: $attributes, quantity: $quantity) {
      declaration {
        id
        status
      }
      errors {
        field
        code
        message
      }
    }
  }
`);

type Row = NonNullable<NonNullable<NonNullable<ReviewQueueQuery["declarations"]>["edges"][number]>["node"]>;
const PAGE = 20;

function declaredPoints(row: Row, spec: ItemSpec | null): string | null {
  const attrs = (row.attributes ?? {}) as Record<string, unknown>;
  if (typeof attrs.points === "number" || typeof attrs.points === "string") return formatPoints(attrs.points as number, { signed: true });
  if (spec?.points != null) return formatPoints(spec.points * Number(row.quantity), { signed: true });
  return null;
}

export function Review() {
  const { t } = useTranslation();
  const me = useMe();
  const titles = useTitles();
  const { message } = App.useApp();
  const [page, setPage] = useState(1);
  const [{ data, fetching, error }, refetch] = useQuery({ query: ReviewQueueDocument, variables: { offset: (page - 1) * PAGE, first: PAGE } });
  const [, review] = useMutation(ReviewDocument);
  const [selected, setSelected] = useState<Key[]>([]);
  const [rowErrors, setRowErrors] = useState<Record<string, string[]>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const [dialog, setDialog] = useState<{ row: Row; decision: "ADJUST" | "REJECT" } | null>(null);
  const [rejectingMany, setRejectingMany] = useState(false);
  const rows = (data?.declarations?.edges ?? []).map((e) => e!.node!);
  const mine = (r: Row) => r.declaredBy?.username === me.username;
  const reload = () => refetch({ requestPolicy: "network-only" });

  /** Accept, or reject with one reason, each of `ids` in turn; those refused stay selected
  with the refusal beside them. */
  async function decideMany(ids: string[], decision: "ACCEPT" | "REJECT", reason = "") {
    setBusy(ids.length > 1 ? `batch-${decision}` : ids[0]);
    const failed: Record<string, string[]> = {};
    for (const id of ids) {
      const result = await review({ declaration: id, decision: decision as ReviewDecision, reason });
      const errors = result.error ? [requestErrorText(result.error, t)] : (result.data?.declarationReview?.errors ?? []).map((e) => e.message);
      if (errors.length) failed[id] = errors;
    }
    setBusy(null);
    setRowErrors(failed);
    setSelected(Object.keys(failed));
    const ok = ids.length - Object.keys(failed).length;
    if (ok) message.success(t(decision === "ACCEPT" ? "review.accepted" : "review.rejectedMany", { count: ok }));
    reload();
  }
  const accept = (ids: string[]) => decideMany(ids, "ACCEPT");

  return (
    <>
      <Typography.Title level={1}>{t("review.title")}</Typography.Title>
      <QueryState fetching={fetching} error={error} hasData={Boolean(data)} empty={!rows.length} emptyText={t("review.empty")} retry={reload}>
        <Space wrap style={{ marginBottom: 12 }}>
          <Typography.Text type="secondary">{t("review.count", { count: data?.declarations?.totalCount ?? 0 })}</Typography.Text>
          <Button type="primary" disabled={!selected.length} loading={busy === "batch-ACCEPT"} onClick={() => void accept(selected.map(String))}>
            {t("review.acceptSelected", { count: selected.length })}
          </Button>
          <Button danger disabled={!selected.length} loading={busy === "batch-REJECT"} onClick={() => setRejectingMany(true)}>
            {t("review.rejectSelected", { count: selected.length })}
          </Button>
        </Space>
        <ResponsiveTable
          label={t("review.title")}
          rows={rows}
          rowKey={(r) => r.id}
          rowProps={(r) => ({ "data-declaration": r.id })}
          selection={{ selected, onChange: setSelected, disabled: mine }}
          pagination={{ current: page, pageSize: PAGE, total: data?.declarations?.totalCount ?? 0, onChange: setPage }}
          columns={[
            { key: "subject", title: t("field.subject"), fixed: true, render: (r) => r.subjectName },
            { key: "item", title: t("field.item"), render: (r) => titles.item(r.item) },
            { key: "points", title: t("review.declaredPoints"), render: (r) => declaredPoints(r, titles.spec(r.item)) ?? "—" },
            { key: "occurredOn", title: t("field.occurredOn"), render: (r) => formatDate(r.occurredOn) },
            { key: "unit", title: t("field.unit"), render: (r) => r.unit.name },
            { key: "declaredBy", title: t("field.declaredBy"), render: (r) => (
              <Space direction="vertical" size={0}>
                <span>{r.declaredBy?.displayName || r.declaredBy?.username}</span>
                <Typography.Text type="secondary">{t(`enum.DeclarationKind.${r.kind}`)}</Typography.Text>
              </Space>
            ) },
            { key: "note", title: t("field.note"), render: (r) => (
              <Space direction="vertical" size={0}>
                {r.note}
                <EvidenceLinks evidence={r.evidence} />
              </Space>
            ) },
            { key: "actions", title: t("review.decide"), render: (r) => mine(r) ? (
              <Typography.Text type="secondary">{t("review.ownDeclaration")}</Typography.Text>
            ) : (
              <Space direction="vertical" size={4}>
                <Space wrap size={4}>
                  <Button size="small" type="primary" loading={busy === r.id} onClick={() => void accept([r.id])}>{t("review.accept")}</Button>
                  <Button size="small" onClick={() => setDialog({ row: r, decision: "ADJUST" })}>{t("review.adjust")}</Button>
                  <Button size="small" danger onClick={() => setDialog({ row: r, decision: "REJECT" })}>{t("review.reject")}</Button>
                </Space>
                {rowErrors[r.id] && <Alert type="error" showIcon title={rowErrors[r.id].join("；")} />}
              </Space>
            ) },
          ]}
        />
      </QueryState>
      {rejectingMany && (
        <RejectManyDialog
          count={selected.length}
          onClose={(reason) => {
            setRejectingMany(false);
            if (reason) void decideMany(selected.map(String), "REJECT", reason);
          }}
        />
      )}
      {dialog && (
        <DecisionDialog
          row={dialog.row}
          decision={dialog.decision}
          spec={titles.spec(dialog.row.item)}
          onClose={(done) => {
            setDialog(null);
            if (done) {
              message.success(t(dialog.decision === "ADJUST" ? "review.adjusted" : "review.rejected"));
              reload();
            }
          }}
        />
      )}
    </>
  );
}

/** One reason for rejecting every selected declaration (each member is told it). */
function RejectManyDialog({ count, onClose }: { count: number; onClose: (reason: string | null) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  const title = t("review.rejectManyTitle", { count });
  return (
    <Modal open title={title} onCancel={() => onClose(null)} okText={t("review.reject")} cancelText={t("action.cancel")}
      okButtonProps={{ danger: true, htmlType: "submit", form: "review-reject-many" }} destroyOnHidden>
      <Form id="review-reject-many" form={form} layout="vertical" aria-label={title} onFinish={({ reason }) => onClose(reason.trim())}>
        <Form.Item name="reason" label={t("field.reason")} rules={[{ required: true, whitespace: true, message: t("review.reasonRequired") }]}>
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

type DialogValues = { points?: number; quantity?: number; reason: string };

function DecisionDialog({ row, decision, spec, onClose }: { row: Row; decision: "ADJUST" | "REJECT"; spec: ItemSpec | null; onClose: (done: boolean) => void }) {
  const { t } = useTranslation();
  const titles = useTitles();
  const [form] = Form.useForm<DialogValues>();
  const [{ fetching }, review] = useMutation(ReviewDocument);
  const [general, setGeneral] = useState<(FieldError | string)[]>([]);
  const range = spec?.pointsRange ?? null;
  const attrs = (row.attributes ?? {}) as Record<string, unknown>;

  async function submit(values: DialogValues) {
    setGeneral([]);
    const variables =
      decision === "ADJUST"
        ? range
          ? { attributes: { ...attrs, points: values.points }, quantity: undefined }
          : { quantity: values.quantity, attributes: undefined }
        : {};
    const result = await review({ declaration: row.id, decision, reason: values.reason, ...variables });
    if (result.error) return setGeneral([requestErrorText(result.error, t)]);
    const errors = result.data?.declarationReview?.errors ?? [];
    if (!errors.length) return onClose(true);
    setGeneral(applyErrors(form, errors, { reason: "reason", "attributes.points": "points", attributes: "points", quantity: "quantity" }));
  }

  const title = t(decision === "ADJUST" ? "review.adjustTitle" : "review.rejectTitle", { name: row.subjectName, item: titles.item(row.item) });
  return (
    <Modal open title={title} onCancel={() => onClose(false)} okText={t(decision === "ADJUST" ? "review.adjust" : "review.reject")}
      okButtonProps={{ danger: decision === "REJECT", loading: fetching, htmlType: "submit", form: "review-decision" }} cancelText={t("action.cancel")} destroyOnHidden>
      <Form<DialogValues> id="review-decision" form={form} layout="vertical" onFinish={submit} aria-label={title}
        initialValues={{ points: typeof attrs.points === "number" ? attrs.points : range?.[0], quantity: Number(row.quantity) }}>
        {decision === "ADJUST" && range && (
          <Form.Item name="points" label={t("declare.pointsField", { min: formatPoints(range[0]), max: formatPoints(range[1]) })}
            rules={[{ required: true, message: t("form.required") }, { type: "number", min: range[0], max: range[1], message: t("review.outOfRange", { min: formatPoints(range[0]), max: formatPoints(range[1]) }) }]}>
            <InputNumber step={1} style={{ width: "100%" }} />
          </Form.Item>
        )}
        {decision === "ADJUST" && !range && (
          <Form.Item name="quantity" label={t("field.quantity")} rules={[{ required: true, message: t("form.required") }]}>
            <InputNumber min={1} precision={0} style={{ width: "100%" }} />
          </Form.Item>
        )}
        <Form.Item name="reason" label={t("field.reason")} rules={[{ required: true, whitespace: true, message: t("review.reasonRequired") }]}>
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
        <FormErrors errors={general} />
      </Form>
    </Modal>
  );
}
