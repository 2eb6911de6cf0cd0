// Declare an item: for yourself (with evidence, a photo on a phone), for another member, or
// on someone's behalf. The items are the ruleset's (titles and points from rulesetItems);
// a range item asks for its points, other attributes as the item describes them.
import { CameraOutlined, PaperClipOutlined } from "@ant-design/icons";
import { Alert, Button, Card, DatePicker, Flex, Form, Input, InputNumber, Select, Switch, Typography, Upload } from "antd";
import type { UploadFile } from "antd";
import type { RcFile } from "antd/es/upload";
import type { TFunction } from "i18next";
import dayjs, { type Dayjs } from "dayjs";
import { useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { useMutation, useQuery } from "urql";
import { uploadEvidence } from "../../app/client";
import { FormErrors } from "../../components/FormErrors";
import { graphql } from "../../graphql";
import type { ItemsQuery } from "../../graphql/graphql";
import { applyErrors, requestErrorText, type FieldError } from "../../lib/errors";
import { formatPoints, pointsWithUnit } from "../../lib/format";

export const DeclarableSubjectsDocument = graphql(`
  query DeclarableSubjects($search: String) {
    subjects(search: $search, first: 30) {
      edges {
        node {
          id
          name
          homeUnit {
            name
          }
          hostUnit {
            name
          }
        }
      }
    }
  }
`);

export const ItemsDocument = graphql(`
  query Items($subject: ID!, $on: Date) {
    rulesetItems(subject: $subject, on: $on) {
      code
      title
      bucket
      points
      pointsRange
      declaredBy
      evidenceRequired
      attributes {
        name
        type
        required
        values
        min
        max
        title
        description
      }
    }
  }
`);

export const DeclareDocument = graphql(`
  mutation Declare($input: DeclarationInput!) {
    declarationSubmit(input: $input) {
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

export type Item = ItemsQuery["rulesetItems"][number];
type Attribute = Item["attributes"][number];

/** "-1 分", "+2 分", "2～5 分" in the UI's language. */
export function pointsText(item: Pick<Item, "points" | "pointsRange">, t: TFunction): string {
  if (item.points != null) return pointsWithUnit(formatPoints(item.points, { signed: true }), t);
  if (item.pointsRange) return t("points.range", { min: formatPoints(item.pointsRange[0]), max: formatPoints(item.pointsRange[1]) });
  return t("points.byAttribute");
}

/** The attributes a form asks for: the item's own, and `points` for a range item. */
export function attributesOf(item: Item | undefined): Attribute[] {
  if (!item) return [];
  const own = [...item.attributes];
  if (item.pointsRange && !own.some((a) => a.name === "points")) {
    own.unshift({ name: "points", type: "number", required: true, values: null, min: item.pointsRange[0], max: item.pointsRange[1], title: "", description: "" });
  }
  return own;
}

function newKey(): string {
  return `web:${crypto.randomUUID()}`;
}

type Values = {
  subject?: string;
  occurredOn: Dayjs;
  item?: string;
  note?: string;
  attributes?: Record<string, unknown>;
};

const FIELDS = { subject: "subject", item: "item", occurredOn: "occurredOn", note: "note", evidence: "evidence" };

export function Declare({ upload = uploadEvidence }: { upload?: typeof uploadEvidence }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [search, setSearch] = useState("");
  const [subjects] = useQuery({ query: DeclarableSubjectsDocument, variables: { search: search || null } });
  const subject = Form.useWatch("subject", form);
  const occurredOn = Form.useWatch("occurredOn", form);
  const itemCode = Form.useWatch("item", form);
  const day = occurredOn ? occurredOn.format("YYYY-MM-DD") : null;
  const [items] = useQuery({ query: ItemsDocument, variables: { subject: subject ?? "", on: day }, pause: !subject || !day });
  const [{ fetching }, submitDeclaration] = useMutation(DeclareDocument);
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [general, setGeneral] = useState<(FieldError | string)[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const addFile = (file: RcFile) => {
    setFiles((f) => [...f, { uid: file.uid, name: file.name, originFileObj: file, status: "done" } as UploadFile]);
    form.setFields([{ name: "evidence", errors: [] }]);
    return false; // sent with the declaration, not on its own
  };
  const key = useRef(newKey());

  const options = useMemo(
    () => (subjects.data?.subjects?.edges ?? []).map((e) => e!.node!).map((s) => ({ value: s.id, label: `${s.name}（${(s.hostUnit ?? s.homeUnit)?.name ?? ""}）`, name: s.name })),
    [subjects.data],
  );
  const itemList = subject && day ? items.data?.rulesetItems : undefined;
  const item = itemList?.find((i) => i.code === itemCode);
  const attributes = attributesOf(item);
  const attributeFields = Object.fromEntries(attributes.map((a) => [`attributes.${a.name}`, `attributes.${a.name}`]));

  async function submit(values: Values) {
    setGeneral([]);
    setDone(null);
    let evidence: string[];
    try {
      setUploading(true);
      evidence = await Promise.all(files.map((f) => upload(f.originFileObj as File, i18n.language)));
    } catch (e) {
      form.setFields([{ name: "evidence", errors: [(e as Error).message || t("declare.uploadFailed")] }]);
      return;
    } finally {
      setUploading(false);
    }
    const attrs = Object.fromEntries(Object.entries(values.attributes ?? {}).filter(([, v]) => v !== undefined && v !== null && v !== ""));
    const input = {
      key: key.current,
      subject: values.subject!,
      item: values.item!,
      occurredOn: values.occurredOn.format("YYYY-MM-DD"),
      note: values.note ?? "",
      evidence,
      attributes: Object.keys(attrs).length ? attrs : null,
    };
    const result = await submitDeclaration({ input });
    if (result.error) return setGeneral([requestErrorText(result.error, t)]);
    const errors = result.data?.declarationSubmit?.errors ?? [];
    if (errors.length) {
      setGeneral(applyErrors(form, errors, { ...FIELDS, ...attributeFields, attributes: "item" }));
      return;
    }
    const name = options.find((o) => o.value === values.subject)?.name ?? "";
    setDone(t("declare.done", { name, item: item?.title ?? values.item }));
    key.current = newKey();
    setFiles([]);
    form.setFieldsValue({ note: "", attributes: {} });
  }

  return (
    <>
      <Typography.Title level={1}>{t("declare.title")}</Typography.Title>
      <Card style={{ maxWidth: 640 }}>
        <Form<Values>
          form={form}
          layout="vertical"
          aria-label={t("declare.title")}
          initialValues={{ occurredOn: dayjs() }}
          onFinish={submit}
          onValuesChange={(changed) => {
            if ("subject" in changed || "occurredOn" in changed) form.setFieldsValue({ item: undefined, attributes: {} });
          }}
        >
          <Form.Item name="subject" label={t("field.subject")} rules={[{ required: true, message: t("form.required") }]}>
            <Select
              showSearch={{ filterOption: false, onSearch: setSearch }}
              options={options}
              placeholder={t("declare.subjectPlaceholder")}
              loading={subjects.fetching}
              notFoundContent={subjects.fetching ? t("state.loading") : t("declare.noSubjects")}
            />
          </Form.Item>
          <Form.Item name="occurredOn" label={t("field.occurredOn")} rules={[{ required: true, message: t("form.required") }]}>
            <DatePicker disabledDate={(d) => d.isAfter(dayjs(), "day")} style={{ width: "100%" }} allowClear={false} />
          </Form.Item>
          <Form.Item
            name="item"
            label={t("field.item")}
            rules={[{ required: true, message: t("form.required") }]}
            extra={item?.evidenceRequired ? t("declare.evidenceRequired") : undefined}
          >
            <Select
              disabled={!itemList?.length}
              loading={items.fetching}
              placeholder={!subject ? t("declare.subjectFirst") : t("declare.itemPlaceholder")}
              options={(itemList ?? []).map((i) => ({ value: i.code, label: `${i.title}（${pointsText(i, t)}）` }))}
              showSearch={{ optionFilterProp: "label" }}
              popupMatchSelectWidth={false}
            />
          </Form.Item>
          {itemList && itemList.length === 0 && <Alert type="warning" showIcon title={t("declare.noItems")} style={{ marginBottom: 16 }} />}
          {items.error && <Alert type="error" showIcon title={requestErrorText(items.error, t)} style={{ marginBottom: 16 }} />}
          {attributes.map((a) => (
            <AttributeField key={a.name} attribute={a} />
          ))}
          <Form.Item name="note" label={t("field.note")}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
          <Form.Item
            name="evidence"
            label={t("declare.evidence")}
            extra={t("declare.evidenceHint")}
            rules={[{ validator: () => (item?.evidenceRequired && !files.length ? Promise.reject(new Error(t("declare.evidenceMissing"))) : Promise.resolve()) }]}
          >
            {/* On a phone the first opens the camera at once; the second picks photos or PDFs
                and lists everything added. */}
            <Flex gap={8} wrap align="start">
              <Upload accept="image/*" capture="environment" showUploadList={false} beforeUpload={addFile}>
                <Button icon={<CameraOutlined />}>{t("declare.takePhoto")}</Button>
              </Upload>
              <Upload accept="image/jpeg,image/png,image/webp,application/pdf" multiple fileList={files} beforeUpload={addFile}
                onRemove={(file) => setFiles((f) => f.filter((x) => x.uid !== file.uid))}>
                <Button icon={<PaperClipOutlined />}>{t("declare.addEvidence")}</Button>
              </Upload>
            </Flex>
          </Form.Item>
          <FormErrors errors={general} id="declaration-errors" />
          {done && <Alert type="success" showIcon role="status" title={done} style={{ marginBottom: 16 }}
            action={<Button size="small" onClick={() => navigate("/declarations")}>{t("nav.declarations")}</Button>} />}
          <Button type="primary" htmlType="submit" loading={fetching || uploading}>
            {t("declare.submit")}
          </Button>
        </Form>
      </Card>
    </>
  );
}

function AttributeField({ attribute: a }: { attribute: Attribute }) {
  const { t } = useTranslation();
  const name = ["attributes", a.name];
  const label = a.name === "points" ? t("declare.pointsField", { min: formatPoints(a.min), max: formatPoints(a.max) }) : a.title || a.name;
  const rules = [{ required: a.required, message: t("form.required") }];
  const values = Array.isArray(a.values) ? (a.values as unknown[]) : null;
  if (values) {
    return (
      <Form.Item name={name} label={label} rules={rules} extra={a.description || undefined}>
        <Select options={values.map((v) => ({ value: v as string, label: String(v) }))} />
      </Form.Item>
    );
  }
  if (a.type === "number" || a.type === "integer") {
    return (
      <Form.Item name={name} label={label} rules={rules} extra={a.description || undefined}>
        <InputNumber min={a.min ?? undefined} max={a.max ?? undefined} step={1} precision={a.type === "integer" ? 0 : undefined} style={{ width: "100%" }} />
      </Form.Item>
    );
  }
  if (a.type === "boolean") {
    return (
      <Form.Item name={name} label={label} valuePropName="checked" extra={a.description || undefined}>
        <Switch />
      </Form.Item>
    );
  }
  if (a.type === "date") {
    return (
      <Form.Item name={name} label={label} rules={rules} extra={a.description || undefined} getValueProps={(v) => ({ value: v ? dayjs(v as string) : undefined })} normalize={(d: Dayjs | null) => d?.format("YYYY-MM-DD")}>
        <DatePicker style={{ width: "100%" }} />
      </Form.Item>
    );
  }
  return (
    <Form.Item name={name} label={label} rules={rules} extra={a.description || undefined}>
      <Input maxLength={500} />
    </Form.Item>
  );
}
