// Notice boards (公示栏): each with its publicity countdown; during it anyone of the unit may
// object to an entry. Secretaries publish a span's accepted declarations and, after the
// publicity, confirm the board (what has no open objection then counts).
import { Alert, App, Button, Card, DatePicker, Flex, Form, Input, Modal, Pagination, Select, Space, Tag, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, useQuery } from "urql";
import { BOARD_KEEPERS, hasRole, unitsWith, useMe } from "../../app/me";
import { useTitles } from "../../app/titles";
import { Countdown } from "../../components/Countdown";
import { EnumTag } from "../../components/EnumTag";
import { FormErrors } from "../../components/FormErrors";
import { Points } from "../../components/Points";
import { QueryState } from "../../components/QueryState";
import { ResponsiveTable } from "../../components/ResponsiveTable";
import { ResultTable } from "../../components/ResultTable";
import { graphql } from "../../graphql";
import type { BoardsQuery } from "../../graphql/graphql";
import { applyErrors, requestErrorText, type FieldError } from "../../lib/errors";
import { formatDate } from "../../lib/format";
import { bookedPoints } from "../declarations/Declarations";

export const BoardsDocument = graphql(`
  query Boards($offset: Int) {
    boards(offset: $offset, first: 10) {
      totalCount
      edges {
        node {
          id
          kind
          status
          coversStart
          coversEnd
          closesOn
          openedAt
          unit {
            id
            name
          }
          declarations(first: 200) {
            id
            subjectName
            item
            occurredOn
            status
            entries {
              points
              kind
            }
            objections {
              id
              status
              reason
              answer
              outcome
              answerDue
            }
          }
          results {
            id
            subjectName
            category
            total
            grade
            rank
            stars
            vetoed
            subject {
              id
            }
          }
        }
      }
    }
  }
`);

export const PublishDocument = graphql(`
  mutation Publish($unit: ID!, $coversStart: Date!, $coversEnd: Date!) {
    boardPublish(unit: $unit, coversStart: $coversStart, coversEnd: $coversEnd) {
      boards {
        id
        closesOn
        declarations {
          id
        }
      }
      errors {
        field
        code
        message
      }
    }
  }
`);

export const ConfirmDocument = graphql(`
  mutation ConfirmBoard($board: ID!) {
    boardConfirm(board: $board) {
      confirmed
      heldByObjection
      awaitingCountersign
      errors {
        field
        code
        message
      }
    }
  }
`);

export const RaiseDocument = graphql(`
  mutation RaiseObjection($declaration: ID, $close: ID, $subject: ID, $result: ID, $reason: String!) {
    objectionRaise(declaration: $declaration, close: $close, subject: $subject, result: $result, reason: $reason) {
      objection {
        id
        status
        answerDue
      }
      errors {
        field
        code
        message
      }
    }
  }
`);

export type Board = NonNullable<NonNullable<NonNullable<BoardsQuery["boards"]>["edges"][number]>["node"]>;

/** Boards a page (the document's `first: 10`, fixed so that its cost stays within the API's
 * budget with 200 rows a board): newest first; a county has hundreds. */
const BOARDS_PAGE = 10;

/** The rows a board card shows: the Boards document asks for this many (`declarations(first: 200)`). */
const BOARD_ROWS = 200;

export function Boards() {
  const { t } = useTranslation();
  const me = useMe();
  const [page, setPage] = useState(1);
  const [{ data, fetching, error }, refetch] = useQuery({ query: BoardsDocument, variables: { offset: (page - 1) * BOARDS_PAGE } });
  const boards = (data?.boards?.edges ?? []).map((e) => e!.node!);
  const total = data?.boards?.totalCount ?? 0;
  const keeper = hasRole(me, BOARD_KEEPERS);
  const reload = () => refetch({ requestPolicy: "network-only" });
  return (
    <>
      <Typography.Title level={1}>{t("boards.title")}</Typography.Title>
      {keeper && <PublishForm onPublished={reload} />}
      <QueryState fetching={fetching} error={error} hasData={Boolean(data)} empty={!boards.length} emptyText={t("boards.empty")} retry={reload}>
        <Flex vertical gap={16}>
          {boards.map((b) => (
            <BoardCard key={b.id} board={b} keeper={keeper} reload={reload} />
          ))}
          {total > BOARDS_PAGE && (
            <Pagination align="center" current={page} pageSize={BOARDS_PAGE} total={total} showSizeChanger={false}
              showTotal={(n) => t("boards.total", { count: n })} onChange={(p) => { setPage(p); window.scrollTo(0, 0); }} />
          )}
        </Flex>
      </QueryState>
    </>
  );
}

type PublishValues = { unit: string; span: [Dayjs, Dayjs] };

function PublishForm({ onPublished }: { onPublished: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const units = unitsWith(me, BOARD_KEEPERS);
  const [form] = Form.useForm<PublishValues>();
  const [{ fetching }, publish] = useMutation(PublishDocument);
  const [general, setGeneral] = useState<(FieldError | string)[]>([]);
  const [done, setDone] = useState<string | null>(null);
  if (!units.length) return null;
  async function submit(values: PublishValues) {
    setGeneral([]);
    setDone(null);
    const result = await publish({ unit: values.unit, coversStart: values.span[0].format("YYYY-MM-DD"), coversEnd: values.span[1].format("YYYY-MM-DD") });
    if (result.error) return setGeneral([requestErrorText(result.error, t)]);
    const payload = result.data?.boardPublish;
    if (payload?.errors.length) {
      return setGeneral(applyErrors(form, payload.errors, { unit: "unit", coversStart: "span", coversEnd: "span" }));
    }
    const count = (payload?.boards ?? []).reduce((n, b) => n + b.declarations.length, 0);
    setDone(t("boards.published", { count, date: formatDate(payload?.boards?.[0]?.closesOn) }));
    onPublished();
  }
  return (
    <Card size="small" title={t("boards.publishTitle")} style={{ marginBottom: 16 }}>
      <Form<PublishValues> form={form} layout="inline" onFinish={submit} aria-label={t("boards.publishTitle")} className="inline-form"
        initialValues={{ unit: units[0].id, span: [dayjs().startOf("month").subtract((dayjs().month() % 3), "month"), dayjs()] }}>
        <Form.Item name="unit" label={t("field.unit")} rules={[{ required: true, message: t("form.required") }]}>
          <Select options={units.map((u) => ({ value: u.id, label: u.name }))} style={{ minWidth: 200 }} />
        </Form.Item>
        <Form.Item name="span" label={t("boards.span")} rules={[{ required: true, message: t("form.required") }]}>
          <DatePicker.RangePicker allowClear={false} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={fetching}>{t("boards.publish")}</Button>
        </Form.Item>
      </Form>
      <div style={{ marginTop: 12 }}>
        <FormErrors errors={general} />
        {done && <Alert type="success" showIcon role="status" title={done} />}
      </div>
    </Card>
  );
}

function BoardCard({ board, keeper, reload }: { board: Board; keeper: boolean; reload: () => void }) {
  const { t } = useTranslation();
  const titles = useTitles();
  const { message } = App.useApp();
  const [, confirm] = useMutation(ConfirmDocument);
  const [confirming, setConfirming] = useState(false);
  const [confirmErrors, setConfirmErrors] = useState<string[]>([]);
  const [objecting, setObjecting] = useState<Board["declarations"][number] | null>(null);
  const [objectingResult, setObjectingResult] = useState<Board["results"][number] | null>(null);
  const open = board.status === "OPEN";

  async function runConfirm() {
    setConfirming(true);
    setConfirmErrors([]);
    const result = await confirm({ board: board.id });
    setConfirming(false);
    if (result.error) return setConfirmErrors([requestErrorText(result.error, t)]);
    const payload = result.data?.boardConfirm;
    if (payload?.errors.length) return setConfirmErrors(payload.errors.map((e) => e.message));
    message.success(t("boards.confirmed", { confirmed: payload?.confirmed ?? 0, held: payload?.heldByObjection ?? 0, countersign: payload?.awaitingCountersign ?? 0 }));
    reload();
  }

  return (
    <Card
      data-board={board.id}
      title={
        <Space wrap>
          <span>{board.unit.name}</span>
          <EnumTag type="BoardKind" value={board.kind} />
        </Space>
      }
      extra={<Countdown lastDay={board.closesOn} closed={!open} />}
    >
      <Typography.Paragraph type="secondary">
        {t("boards.covers", { start: formatDate(board.coversStart), end: formatDate(board.coversEnd) })}
      </Typography.Paragraph>
      {board.declarations.length >= BOARD_ROWS && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t("caps.boardFirstRows", { count: BOARD_ROWS })} />
      )}
      {board.kind === "RESULTS" ? (
        <ResultTable results={board.results} action={(r) => open ? (
          <Button size="small" onClick={() => setObjectingResult(r as Board["results"][number])}>{t("boards.object")}</Button>
        ) : null} />
      ) : board.declarations.length === 0 ? (
        <Typography.Text type="secondary">{t("boards.noEntries")}</Typography.Text>
      ) : (
        <ResponsiveTable
          label={t("boards.entries")}
          rows={board.declarations}
          rowKey={(d) => d.id}
          rowProps={(d) => ({ "data-declaration": d.id })}
          columns={[
            { key: "subject", title: t("field.subject"), fixed: true, render: (d) => d.subjectName },
            { key: "item", title: t("field.item"), render: (d) => titles.item(d.item) },
            { key: "points", title: t("field.points"), render: (d) => <Points value={bookedPoints(d.entries)} signed /> },
            { key: "occurredOn", title: t("field.occurredOn"), render: (d) => formatDate(d.occurredOn) },
            { key: "status", title: t("field.status"), render: (d) => <EnumTag type="DeclarationStatus" value={d.status} /> },
            { key: "objections", title: t("boards.objections"), render: (d) => (
              <Space direction="vertical" size={4}>
                {d.objections.map((o) => (
                  <div key={o.id}>
                    <EnumTag type="ObjectionStatus" value={o.status} /> {o.reason}
                    {o.answer && <div><Typography.Text type="secondary">{t("objections.answerIs", { answer: o.answer })}</Typography.Text></div>}
                  </div>
                ))}
                {open && <Button size="small" onClick={() => setObjecting(d)}>{t("boards.object")}</Button>}
              </Space>
            ) },
          ]}
        />
      )}
      {keeper && board.kind === "ENTRIES" && (
        <Flex vertical gap={8} style={{ marginTop: 12 }}>
          <Space wrap>
            <Button onClick={() => void runConfirm()} loading={confirming}>{t("boards.confirm")}</Button>
            {open && <Tag>{t("boards.confirmAfter", { date: formatDate(board.closesOn) })}</Tag>}
          </Space>
          {confirmErrors.length > 0 && <Alert type="error" showIcon role="alert" title={confirmErrors.join("；")} />}
        </Flex>
      )}
      {objectingResult && (
        <ObjectionDialog
          target={{ result: objectingResult.id }}
          title={t("boards.objectResultTitle", { name: objectingResult.subjectName })}
          onClose={(done) => {
            setObjectingResult(null);
            if (done) message.success(t("boards.objected"));
          }}
        />
      )}
      {objecting && (
        <ObjectionDialog
          target={{ declaration: objecting.id }}
          title={t("boards.objectTitle", { name: objecting.subjectName, item: titles.item(objecting.item) })}
          onClose={(done) => {
            setObjecting(null);
            if (done) {
              message.success(t("boards.objected"));
              reload();
            }
          }}
        />
      )}
    </Card>
  );
}

/** Object to (or defend against) an entry or a result (by its id, or its close and subject);
 * the answer is due in working days. */
export function ObjectionDialog({ target, title, onClose }: { target: { declaration?: string; close?: string; subject?: string; result?: string }; title: string; onClose: (done: boolean) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  const [{ fetching }, raise] = useMutation(RaiseDocument);
  const [general, setGeneral] = useState<(FieldError | string)[]>([]);
  async function submit({ reason }: { reason: string }) {
    setGeneral([]);
    const result = await raise({ ...target, reason });
    if (result.error) return setGeneral([requestErrorText(result.error, t)]);
    const errors = result.data?.objectionRaise?.errors ?? [];
    if (!errors.length) return onClose(true);
    setGeneral(applyErrors(form, errors, { reason: "reason" }));
  }
  return (
    <Modal open title={title} onCancel={() => onClose(false)} okText={t("boards.objectSubmit")} cancelText={t("action.cancel")}
      okButtonProps={{ loading: fetching, htmlType: "submit", form: "objection-raise" }} destroyOnHidden>
      <Form id="objection-raise" form={form} layout="vertical" onFinish={submit} aria-label={title}>
        <Form.Item name="reason" label={t("boards.objectReason")} extra={t("boards.objectHint")} rules={[{ required: true, whitespace: true, message: t("form.required") }]}>
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
        <FormErrors errors={general} />
      </Form>
    </Modal>
  );
}
