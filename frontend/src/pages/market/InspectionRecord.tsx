// Record an inspection on a phone: every checklist row answered (pass / fail / not
// applicable), findings, photos, and the representative's signature on the screen or why
// they did not sign. Nothing is booked until the whole form is accepted.
import { Alert, Button, Card, DatePicker, Flex, Form, Input, Radio, Result, Typography, Upload } from "antd";
import type { UploadFile } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useCallback, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { useMutation, useQuery } from "urql";
import { uploadEvidence } from "../../app/client";
import { FormErrors } from "../../components/FormErrors";
import { QueryState } from "../../components/QueryState";
import type { ChecklistResult } from "../../graphql/graphql";
import { applyErrors, requestErrorText, type FieldError } from "../../lib/errors";
import { formatPoints } from "../../lib/format";
import { ChecklistDocument, InspectionRecordDocument } from "./documents";
import { GradeTag } from "./Businesses";
import { signatureFile, SignaturePadField, type SignatureHandle } from "./SignaturePadField";

type Values = { inspectedOn: Dayjs; results: Record<string, ChecklistResult>; findings?: string; signatureRefused?: string };

export function InspectionRecord({ upload = uploadEvidence }: { upload?: typeof uploadEvidence }) {
  const { t, i18n } = useTranslation();
  const { id = "" } = useParams();
  const [{ data, fetching, error }, refetch] = useQuery({ query: ChecklistDocument, variables: { subject: id } });
  const [form] = Form.useForm<Values>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const [unsigned, setUnsigned] = useState(true);
  const padRef: SignatureHandle = useRef(null);
  // one key per form: a retried submit cannot book the inspection twice
  const key = useRef(`web:inspection:${crypto.randomUUID()}`).current;
  const [{ fetching: saving, data: saved }, record] = useMutation(InspectionRecordDocument);
  const onSigned = useCallback((empty: boolean) => setUnsigned(empty), []);
  const lines = data?.riskGradingTables?.dynamicChecklist ?? [];
  const groups = [...new Set(lines.map((l) => l.group))];
  const done = saved?.inspectionRecord?.inspection;

  const submit = async (values: Values) => {
    setErrors([]);
    setBusy(true);
    let photos: string[];
    let signature: string | null = null;
    try {
      photos = await Promise.all(files.map((f) => upload(f.originFileObj as File, i18n.language)));
      const pad = padRef.current;
      if (pad && !pad.isEmpty()) signature = await upload(await signatureFile(pad), i18n.language);
    } catch (e) {
      setErrors([{ field: null, code: "UPLOAD", message: (e as Error).message || t("market.inspect.uploadFailed") }]);
      setBusy(false);
      return;
    }
    setBusy(false);
    const answer = await record({
      key,
      subject: id,
      inspectedOn: values.inspectedOn.format("YYYY-MM-DD"),
      results: lines.map((l) => ({ code: l.code, result: values.results[l.code] })),
      findings: values.findings ?? "",
      photos,
      signature,
      signatureRefused: signature ? "" : (values.signatureRefused ?? ""),
    });
    if (answer.error) return setErrors([{ field: null, code: "NETWORK", message: requestErrorText(answer.error, t) }]);
    const found = answer.data?.inspectionRecord?.errors ?? [];
    const fields: Record<string, string> = { inspectedOn: "inspectedOn", findings: "findings", signatureRefused: "signatureRefused", signature: "signatureRefused", photos: "photos" };
    for (const l of lines) fields[`results.${l.code}`] = `results.${l.code}`;
    if (found.length) setErrors(applyErrors(form, found, fields));
  };

  if (done)
    return (
      <Result
        status="success"
        title={t("market.inspect.saved", { name: data?.riskGrade?.name })}
        subTitle={t("market.inspect.savedTotal", { points: formatPoints(done.dynamicTotal) })}
        extra={<Link to={`/market/businesses/${encodeURIComponent(id)}`}>{t("market.inspect.back")}</Link>}
      />
    );
  return (
    <QueryState fetching={fetching} error={error} hasData={!!data} empty={!data?.riskGrade || !lines.length} emptyText={t("market.inspect.noChecklist")} retry={() => refetch({ requestPolicy: "network-only" })}>
      <Flex vertical gap={16} className="inspection-form">
        <Typography.Title level={2}>
          {t("market.inspect.title", { name: data?.riskGrade?.name })} <GradeTag grade={data?.riskGrade?.grade ?? ""} />
        </Typography.Title>
        {data?.riskGradingTables?.source && <Typography.Text type="secondary">{data.riskGradingTables.source}</Typography.Text>}
        <FormErrors errors={errors} />
        <Form form={form} layout="vertical" onFinish={submit} initialValues={{ inspectedOn: dayjs(), results: Object.fromEntries(lines.map((l) => [l.code, "PASS"])) }} scrollToFirstError>
          <Form.Item name="inspectedOn" label={t("market.inspect.on")} rules={[{ required: true, message: t("form.required") }]}>
            <DatePicker disabledDate={(d) => d.isAfter(dayjs(), "day")} inputReadOnly />
          </Form.Item>
          {groups.map((g) => (
            <Card key={g || "-"} size="small" title={g || t("market.inspect.checklist")} style={{ marginBottom: 12 }}>
              {lines
                .filter((l) => l.group === g)
                .map((l) => (
                  <Form.Item key={l.code} name={["results", l.code]} label={`${l.title} (${t("market.inspect.failAdds", { points: formatPoints(l.points) })})`} rules={[{ required: true, message: t("form.required") }]}>
                    <Radio.Group
                      optionType="button"
                      buttonStyle="solid"
                      options={[
                        { value: "PASS", label: t("enum.ChecklistResult.PASS") },
                        { value: "FAIL", label: t("enum.ChecklistResult.FAIL") },
                        { value: "NOT_APPLICABLE", label: t("enum.ChecklistResult.NOT_APPLICABLE") },
                      ]}
                    />
                  </Form.Item>
                ))}
            </Card>
          ))}
          <Form.Item name="findings" label={t("market.inspect.findings")}>
            <Input.TextArea rows={3} maxLength={4000} />
          </Form.Item>
          <Form.Item name="photos" label={t("market.inspect.photos")} extra={t("market.inspect.photosHint")}>
            <Upload
              accept="image/*"
              capture="environment"
              listType="picture"
              fileList={files}
              beforeUpload={(file) => {
                setFiles((f) => [...f, { uid: file.uid, name: file.name, originFileObj: file, status: "done" } as UploadFile]);
                return false;
              }}
              onRemove={(file) => setFiles((f) => f.filter((x) => x.uid !== file.uid))}
            >
              <Button>{t("market.inspect.addPhoto")}</Button>
            </Upload>
          </Form.Item>
          <Form.Item label={t("market.inspect.signature")} extra={t("market.inspect.signatureHint")}>
            <SignaturePadField padRef={padRef} onChange={onSigned} label={t("market.inspect.signature")} />
          </Form.Item>
          {unsigned && (
            <Form.Item name="signatureRefused" label={t("market.inspect.refused")} rules={[{ validator: (_, v) => (unsigned && !String(v ?? "").trim() ? Promise.reject(new Error(t("market.inspect.signOrSay"))) : Promise.resolve()) }]}>
              <Input maxLength={500} />
            </Form.Item>
          )}
          {!unsigned && <Alert type="success" showIcon title={t("market.inspect.signedHere")} style={{ marginBottom: 16 }} />}
          <Button type="primary" htmlType="submit" block loading={saving || busy}>
            {t("market.inspect.submit")}
          </Button>
        </Form>
      </Flex>
    </QueryState>
  );
}
