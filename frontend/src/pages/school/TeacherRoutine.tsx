// The teaching office's monthly routine check (教学常规, seed 000 §4): each teacher's
// pass/fail items failed, development items rated 优秀, the grade and the month's award
// (优秀 200 / 合格 150), as the API scores them; ties across the 50% quota marked.
import { Alert, DatePicker, Flex, Select, Tag, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { unitsWith, useMe } from "../../app/me";
import { Points } from "../../components/Points";
import { QueryState } from "../../components/QueryState";
import { ResponsiveTable } from "../../components/ResponsiveTable";
import { TeacherRoutineDocument } from "./documents";
import { EntryList } from "./PupilLines";
import { CLASS_READERS } from "./roles";

const GRADE_COLOURS: Record<string, string> = { excellent: "green", qualified: "blue", unqualified: "red" };

export function TeacherRoutine() {
  const { t } = useTranslation();
  const me = useMe();
  const units = unitsWith(me, CLASS_READERS);
  const [chosen, setChosen] = useState<string | undefined>();
  const unit = chosen ?? units[0]?.id;
  const [month, setMonth] = useState<Dayjs>(dayjs());
  const [{ data, fetching, error }, refetch] = useQuery({
    query: TeacherRoutineDocument,
    variables: { unit: unit ?? "", year: month.year(), month: month.month() + 1 },
    pause: !unit,
  });
  const rows = data?.teacherRoutineMonth ?? [];
  return (
    <>
      <Typography.Title level={1}>{t("school.teachers.title")}</Typography.Title>
      {!units.length ? (
        <Alert type="info" showIcon title={t("school.teachers.noUnit")} />
      ) : (
        <Flex vertical gap={12}>
          <Flex gap={12} wrap>
            {units.length > 1 && <Select style={{ minWidth: 240 }} aria-label={t("school.teachers.unit")} value={unit} onChange={setChosen} options={units.map((u) => ({ value: u.id, label: u.name }))} />}
            <DatePicker picker="month" value={month} onChange={(d) => d && setMonth(d)} allowClear={false} aria-label={t("school.month.choose")} />
          </Flex>
          <Typography.Text type="secondary">{t("school.teachers.rule")}</Typography.Text>
          <QueryState fetching={fetching} error={error} hasData={Boolean(data)} empty={!rows.length} emptyText={t("school.teachers.empty")} retry={() => refetch({ requestPolicy: "network-only" })}>
            <ResponsiveTable
              label={t("school.teachers.title")}
              rows={rows}
              rowKey={(r) => r.teacher.subject.id}
              rowProps={(r) => ({ "data-teacher": r.teacher.subject.name })}
              columns={[
                { key: "name", title: t("school.teachers.teacher"), fixed: true, render: (r) => r.teacher.subject.name },
                {
                  key: "standard",
                  title: t("school.teachers.standard"),
                  render: (r) => (r.standardFailures > 0 ? <Tag color="red">{t("school.teachers.failed", { count: r.standardFailures })}</Tag> : <Tag color="green">{t("school.teachers.passed")}</Tag>),
                },
                { key: "development", title: t("school.teachers.development"), render: (r) => t("school.teachers.excellentChecks", { count: r.development }) },
                {
                  key: "grade",
                  title: t("school.teachers.grade"),
                  render: (r) => (
                    <Flex gap={4} wrap>
                      {r.grade ? <Tag color={GRADE_COLOURS[r.grade]}>{t(`school.teachers.grades.${r.grade}`, { defaultValue: r.grade })}</Tag> : "—"}
                      {r.tied && <Tag color="orange">{t("school.teachers.tied")}</Tag>}
                    </Flex>
                  ),
                },
                { key: "award", title: t("school.teachers.award"), render: (r) => <Points value={r.award} unit /> },
                { key: "entries", title: t("school.entries.title"), onCard: false, render: (r) => <EntryList entries={r.teacher.entries.map((e) => ({ ...e, item: "" }))} /> },
              ]}
            />
          </QueryState>
        </Flex>
      )}
    </>
  );
}
