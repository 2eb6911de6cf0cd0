// The village's red/black board (红黑榜) for anyone, no login: the households that gained
// most in a month, and the month's deductions without any household, person or reason (the
// server never sends them). A month switcher and a QR code to post on the notice board.
import { Alert, Button, Card, Collapse, Empty, Flex, Table, Tag, Typography } from "antd";
import dayjs from "dayjs";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { useQuery } from "urql";
import { Points } from "../../components/Points";
import { PrintableQr } from "../../components/PrintableQr";
import { QueryState } from "../../components/QueryState";
import { formatDate } from "../../lib/format";
import { PublicVillageBoardDocument } from "./documents";
import { PublicFrame } from "./PublicFrame";

/** The first day of the month of `value` (YYYY-MM or a date), this month when absent or bad. */
export function monthOf(value: string | null, now: dayjs.Dayjs = dayjs()): dayjs.Dayjs {
  const asked = value ? dayjs(value.length === 7 ? `${value}-01` : value) : now;
  const month = (asked.isValid() ? asked : now).startOf("month");
  return month.isAfter(now, "month") ? now.startOf("month") : month;
}

export function VillageBoard() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const month = monthOf(params.get("month"));
  const thisMonth = !month.isBefore(dayjs(), "month");
  const [{ data, fetching, error }, refetch] = useQuery({ query: PublicVillageBoardDocument, variables: { month: month.format("YYYY-MM-DD") } });
  const board = data?.publicVillageBoard;
  const go = (to: dayjs.Dayjs) => setParams({ month: to.format("YYYY-MM") });
  const label = t("village.board.month", { year: month.year(), month: month.month() + 1 });
  const url = `${window.location.origin}/open/village-board`;
  return (
    <PublicFrame>
      <Flex vertical gap={16}>
        <Typography.Title level={1}>{t("village.board.title")}</Typography.Title>
        <Flex align="center" gap={8} wrap role="group" aria-label={t("village.board.switch")}>
          <Button onClick={() => go(month.subtract(1, "month"))}>{t("village.board.previous")}</Button>
          <Typography.Text strong aria-live="polite">{label}</Typography.Text>
          <Button onClick={() => go(month.add(1, "month"))} disabled={thisMonth}>
            {t("village.board.next")}
          </Button>
        </Flex>
        <QueryState fetching={fetching} error={error} hasData={!!board} retry={() => refetch({ requestPolicy: "network-only" })}>
          {board && !board.published ? (
            <Alert type="info" showIcon title={t("village.board.notPublic")} />
          ) : (
            board && (
              <>
                <Card size="small" title={<Tag color="red">{t("village.board.red")}</Tag>}>
                  <Typography.Paragraph type="secondary">{t("village.board.redHint")}</Typography.Paragraph>
                  {board.red.length ? (
                    <Table
                      size="small"
                      pagination={false}
                      rowKey={(r) => `${r.rank}-${r.household}`}
                      dataSource={board.red}
                      columns={[
                        { key: "rank", title: t("village.board.rank"), width: 64, render: (_, r) => r.rank },
                        { key: "household", title: t("village.board.household"), render: (_, r) => r.household },
                        { key: "group", title: t("village.board.group"), render: (_, r) => r.group },
                        { key: "points", title: t("village.board.gained"), align: "right", render: (_, r) => <Points value={r.points} signed /> },
                      ]}
                    />
                  ) : (
                    <Empty description={t("village.board.noRed")} />
                  )}
                </Card>
                <Card size="small" title={<Tag>{t("village.board.black")}</Tag>}>
                  <Typography.Paragraph type="secondary">{t("village.board.blackHint")}</Typography.Paragraph>
                  {board.black.length ? (
                    <Flex vertical gap={4} role="list" aria-label={t("village.board.black")}>
                      {board.black.map((b, n) => (
                        <Flex key={n} justify="space-between" gap={8} role="listitem" wrap>
                          <Typography.Text>
                            {b.item} · {b.group} · {formatDate(b.occurredOn)}
                          </Typography.Text>
                          <Points value={b.points} signed />
                        </Flex>
                      ))}
                    </Flex>
                  ) : (
                    <Empty description={t("village.board.noBlack")} />
                  )}
                </Card>
                <Collapse
                  size="small"
                  items={[{ key: "qr", label: t("village.board.qr"), children: <PrintableQr url={url} title={t("village.board.qr")} caption={t("village.board.caption")} /> }]}
                />
              </>
            )
          )}
        </QueryState>
      </Flex>
    </PublicFrame>
  );
}
