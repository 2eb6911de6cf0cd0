// The points shop's goods as cards: photo, price, stock (low stock marked) and, for a
// household, a request button; the exchange days above them.
import { Alert, Button, Card, Col, Empty, Row, Space, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Points } from "../../components/Points";
import type { ShopCatalogueQuery } from "../../graphql/graphql";
import { useAuthedUrl } from "../../lib/authed";
import { formatDate, today } from "../../lib/format";

export type ShopItem = NonNullable<ShopCatalogueQuery["shopItems"]>[number];
export type Window = NonNullable<ShopCatalogueQuery["exchangeWindows"]>[number];

function Photo({ url, name }: { url: string | null | undefined; name: string }) {
  const { t } = useTranslation();
  const { src, failed } = useAuthedUrl(url);
  if (src) return <img className="shop-photo" src={src} alt={t("village.shop.photoOf", { name })} />;
  return <div className="shop-photo-empty">{failed || !url ? t("village.shop.noPhoto") : t("state.loading")}</div>;
}

/** Whether the shop is open today, and the window that says so (or the next one). */
export function windowState(windows: readonly Window[], on = today()): { open: boolean; window?: Window } {
  if (!windows.length) return { open: true };
  const current = windows.find((w) => w.opensOn <= on && on <= w.closesOn);
  if (current) return { open: true, window: current };
  const next = [...windows].filter((w) => w.opensOn > on).sort((a, b) => a.opensOn.localeCompare(b.opensOn))[0];
  return { open: false, window: next };
}

export function ExchangeWindowNote({ windows }: { windows: readonly Window[] }) {
  const { t } = useTranslation();
  const state = windowState(windows);
  if (!windows.length) return <Alert type="info" showIcon title={t("village.shop.alwaysOpen")} />;
  if (state.open)
    return <Alert type="success" showIcon title={t("village.shop.openUntil", { date: formatDate(state.window!.closesOn) })} />;
  return (
    <Alert
      type="warning"
      showIcon
      title={state.window ? t("village.shop.closedUntil", { opens: formatDate(state.window.opensOn), closes: formatDate(state.window.closesOn) }) : t("village.shop.closed")}
    />
  );
}

type Props = {
  items: readonly ShopItem[];
  /** A household's request: absent on the keeper's view. */
  onRedeem?: (item: ShopItem) => void;
  available?: number;
  barred?: boolean;
  busy?: string | null;
};

export function ShopCatalogue({ items, onRedeem, available, barred, busy }: Props) {
  const { t } = useTranslation();
  if (!items.length) return <Empty description={t("village.shop.empty")} />;
  return (
    <Row gutter={[12, 12]} role="list" aria-label={t("village.shop.catalogue")}>
      {items.map((item) => {
        const out = item.stock !== null && item.stock !== undefined && item.stock <= 0;
        const short = available !== undefined && available < item.points;
        return (
          <Col key={item.id} xs={12} sm={8} lg={6} role="listitem">
            <Card size="small" cover={<Photo url={item.photoUrl} name={item.name} />} data-item={item.name}>
              <Typography.Text strong>{item.name}</Typography.Text>
              <div>
                <Points value={item.points} unit />
              </div>
              <Space size={4} wrap>
                {item.stock === null || item.stock === undefined ? (
                  <Tag>{t("village.shop.unlimited")}</Tag>
                ) : out ? (
                  <Tag color="red">{t("village.shop.outOfStock")}</Tag>
                ) : (
                  <Tag color={item.lowStock ? "orange" : "default"}>{t("village.shop.stock", { count: item.stock })}</Tag>
                )}
                {item.lowStock && !out && <Tag color="orange">{t("village.shop.lowStock")}</Tag>}
              </Space>
              {onRedeem && (
                <Button
                  block
                  type="primary"
                  style={{ marginTop: 8 }}
                  disabled={barred || out || short}
                  loading={busy === item.id}
                  onClick={() => onRedeem(item)}
                  aria-label={t("village.shop.redeemItem", { name: item.name })}
                >
                  {short ? t("village.shop.notEnough") : t("village.shop.redeem")}
                </Button>
              )}
            </Card>
          </Col>
        );
      })}
    </Row>
  );
}
