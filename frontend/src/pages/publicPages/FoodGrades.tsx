// Food businesses as the public sees them (no login): grade and last inspection, only the
// fields the ruleset marks public, searched by name and area and paged on the server.
import { Card, Flex, Form, Input, Pagination, Tag, Typography, Button } from "antd";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { useQuery } from "urql";
import { QueryState } from "../../components/QueryState";
import { formatDate } from "../../lib/format";
import { GradeTag } from "../market/Businesses";
import { PublicFoodGradesDocument } from "./documents";
import { PublicFrame } from "./PublicFrame";

const PAGE = 20;

export function FoodGrades() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const name = params.get("name") ?? "";
  const area = params.get("area") ?? "";
  const page = Math.max(1, Number(params.get("page")) || 1);
  const [{ data, fetching, error }, refetch] = useQuery({ query: PublicFoodGradesDocument, variables: { name, area, page, pageSize: PAGE } });
  const found = data?.publicFoodGrades;
  const shows = (field: string) => found?.fields.includes(field);
  const go = (next: Record<string, string>) => setParams(Object.fromEntries(Object.entries({ name, area, page: "1", ...next }).filter(([, v]) => v)));
  return (
    <PublicFrame>
      <Flex vertical gap={16}>
        <Typography.Title level={1}>{t("market.public.gradesTitle")}</Typography.Title>
        <Typography.Paragraph type="secondary">{t("market.public.scale")}</Typography.Paragraph>
        <Form layout="inline" key={`${name}|${area}`} initialValues={{ name, area }} onFinish={(v: { name?: string; area?: string }) => go({ name: v.name ?? "", area: v.area ?? "" })} className="public-search" aria-label={t("market.public.search")}>
          <Form.Item name="name" label={t("market.public.name")}>
            <Input allowClear maxLength={100} />
          </Form.Item>
          <Form.Item name="area" label={t("market.public.area")}>
            <Input allowClear maxLength={100} />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t("action.search")}
          </Button>
        </Form>
        <QueryState fetching={fetching} error={error} hasData={!!found} empty={!found?.rows.length} emptyText={t("market.public.none")} retry={() => refetch({ requestPolicy: "network-only" })}>
          <Typography.Text type="secondary" role="status">
            {t("market.public.found", { count: found?.total ?? 0 })}
          </Typography.Text>
          <Flex vertical gap={12} role="list" aria-label={t("market.public.gradesTitle")}>
            {found?.rows.map((r, i) => (
              <Card key={`${r.name}-${i}`} size="small" role="listitem" title={r.name} extra={shows("grade") && <GradeTag grade={r.grade ?? ""} />}>
                <Flex vertical gap={2}>
                  {shows("last_inspected_on") && (
                    <Typography.Text>
                      {t("market.col.last")}: {r.lastInspectedOn ? formatDate(r.lastInspectedOn) : t("market.never")}
                    </Typography.Text>
                  )}
                  {shows("area") && r.area && <Typography.Text type="secondary">{r.area}</Typography.Text>}
                  {shows("address") && r.address && <Typography.Text type="secondary">{r.address}</Typography.Text>}
                  {shows("business_type") && r.businessType && <Tag>{r.businessType}</Tag>}
                  {shows("licence_no") && r.licenceNo && <Typography.Text type="secondary">{r.licenceNo}</Typography.Text>}
                </Flex>
              </Card>
            ))}
          </Flex>
          {found && found.total > PAGE && <Pagination simple align="center" current={page} pageSize={PAGE} total={found.total} onChange={(p) => go({ page: String(p) })} />}
          {found?.licence && <Typography.Paragraph type="secondary">{found.licence}</Typography.Paragraph>}
        </QueryState>
        <Typography.Paragraph type="secondary">{t("market.public.appeal")}</Typography.Paragraph>
      </Flex>
    </PublicFrame>
  );
}
