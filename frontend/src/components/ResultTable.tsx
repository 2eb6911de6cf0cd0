import { Space, Tag, Typography } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useTitles } from "../app/titles";
import { Points } from "./Points";
import { ResponsiveTable } from "./ResponsiveTable";

export type Result = {
  subjectName: string;
  category: string;
  total: string | null;
  grade: string;
  rank: number | null;
  stars: number | null;
  vetoed: boolean;
  flags?: readonly string[];
  subject?: { id: string } | null;
};

/** A result's total, or that the subject is not assessed. */
export function ResultTotal({ total }: { total: string | null }) {
  const { t } = useTranslation();
  return total == null ? <Typography.Text type="secondary">{t("results.notAssessed")}</Typography.Text> : <Points value={total} />;
}

/** A result's grade by the ruleset's title, marked when a veto decided it. */
export function ResultGrade({ grade, vetoed, ruleset }: { grade: string; vetoed: boolean; ruleset?: string }) {
  const { t } = useTranslation();
  const titles = useTitles();
  return (
    <Space size={4} wrap>
      <Tag color={vetoed ? "red" : "geekblue"}>{titles.grade(grade, ruleset)}</Tag>
      {vetoed && <Tag color="red">{t("results.vetoed")}</Tag>}
    </Space>
  );
}

/** A period's results by rank, with the ruleset's grade and category titles. */
export function ResultTable({ results, ruleset, action }: { results: readonly Result[]; ruleset?: string; action?: (r: Result) => ReactNode }) {
  const { t } = useTranslation();
  const titles = useTitles();
  const sorted = [...results].sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9));
  if (!sorted.length) return <Typography.Text type="secondary">{t("results.empty")}</Typography.Text>;
  return (
    <ResponsiveTable
      label={t("results.title")}
      rows={sorted}
      rowKey={(r) => r.subject?.id ?? r.subjectName + r.rank}
      columns={[
        { key: "subject", title: t("field.subject"), fixed: true, render: (r) => (
          <Space size={4}>
            <Typography.Text type="secondary">{r.rank ?? "—"}</Typography.Text>
            <span>{r.subjectName}</span>
          </Space>
        ) },
        { key: "total", title: t("results.total"), render: (r) => <ResultTotal total={r.total} /> },
        { key: "grade", title: t("results.grade"), render: (r) => <ResultGrade grade={r.grade} vetoed={r.vetoed} ruleset={ruleset} /> },
        { key: "category", title: t("field.category"), render: (r) => titles.category(r.category, ruleset) },
        { key: "stars", title: t("results.stars"), render: (r) => (r.stars ? <span aria-label={t("results.starsN", { count: r.stars })}>{"★".repeat(r.stars)}</span> : "") },
        ...(action ? [{ key: "action", title: "", render: (r: Result) => action(r) }] : []),
      ]}
    />
  );
}
