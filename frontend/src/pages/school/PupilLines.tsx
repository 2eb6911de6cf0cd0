// A class's pupils over a span: rank, total, what they gained and lost, and (expanded)
// each entry the duty monitor recorded, unconfirmed ones marked.
import { Collapse, Flex, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { Points } from "../../components/Points";
import { ResponsiveTable } from "../../components/ResponsiveTable";
import type { PupilLineFieldsFragment } from "../../graphql/graphql";
import { formatDate, formatPoints } from "../../lib/format";

export type PupilLine = PupilLineFieldsFragment;
type Entry = PupilLine["entries"][number];

export function EntryList({ entries }: { entries: readonly Entry[] }) {
  const { t } = useTranslation();
  if (!entries.length) return <Typography.Text type="secondary">{t("school.entries.none")}</Typography.Text>;
  return (
    <ul className="plain-list">
      {entries.map((e, i) => (
        <li key={i}>
          <Flex gap={8} wrap align="baseline">
            <Typography.Text type="secondary">{formatDate(e.on)}</Typography.Text>
            <span>{e.title}</span>
            <Points value={e.points} signed />
            {!e.confirmed && <Tag color="orange">{t("school.entries.unconfirmed")}</Tag>}
            {e.recordedBy && <Typography.Text type="secondary">{t("school.entries.by", { who: e.recordedBy })}</Typography.Text>}
          </Flex>
        </li>
      ))}
    </ul>
  );
}

type Props = { lines: readonly PupilLine[]; label: string; month?: { year: number; month: number }; flags?: boolean };

export function PupilLines({ lines, label, month, flags }: Props) {
  const { t } = useTranslation();
  const report = (l: PupilLine) => `/school/pupils/${encodeURIComponent(l.subject.id)}${month ? `?year=${month.year}&month=${month.month}` : ""}`;
  return (
    <ResponsiveTable
      label={label}
      rows={lines}
      rowKey={(l) => l.subject.id}
      rowProps={(l) => ({ "data-pupil": l.subject.name, ...(l.parentMeeting ? { "data-flag": "parent-meeting" } : {}) })}
      columns={[
        {
          key: "name",
          title: t("school.pupil"),
          fixed: true,
          render: (l) => (
            <Flex gap={6} wrap align="center">
              <Link to={report(l)}>{l.subject.name}</Link>
              {l.subject.category === "officer" && <Tag>{t("school.officer")}</Tag>}
              {flags && l.parentMeeting && <Tag color="red">{t("school.parentMeeting")}</Tag>}
            </Flex>
          ),
        },
        { key: "rank", title: t("school.rank"), render: (l) => l.rank ?? "—" },
        { key: "total", title: t("school.total"), render: (l) => <span className="points">{formatPoints(l.total) || "—"}</span> },
        { key: "gained", title: t("school.gained"), render: (l) => <Points value={l.gained} signed /> },
        { key: "lost", title: t("school.lost"), render: (l) => <Points value={-l.lost} signed /> },
        {
          key: "entries",
          title: t("school.entries.title"),
          render: (l) =>
            l.entries.length ? (
              <Collapse
                size="small"
                ghost
                items={[{ key: "e", label: t("school.entries.count", { count: l.entries.length }), children: <EntryList entries={l.entries} /> }]}
              />
            ) : (
              <Typography.Text type="secondary">{t("school.entries.none")}</Typography.Text>
            ),
        },
      ]}
    />
  );
}
