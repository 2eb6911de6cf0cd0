// Adding a person to a unit's roster, or changing one's record (administrators). The form
// holds what `PersonInput` takes; a move to another unit keeps the person's points history.
import { App, Col, DatePicker, Form, Input, Modal, Row, Select } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, useQuery } from "urql";
import { useTitles } from "../../app/titles";
import { FormErrors } from "../../components/FormErrors";
import { QueryState } from "../../components/QueryState";
import type { PersonDetailQuery, PersonInput } from "../../graphql/graphql";
import { applyErrors, requestErrorText, type FieldError } from "../../lib/errors";
import { UnitSelect } from "../rulesets/UnitSelect";
import { PersonCreateDocument, PersonDetailDocument, PersonUpdateDocument } from "./documents";

type Values = {
  name?: string;
  category?: string;
  homeUnit?: string;
  hostUnit?: string;
  idCard?: string;
  phone?: string;
  joinedOn?: Dayjs | null;
  leftOn?: Dayjs | null;
  exemptReason?: string;
  exemptApprovedBy?: string;
  exemptApprovedOn?: Dayjs | null;
};
type Person = NonNullable<PersonDetailQuery["subject"]>;
type Props = { onClose: () => void; onDone: () => void } & ({ id: string } | { id?: undefined; unit?: { id: string; name: string } });

// Every input field of PersonInput has its form field of the same name.
const FIELDS = Object.fromEntries(
  ["name", "category", "homeUnit", "hostUnit", "idCard", "phone", "joinedOn", "leftOn", "exemptReason", "exemptApprovedBy", "exemptApprovedOn"].map((f) => [f, f]),
);

const day = (d: Dayjs | null | undefined) => (d ? d.format("YYYY-MM-DD") : null);

/** What the form sends: on an edit, an empty ID card keeps the one on record. */
export function personInput(values: Values, editing: boolean): PersonInput {
  const input: PersonInput = {
    name: values.name?.trim() ?? "",
    category: values.category ?? "",
    homeUnit: values.homeUnit ?? null,
    hostUnit: values.hostUnit ?? null,
    phone: values.phone?.trim() ?? "",
    joinedOn: day(values.joinedOn),
    leftOn: day(values.leftOn),
    exemptReason: values.exemptReason?.trim() ?? "",
    exemptApprovedBy: values.exemptApprovedBy?.trim() ?? "",
    exemptApprovedOn: day(values.exemptApprovedOn),
  };
  const idCard = values.idCard?.trim();
  if (idCard || !editing) input.idCard = idCard ?? "";
  return input;
}

export function PersonDialog(props: Props) {
  const { t } = useTranslation();
  const editing = props.id !== undefined;
  const [{ data, fetching, error }, refetch] = useQuery({ query: PersonDetailDocument, variables: { id: props.id ?? "" }, pause: !editing, requestPolicy: "network-only" });
  const title = editing ? t("subjects.edit.titleEdit") : t("subjects.edit.titleCreate");
  if (editing && !data) {
    return (
      <Modal open title={title} footer={null} onCancel={props.onClose}>
        <QueryState fetching={fetching} error={error} hasData={false} retry={() => refetch()} />
      </Modal>
    );
  }
  return <PersonForm {...props} title={title} person={data?.subject ?? undefined} />;
}

function PersonForm({ title, person, onClose, onDone, ...rest }: Props & { title: string; person?: Person }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const titles = useTitles();
  const [form] = Form.useForm<Values>();
  const [general, setGeneral] = useState<(FieldError | string)[]>([]);
  const [created, create] = useMutation(PersonCreateDocument);
  const [updated, update] = useMutation(PersonUpdateDocument);
  const unit = "unit" in rest ? rest.unit : undefined;
  const categories = titles.all("categories");
  if (person?.category && !categories.some((c) => c.code === person.category)) categories.unshift({ code: person.category, title: person.category });

  async function send(values: Values) {
    setGeneral([]);
    const input = personInput(values, Boolean(person));
    const ctx = { additionalTypenames: ["Subject"] };
    const result = person ? await update({ id: person.id, input }, ctx) : await create({ input }, ctx);
    if (result.error) return setGeneral([requestErrorText(result.error, t)]);
    const data = result.data as { personCreate?: { errors: FieldError[] } | null; personUpdate?: { errors: FieldError[] } | null } | undefined;
    const payload = person ? data?.personUpdate : data?.personCreate;
    if (payload?.errors.length) return setGeneral(applyErrors(form, payload.errors, FIELDS));
    message.success(t(person ? "subjects.edit.saved" : "subjects.edit.added", { name: input.name }));
    onDone();
  }

  const initial: Values = person
    ? {
        name: person.name,
        category: person.category || undefined,
        homeUnit: person.homeUnit?.id,
        hostUnit: person.hostUnit?.id,
        phone: person.phone,
        joinedOn: person.joinedOn ? dayjs(person.joinedOn) : null,
        leftOn: person.leftOn ? dayjs(person.leftOn) : null,
        exemptReason: person.exemptReason,
        exemptApprovedBy: person.exemptApprovedBy,
        exemptApprovedOn: person.exemptApprovedOn ? dayjs(person.exemptApprovedOn) : null,
      }
    : { homeUnit: unit?.id };
  const required = { required: true, message: t("form.required") };
  const half = { xs: 24, sm: 12 };
  return (
    <Modal
      open
      width={720}
      title={title}
      okText={person ? t("subjects.edit.save") : t("subjects.edit.add")}
      cancelText={t("action.cancel")}
      okButtonProps={{ loading: created.fetching || updated.fetching }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<Values> form={form} layout="vertical" aria-label={title} onFinish={send} initialValues={initial}>
        <Row gutter={16}>
          <Col {...half}>
            <Form.Item name="name" label={t("subjects.edit.name")} rules={[{ ...required, whitespace: true }, { max: 200, message: t("subjects.edit.nameRule") }]}>
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="category" label={t("field.category")} rules={[required]}>
              <Select showSearch={{ optionFilterProp: "label" }} options={categories.map((c) => ({ value: c.code, label: c.title }))} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="homeUnit" label={t("subjects.edit.homeUnit")} rules={[required]} extra={person ? t("subjects.edit.moveHint") : undefined}>
              <UnitSelect valueLabel={person?.homeUnit?.name ?? unit?.name} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="hostUnit" label={t("subjects.edit.hostUnit")} extra={t("subjects.edit.hostHint")}>
              <UnitSelect valueLabel={person?.hostUnit?.name} placeholder={t("subjects.edit.noHost")} allowClear />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item
              name="idCard"
              label={t("subjects.edit.idCard")}
              extra={person?.idCardLast4 ? t("subjects.edit.idCardKept", { last4: person.idCardLast4 }) : t("subjects.edit.idCardHint")}
              rules={[{ pattern: /^\s*\d{17}[\dXx]\s*$/, message: t("subjects.edit.idCardRule") }]}
            >
              <Input autoComplete="off" inputMode="text" maxLength={18} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="phone" label={t("subjects.edit.phone")}>
              <Input autoComplete="off" inputMode="tel" />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="joinedOn" label={t("subjects.edit.joinedOn")}>
              <DatePicker style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="leftOn" label={t("subjects.edit.leftOn")}>
              <DatePicker style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="exemptReason" label={t("subjects.edit.exemptReason")} extra={t("subjects.edit.exemptHint")}>
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="exemptApprovedBy" label={t("subjects.edit.exemptApprovedBy")}>
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="exemptApprovedOn" label={t("subjects.edit.exemptApprovedOn")}>
              <DatePicker style={{ width: "100%" }} />
            </Form.Item>
          </Col>
        </Row>
        <FormErrors errors={general} />
      </Form>
    </Modal>
  );
}
