// Objections one raised or must answer: the answer's deadline is shown; the branch answers
// (upheld withdraws the entry), the objector may appeal an answer to the superior.
import { App, Button, Form, Input, Modal, Radio, Space, Switch, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, useQuery } from "urql";
import { ANSWERERS, hasRole, useMe } from "../../app/me";
import { useTitles } from "../../app/titles";
import { Countdown } from "../../components/Countdown";
import { EnumTag } from "../../components/EnumTag";
import { FormErrors } from "../../components/FormErrors";
import { QueryState } from "../../components/QueryState";
import { ResponsiveTable } from "../../components/ResponsiveTable";
import { graphql } from "../../graphql";
import type { ObjectionOutcome, ObjectionsQuery } from "../../graphql/graphql";
import { applyErrors, requestErrorText, type FieldError } from "../../lib/errors";
import { formatDate, formatDateTime } from "../../lib/format";

export const ObjectionsDocument = graphql(`
  query Objections($openOnly: Boolean, $offset: Int, $first: Int) {
    objections(openOnly: $openOnly, offset: $offset, first: $first) {
      totalCount
      edges {
        node {
          id
          status
          outcome
          reason
          raisedAt
          answerDue
          answer
          answeredAt
          escalationLevel
          subjectName
          raisedBy {
            username
            displayName
          }
          answeredBy {
            username
            displayName
          }
          handledBy {
            name
          }
          declaration {
            id
            item
            occurredOn
          }
          close {
            id
            periodStart
            periodEnd
            ruleset
          }
        }
      }
    }
  }
`);

export const AnswerDocument = graphql(`
  mutation AnswerObjection($objection: ID!, $outcome: ObjectionOutcome!, $answer: String!) {
    objectionAnswer(objection: $objection, outcome: $outcome, answer: $answer) {
      objection {
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

export const AppealDocument = graphql(`
  mutation AppealObjection($objection: ID!, $reason: String!) {
    objectionAppeal(objection: $objection, reason: $reason) {
      objection {
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

type Row = NonNullable<NonNullable<NonNullable<ObjectionsQuery["objections"]>["edges"][number]>["node"]>;
const PAGE = 20;

export function Objections() {
  const { t } = useTranslation();
  const me = useMe();
  const titles = useTitles();
  const { message } = App.useApp();
  const [page, setPage] = useState(1);
  const [openOnly, setOpenOnly] = useState(false);
  const [{ data, fetching, error }, refetch] = useQuery({ query: ObjectionsDocument, variables: { openOnly, offset: (page - 1) * PAGE, first: PAGE } });
  const [dialog, setDialog] = useState<{ row: Row; kind: "answer" | "appeal" } | null>(null);
  const rows = (data?.objections?.edges ?? []).map((e) => e!.node!);
  const answerer = hasRole(me, ANSWERERS);
  const raisedByMe = (r: Row) => r.raisedBy?.username === me.username;
  const reload = () => refetch({ requestPolicy: "network-only" });
  return (
    <>
      <Space wrap style={{ justifyContent: "space-between", width: "100%" }} align="baseline">
        <Typography.Title level={1}>{t("objections.title")}</Typography.Title>
        <Space>
          <Switch checked={openOnly} onChange={(v) => { setOpenOnly(v); setPage(1); }} aria-label={t("objections.openOnly")} />
          <span>{t("objections.openOnly")}</span>
        </Space>
      </Space>
      <QueryState fetching={fetching} error={error} hasData={Boolean(data)} empty={!rows.length} emptyText={t("objections.empty")} retry={reload}>
        <ResponsiveTable
          label={t("objections.title")}
          rows={rows}
          rowKey={(r) => r.id}
          rowProps={(r) => ({ "data-objection": r.id })}
          pagination={{ current: page, pageSize: PAGE, total: data?.objections?.totalCount ?? 0, onChange: setPage }}
          columns={[
            { key: "subject", title: t("objections.about"), fixed: true, render: (r) => (
              <Space direction="vertical" size={0}>
                <span>{r.subjectName}</span>
                <Typography.Text type="secondary">
                  {r.declaration ? `${titles.item(r.declaration.item)} · ${formatDate(r.declaration.occurredOn)}` : r.close ? t("objections.result", { start: formatDate(r.close.periodStart), end: formatDate(r.close.periodEnd) }) : ""}
                </Typography.Text>
              </Space>
            ) },
            { key: "reason", title: t("objections.reason"), render: (r) => (
              <Space direction="vertical" size={0}>
                <span>{r.reason}</span>
                <Typography.Text type="secondary">{t("objections.raisedBy", { who: r.raisedBy?.displayName || r.raisedBy?.username || "", at: formatDateTime(r.raisedAt) })}</Typography.Text>
              </Space>
            ) },
            { key: "status", title: t("field.status"), render: (r) => (
              <Space direction="vertical" size={4}>
                <EnumTag type="ObjectionStatus" value={r.status} />
                {r.outcome && <EnumTag type="ObjectionOutcome" value={r.outcome} />}
              </Space>
            ) },
            { key: "due", title: t("objections.due"), render: (r) => (
              <Space direction="vertical" size={0}>
                {r.status === "OPEN" || r.status === "ESCALATED" ? <Countdown lastDay={r.answerDue} /> : formatDate(r.answerDue)}
                <Typography.Text type="secondary">{t("objections.handledBy", { unit: r.handledBy.name })}</Typography.Text>
              </Space>
            ) },
            { key: "answer", title: t("objections.answer"), render: (r) => r.answer ? (
              <Space direction="vertical" size={0}>
                <span>{r.answer}</span>
                <Typography.Text type="secondary">{t("objections.answeredBy", { who: r.answeredBy?.displayName || r.answeredBy?.username || "", at: formatDateTime(r.answeredAt) })}</Typography.Text>
              </Space>
            ) : <Typography.Text type="secondary">—</Typography.Text> },
            { key: "actions", title: "", render: (r) => (
              <Space wrap>
                {answerer && !raisedByMe(r) && (r.status === "OPEN" || r.status === "ESCALATED") && (
                  <Button size="small" type="primary" onClick={() => setDialog({ row: r, kind: "answer" })}>{t("objections.answerAction")}</Button>
                )}
                {raisedByMe(r) && r.status === "ANSWERED" && (
                  <Button size="small" onClick={() => setDialog({ row: r, kind: "appeal" })}>{t("objections.appeal")}</Button>
                )}
              </Space>
            ) },
          ]}
        />
      </QueryState>
      {dialog && (
        <ObjectionDecision row={dialog.row} kind={dialog.kind} onClose={(done) => {
          setDialog(null);
          if (done) {
            message.success(t(dialog.kind === "answer" ? "objections.answered" : "objections.appealed"));
            reload();
          }
        }} />
      )}
    </>
  );
}

type Values = { outcome?: ObjectionOutcome; text: string };

function ObjectionDecision({ row, kind, onClose }: { row: Row; kind: "answer" | "appeal"; onClose: (done: boolean) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [answerState, answer] = useMutation(AnswerDocument);
  const [appealState, appeal] = useMutation(AppealDocument);
  const [general, setGeneral] = useState<(FieldError | string)[]>([]);
  async function submit(values: Values) {
    setGeneral([]);
    const result = kind === "answer"
      ? await answer({ objection: row.id, outcome: values.outcome!, answer: values.text })
      : await appeal({ objection: row.id, reason: values.text });
    if (result.error) return setGeneral([requestErrorText(result.error, t)]);
    const data = result.data as { objectionAnswer?: { errors: FieldError[] } | null; objectionAppeal?: { errors: FieldError[] } | null } | undefined;
    const errors = (kind === "answer" ? data?.objectionAnswer?.errors : data?.objectionAppeal?.errors) ?? [];
    if (!errors.length) return onClose(true);
    setGeneral(applyErrors(form, errors, { answer: "text", reason: "text", outcome: "outcome" }));
  }
  const title = t(kind === "answer" ? "objections.answerTitle" : "objections.appealTitle", { name: row.subjectName });
  return (
    <Modal open title={title} onCancel={() => onClose(false)} cancelText={t("action.cancel")}
      okText={t(kind === "answer" ? "objections.answerAction" : "objections.appeal")}
      okButtonProps={{ htmlType: "submit", form: "objection-decision", loading: answerState.fetching || appealState.fetching }} destroyOnHidden>
      <Typography.Paragraph>
        <Typography.Text type="secondary">{t("objections.reason")}：</Typography.Text>
        {row.reason}
      </Typography.Paragraph>
      {kind === "answer" && (
        <Typography.Paragraph>
          <Countdown lastDay={row.answerDue} />
        </Typography.Paragraph>
      )}
      <Form<Values> id="objection-decision" form={form} layout="vertical" onFinish={submit} aria-label={title}>
        {kind === "answer" && (
          <Form.Item name="outcome" label={t("objections.outcome")} rules={[{ required: true, message: t("form.required") }]}>
            <Radio.Group options={(["UPHELD", "DISMISSED"] as const).map((o) => ({ value: o, label: t(`enum.ObjectionOutcome.${o}`) }))} />
          </Form.Item>
        )}
        <Form.Item name="text" label={t(kind === "answer" ? "objections.answer" : "objections.appealReason")} rules={[{ required: true, whitespace: true, message: t("form.required") }]}>
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
        <FormErrors errors={general} />
      </Form>
    </Modal>
  );
}
