// Excel import for tenant administrators: download a template, upload a workbook, read the
// dry run's report row by row (nothing changes yet), then apply it all or nothing. The
// platform checks and applies in a worker; this screen follows its progress.
import { DownloadOutlined, UploadOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Descriptions, Flex, Progress, Select, Space, Switch, Tag, Typography, Upload } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { useClient, useMutation, useQuery } from "urql";
import { EnumTag } from "../../components/EnumTag";
import { FormErrors } from "../../components/FormErrors";
import { QueryState } from "../../components/QueryState";
import { ResponsiveTable, type Column } from "../../components/ResponsiveTable";
import type { ImportJobQuery, ImportJobsQuery, ImportKind } from "../../graphql/graphql";
import { requestErrorText, type FieldError } from "../../lib/errors";
import { formatDateTime } from "../../lib/format";
import { ImportApplyDocument, ImportJobDocument, ImportJobsDocument, ImportReportDocument, ImportTemplateDocument, ImportUploadDocument } from "./documents";

const KINDS: ImportKind[] = ["UNITS", "MEMBERS", "HOUSEHOLDS", "BUSINESSES", "USERS", "POINTS"];
const BUSY = ["UPLOADED", "CHECKING", "APPLYING"];
const POLL_MS = 1000;
const PAGE = 20;
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** Save base64 content as a file (the template, the report). */
export function saveBase64(content: string, fileName: string, type = XLSX) {
  const bytes = Uint8Array.from(atob(content), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.click();
  URL.revokeObjectURL(url);
}

function readBase64(file: File): Promise<string> {
  return new Promise((done, fail) => {
    const reader = new FileReader();
    reader.onload = () => done(String(reader.result).split(",", 2)[1] ?? "");
    reader.onerror = () => fail(reader.error);
    reader.readAsDataURL(file);
  });
}

export const jobPath = (id: string) => `/admin/imports/${encodeURIComponent(id)}`;

export function Imports() {
  const { t } = useTranslation();
  const params = useParams();
  return (
    <Flex vertical gap={16}>
      <Typography.Title level={1}>{t("dash.imports.title")}</Typography.Title>
      <Uploader />
      {params.id ? <JobReport id={params.id} /> : <JobList />}
    </Flex>
  );
}

function Uploader() {
  const { t } = useTranslation();
  const client = useClient();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [kind, setKind] = useState<ImportKind>("MEMBERS");
  const [errors, setErrors] = useState<(FieldError | string)[]>([]);
  const [{ fetching }, upload] = useMutation(ImportUploadDocument);
  const [downloading, setDownloading] = useState(false);

  const template = async () => {
    setDownloading(true);
    const result = await client.query(ImportTemplateDocument, { kind }, { requestPolicy: "network-only" }).toPromise();
    setDownloading(false);
    if (result.error || !result.data) return message.error(result.error ? requestErrorText(result.error, t) : t("state.failed"));
    saveBase64(result.data.importTemplate, `${t(`enum.ImportKind.${kind}`)}.xlsx`);
  };

  const send = async (file: File) => {
    setErrors([]);
    const content = await readBase64(file);
    const result = await upload({ content, fileName: file.name, kind }, { additionalTypenames: ["ImportJob"] });
    if (result.error) return setErrors([requestErrorText(result.error, t)]);
    const payload = result.data?.importUpload;
    if (payload?.errors.length) return setErrors(payload.errors);
    if (payload?.job) navigate(jobPath(payload.job.id));
  };

  return (
    <Card size="small" title={<Typography.Title level={2} style={{ margin: 0, fontSize: 18 }}>{t("dash.imports.upload")}</Typography.Title>}>
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">{t("dash.imports.hint")}</Typography.Text>
        <Flex gap={8} wrap align="center">
          <label htmlFor="import-kind">{t("dash.imports.kind")}</label>
          <Select id="import-kind" value={kind} onChange={setKind} style={{ minWidth: 180 }} options={KINDS.map((k) => ({ value: k, label: t(`enum.ImportKind.${k}`) }))} />
          <Button icon={<DownloadOutlined />} onClick={template} loading={downloading}>
            {t("dash.imports.template")}
          </Button>
          <Upload
            accept=".xlsx"
            showUploadList={false}
            beforeUpload={(file) => {
              void send(file);
              return false;
            }}
          >
            <Button type="primary" icon={<UploadOutlined />} loading={fetching}>
              {t("dash.imports.choose")}
            </Button>
          </Upload>
        </Flex>
        <FormErrors errors={errors} />
      </Flex>
    </Card>
  );
}

type JobRow = NonNullable<NonNullable<ImportJobsQuery["importJobs"]>["edges"][number]>["node"];

function JobList() {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const [{ data, fetching, error }, refetch] = useQuery({ query: ImportJobsDocument, variables: { first: PAGE, offset: (page - 1) * PAGE }, requestPolicy: "cache-and-network" });
  const rows = (data?.importJobs?.edges ?? []).flatMap((e) => (e?.node ? [e.node] : [])) as NonNullable<JobRow>[];
  const columns: Column<NonNullable<JobRow>>[] = [
    { key: "file", title: t("dash.imports.file"), fixed: true, render: (j) => <Link to={jobPath(j.id)}>{j.fileName}</Link> },
    { key: "kind", title: t("dash.imports.kind"), render: (j) => t(`enum.ImportKind.${j.kind}`) },
    { key: "status", title: t("dash.imports.status"), render: (j) => <EnumTag type="ImportStatus" value={j.status} /> },
    { key: "rows", title: t("dash.imports.rows"), render: (j) => t("dash.imports.rowsErrors", { rows: j.counts.rows, errors: j.counts.error }) },
    { key: "at", title: t("dash.imports.at"), render: (j) => formatDateTime(j.createdAt) },
    { key: "by", title: t("dash.imports.by"), render: (j) => j.createdBy?.displayName || j.createdBy?.username || "—" },
  ];
  return (
    <Card size="small" title={<Typography.Title level={2} style={{ margin: 0, fontSize: 18 }}>{t("dash.imports.history")}</Typography.Title>}>
      <QueryState fetching={fetching} error={error} hasData={!!data} empty={!rows.length} emptyText={t("dash.imports.none")} retry={() => refetch({ requestPolicy: "network-only" })}>
        <ResponsiveTable rows={rows} columns={columns} rowKey={(j) => j.id} label={t("dash.imports.history")} pagination={{ current: page, pageSize: PAGE, total: data?.importJobs?.totalCount ?? 0, onChange: setPage }} />
      </QueryState>
    </Card>
  );
}

type Job = NonNullable<ImportJobQuery["importJob"]>;
type ReportRow = Job["rows"][number];

function JobReport({ id }: { id: string }) {
  const { t } = useTranslation();
  const client = useClient();
  const { message } = App.useApp();
  const [onlyErrors, setOnlyErrors] = useState(false);
  const [page, setPage] = useState(1);
  const [{ data, fetching, error }, refetch] = useQuery({
    query: ImportJobDocument,
    variables: { id, onlyErrors, offset: (page - 1) * 100 },
    requestPolicy: "cache-and-network",
  });
  const [{ fetching: applying }, apply] = useMutation(ImportApplyDocument);
  const [errors, setErrors] = useState<(FieldError | string)[]>([]);
  const job = data?.importJob;
  const busy = !!job && BUSY.includes(job.status);
  useEffect(() => {
    if (!busy) return;
    const timer = setTimeout(() => refetch({ requestPolicy: "network-only" }), POLL_MS);
    return () => clearTimeout(timer);
  }, [busy, data, refetch]);

  const report = async () => {
    const result = await client.query(ImportReportDocument, { id }, { requestPolicy: "network-only" }).toPromise();
    const content = result.data?.importJob?.reportXlsx;
    if (!content) return message.error(result.error ? requestErrorText(result.error, t) : t("state.failed"));
    saveBase64(content, `${job?.fileName.replace(/\.xlsx$/i, "")}-${t("dash.imports.reportSuffix")}.xlsx`);
  };

  const columns: Column<ReportRow>[] = [
    { key: "row", title: t("dash.imports.row"), fixed: true, width: 80, render: (r) => r.row },
    { key: "outcome", title: t("dash.imports.outcome"), render: (r) => <Tag color={r.outcome === "ERROR" ? "red" : r.outcome === "UNCHANGED" ? "default" : "green"}>{t(`enum.ImportOutcome.${r.outcome}`)}</Tag> },
    { key: "key", title: t("dash.imports.key"), render: (r) => r.key || "—" },
    { key: "cell", title: t("dash.imports.cell"), render: (r) => r.cell || "—" },
    { key: "message", title: t("dash.imports.message"), render: (r) => (r.message ? <span>{r.message}{r.fix && <Typography.Text type="secondary"> {r.fix}</Typography.Text>}</span> : "—") },
  ];

  return (
    <QueryState fetching={fetching} error={error} hasData={!!data} empty={!job} emptyText={t("dash.imports.notFound")} retry={() => refetch({ requestPolicy: "network-only" })}>
      {job && (
        <Card size="small" title={<Typography.Title level={2} style={{ margin: 0, fontSize: 18 }}>{t("dash.imports.report", { file: job.fileName })}</Typography.Title>}
          extra={<Link to="/admin/imports">{t("dash.imports.back")}</Link>}>
          <Flex vertical gap={12}>
            <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} items={[
              { key: "kind", label: t("dash.imports.kind"), children: t(`enum.ImportKind.${job.kind}`) },
              { key: "status", label: t("dash.imports.status"), children: <EnumTag type="ImportStatus" value={job.status} /> },
              { key: "at", label: t("dash.imports.at"), children: formatDateTime(job.createdAt) },
            ]} />
            {busy && (
              <div>
                <Typography.Text>{t("dash.imports.working", { phase: t(`enum.ImportStatus.${job.status}`) })}</Typography.Text>
                <Progress percent={job.progress.total ? Math.round((100 * job.progress.done) / job.progress.total) : 0} aria-label={t("dash.imports.progress")} />
              </div>
            )}
            {job.failure && <Alert type="error" showIcon title={job.failure} />}
            {!busy && (
              <Space wrap size={[8, 8]} aria-label={t("dash.imports.counts")}>
                <Tag>{t("dash.imports.countRows", { n: job.counts.rows })}</Tag>
                <Tag color="green">{t("enum.ImportOutcome.CREATED")} {job.counts.created}</Tag>
                <Tag color="green">{t("enum.ImportOutcome.UPDATED")} {job.counts.updated}</Tag>
                <Tag>{t("enum.ImportOutcome.UNCHANGED")} {job.counts.unchanged}</Tag>
                <Tag color={job.counts.error ? "red" : "default"}>{t("enum.ImportOutcome.ERROR")} {job.counts.error}</Tag>
              </Space>
            )}
            {job.status === "CHECKED" && (
              <Alert type={job.counts.error ? "warning" : "success"} showIcon title={job.counts.error ? t("dash.imports.fixFirst") : t("dash.imports.dryRunOk")} />
            )}
            <Flex gap={8} wrap align="center">
              {job.status === "CHECKED" && !job.counts.error && (
                <Button type="primary" loading={applying} onClick={async () => {
                  setErrors([]);
                  const result = await apply({ job: job.id });
                  if (result.error) return setErrors([requestErrorText(result.error, t)]);
                  if (result.data?.importApply?.errors.length) return setErrors(result.data.importApply.errors);
                  refetch({ requestPolicy: "network-only" });
                }}>
                  {t("dash.imports.apply")}
                </Button>
              )}
              {!busy && <Button icon={<DownloadOutlined />} onClick={report}>{t("dash.imports.download")}</Button>}
              <Flex gap={8} align="center">
                <Switch id="only-errors" checked={onlyErrors} onChange={(v) => { setOnlyErrors(v); setPage(1); }} />
                <label htmlFor="only-errors">{t("dash.imports.onlyErrors")}</label>
              </Flex>
            </Flex>
            <FormErrors errors={errors} />
            {job.rows.length ? (
              <ResponsiveTable rows={job.rows} columns={columns} rowKey={(r) => String(r.row)} label={t("dash.imports.rowsLabel")}
                pagination={{ current: page, pageSize: 100, total: onlyErrors ? job.counts.error : job.counts.rows, onChange: setPage }} />
            ) : (
              <Typography.Text type="secondary">{busy ? t("state.loading") : t("dash.imports.noRows")}</Typography.Text>
            )}
          </Flex>
        </Card>
      )}
    </QueryState>
  );
}
