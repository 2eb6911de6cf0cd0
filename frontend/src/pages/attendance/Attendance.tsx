// A meeting's attendance list (recorders): tick who came, and who was on leave and why;
// everyone else scored at the unit gets the absent item (absence without a proper reason),
// the attendees the present item and those on leave the leave item, if one is chosen. Each
// becomes a declaration for the preliminary review.
import { Alert, Button, Card, Checkbox, DatePicker, Flex, Form, Input, Select, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, useQuery } from "urql";
import { RECORDERS, unitsWith, useMe } from "../../app/me";
import { FormErrors } from "../../components/FormErrors";
import { QueryState } from "../../components/QueryState";
import { graphql } from "../../graphql";
import { applyErrors, requestErrorText, type FieldError } from "../../lib/errors";
import { ItemsDocument, pointsText } from "../declare/Declare";

export const UnitMembersDocument = graphql(`
  query UnitMembers($unit: ID!) {
    subjects(unit: $unit, first: 200) {
      totalCount
      edges {
        node {
          id
          name
          kind
          category
          exemptReason
          leftOn
          floating
          hostUnit {
            id
          }
        }
      }
    }
  }
`);

export const AttendanceDocument = graphql(`
  mutation Attendance($input: AttendanceInput!) {
    attendanceRecord(input: $input) {
      declarations {
        id
      }
      errors {
        field
        code
        message
      }
    }
  }
`);

type Excused = { subject?: string; reason?: string };
type Values = { unit: string; occurredOn: Dayjs; absentItem?: string; presentItem?: string; excusedItem?: string; attendees: string[]; excused?: Excused[]; note?: string };

export function Attendance() {
  const { t } = useTranslation();
  const me = useMe();
  const units = unitsWith(me, RECORDERS);
  const [form] = Form.useForm<Values>();
  const unit = Form.useWatch("unit", form) ?? units[0]?.id;
  const occurredOn = Form.useWatch("occurredOn", form);
  const attendees = Form.useWatch("attendees", form);
  const [members] = useQuery({ query: UnitMembersDocument, variables: { unit: unit ?? "" }, pause: !unit });
  // The people the unit's meetings score (as the API counts them): its own members not
  // floating elsewhere and the floating members it hosts, neither exempt nor gone. The
  // recorder's own line is left to another recorder (nobody vouches for themself).
  const everyone = (members.data?.subjects?.edges ?? []).map((e) => e!.node!).filter((s) => s.kind === "PERSON");
  const elsewhere = (s: (typeof everyone)[number]) => s.floating && s.hostUnit?.id !== unit;
  const leftOut = everyone.filter((s) => s.exemptReason || s.leftOn || elsewhere(s));
  const list = everyone.filter((s) => !leftOut.includes(s) && s.id !== me.subjectId);
  const ownLeftOut = everyone.some((s) => s.id === me.subjectId);
  const first = list[0]?.id;
  const [items] = useQuery({ query: ItemsDocument, variables: { subject: first ?? "", on: occurredOn?.format("YYYY-MM-DD") }, pause: !first });
  const [{ fetching }, record] = useMutation(AttendanceDocument);
  const [general, setGeneral] = useState<(FieldError | string)[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const key = useRef(`web:attendance:${crypto.randomUUID()}`);
  const itemOptions = (items.data?.rulesetItems ?? []).map((i) => ({ value: i.code, label: `${i.title}（${pointsText(i, t)}）` }));

  async function submit(values: Values) {
    setGeneral([]);
    setDone(null);
    const input = {
      unit: values.unit,
      occurredOn: values.occurredOn.format("YYYY-MM-DD"),
      key: key.current,
      attendees: values.attendees ?? [],
      absentItem: values.absentItem!,
      presentItem: values.presentItem || null,
      excused: (values.excused ?? []).filter((e) => e.subject).map((e) => ({ subject: e.subject!, reason: e.reason ?? "" })),
      excusedItem: values.excusedItem || null,
      note: values.note ?? "",
    };
    const result = await record({ input });
    if (result.error) return setGeneral([requestErrorText(result.error, t)]);
    const payload = result.data?.attendanceRecord;
    if (payload?.errors.length) {
      return setGeneral(applyErrors(form, payload.errors, { unit: "unit", occurredOn: "occurredOn", absentItem: "absentItem", presentItem: "presentItem", excusedItem: "excusedItem", attendees: "attendees", excused: "excused", note: "note" }));
    }
    setDone(t("attendance.done", { count: payload?.declarations?.length ?? 0 }));
    key.current = `web:attendance:${crypto.randomUUID()}`;
  }

  if (!units.length) return <Alert type="info" showIcon title={t("attendance.noUnit")} />;
  return (
    <>
      <Typography.Title level={1}>{t("attendance.title")}</Typography.Title>
      <Card style={{ maxWidth: 720 }}>
        <Form<Values> form={form} layout="vertical" onFinish={submit} aria-label={t("attendance.title")}
          initialValues={{ unit: units[0]?.id, occurredOn: dayjs(), attendees: [] }}
          onValuesChange={(changed) => "unit" in changed && form.setFieldsValue({ attendees: [], excused: [], absentItem: undefined, presentItem: undefined, excusedItem: undefined })}>
          <Form.Item name="unit" label={t("field.unit")} rules={[{ required: true, message: t("form.required") }]}>
            <Select options={units.map((u) => ({ value: u.id, label: u.name }))} />
          </Form.Item>
          <Form.Item name="occurredOn" label={t("attendance.date")} rules={[{ required: true, message: t("form.required") }]}>
            <DatePicker allowClear={false} disabledDate={(d) => d.isAfter(dayjs(), "day")} style={{ width: "100%" }} />
          </Form.Item>
          <Form.Item name="absentItem" label={t("attendance.absentItem")} rules={[{ required: true, message: t("form.required") }]}>
            <Select options={itemOptions} loading={items.fetching} popupMatchSelectWidth={false} showSearch={{ optionFilterProp: "label" }} />
          </Form.Item>
          <Form.Item name="presentItem" label={t("attendance.presentItem")}>
            <Select allowClear options={itemOptions} loading={items.fetching} popupMatchSelectWidth={false} showSearch={{ optionFilterProp: "label" }} />
          </Form.Item>
          <QueryState fetching={members.fetching} error={members.error} hasData={Boolean(members.data)} empty={!list.length} emptyText={t("attendance.noMembers")}>
            <Form.Item name="attendees" label={t("attendance.attendees", { count: list.length })}>
              <Checkbox.Group style={{ width: "100%" }}>
                <Flex wrap gap={8}>
                  {list.map((s) => (
                    <Checkbox key={s.id} value={s.id} style={{ minWidth: 120 }}>
                      {s.name}
                    </Checkbox>
                  ))}
                </Flex>
              </Checkbox.Group>
            </Form.Item>
            <Button size="small" onClick={() => form.setFieldsValue({ attendees: list.map((s) => s.id) })} style={{ marginBottom: 16 }}>
              {t("attendance.all")}
            </Button>
            {ownLeftOut && <Typography.Paragraph type="secondary">{t("attendance.ownLeftOut")}</Typography.Paragraph>}
            {leftOut.length > 0 && (
              <Typography.Paragraph type="secondary">
                {t("attendance.notScoredHere", {
                  names: leftOut
                    .map((s) => t("attendance.leftOutLine", { name: s.name, why: t(s.exemptReason ? "attendance.exempt" : s.leftOn ? "attendance.gone" : "attendance.floating") }))
                    .join(t("attendance.listSeparator")),
                })}
              </Typography.Paragraph>
            )}
            <Form.List name="excused">
              {(fields, { add, remove }) => (
                <Form.Item label={t("attendance.excused")} extra={t("attendance.excusedHint")}>
                  <Flex vertical gap={8}>
                    {fields.map((field) => (
                      <Flex key={field.key} gap={8} wrap align="start">
                        <Form.Item name={[field.name, "subject"]} noStyle rules={[{ required: true, message: t("form.required") }]}>
                          <Select aria-label={t("attendance.excusedWho")} placeholder={t("attendance.excusedWho")} style={{ minWidth: 140 }}
                            options={list.filter((m) => !(attendees ?? []).includes(m.id)).map((m) => ({ value: m.id, label: m.name }))} />
                        </Form.Item>
                        <Form.Item name={[field.name, "reason"]} noStyle rules={[{ required: true, whitespace: true, message: t("form.required") }]}>
                          <Input aria-label={t("attendance.excusedReason")} placeholder={t("attendance.excusedReason")} maxLength={200} style={{ flex: 1, minWidth: 160 }} />
                        </Form.Item>
                        <Button onClick={() => remove(field.name)}>{t("action.remove")}</Button>
                      </Flex>
                    ))}
                    <Button size="small" onClick={() => add({})} style={{ alignSelf: "flex-start" }}>{t("attendance.addExcused")}</Button>
                  </Flex>
                </Form.Item>
              )}
            </Form.List>
          </QueryState>
          <Form.Item name="excusedItem" label={t("attendance.excusedItem")} extra={t("attendance.excusedItemHint")}>
            <Select allowClear options={itemOptions} loading={items.fetching} popupMatchSelectWidth={false} showSearch={{ optionFilterProp: "label" }} />
          </Form.Item>
          <Form.Item name="note" label={t("field.note")}>
            <Input maxLength={500} />
          </Form.Item>
          <FormErrors errors={general} />
          {done && <Alert type="success" showIcon role="status" title={done} style={{ marginBottom: 16 }} />}
          <Button type="primary" htmlType="submit" loading={fetching}>{t("attendance.submit")}</Button>
        </Form>
      </Card>
    </>
  );
}
