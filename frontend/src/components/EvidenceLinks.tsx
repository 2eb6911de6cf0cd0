import { PaperClipOutlined } from "@ant-design/icons";
import { App, Button, Space } from "antd";
import { useTranslation } from "react-i18next";
import { sessionInit } from "../lib/auth";

type Evidence = { id: string; originalName: string; url: string };

/** Evidence files open from an object URL, so that a refusal shows as a message. */
export function EvidenceLinks({ evidence }: { evidence: readonly Evidence[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  if (!evidence.length) return null;
  async function open(file: Evidence) {
    const response = await fetch(file.url, sessionInit()).catch(() => null);
    if (!response?.ok) return void message.error(t("evidence.failed"));
    const url = URL.createObjectURL(await response.blob());
    window.open(url, "_blank", "noopener");
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
  return (
    <Space wrap size={4}>
      {evidence.map((e) => (
        <Button key={e.id} type="link" size="small" icon={<PaperClipOutlined />} onClick={() => void open(e)} aria-label={t("evidence.open", { name: e.originalName })}>
          {e.originalName}
        </Button>
      ))}
    </Space>
  );
}
