// The publicity boards the ruleset marks public, for anyone (no login): the public
// projection only, a deduction's name masked by the server, and a printable QR code per board.
import { Card, Collapse, Empty, Flex, Pagination, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { useQuery } from "urql";
import { EnumTag } from "../../components/EnumTag";
import { PrintableQr } from "../../components/PrintableQr";
import { Points } from "../../components/Points";
import { QueryState } from "../../components/QueryState";
import { formatDate } from "../../lib/format";
import { PublicBoardsDocument } from "./documents";
import { PublicFrame } from "./PublicFrame";

const PAGE = 10;

export function PublicBoards() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const only = params.get("board");
  const [page, setPage] = useState(1);
  const [{ data, fetching, error }, refetch] = useQuery({ query: PublicBoardsDocument, variables: { first: PAGE, offset: (page - 1) * PAGE } });
  const boards = (data?.boards?.edges ?? []).map((e) => e!.node!).filter((b) => b.public && (!only || b.id === only));
  return (
    <PublicFrame>
      <Flex vertical gap={16}>
        <Typography.Title level={1}>{t("market.public.boardsTitle")}</Typography.Title>
        <QueryState fetching={fetching} error={error} hasData={!!data} empty={!boards.length} emptyText={t("market.public.noBoards")} retry={() => refetch({ requestPolicy: "network-only" })}>
          {boards.map((b) => (
            <Card
              key={b.id}
              size="small"
              title={`${b.unit.name} · ${formatDate(b.coversStart)} – ${formatDate(b.coversEnd)}`}
              extra={<EnumTag type="BoardStatus" value={b.status} />}
            >
              <Flex vertical gap={12}>
                <Typography.Text type="secondary">
                  <EnumTag type="BoardKind" value={b.kind} /> {t("market.public.closesOn", { date: formatDate(b.closesOn) })}
                </Typography.Text>
                {b.kind === "RESULTS" ? (
                  <Table
                    size="small"
                    pagination={false}
                    rowKey={(r) => `${r.rank}-${r.subjectName}`}
                    scroll={{ x: true }}
                    dataSource={b.results}
                    columns={[
                      { key: "rank", title: t("market.public.rank"), render: (_, r) => r.rank ?? "—" },
                      { key: "name", title: t("market.public.who"), render: (_, r) => r.subjectName },
                      { key: "total", title: t("market.public.total"), render: (_, r) => <Points value={r.total} /> },
                      { key: "grade", title: t("market.col.grade"), render: (_, r) => r.grade || (r.stars ? "★".repeat(r.stars) : "—") },
                    ]}
                  />
                ) : b.declarations.length ? (
                  <Flex vertical gap={4} role="list">
                    {b.declarations.map((d) => {
                      const points = d.entries.reduce((s, e) => s + Number(e.points), 0);
                      return (
                        <Flex key={d.id} justify="space-between" gap={8} role="listitem" wrap>
                          <Typography.Text>
                            {d.subjectName} · {d.item} · {formatDate(d.occurredOn)}
                          </Typography.Text>
                          <Tag color={points < 0 ? "red" : "green"}>
                            <Points value={points} signed />
                          </Tag>
                        </Flex>
                      );
                    })}
                  </Flex>
                ) : (
                  <Empty description={t("state.empty")} />
                )}
                <Collapse
                  size="small"
                  items={[
                    {
                      key: "qr",
                      label: t("market.qr.board"),
                      children: <PrintableQr url={`${window.location.origin}/open/boards?board=${encodeURIComponent(b.id)}`} title={t("market.qr.boardOf", { unit: b.unit.name })} caption={b.unit.name} />,
                    },
                  ]}
                />
              </Flex>
            </Card>
          ))}
          {(data?.boards?.totalCount ?? 0) > PAGE && !only && <Pagination simple align="center" current={page} pageSize={PAGE} total={data?.boards?.totalCount ?? 0} onChange={setPage} />}
        </QueryState>
      </Flex>
    </PublicFrame>
  );
}
