// Export a paper form (台账, 公示, 汇总表 …) as xlsx where its data is shown: the platform
// builds it in a worker; the button shows the rows written so far, then downloads the file.
import { DownloadOutlined } from "@ant-design/icons";
import { App, Button, Progress, Space } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useClient, useMutation } from "urql";
import { graphql } from "../graphql";
import type { FormKind } from "../graphql/graphql";
import { sessionInit } from "../lib/auth";
import { requestErrorText } from "../lib/errors";

export const ExportRequestDocument = graphql(`
  mutation ExportRequest($form: FormKind!, $board: ID, $close: ID, $unit: ID, $subject: ID, $year: Int, $month: Int) {
    exportRequest(form: $form, board: $board, close: $close, unit: $unit, subject: $subject, year: $year, month: $month) {
      job {
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

export const ExportJobDocument = graphql(`
  query ExportJob($id: ID!) {
    exportJob(id: $id) {
      id
      status
      fileName
      rows
      rowsWritten
      failure
      downloadUrl
    }
  }
`);

const POLL_MS = 1000;

type Target = { board?: string; close?: string; unit?: string; subject?: string; year?: number; month?: number };

async function download(url: string, fileName: string) {
  const response = await fetch(url, sessionInit());
  if (!response.ok) throw new Error(String(response.status));
  const href = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = href;
  link.download = fileName;
  link.click();
  URL.revokeObjectURL(href);
}

export function ExportButton({ form, target, label }: { form: FormKind; target: Target; label?: string }) {
  const { t } = useTranslation();
  const client = useClient();
  const { message } = App.useApp();
  const [, request] = useMutation(ExportRequestDocument);
  const [job, setJob] = useState<string | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);

  useEffect(() => {
    if (!job) return;
    let stopped = false;
    const poll = async () => {
      const result = await client.query(ExportJobDocument, { id: job }, { requestPolicy: "network-only" }).toPromise();
      if (stopped) return;
      const found = result.data?.exportJob;
      if (result.error || !found || found.status === "FAILED") {
        message.error(found?.failure || (result.error ? requestErrorText(result.error, t) : t("state.failed")));
        setJob(null);
        return;
      }
      setProgress({ done: found.rowsWritten, total: found.rows });
      if (found.status === "DONE" && found.downloadUrl) {
        try {
          await download(found.downloadUrl, found.fileName);
        } catch {
          message.error(t("dash.export.failed"));
        }
        setJob(null);
        return;
      }
      timer = setTimeout(poll, POLL_MS);
    };
    let timer = setTimeout(poll, 0);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [job, client, message, t]);

  const start = async () => {
    setProgress(null);
    const result = await request({ form, ...target });
    if (result.error) return message.error(requestErrorText(result.error, t));
    const payload = result.data?.exportRequest;
    if (payload?.errors.length) return message.error(payload.errors.map((e) => e.message).join(t("dash.listSeparator")));
    if (payload?.job) setJob(payload.job.id);
  };

  return (
    <Space size={8} wrap>
      <Button icon={<DownloadOutlined />} onClick={start} loading={!!job}>
        {label ?? t("dash.export.button", { form: t(`enum.FormKind.${form}`) })}
      </Button>
      {job && progress && progress.total > 0 && (
        <Progress type="line" size="small" style={{ width: 120 }} percent={Math.round((100 * progress.done) / progress.total)} aria-label={t("dash.export.progress")} />
      )}
    </Space>
  );
}
