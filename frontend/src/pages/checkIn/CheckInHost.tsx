// The organiser opens a meeting for check-in, shows its QR code full screen with a live
// count (polled), and closes it into the attendance list (declarations for review).
import { FullscreenExitOutlined, FullscreenOutlined } from "@ant-design/icons";
import { Alert, Button, Card, DatePicker, Flex, Form, Input, InputNumber, List, Modal, Result, Select, Statistic, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { QRCodeSVG } from "qrcode.react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router";
import { useMutation, useQuery } from "urql";
import { RECORDERS, unitsWith, useMe } from "../../app/me";
import { FormErrors } from "../../components/FormErrors";
import { QueryState } from "../../components/QueryState";
import { applyErrors, requestErrorText, type FieldError } from "../../lib/errors";
import { formatDateTime } from "../../lib/format";
import { UnitMembersDocument } from "../attendance/Attendance";
import { ItemsDocument, pointsText } from "../declare/Declare";
import { CheckInCloseDocument, CheckInOpenDocument, CheckInSessionDocument } from "./documents";

/** How often the organiser's screen asks for the count. */
export const POLL_MS = 3000;

type Values = { unit: string; title: string; occurredOn: Dayjs; absentItem?: string; presentItem?: string; minutes: number };

export function CheckInHost() {
  const { id } = useParams();
  return id ? <CheckInShow id={decodeURIComponent(id)} /> : <CheckInOpenForm />;
}

function CheckInOpenForm() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const units = unitsWith(me, RECORDERS);
  const [form] = Form.useForm<Values>();
  const unit = Form.useWatch("unit", form) ?? units[0]?.id;
  const occurredOn = Form.useWatch("occurredOn", form);
  const [members] = useQuery({ query: UnitMembersDocument, variables: { unit: unit ?? "" }, pause: !unit });
  const first = members.data?.subjects?.edges?.[0]?.node?.id;
  const [items] = useQuery({ query: ItemsDocument, variables: { subject: first ?? "", on: occurredOn?.format("YYYY-MM-DD") }, pause: !first });
  const itemOptions = (items.data?.rulesetItems ?? []).map((i) => ({ value: i.code, label: `${i.title}（${pointsText(i, t)}）` }));
  const [{ fetching }, open] = useMutation(CheckInOpenDocument);
  const [general, setGeneral] = useState<FieldError[]>([]);
  const submit = async (values: Values) => {
    setGeneral([]);
    const answer = await open({
      unit: values.unit,
      title: values.title,
      occurredOn: values.occurredOn.format("YYYY-MM-DD"),
      absentItem: values.absentItem ?? "",
      presentItem: values.presentItem ?? "",
      minutes: values.minutes,
    });
    if (answer.error) return setGeneral([{ field: null, code: "NETWORK", message: requestErrorText(answer.error, t) }]);
    const payload = answer.data?.checkInOpen;
    if (payload?.errors.length) return setGeneral(applyErrors(form, payload.errors, { unit: "unit", title: "title", occurredOn: "occurredOn", absentItem: "absentItem", presentItem: "presentItem", minutes: "minutes" }));
    if (payload?.session) navigate(`/check-in/host/${encodeURIComponent(payload.session.id)}`);
  };
  if (!units.length) return <Alert type="info" showIcon title={t("market.checkIn.noUnit")} />;
  return (
    <>
      <Typography.Title level={2}>{t("market.checkIn.openTitle")}</Typography.Title>
      <Card style={{ maxWidth: 720 }}>
        <Form<Values> form={form} layout="vertical" onFinish={submit} aria-label={t("market.checkIn.openTitle")} initialValues={{ unit: units[0]?.id, occurredOn: dayjs(), minutes: 30 }}>
          <Form.Item name="unit" label={t("field.unit")} rules={[{ required: true, message: t("form.required") }]}>
            <Select options={units.map((u) => ({ value: u.id, label: u.name }))} />
          </Form.Item>
          <Form.Item name="title" label={t("market.checkIn.meeting")} rules={[{ required: true, whitespace: true, message: t("form.required") }]}>
            <Input maxLength={200} placeholder={t("market.checkIn.meetingHint")} />
          </Form.Item>
          <Form.Item name="occurredOn" label={t("attendance.date")} rules={[{ required: true, message: t("form.required") }]}>
            <DatePicker allowClear={false} style={{ width: "100%" }} />
          </Form.Item>
          <Form.Item name="absentItem" label={t("attendance.absentItem")} rules={[{ required: true, message: t("form.required") }]}>
            <Select options={itemOptions} loading={items.fetching} popupMatchSelectWidth={false} showSearch={{ optionFilterProp: "label" }} />
          </Form.Item>
          <Form.Item name="presentItem" label={t("attendance.presentItem")}>
            <Select allowClear options={itemOptions} loading={items.fetching} popupMatchSelectWidth={false} showSearch={{ optionFilterProp: "label" }} />
          </Form.Item>
          <Form.Item name="minutes" label={t("market.checkIn.minutes")} rules={[{ required: true, message: t("form.required") }]}>
            <InputNumber min={5} max={720} step={5} />
          </Form.Item>
          <FormErrors errors={general} />
          <Button type="primary" htmlType="submit" loading={fetching}>
            {t("market.checkIn.open")}
          </Button>
        </Form>
      </Card>
    </>
  );
}

function CheckInShow({ id }: { id: string }) {
  const { t } = useTranslation();
  const [{ data, fetching, error }, refetch] = useQuery({ query: CheckInSessionDocument, variables: { id }, requestPolicy: "cache-and-network" });
  const session = data?.checkInSession;
  const closed = !!session?.closedAt;
  const [full, setFull] = useState(false);
  const frame = useRef<HTMLDivElement>(null);
  const [{ fetching: closing }, close] = useMutation(CheckInCloseDocument);
  const [closeErrors, setCloseErrors] = useState<FieldError[]>([]);
  const [declared, setDeclared] = useState<number | null>(null);
  // The live count: ask again every few seconds while the check-in is open.
  useEffect(() => {
    if (!session || closed) return;
    const timer = setInterval(() => refetch({ requestPolicy: "network-only" }), POLL_MS);
    return () => clearInterval(timer);
  }, [session, closed, refetch]);
  useEffect(() => {
    if (!full) return;
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && setFull(false);
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [full]);
  const link = session?.link ? new URL(session.link, window.location.origin).toString() : "";
  const count = session?.checkIns.length ?? 0;
  const confirmClose = () =>
    Modal.confirm({
      title: t("market.checkIn.closeConfirm", { count }),
      okText: t("market.checkIn.close"),
      cancelText: t("action.cancel"),
      onOk: async () => {
        const answer = await close({ session: id });
        if (answer.error) return setCloseErrors([{ field: null, code: "NETWORK", message: requestErrorText(answer.error, t) }]);
        const payload = answer.data?.checkInClose;
        if (payload?.errors.length) return setCloseErrors(payload.errors);
        setDeclared(payload?.declarations?.length ?? 0);
        setFull(false);
        refetch({ requestPolicy: "network-only" });
      },
    });
  return (
    <QueryState fetching={fetching} error={error} hasData={!!data} empty={!session} emptyText={t("market.checkIn.missing")} retry={() => refetch({ requestPolicy: "network-only" })}>
      {session && (
        <Flex vertical gap={16}>
          <Typography.Title level={2}>{session.title}</Typography.Title>
          <Typography.Text type="secondary">
            {session.unit.name} · {session.occurredOn}
          </Typography.Text>
          <FormErrors errors={closeErrors} />
          {closed ? (
            <Result
              status="success"
              title={t("market.checkIn.closed", { count })}
              subTitle={declared != null ? t("market.checkIn.declared", { count: declared }) : formatDateTime(session.closedAt)}
            />
          ) : (
            <div ref={frame} className={full ? "checkin-full" : "checkin-frame"} role={full ? "dialog" : undefined} aria-modal={full || undefined} aria-label={full ? session.title : undefined}>
              <Flex vertical align="center" gap={16}>
                {full && <Typography.Title level={1} className="checkin-full-title">{session.title}</Typography.Title>}
                {link ? <QRCodeSVG value={link} size={full ? 360 : 240} marginSize={2} role="img" aria-label={t("market.checkIn.qr", { title: session.title })} /> : <Alert type="warning" showIcon title={t("market.checkIn.noLink")} />}
                {link && (
                  <Typography.Text type="secondary" copyable className="qr-url checkin-link">
                    {link}
                  </Typography.Text>
                )}
                <Statistic title={t("market.checkIn.count")} value={count} aria-live="polite" />
                <Typography.Text type="secondary">
                  {t("market.checkIn.expires", { at: formatDateTime(session.expiresAt) })}
                </Typography.Text>
                <Flex gap={8} wrap justify="center">
                  <Button icon={full ? <FullscreenExitOutlined /> : <FullscreenOutlined />} onClick={() => setFull((f) => !f)}>
                    {full ? t("market.checkIn.exitFull") : t("market.checkIn.full")}
                  </Button>
                  <Button type="primary" danger onClick={confirmClose} loading={closing}>
                    {t("market.checkIn.close")}
                  </Button>
                </Flex>
              </Flex>
            </div>
          )}
          <Card size="small" title={t("market.checkIn.list", { count })}>
            <List
              dataSource={session.checkIns}
              locale={{ emptyText: t("market.checkIn.nobody") }}
              renderItem={(c) => (
                <List.Item>
                  <Typography.Text>{c.subjectName}</Typography.Text>
                  <Typography.Text type="secondary">{formatDateTime(c.at)}</Typography.Text>
                </List.Item>
              )}
            />
          </Card>
        </Flex>
      )}
    </QueryState>
  );
}
