// A head teacher's class: the duty monitor's week (every pupil's entries) with the weekly
// ranking, the month with the parent-meeting flags (bottom three with more than 10 points
// lost, seed 004 第二篇), and the term prizes (top 15: first, second, third).
import { Alert, DatePicker, Flex, Select, Tabs, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useQuery } from "urql";
import { hasRole, unitsWith, useMe } from "../../app/me";
import { EnumTag } from "../../components/EnumTag";
import { QueryState } from "../../components/QueryState";
import { ResponsiveTable } from "../../components/ResponsiveTable";
import { formatDate, formatPoints } from "../../lib/format";
import { ClassMonthDocument, ClassWeekDocument, SchoolUnitsDocument, TermPrizesDocument } from "./documents";
import { PupilLines } from "./PupilLines";
import { CLASS_READERS } from "./roles";

/** The classes the user reads: their own classes, or every class below the school's units. */
export function useClasses(): { units: { id: string; name: string }[]; fetching: boolean } {
  const me = useMe();
  const own = unitsWith(me, CLASS_READERS);
  const wide = me.isSuperuser || hasRole(me, ["SUPERIOR", "ADMIN", "SECRETARY", "SUPERVISOR"]);
  const [{ data, fetching }] = useQuery({ query: SchoolUnitsDocument, pause: !wide });
  const classes = (data?.orgUnits?.edges ?? []).flatMap((e) => (e?.node && e.node.kind === "CLASS" ? [{ id: e.node.id, name: e.node.name }] : []));
  const ownClasses = own.filter((u) => !classes.length || classes.some((c) => c.id === u.id));
  const units = [...ownClasses, ...classes.filter((c) => !ownClasses.some((u) => u.id === c.id))];
  return { units, fetching };
}

export function ClassPage() {
  const { t } = useTranslation();
  const { units, fetching } = useClasses();
  const [chosen, setChosen] = useState<string | undefined>();
  const unit = chosen ?? units[0]?.id;
  const [day, setDay] = useState<Dayjs>(dayjs());
  const [month, setMonth] = useState<Dayjs>(dayjs());
  return (
    <>
      <Typography.Title level={1}>{t("school.class.title")}</Typography.Title>
      {!units.length ? (
        fetching ? null : <Alert type="info" showIcon title={t("school.class.noClass")} />
      ) : (
        <Flex vertical gap={12}>
          <Select style={{ maxWidth: 320 }} aria-label={t("school.class.choose")} value={unit} onChange={setChosen} options={units.map((u) => ({ value: u.id, label: u.name }))} showSearch={{ optionFilterProp: "label" }} />
          <Tabs
            items={[
              {
                key: "week",
                label: t("school.week.tab"),
                children: (
                  <Flex vertical gap={12}>
                    <DatePicker value={day} onChange={(d) => d && setDay(d)} allowClear={false} aria-label={t("school.week.day")} />
                    <Week unit={unit!} on={day.format("YYYY-MM-DD")} />
                  </Flex>
                ),
              },
              {
                key: "month",
                label: t("school.month.tab"),
                children: (
                  <Flex vertical gap={12}>
                    <DatePicker picker="month" value={month} onChange={(d) => d && setMonth(d)} allowClear={false} aria-label={t("school.month.choose")} />
                    <Month unit={unit!} year={month.year()} month={month.month() + 1} />
                  </Flex>
                ),
              },
              { key: "prizes", label: t("school.prizes.tab"), children: <Prizes unit={unit!} /> },
            ]}
          />
        </Flex>
      )}
    </>
  );
}

function Week({ unit, on }: { unit: string; on: string }) {
  const { t } = useTranslation();
  const [{ data, fetching, error }, refetch] = useQuery({ query: ClassWeekDocument, variables: { unit, on } });
  const week = data?.classWeek;
  return (
    <QueryState fetching={fetching} error={error} hasData={Boolean(data)} empty={!week || !week.pupils.length} emptyText={t("school.week.empty")} retry={() => refetch({ requestPolicy: "network-only" })}>
      {week && (
        <Flex vertical gap={8}>
          <Typography.Text type="secondary">
            {t("school.week.span", { start: formatDate(week.start), end: formatDate(week.end), entries: week.pupils.reduce((n, p) => n + p.entries.length, 0) })}
          </Typography.Text>
          <PupilLines lines={week.pupils} label={t("school.week.tab")} />
        </Flex>
      )}
    </QueryState>
  );
}

function Month({ unit, year, month }: { unit: string; year: number; month: number }) {
  const { t } = useTranslation();
  const [{ data, fetching, error }, refetch] = useQuery({ query: ClassMonthDocument, variables: { unit, year, month } });
  const span = data?.classMonth;
  const flagged = span?.pupils.filter((p) => p.parentMeeting) ?? [];
  return (
    <QueryState fetching={fetching} error={error} hasData={Boolean(data)} empty={!span || !span.pupils.length} emptyText={t("school.month.empty")} retry={() => refetch({ requestPolicy: "network-only" })}>
      {span && (
        <Flex vertical gap={8}>
          {flagged.length ? (
            <Alert type="warning" showIcon title={t("school.month.flagged", { count: flagged.length })} description={flagged.map((p) => `${p.subject.name}（${formatPoints(-p.lost)}）`).join("、")} />
          ) : (
            <Alert type="success" showIcon title={t("school.month.noFlags")} />
          )}
          <Typography.Text type="secondary">{t("school.month.rule")}</Typography.Text>
          <PupilLines lines={span.pupils} label={t("school.month.tab")} month={{ year, month }} flags />
        </Flex>
      )}
    </QueryState>
  );
}

function Prizes({ unit }: { unit: string }) {
  const { t } = useTranslation();
  const [{ data, fetching, error }, refetch] = useQuery({ query: TermPrizesDocument, variables: { unit } });
  const prizes = data?.termPrizes ?? [];
  return (
    <QueryState fetching={fetching} error={error} hasData={Boolean(data)} empty={!prizes.length} emptyText={t("school.prizes.empty")} retry={() => refetch({ requestPolicy: "network-only" })}>
      <Flex vertical gap={8}>
        <Typography.Text type="secondary">{t("school.prizes.rule")}</Typography.Text>
        <ResponsiveTable
          label={t("school.prizes.tab")}
          rows={prizes}
          rowKey={(p) => p.pupil.subject.id}
          columns={[
            { key: "name", title: t("school.pupil"), fixed: true, render: (p) => <Link to={`/school/pupils/${encodeURIComponent(p.pupil.subject.id)}`}>{p.pupil.subject.name}</Link> },
            { key: "rank", title: t("school.rank"), render: (p) => p.pupil.rank ?? "—" },
            { key: "level", title: t("school.prizes.level"), render: (p) => <EnumTag type="PrizeLevel" value={p.level} /> },
            { key: "total", title: t("school.total"), render: (p) => <span className="points">{formatPoints(p.pupil.total)}</span> },
          ]}
        />
      </Flex>
    </QueryState>
  );
}
