import { Typography } from "antd";
import { useTranslation } from "react-i18next";
import { formatPoints, pointsWithUnit } from "../lib/format";

/** Points as a number people read: no trailing zeros, a sign when asked, red when lost. */
export function Points({ value, signed = false, unit = false }: { value: string | number | null | undefined; signed?: boolean; unit?: boolean }) {
  const { t } = useTranslation();
  const text = formatPoints(value, { signed });
  if (!text) return <Typography.Text type="secondary">—</Typography.Text>;
  const negative = text.startsWith("-");
  return (
    <Typography.Text type={signed && negative ? "danger" : undefined} className="points">
      {unit ? pointsWithUnit(text, t) : text}
    </Typography.Text>
  );
}
