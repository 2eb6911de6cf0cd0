// A village's grids (网格, at most 100 households each) and their households: pick a grid,
// search a name, open a household's passbook.
import { Flex, Input, Select, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useQuery } from "urql";
import { QueryState } from "../../components/QueryState";
import { ResponsiveTable } from "../../components/ResponsiveTable";
import { GridHouseholdsDocument, GridsDocument } from "./documents";

const PAGE = 20;

export function Households() {
  const { t } = useTranslation();
  const [units] = useQuery({ query: GridsDocument });
  const all = (units.data?.orgUnits?.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
  const grids = all.filter((u) => u.kind === "GRID");
  const villages = new Map(all.map((u) => [u.id, u.name]));
  const [chosen, setChosen] = useState<string | undefined>();
  const grid = chosen ?? grids[0]?.id;
  const [search, setSearch] = useState("");
  const [page, setPage] = useState(1);
  const [households, refetch] = useQuery({
    query: GridHouseholdsDocument,
    variables: { unit: grid ?? "", search: search || null, offset: (page - 1) * PAGE },
    pause: !grid,
  });
  const rows = (households.data?.subjects?.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
  return (
    <>
      <Typography.Title level={1}>{t("village.households.title")}</Typography.Title>
      <QueryState fetching={units.fetching} error={units.error} hasData={Boolean(units.data)} empty={!grids.length} emptyText={t("village.households.noGrids")}>
        <Flex vertical gap={12}>
          <Flex gap={12} wrap>
            <Select
              style={{ minWidth: 220 }}
              aria-label={t("village.households.grid")}
              value={grid}
              onChange={(v) => {
                setChosen(v);
                setPage(1);
              }}
              options={grids.map((g) => ({ value: g.id, label: g.parentId && villages.get(g.parentId) ? `${villages.get(g.parentId)} · ${g.name}` : g.name }))}
            />
            <Input.Search
              style={{ maxWidth: 280 }}
              allowClear
              aria-label={t("village.households.search")}
              placeholder={t("village.households.search")}
              onSearch={(v) => {
                setSearch(v.trim());
                setPage(1);
              }}
            />
          </Flex>
          <QueryState
            fetching={households.fetching}
            error={households.error}
            hasData={Boolean(households.data)}
            empty={!rows.length}
            emptyText={t("village.households.empty")}
            retry={() => refetch({ requestPolicy: "network-only" })}
          >
            <Typography.Text type="secondary">{t("village.households.count", { count: households.data?.subjects?.totalCount ?? 0 })}</Typography.Text>
            <ResponsiveTable
              label={t("village.households.title")}
              rows={rows}
              rowKey={(h) => h.id}
              columns={[
                { key: "name", title: t("village.households.name"), fixed: true, render: (h) => <Link to={`/village/households/${encodeURIComponent(h.id)}`}>{h.name}</Link> },
                { key: "grid", title: t("village.households.grid"), render: (h) => h.homeUnit?.name ?? "—" },
                { key: "people", title: t("village.households.people"), render: (h) => h.members.length },
                { key: "phone", title: t("village.households.phone"), render: (h) => h.phone || "—" },
              ]}
              pagination={{ current: page, pageSize: PAGE, total: households.data?.subjects?.totalCount ?? 0, onChange: setPage }}
            />
          </QueryState>
        </Flex>
      </QueryState>
    </>
  );
}
