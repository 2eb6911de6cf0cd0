import { Tag } from "antd";
import dayjs from "dayjs";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { daysLeft, formatDate } from "../lib/format";

/** Days left of a publicity or an answer deadline (its last day counts), refreshed hourly. */
export function Countdown({ lastDay, closed = false }: { lastDay: string; closed?: boolean }) {
  const { t } = useTranslation();
  const [now, setNow] = useState(() => dayjs());
  useEffect(() => {
    const timer = setInterval(() => setNow(dayjs()), 3600_000);
    return () => clearInterval(timer);
  }, []);
  const left = daysLeft(lastDay, now);
  const until = formatDate(lastDay);
  if (closed || left < 0) return <Tag>{t("countdown.ended", { date: until })}</Tag>;
  if (left === 0) return <Tag color="red">{t("countdown.lastDay", { date: until })}</Tag>;
  return <Tag color={left <= 2 ? "orange" : "blue"}>{t("countdown.left", { count: left, date: until })}</Tag>;
}
