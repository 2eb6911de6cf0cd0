// A household (户): its people, what it may spend in the points shop, the passbook
// (行为银行存折: every entry and redemption in order with the running balance, printable)
// and the shop, where the household requests goods. `/village/mine` is the signed-in
// member's own household.
import { PrinterOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Col, Descriptions, Flex, Modal, Row, Select, Space, Statistic, Typography } from "antd";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { useMutation, useQuery } from "urql";
import { isOnlyMember, useMe } from "../../app/me";
import { EnumTag } from "../../components/EnumTag";
import { FormErrors } from "../../components/FormErrors";
import { Points } from "../../components/Points";
import { QueryState } from "../../components/QueryState";
import { ResponsiveTable } from "../../components/ResponsiveTable";
import type { HouseholdQuery } from "../../graphql/graphql";
import { openAuthed } from "../../lib/authed";
import { requestErrorText, type FieldError } from "../../lib/errors";
import { formatDate, formatPoints } from "../../lib/format";
import { HouseholdDocument, RedemptionMakeDocument, ShopDocument } from "./documents";
import "./print.css";
import { ExchangeWindowNote, ShopCatalogue, windowState, type ShopItem } from "./ShopCatalogue";

type Line = NonNullable<HouseholdQuery["passbook"]>[number];

export function MyHousehold() {
  const me = useMe();
  const { t } = useTranslation();
  if (!me.householdId)
    return (
      <>
        <Typography.Title level={1}>{t("village.household.mine")}</Typography.Title>
        <Alert type="info" showIcon title={t("village.household.noHousehold")} />
      </>
    );
  return <HouseholdView id={me.householdId} />;
}

export function HouseholdPage() {
  const { id } = useParams();
  return <HouseholdView id={id!} />;
}

function HouseholdView({ id }: { id: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const { message } = App.useApp();
  const [{ data, fetching, error }, refetch] = useQuery({ query: HouseholdDocument, variables: { id } });
  const household = data?.subject;
  const staff = !isOnlyMember(me);
  const print = async () => {
    if (!(await openAuthed(`/exports/print/household_passbook?subject=${encodeURIComponent(id)}`))) message.error(t("village.passbook.printFailed"));
  };
  return (
    <div className="print-sheet">
      <Typography.Title level={1}>{household ? household.name : t("village.household.title")}</Typography.Title>
      <QueryState fetching={fetching} error={error} hasData={Boolean(data)} empty={!household} emptyText={t("village.household.notFound")} retry={() => refetch({ requestPolicy: "network-only" })}>
        {household && (
          <Flex vertical gap={16}>
            <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered>
              <Descriptions.Item label={t("village.household.grid")}>{household.homeUnit?.name ?? "—"}</Descriptions.Item>
              <Descriptions.Item label={t("village.household.people")}>
                {household.members.length ? household.members.map((m) => m.name).join("、") : t("village.household.noPeople")}
              </Descriptions.Item>
            </Descriptions>
            <Balance balance={data?.redeemableBalance} />
            <Card
              size="small"
              title={<Typography.Title level={2} style={{ margin: 0, fontSize: 18 }}>{t("village.passbook.title")}</Typography.Title>}
              extra={
                <Space className="no-print" wrap>
                  <Button icon={<PrinterOutlined />} onClick={() => window.print()}>{t("village.passbook.print")}</Button>
                  {staff && <Button onClick={() => void print()}>{t("village.passbook.form")}</Button>}
                </Space>
              }
            >
              <Passbook lines={data?.passbook ?? []} />
            </Card>
            {household.homeUnit && (
              <div className="no-print">
                <HouseholdShop household={id} unit={household.homeUnit.id} available={data?.redeemableBalance?.available} barred={Boolean(data?.redeemableBalance?.vetoed)} onDone={() => refetch({ requestPolicy: "network-only" })} />
              </div>
            )}
          </Flex>
        )}
      </QueryState>
    </div>
  );
}

function Balance({ balance }: { balance: HouseholdQuery["redeemableBalance"] }) {
  const { t } = useTranslation();
  if (!balance) return <Alert type="info" showIcon title={t("village.balance.noShop")} />;
  return (
    <Flex vertical gap={12}>
      {balance.vetoed && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={t("village.balance.vetoTitle")}
          description={t("village.balance.vetoText", { item: balance.vetoItem ?? "", date: formatDate(balance.vetoOn), end: formatDate(balance.periodEnd) })}
        />
      )}
      <Row gutter={[12, 12]}>
        <Col xs={8}>
          <Card size="small">
            <Statistic title={t("village.balance.available")} value={formatPoints(balance.available)} />
          </Card>
        </Col>
        <Col xs={8}>
          <Card size="small">
            <Statistic title={t("village.balance.earned")} value={formatPoints(balance.earned)} />
          </Card>
        </Col>
        <Col xs={8}>
          <Card size="small">
            <Statistic title={t("village.balance.spent")} value={formatPoints(balance.spent)} />
          </Card>
        </Col>
      </Row>
      <Typography.Text type="secondary">
        {balance.reset === "never" ? t("village.balance.neverReset") : t("village.balance.resetAtEnd", { end: formatDate(balance.periodEnd) })}
        {" "}
        {t("village.balance.rankingKept")}
      </Typography.Text>
    </Flex>
  );
}

export function Passbook({ lines }: { lines: readonly Line[] }) {
  const { t } = useTranslation();
  if (!lines.length) return <Typography.Text type="secondary">{t("village.passbook.empty")}</Typography.Text>;
  return (
    <ResponsiveTable
      label={t("village.passbook.title")}
      rows={lines}
      rowKey={(l) => `${l.on}:${l.kind}:${l.text}:${l.balance}`}
      rowProps={(l) => ({ "data-kind": l.kind })}
      columns={[
        { key: "text", title: t("village.passbook.what"), fixed: true, render: (l) => l.text },
        { key: "on", title: t("village.passbook.on"), render: (l) => formatDate(l.on) },
        { key: "kind", title: t("village.passbook.kind"), render: (l) => <EnumTag type="PassbookLineKind" value={l.kind} /> },
        { key: "points", title: t("village.passbook.points"), render: (l) => <Points value={l.points} signed /> },
        { key: "balance", title: t("village.passbook.balance"), render: (l) => <span className="points">{formatPoints(l.balance)}</span> },
      ]}
    />
  );
}

function HouseholdShop({ household, unit, available, barred, onDone }: { household: string; unit: string; available?: number; barred: boolean; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [{ data, fetching, error }, refetch] = useQuery({ query: ShopDocument, variables: { unit } });
  const [, redeem] = useMutation(RedemptionMakeDocument);
  const [asking, setAsking] = useState<ShopItem | null>(null);
  const [pickup, setPickup] = useState<string | undefined>();
  const [busy, setBusy] = useState<string | null>(null);
  const [errors, setErrors] = useState<(FieldError | string)[]>([]);
  const key = useRef("");
  const windows = data?.exchangeWindows ?? [];
  const closed = !windowState(windows).open;
  const ask = (item: ShopItem) => {
    key.current = `web:redeem:${crypto.randomUUID()}`;
    setErrors([]);
    setPickup(data?.pickupPoints?.[0]?.id);
    setAsking(item);
  };
  const confirm = async () => {
    if (!asking) return;
    setBusy(asking.id);
    const result = await redeem({ subject: household, item: asking.id, key: key.current, pickupPoint: pickup ?? null });
    setBusy(null);
    if (result.error) return setErrors([requestErrorText(result.error, t)]);
    const payload = result.data?.redemptionMake;
    if (payload?.errors.length) return setErrors(payload.errors);
    setAsking(null);
    message.success(t("village.shop.requested", { name: asking.name }));
    refetch({ requestPolicy: "network-only" });
    onDone();
  };
  return (
    <Card size="small" title={<Typography.Title level={2} style={{ margin: 0, fontSize: 18 }}>{t("village.shop.title")}</Typography.Title>}>
      <QueryState fetching={fetching} error={error} hasData={Boolean(data)} retry={() => refetch({ requestPolicy: "network-only" })}>
        <Flex vertical gap={12}>
          <ExchangeWindowNote windows={windows} />
          {barred && <Alert type="warning" showIcon title={t("village.shop.barred")} />}
          {errors.length > 0 && !asking && <FormErrors errors={errors} />}
          <ShopCatalogue items={data?.shopItems ?? []} onRedeem={ask} available={available} barred={barred || closed} busy={busy} />
          <Typography.Text type="secondary">
            {t("village.shop.historyHint")} <Link to="/notifications">{t("village.shop.notifications")}</Link>
          </Typography.Text>
        </Flex>
      </QueryState>
      <Modal
        open={Boolean(asking)}
        title={asking ? t("village.shop.confirmTitle", { name: asking.name }) : ""}
        okText={t("village.shop.confirm")}
        cancelText={t("action.cancel")}
        onOk={() => void confirm()}
        confirmLoading={Boolean(busy)}
        onCancel={() => setAsking(null)}
      >
        {asking && (
          <Flex vertical gap={12}>
            <Typography.Text>
              {t("village.shop.confirmText", { points: formatPoints(asking.points), left: formatPoints((available ?? 0) - asking.points) })}
            </Typography.Text>
            {(data?.pickupPoints?.length ?? 0) > 0 && (
              <label>
                <Typography.Text>{t("village.shop.pickup")}</Typography.Text>
                <Select
                  style={{ width: "100%" }}
                  value={pickup}
                  onChange={setPickup}
                  aria-label={t("village.shop.pickup")}
                  options={data!.pickupPoints!.map((p) => ({ value: p.id, label: p.address ? `${p.name}（${p.address}）` : p.name }))}
                />
              </label>
            )}
            <FormErrors errors={errors} />
          </Flex>
        )}
      </Modal>
    </Card>
  );
}
