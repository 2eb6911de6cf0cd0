// Declarations one may see (one's own, and one's units'), newest first, paged on the server;
// narrowed by status, unit, month and item, and (for a unit's month) exported as the branch's
// monthly ledger (党员积分管理台账).
import { DatePicker, Select, Space, Typography } from "antd";
import type { Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useQuery } from "urql";
import { ANSWERERS, RECORDERS, REVIEWERS, unitsWith, useMe } from "../../app/me";
import { useTitles } from "../../app/titles";
import { ExportButton } from "../../components/ExportButton";
import { EnumTag } from "../../components/EnumTag";
import { EvidenceLinks } from "../../components/EvidenceLinks";
import { Points } from "../../components/Points";
import { QueryState } from "../../components/QueryState";
import { ResponsiveTable } from "../../components/ResponsiveTable";
import { graphql } from "../../graphql";
import type { DeclarationStatus, DeclarationsQuery } from "../../graphql/graphql";
import { formatDate } from "../../lib/format";

export const DeclarationsDocument = graphql(`
  query Declarations($status: DeclarationStatus, $unit: ID, $item: String, $occurredFrom: Date, $occurredTo: Date, $offset: Int, $first: Int) {
    declarations(status: $status, unit: $unit, item: $item, occurredFrom: $occurredFrom, occurredTo: $occurredTo, offset: $offset, first: $first) {
      totalCount
      edges {
        node {
          id
          subjectName
          item
          occurredOn
          status
          kind
          note
          reviewReason
          attributes
          unit {
            name
          }
          declaredBy {
            username
            displayName
          }
          entries {
            id
            points
            kind
            rulesetVersion
          }
          evidence {
            id
            originalName
            url
          }
        }
      }
    }
  }
`);

export type DeclarationRow = NonNullable<NonNullable<NonNullable<DeclarationsQuery["declarations"]>["edges"][number]>["node"]>;

const PAGE = 20;
const STATUSES: DeclarationStatus[] = ["SUBMITTED", "ACCEPTED", "REJECTED", "PUBLICISED", "CONFIRMED", "WITHDRAWN"];

/** The points an accepted declaration booked (confirmations add none). */
export function bookedPoints(entries: readonly { points: string; kind: string }[]): string | null {
  const bookings = entries.filter((e) => e.kind === "BOOKING");
  if (!bookings.length) return null;
  // Decimal strings: sum in ten-thousandths to stay exact.
  const sum = bookings.reduce((s, e) => s + Math.round(Number(e.points) * 10000), 0);
  return String(sum / 10000);
}

export function Declarations() {
  const { t } = useTranslation();
  const titles = useTitles();
  const me = useMe();
  // the units whose records the user keeps or reviews: their ledgers
  const units = unitsWith(me, [...new Set([...RECORDERS, ...REVIEWERS, ...ANSWERERS])]);
  const [page, setPage] = useState(1);
  const [status, setStatus] = useState<DeclarationStatus | null>(null);
  const [unit, setUnit] = useState<string | null>(null);
  const [month, setMonth] = useState<Dayjs | null>(null);
  const [item, setItem] = useState<string | null>(null);
  const narrow = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setPage(1);
  };
  const [{ data, fetching, error }, refetch] = useQuery({
    query: DeclarationsDocument,
    variables: {
      status,
      unit,
      item,
      occurredFrom: month ? month.startOf("month").format("YYYY-MM-DD") : null,
      occurredTo: month ? month.endOf("month").format("YYYY-MM-DD") : null,
      offset: (page - 1) * PAGE,
      first: PAGE,
    },
  });
  const rows = (data?.declarations?.edges ?? []).map((e) => e!.node!);
  return (
    <>
      <Space wrap style={{ justifyContent: "space-between", width: "100%" }} align="baseline">
        <Typography.Title level={1}>{t("declarations.title")}</Typography.Title>
        <Link to="/declarations/new">{t("nav.declare")}</Link>
      </Space>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select<DeclarationStatus | "">
          aria-label={t("field.status")}
          style={{ minWidth: 140 }}
          value={status ?? ""}
          onChange={narrow((v) => setStatus(v || null))}
          options={[{ value: "", label: t("declarations.allStatuses") }, ...STATUSES.map((s) => ({ value: s, label: t(`enum.DeclarationStatus.${s}`) }))]}
        />
        {units.length > 0 && (
          <Select<string>
            aria-label={t("field.unit")}
            style={{ minWidth: 180 }}
            value={unit ?? ""}
            onChange={narrow((v) => setUnit(v || null))}
            options={[{ value: "", label: t("declarations.allUnits") }, ...units.map((u) => ({ value: u.id, label: u.name }))]}
          />
        )}
        <DatePicker picker="month" aria-label={t("declarations.month")} placeholder={t("declarations.month")} value={month} onChange={narrow(setMonth)} />
        <Select<string>
          aria-label={t("field.item")}
          style={{ minWidth: 200 }}
          popupMatchSelectWidth={false}
          showSearch={{ optionFilterProp: "label" }}
          value={item ?? ""}
          onChange={narrow((v) => setItem(v || null))}
          options={[{ value: "", label: t("declarations.allItems") }, ...titles.all("items").map((i) => ({ value: i.code, label: i.title }))]}
        />
        {unit && month && <ExportButton form="BRANCH_LEDGER" target={{ unit, year: month.year(), month: month.month() + 1 }} label={t("declarations.exportLedger")} />}
      </Space>
      <QueryState fetching={fetching} error={error} hasData={Boolean(data)} empty={!rows.length} emptyText={t("declarations.empty")} retry={() => refetch({ requestPolicy: "network-only" })}>
        <Typography.Paragraph type="secondary">{t("declarations.count", { count: data?.declarations?.totalCount ?? 0 })}</Typography.Paragraph>
        <ResponsiveTable
          label={t("declarations.title")}
          rows={rows}
          rowKey={(d) => d.id}
          rowProps={(d) => ({ "data-declaration": d.id })}
          pagination={{ current: page, pageSize: PAGE, total: data?.declarations?.totalCount ?? 0, onChange: setPage }}
          columns={[
            { key: "subject", title: t("field.subject"), fixed: true, render: (d) => d.subjectName },
            { key: "item", title: t("field.item"), render: (d) => titles.item(d.item) },
            { key: "points", title: t("field.points"), render: (d) => <Points value={bookedPoints(d.entries)} signed /> },
            { key: "occurredOn", title: t("field.occurredOn"), render: (d) => formatDate(d.occurredOn) },
            { key: "status", title: t("field.status"), render: (d) => <EnumTag type="DeclarationStatus" value={d.status} /> },
            { key: "kind", title: t("field.kind"), render: (d) => (
              <Space direction="vertical" size={0}>
                <span>{t(`enum.DeclarationKind.${d.kind}`)}</span>
                <Typography.Text type="secondary">{d.declaredBy?.displayName || d.declaredBy?.username}</Typography.Text>
              </Space>
            ) },
            { key: "note", title: t("declarations.noteAndReview"), render: (d) => (
              <Space direction="vertical" size={0}>
                {d.note && <span>{d.note}</span>}
                {d.reviewReason && <Typography.Text type="secondary">{t("declarations.reviewReason", { reason: d.reviewReason })}</Typography.Text>}
                <EvidenceLinks evidence={d.evidence} />
              </Space>
            ) },
          ]}
        />
      </QueryState>
    </>
  );
}
