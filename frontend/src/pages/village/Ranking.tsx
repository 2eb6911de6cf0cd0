// A village's households ranked, with their stars (top 10/20/30% five/four/three stars,
// none below the base score): as a close today would publish them. Redeeming goods never
// lowers a household's place.
import { Alert, Card, Flex, Rate, Select, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useQuery } from "urql";
import { unitsWith, useMe } from "../../app/me";
import { Chart } from "../../components/Chart";
import { Points } from "../../components/Points";
import { QueryState } from "../../components/QueryState";
import { ResponsiveTable } from "../../components/ResponsiveTable";
import type { VillageRankingQuery } from "../../graphql/graphql";
import { formatDate, formatPoints } from "../../lib/format";
import { VillageRankingDocument } from "./documents";
import { VILLAGE_STAFF } from "./roles";

type Line = NonNullable<VillageRankingQuery["villageRanking"]>["households"][number];

/** How many households hold each star level (5, 4, 3, none). */
export function starCounts(lines: readonly Line[]): [number, number][] {
  const levels = [5, 4, 3, 0];
  return levels.map((level) => [level, lines.filter((l) => (l.stars ?? 0) === level || (level === 0 && (l.stars ?? 0) < 3)).length]);
}

export function Ranking() {
  const { t } = useTranslation();
  const me = useMe();
  const units = unitsWith(me, VILLAGE_STAFF);
  const [chosen, setChosen] = useState<string | undefined>();
  const unit = chosen ?? units[0]?.id;
  const [{ data, fetching, error }, refetch] = useQuery({ query: VillageRankingDocument, variables: { unit: unit ?? "" }, pause: !unit });
  const ranking = data?.villageRanking;
  const lines = ranking?.households ?? [];
  const counts = starCounts(lines);
  return (
    <>
      <Typography.Title level={1}>{t("village.ranking.title")}</Typography.Title>
      {!units.length ? (
        <Alert type="info" showIcon title={t("village.ranking.noUnit")} />
      ) : (
        <Flex vertical gap={16}>
          {units.length > 1 && (
            <Select style={{ maxWidth: 320 }} aria-label={t("village.keeper.unit")} value={unit} onChange={setChosen} options={units.map((u) => ({ value: u.id, label: u.name }))} />
          )}
          <QueryState fetching={fetching} error={error} hasData={Boolean(data)} empty={!ranking || !lines.length} emptyText={t("village.ranking.empty")} retry={() => refetch({ requestPolicy: "network-only" })}>
            {ranking && (
              <Flex vertical gap={16}>
                <Typography.Text type="secondary">
                  {t("village.ranking.asOf", { date: formatDate(ranking.asOf), start: formatDate(ranking.periodStart), end: formatDate(ranking.periodEnd) })}
                </Typography.Text>
                <Card size="small" title={t("village.ranking.starsChart")}>
                  <Chart
                    height={220}
                    ariaLabel={t("village.ranking.starsChartLabel", { five: counts[0][1], four: counts[1][1], three: counts[2][1], none: counts[3][1] })}
                    option={{
                      grid: { left: 48, right: 16, top: 16, bottom: 32 },
                      xAxis: { type: "category", data: counts.map(([level]) => (level ? t("village.ranking.stars", { count: level }) : t("village.ranking.noStars"))) },
                      yAxis: { type: "value", minInterval: 1 },
                      tooltip: { trigger: "axis" },
                      series: [{ type: "bar", name: t("village.ranking.households"), data: counts.map(([, n]) => n), itemStyle: { color: "#d4380d" } }],
                    }}
                  />
                </Card>
                <ResponsiveTable
                  label={t("village.ranking.title")}
                  rows={lines}
                  rowKey={(l) => l.subject.id}
                  columns={[
                    { key: "name", title: t("village.households.name"), fixed: true, render: (l) => <Link to={`/village/households/${encodeURIComponent(l.subject.id)}`}>{l.subject.name}</Link> },
                    { key: "rank", title: t("village.ranking.rank"), render: (l) => l.rank ?? "—" },
                    {
                      key: "stars",
                      title: t("village.ranking.starLevel"),
                      render: (l) =>
                        l.stars ? (
                          <span role="img" aria-label={t("village.ranking.stars", { count: l.stars })}>
                            <Rate disabled value={l.stars} count={5} style={{ fontSize: 14 }} />
                          </span>
                        ) : (
                          <Typography.Text type="secondary">{t("village.ranking.noStars")}</Typography.Text>
                        ),
                    },
                    { key: "total", title: t("village.ranking.total"), render: (l) => <span className="points">{formatPoints(l.total) || "—"}</span> },
                    { key: "gained", title: t("village.ranking.gained"), render: (l) => <Points value={l.gained} signed /> },
                    { key: "lost", title: t("village.ranking.lost"), render: (l) => <Points value={-l.lost} signed /> },
                    { key: "grid", title: t("village.households.grid"), render: (l) => l.subject.homeUnit?.name ?? "—" },
                  ]}
                />
              </Flex>
            )}
          </QueryState>
        </Flex>
      )}
    </>
  );
}
