// The draft as people read a scheme: its periods, parts (buckets), items with their points,
// grade bands and quotas, parsed from the YAML as it is typed.
import { Alert, Descriptions, Flex, Table, Tag, Typography } from "antd";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { parse } from "yaml";
import { ResponsiveTable } from "../../components/ResponsiveTable";

type Bucket = { code?: string; title?: string; initial?: number; floor?: number; cap?: number; per?: string };
type Item = {
  code?: string;
  title?: string;
  bucket?: string;
  points?: number;
  points_range?: [number, number];
  declared_by?: string[];
  evidence?: string;
  when?: unknown;
};
type Grade = { code?: string; title?: string; min?: number; below?: number };
type Quota = { grade?: string; max_share?: string | number; max_count?: number; ties?: string };
type Doc = {
  title?: string;
  extends?: string;
  period?: { unit?: string; starts?: string; sub_period?: string };
  buckets?: Bucket[];
  items?: Item[];
  scoring?: { total?: string; grades?: Grade[]; quotas?: Quota[] };
  procedure?: { publicity_days?: number };
};

/** The parsed document, or null when the text is not a YAML mapping. */
export function readDraft(text: string): Doc | null {
  try {
    const doc = parse(text) as unknown;
    return doc && typeof doc === "object" && !Array.isArray(doc) ? (doc as Doc) : null;
  } catch {
    return null;
  }
}

function list<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

export function pointsText(item: Item): string {
  if (Array.isArray(item.points_range)) return `${item.points_range[0]} … ${item.points_range[1]}`;
  if (typeof item.points === "number") return item.points > 0 ? `+${item.points}` : String(item.points);
  return "—";
}

export function band(grade: Grade): string {
  if (grade.min !== undefined && grade.below !== undefined) return `${grade.min} ≤ x < ${grade.below}`;
  if (grade.min !== undefined) return `≥ ${grade.min}`;
  if (grade.below !== undefined) return `< ${grade.below}`;
  return "—";
}

export function FormView({ text }: { text: string }) {
  const { t } = useTranslation();
  const doc = useMemo(() => readDraft(text), [text]);
  if (!doc) return <Alert type="warning" showIcon title={t("rulesets.form.unreadable")} />;
  const bucketTitle = new Map(list<Bucket>(doc.buckets).map((b) => [b.code, b.title ?? b.code]));
  const items = list<Item>(doc.items);
  const grades = list<Grade>(doc.scoring?.grades);
  const quotas = list<Quota>(doc.scoring?.quotas);
  return (
    <Flex vertical gap={16} aria-label={t("rulesets.form.label")}>
      <Descriptions size="small" column={1} bordered items={[
        { key: "title", label: t("rulesets.form.title"), children: doc.title ?? "—" },
        ...(doc.extends ? [{ key: "extends", label: t("rulesets.form.extends"), children: doc.extends }] : []),
        { key: "period", label: t("rulesets.form.period"), children: [doc.period?.unit, doc.period?.sub_period].filter(Boolean).map((u) => t(`rulesets.form.unit.${u}`, { defaultValue: u })).join(" / ") || "—" },
        { key: "total", label: t("rulesets.form.total"), children: <code>{doc.scoring?.total ?? "—"}</code> },
        ...(doc.procedure?.publicity_days ? [{ key: "publicity", label: t("rulesets.form.publicity"), children: t("rulesets.form.days", { count: doc.procedure.publicity_days }) }] : []),
      ]} />
      <section>
        <Typography.Title level={3}>{t("rulesets.form.buckets")}</Typography.Title>
        <Table<Bucket> size="small" pagination={false} rowKey={(b) => String(b.code)} dataSource={list<Bucket>(doc.buckets)} scroll={{ x: true }} columns={[
          { key: "title", title: t("rulesets.form.name"), render: (_v, b) => b.title ?? b.code },
          { key: "initial", title: t("rulesets.form.initial"), render: (_v, b) => b.initial ?? 0 },
          { key: "range", title: t("rulesets.form.bounds"), render: (_v, b) => `${b.floor ?? "−∞"} … ${b.cap ?? "∞"}` },
          { key: "per", title: t("rulesets.form.per"), render: (_v, b) => t(`rulesets.form.unit.${b.per ?? "period"}`, { defaultValue: b.per }) },
        ]} />
      </section>
      <section>
        <Typography.Title level={3}>{t("rulesets.form.items", { count: items.length })}</Typography.Title>
        <ResponsiveTable<Item> label={t("rulesets.form.itemsLabel")} rows={items} rowKey={(i) => String(i.code)} columns={[
          { key: "title", title: t("rulesets.form.name"), render: (i) => i.title ?? i.code },
          { key: "bucket", title: t("field.bucket"), render: (i) => bucketTitle.get(i.bucket) ?? i.bucket ?? "—" },
          { key: "points", title: t("field.points"), render: (i) => pointsText(i) },
          { key: "who", title: t("rulesets.form.declaredBy"), render: (i) => (i.declared_by?.length ? i.declared_by.map((w) => <Tag key={w}>{t(`rulesets.form.who.${w}`, { defaultValue: w })}</Tag>) : t("rulesets.form.anyone")) },
          { key: "evidence", title: t("rulesets.form.evidence"), render: (i) => (i.evidence === "required" ? t("rulesets.form.required") : "—") },
        ]} />
      </section>
      {grades.length > 0 && (
        <section>
          <Typography.Title level={3}>{t("rulesets.form.grades")}</Typography.Title>
          <Table<Grade> size="small" pagination={false} rowKey={(g) => String(g.code)} dataSource={grades} columns={[
            { key: "title", title: t("rulesets.form.name"), render: (_v, g) => g.title ?? g.code },
            { key: "band", title: t("rulesets.form.band"), render: (_v, g) => band(g) },
          ]} />
        </section>
      )}
      {quotas.length > 0 && (
        <section>
          <Typography.Title level={3}>{t("rulesets.form.quotas")}</Typography.Title>
          <ul>
            {quotas.map((q, i) => (
              <li key={i}>
                {t("rulesets.form.quota", {
                  grade: grades.find((g) => g.code === q.grade)?.title ?? q.grade,
                  share: q.max_share ?? q.max_count ?? "—",
                  ties: t(`rulesets.form.ties.${q.ties ?? "share"}`, { defaultValue: q.ties }),
                })}
              </li>
            ))}
          </ul>
        </section>
      )}
    </Flex>
  );
}
