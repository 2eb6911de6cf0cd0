// The shop keeper's counter (积分超市): requests to hand over (or cancel, the points go
// back), goods with low stock, the year's reward budget and the share of households that
// redeemed (示范村: at least 30%).
import { Alert, App, Button, Card, Col, Flex, Form, Input, Modal, Popconfirm, Progress, Row, Segmented, Select, Space, Statistic, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, useQuery } from "urql";
import { unitsWith, useMe } from "../../app/me";
import { EnumTag } from "../../components/EnumTag";
import { FormErrors } from "../../components/FormErrors";
import { Points } from "../../components/Points";
import { QueryState } from "../../components/QueryState";
import { ResponsiveTable } from "../../components/ResponsiveTable";
import type { RedemptionStatus, ShopCatalogueQuery, ShopRedemptionsQuery } from "../../graphql/graphql";
import { requestErrorText, type FieldError } from "../../lib/errors";
import { formatDateTime } from "../../lib/format";
import { CancelDocument, HandOverDocument, MarkReadyDocument, RedemptionsDocument, ShopDocument } from "./documents";
import "./print.css";
import { SHOP_KEEPERS } from "./roles";
import { ExchangeWindowNote, ShopCatalogue } from "./ShopCatalogue";

/** 示范村 criterion: at least 30% of households redeemed this year (seed 004 第三篇). */
export const DEMONSTRATION_SHARE = 0.3;

type Redemption = NonNullable<ShopRedemptionsQuery["redemptions"]>[number];
type Budget = NonNullable<ShopCatalogueQuery["rewardBudget"]>;

export function Shop() {
  const { t } = useTranslation();
  const me = useMe();
  const units = unitsWith(me, SHOP_KEEPERS);
  const [chosen, setChosen] = useState<string | undefined>();
  const unit = chosen ?? units[0]?.id;
  const [shop, refetchShop] = useQuery({ query: ShopDocument, variables: { unit: unit ?? "" }, pause: !unit });
  const low = (shop.data?.shopItems ?? []).filter((i) => i.lowStock);
  return (
    <>
      <Typography.Title level={1}>{t("village.keeper.title")}</Typography.Title>
      {!units.length ? (
        <Alert type="info" showIcon title={t("village.keeper.noShop")} />
      ) : (
        <Flex vertical gap={16}>
          {units.length > 1 && (
            <Select style={{ maxWidth: 320 }} aria-label={t("village.keeper.unit")} value={unit} onChange={setChosen} options={units.map((u) => ({ value: u.id, label: u.name }))} />
          )}
          <QueryState fetching={shop.fetching} error={shop.error} hasData={Boolean(shop.data)} retry={() => refetchShop({ requestPolicy: "network-only" })}>
            <Flex vertical gap={16}>
              {shop.data?.rewardBudget && <BudgetCard budget={shop.data.rewardBudget} />}
              {low.length > 0 && (
                <Alert
                  type="warning"
                  showIcon
                  role="alert"
                  title={t("village.keeper.lowStockTitle", { count: low.length })}
                  description={low.map((i) => t("village.keeper.lowStockLine", { name: i.name, stock: i.stock ?? 0, at: i.lowStockAt ?? 0 })).join("；")}
                />
              )}
              <Requests unit={unit!} onChanged={() => refetchShop({ requestPolicy: "network-only" })} />
              <Card size="small" title={<Typography.Title level={2} style={{ margin: 0, fontSize: 18 }}>{t("village.shop.catalogue")}</Typography.Title>}>
                <Flex vertical gap={12}>
                  <ExchangeWindowNote windows={shop.data?.exchangeWindows ?? []} />
                  <ShopCatalogue items={shop.data?.shopItems ?? []} />
                </Flex>
              </Card>
            </Flex>
          </QueryState>
        </Flex>
      )}
    </>
  );
}

export function BudgetCard({ budget }: { budget: Budget }) {
  const { t } = useTranslation();
  const share = budget.shareRedeemed;
  const met = share >= DEMONSTRATION_SHARE;
  const used = budget.capped && budget.capYuan ? Math.min(100, Math.round(((budget.spentYuan ?? 0) / budget.capYuan) * 100)) : 0;
  return (
    <Row gutter={[12, 12]}>
      <Col xs={24} md={12}>
        <Card size="small" title={t("village.keeper.budgetTitle", { year: budget.year })} data-testid="budget">
          {budget.capped ? (
            <Flex vertical gap={8}>
              <Progress percent={used} status={used >= 100 ? "exception" : "normal"} aria-label={t("village.keeper.budgetUsed")} />
              <Space size={24} wrap>
                <Statistic title={t("village.keeper.spent")} value={t("village.keeper.yuan", { value: (budget.spentYuan ?? 0).toFixed(2) })} />
                <Statistic title={t("village.keeper.cap")} value={t("village.keeper.yuan", { value: (budget.capYuan ?? 0).toFixed(2) })} />
                <Statistic title={t("village.keeper.remaining")} value={t("village.keeper.yuan", { value: (budget.remainingYuan ?? 0).toFixed(2) })} />
              </Space>
            </Flex>
          ) : (
            <Typography.Text type="secondary">{t("village.keeper.noBudget")}</Typography.Text>
          )}
        </Card>
      </Col>
      <Col xs={24} md={12}>
        <Card size="small" title={t("village.keeper.shareTitle")} data-testid="share">
          <Flex vertical gap={8}>
            <Progress percent={Math.round(share * 1000) / 10} success={{ percent: DEMONSTRATION_SHARE * 100 }} status={met ? "success" : "normal"} aria-label={t("village.keeper.shareTitle")} />
            <Typography.Text>{t("village.keeper.shareText", { redeemed: budget.householdsRedeemed, households: budget.households, percent: (share * 100).toFixed(1) })}</Typography.Text>
            <div>
              <Tag color={met ? "green" : "orange"}>{met ? t("village.keeper.criterionMet") : t("village.keeper.criterionNotMet")}</Tag>
            </div>
          </Flex>
        </Card>
      </Col>
    </Row>
  );
}

const FILTERS: (RedemptionStatus | "ALL")[] = ["REQUESTED", "READY", "HANDED_OVER", "CANCELLED", "ALL"];

function Requests({ unit, onChanged }: { unit: string; onChanged: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [filter, setFilter] = useState<RedemptionStatus | "ALL">("REQUESTED");
  const [{ data, fetching, error }, refetch] = useQuery({ query: RedemptionsDocument, variables: { unit, status: filter === "ALL" ? null : filter } });
  const [, handOver] = useMutation(HandOverDocument);
  const [, markReady] = useMutation(MarkReadyDocument);
  const [, cancel] = useMutation(CancelDocument);
  const [cancelling, setCancelling] = useState<Redemption | null>(null);
  const [errors, setErrors] = useState<(FieldError | string)[]>([]);
  const [form] = Form.useForm<{ reason: string }>();
  const rows = [...(data?.redemptions ?? [])].reverse();
  const done = (ok: string) => {
    message.success(ok);
    refetch({ requestPolicy: "network-only" });
    onChanged();
  };
  async function step(run: () => Promise<{ error?: Error; errors?: readonly FieldError[] }>, ok: string) {
    setErrors([]);
    const { error: failed, errors: refused } = await run();
    if (failed) return setErrors([requestErrorText(failed, t)]);
    if (refused?.length) return setErrors([...refused]);
    done(ok);
  }
  async function submitCancel({ reason }: { reason: string }) {
    if (!cancelling) return;
    const result = await cancel({ redemption: cancelling.id, reason });
    if (result.error) return setErrors([requestErrorText(result.error, t)]);
    const refused = result.data?.redemptionCancel?.errors ?? [];
    if (refused.length) return setErrors([...refused]);
    setCancelling(null);
    form.resetFields();
    done(t("village.keeper.cancelled"));
  }
  return (
    <Card size="small" title={<Typography.Title level={2} style={{ margin: 0, fontSize: 18 }}>{t("village.keeper.requests")}</Typography.Title>}>
      <Flex vertical gap={12}>
        <Segmented<RedemptionStatus | "ALL">
          value={filter}
          onChange={setFilter}
          options={FILTERS.map((f) => ({ value: f, label: f === "ALL" ? t("village.keeper.all") : t(`enum.RedemptionStatus.${f}`) }))}
          aria-label={t("village.keeper.filter")}
        />
        {!cancelling && <FormErrors errors={errors} />}
        <QueryState fetching={fetching} error={error} hasData={Boolean(data)} empty={!rows.length} emptyText={t("village.keeper.noRequests")} retry={() => refetch({ requestPolicy: "network-only" })}>
          <ResponsiveTable
            label={t("village.keeper.requests")}
            rows={rows}
            rowKey={(r) => r.id}
            rowProps={(r) => ({ "data-household": r.subjectName, "data-status": r.status })}
            columns={[
              { key: "who", title: t("village.keeper.household"), fixed: true, render: (r) => r.subjectName },
              { key: "item", title: t("village.keeper.item"), render: (r) => `${r.item.name} ×${r.quantity}` },
              { key: "points", title: t("village.passbook.points"), render: (r) => <Points value={-r.points} signed /> },
              { key: "status", title: t("village.keeper.status"), render: (r) => <EnumTag type="RedemptionStatus" value={r.status} /> },
              { key: "when", title: t("village.keeper.when"), render: (r) => formatDateTime(r.settledAt ?? r.redeemedAt) },
              { key: "pickup", title: t("village.shop.pickup"), render: (r) => r.pickupPoint?.name ?? "—" },
              {
                key: "actions",
                title: t("village.keeper.actions"),
                render: (r) =>
                  r.status === "REQUESTED" || r.status === "READY" ? (
                    <Space wrap>
                      {r.status === "REQUESTED" && (
                        <Button size="small" onClick={() => void step(async () => { const x = await markReady({ redemption: r.id }); return { error: x.error, errors: x.data?.redemptionMarkReady?.errors }; }, t("village.keeper.readyDone"))}>
                          {t("village.keeper.markReady")}
                        </Button>
                      )}
                      <Popconfirm
                        title={t("village.keeper.handOverConfirm", { item: r.item.name, who: r.subjectName })}
                        okText={t("village.keeper.handOver")}
                        cancelText={t("action.cancel")}
                        onConfirm={() => step(async () => { const x = await handOver({ redemption: r.id }); return { error: x.error, errors: x.data?.redemptionHandOver?.errors }; }, t("village.keeper.handedOver", { item: r.item.name, who: r.subjectName }))}
                      >
                        <Button size="small" type="primary">{t("village.keeper.handOver")}</Button>
                      </Popconfirm>
                      <Button size="small" danger onClick={() => { setErrors([]); setCancelling(r); }}>{t("village.keeper.cancel")}</Button>
                    </Space>
                  ) : r.cancelReason ? (
                    <Typography.Text type="secondary">{r.cancelReason}</Typography.Text>
                  ) : (
                    "—"
                  ),
              },
            ]}
          />
        </QueryState>
      </Flex>
      <Modal
        open={Boolean(cancelling)}
        title={cancelling ? t("village.keeper.cancelTitle", { item: cancelling.item.name, who: cancelling.subjectName }) : ""}
        okText={t("village.keeper.cancelConfirm")}
        okButtonProps={{ danger: true }}
        cancelText={t("action.cancel")}
        onOk={() => form.submit()}
        onCancel={() => setCancelling(null)}
      >
        <Typography.Paragraph>{t("village.keeper.cancelText")}</Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={(v) => void submitCancel(v)}>
          <Form.Item name="reason" label={t("village.keeper.reason")} rules={[{ required: true, whitespace: true, message: t("village.keeper.reasonNeeded") }]}>
            <Input.TextArea rows={2} maxLength={200} />
          </Form.Item>
        </Form>
        <FormErrors errors={errors} />
      </Modal>
    </Card>
  );
}
