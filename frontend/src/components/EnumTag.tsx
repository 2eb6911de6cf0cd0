import { Tag } from "antd";
import { useTranslation } from "react-i18next";

const COLORS: Record<string, string> = {
  SUBMITTED: "orange", ACCEPTED: "green", REJECTED: "red", PUBLICISED: "blue", CONFIRMED: "green",
  WITHDRAWN: "default", OPEN: "orange", ANSWERED: "blue", ESCALATED: "purple", RESOLVED: "green",
  AWAITING_DECISION: "orange", CLOSED: "blue", FILED: "purple", RETURNED: "red", REOPENED: "orange",
  DECIDED: "green", UPHELD: "green", DISMISSED: "default",
};

/** An enum value of the API in the UI's language (locales: `enum.<Type>.<VALUE>`). */
export function EnumTag({ type, value }: { type: string; value: string | null | undefined }) {
  const { t } = useTranslation();
  if (!value) return null;
  return <Tag color={COLORS[value]}>{t(`enum.${type}.${value}`)}</Tag>;
}
