// The inspection plan as a calendar: per station and inspector, each day's planned visits,
// done in green and overdue in red; a phone gets the month's visits as a list below.
import { LeftOutlined, RightOutlined } from "@ant-design/icons";
import { Badge, Button, Calendar, Card, Flex, Grid, List, Select, Tag, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useQuery } from "urql";
import { QueryState } from "../../components/QueryState";
import type { InspectionPlanQuery } from "../../graphql/graphql";
import { formatDate } from "../../lib/format";
import { InspectionPlanDocument } from "./documents";
import { useStations } from "./Businesses";

type Visit = InspectionPlanQuery["inspectionPlan"][number];

function status(v: Visit): "success" | "error" | "processing" {
  return v.done ? "success" : v.overdue ? "error" : "processing";
}

export function Plan() {
  const { t } = useTranslation();
  const { roots, options } = useStations();
  const screens = Grid.useBreakpoint();
  const [unit, setUnit] = useState<string | undefined>();
  const [inspector, setInspector] = useState<string | undefined>();
  const [month, setMonth] = useState<Dayjs>(dayjs().startOf("month"));
  const chosen = unit ?? roots[0]?.id ?? "";
  const [{ data, fetching, error }, refetch] = useQuery({
    query: InspectionPlanDocument,
    variables: { unit: chosen, start: month.format("YYYY-MM-DD"), end: month.endOf("month").format("YYYY-MM-DD"), inspector: inspector ?? null },
    pause: !chosen,
  });
  const [everyone] = useQuery({
    query: InspectionPlanDocument,
    variables: { unit: chosen, start: month.format("YYYY-MM-DD"), end: month.endOf("month").format("YYYY-MM-DD") },
    pause: !chosen,
  });
  const visits = data?.inspectionPlan ?? [];
  const inspectors = new Map<string, string>();
  for (const v of everyone.data?.inspectionPlan ?? []) if (v.inspector) inspectors.set(v.inspector.username, v.inspector.displayName);
  const byDay = new Map<string, Visit[]>();
  for (const v of visits) byDay.set(v.dueOn, [...(byDay.get(v.dueOn) ?? []), v]);
  const overdue = visits.filter((v) => v.overdue).length;
  const narrow = screens.md === false;
  if (!roots.length) return <Typography.Paragraph>{t("market.noRole")}</Typography.Paragraph>;
  return (
    <Flex vertical gap={16}>
      <Typography.Title level={2}>{t("market.plan.title")}</Typography.Title>
      <Flex wrap gap={12} align="center" className="market-filters">
        <Select aria-label={t("market.filter.station")} style={{ minWidth: 200 }} value={chosen} onChange={setUnit} options={options.map((u) => ({ value: u.id, label: u.name }))} />
        <Select
          aria-label={t("market.plan.inspector")}
          style={{ minWidth: 180 }}
          allowClear
          placeholder={t("market.plan.anyInspector")}
          value={inspector}
          onChange={setInspector}
          options={[...inspectors].map(([value, label]) => ({ value, label }))}
        />
        <Typography.Text>
          {t("market.plan.summary", { count: visits.length })}
          {overdue > 0 && (
            <Tag color="red" style={{ marginInlineStart: 8 }}>
              {t("market.plan.overdueCount", { count: overdue })}
            </Tag>
          )}
        </Typography.Text>
      </Flex>
      <QueryState fetching={fetching} error={error} hasData={!!data} retry={() => refetch({ requestPolicy: "network-only" })}>
        <Card size="small" className="market-plan">
          <Calendar
            fullscreen={!narrow}
            value={month}
            onPanelChange={(d) => setMonth(d.startOf("month"))}
            onSelect={(d, info) => info.source !== "date" && setMonth(d.startOf("month"))}
            mode="month"
            headerRender={() => (
              <Flex justify="space-between" align="center" style={{ padding: 8 }}>
                <Button aria-label={t("market.plan.previous")} icon={<LeftOutlined />} onClick={() => setMonth((m) => m.subtract(1, "month"))} />
                <Typography.Text strong>{month.format("YYYY-MM")}</Typography.Text>
                <Button aria-label={t("market.plan.next")} icon={<RightOutlined />} onClick={() => setMonth((m) => m.add(1, "month"))} />
              </Flex>
            )}
            cellRender={(d, info) => {
              if (info.type !== "date") return info.originNode;
              if (!d.isSame(month, "month")) return null;
              const day = byDay.get(d.format("YYYY-MM-DD")) ?? [];
              if (!day.length) return null;
              if (narrow) return <Badge role="img" status={day.some((v) => v.overdue) ? "error" : day.every((v) => v.done) ? "success" : "processing"} aria-label={t("market.plan.visits", { count: day.length })} />;
              return (
                <ul className="plan-day">
                  {day.map((v) => (
                    <li key={`${v.subject}-${v.seq}`}>
                      <Badge status={status(v)} text={<Link to={`/market/businesses/${encodeURIComponent(v.subject)}`}>{v.name}</Link>} />
                    </li>
                  ))}
                </ul>
              );
            }}
          />
        </Card>
        <Card size="small" title={t("market.plan.list", { month: month.format("YYYY-MM") })}>
          <List
            dataSource={visits}
            locale={{ emptyText: t("market.plan.empty") }}
            renderItem={(v) => (
              <List.Item>
                <Flex vertical>
                  <Link to={`/market/businesses/${encodeURIComponent(v.subject)}`}>{v.name}</Link>
                  <Typography.Text type="secondary">
                    {formatDate(v.dueOn)} · {v.station} · {v.inspector?.displayName ?? t("market.plan.unassigned")} · {t("market.plan.visit", { seq: v.seq })}
                  </Typography.Text>
                </Flex>
                {v.done ? <Tag color="green">{t("market.plan.done")}</Tag> : v.overdue ? <Tag color="red">{t("market.plan.overdue")}</Tag> : <Tag>{t("market.plan.due")}</Tag>}
              </List.Item>
            )}
          />
        </Card>
      </QueryState>
    </Flex>
  );
}
