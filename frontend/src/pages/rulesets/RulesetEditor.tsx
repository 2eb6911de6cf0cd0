// One ruleset for its administrator: edit the draft (YAML with the validator's problems at
// their lines, beside the readable form), publish it from a date, compare two versions,
// assign it to units, and replay the draft over a real period (what-if).
import { Alert, Button, Col, Flex, Grid, Row, Select, Space, Tabs, Tag, Typography } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { useMutation, useQuery } from "urql";
import { EnumTag } from "../../components/EnumTag";
import { FormErrors } from "../../components/FormErrors";
import { QueryState } from "../../components/QueryState";
import type { RulesetDetailQuery } from "../../graphql/graphql";
import { requestErrorText } from "../../lib/errors";
import { formatDate } from "../../lib/format";
import { AssignPanel } from "./AssignPanel";
import { RulesetDetailDocument, RulesetDraftSaveDocument } from "./documents";
import { FormView } from "./FormView";
import { PublishPanel } from "./PublishPanel";
import { WhatIfPanel } from "./WhatIfPanel";
import { YamlEditor, type LineProblem } from "./YamlEditor";

type Problem = LineProblem & { code: string; path?: string | null; hint?: string | null; field?: string | null };

export function RulesetEditor() {
  const { t } = useTranslation();
  const { code = "" } = useParams();
  const [{ data, fetching, error }, refetch] = useQuery({ query: RulesetDetailDocument, variables: { code } });
  const ruleset = data?.ruleset;
  return (
    <>
      <Typography.Title level={1}>{ruleset ? ruleset.title : t("rulesets.title")}</Typography.Title>
      <Link to="/rulesets">{t("rulesets.back")}</Link>
      <QueryState fetching={fetching} error={error} hasData={data !== undefined} empty={!ruleset} emptyText={t("rulesets.notFound")} retry={() => refetch({ requestPolicy: "network-only" })}>
        {ruleset && <Editor key={ruleset.code} ruleset={ruleset} reload={() => refetch({ requestPolicy: "network-only" })} />}
      </QueryState>
    </>
  );
}

type Ruleset = NonNullable<RulesetDetailQuery["ruleset"]>;

function Editor({ ruleset, reload }: { ruleset: Ruleset; reload: () => void }) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const latest = [...ruleset.versions].sort((a, b) => b.number - a.number)[0];
  const [text, setText] = useState(ruleset.draft?.text ?? latest?.text ?? "");
  const [problems, setProblems] = useState<Problem[]>([]);
  const [general, setGeneral] = useState<string[]>([]);
  const [saved, setSaved] = useState<string | null>(null);
  const [tab, setTab] = useState("edit");
  const [{ fetching: saving }, save] = useMutation(RulesetDraftSaveDocument);

  async function saveDraft() {
    setGeneral([]);
    setSaved(null);
    const result = await save({ code: ruleset.code, text });
    if (result.error) return setGeneral([requestErrorText(result.error, t)]);
    const payload = result.data?.rulesetDraftSave;
    setProblems(payload?.errors ?? []);
    if (payload?.version) {
      setSaved(payload.version.label);
      reload();
    }
  }

  const edit = (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={14}>
        <Flex vertical gap={8}>
          <Space wrap>
            <Button type="primary" onClick={saveDraft} loading={saving}>{t("rulesets.save")}</Button>
            {ruleset.draft ? <Tag color="blue">{t("rulesets.draftOpen", { version: ruleset.draft.label })}</Tag> : <Typography.Text type="secondary">{t("rulesets.noDraftYet")}</Typography.Text>}
          </Space>
          <YamlEditor label={t("rulesets.editorLabel")} value={text} problems={problems} onChange={(value) => { setText(value); setSaved(null); }} />
          <FormErrors errors={general} />
          {problems.length > 0 && (
            <Alert type="error" showIcon role="alert" title={t("rulesets.problems", { count: problems.length })} description={
              <ul className="problem-list">
                {problems.map((p, i) => (
                  <li key={i} data-line={p.line ?? 0}>
                    <Typography.Text strong>{t("rulesets.line", { line: p.line || 1 })}</Typography.Text> {p.path && p.path !== "$" && <code>{p.path}</code>} {p.message.replace(/^[^:]*:\d+: [^:]*: /, "")}
                    {p.hint && <Typography.Text type="secondary"> ({p.hint})</Typography.Text>}
                  </li>
                ))}
              </ul>
            } />
          )}
          {saved && <Alert type="success" showIcon role="status" title={t("rulesets.saved", { version: saved })} />}
        </Flex>
      </Col>
      <Col xs={24} xl={10}>
        <FormView text={text} />
      </Col>
    </Row>
  );

  return (
    <Tabs
      activeKey={tab}
      onChange={setTab}
      size={screens.sm === false ? "small" : "middle"}
      items={[
        { key: "edit", label: t("rulesets.tab.edit"), children: edit },
        { key: "publish", label: t("rulesets.tab.publish"), children: <PublishPanel code={ruleset.code} draftLabel={ruleset.draft?.label ?? null} onPublished={() => { reload(); setTab("versions"); }} /> },
        { key: "versions", label: t("rulesets.tab.versions"), children: <Versions ruleset={ruleset} /> },
        { key: "assign", label: t("rulesets.tab.assign"), children: <AssignPanel code={ruleset.code} assignments={ruleset.assignments} onAssigned={reload} /> },
        { key: "whatIf", label: t("rulesets.tab.whatIf"), children: ruleset.draft ? <WhatIfPanel code={ruleset.code} /> : <Alert type="info" showIcon title={t("rulesets.whatIf.noDraft")} /> },
      ]}
    />
  );
}

function Versions({ ruleset }: { ruleset: Ruleset }) {
  const { t } = useTranslation();
  const all = useMemo(() => {
    const versions = [...ruleset.versions].sort((a, b) => a.number - b.number);
    return versions.map((v) => ({ key: String(v.number), label: v.label, text: v.text, status: v.status, effectiveFrom: v.effectiveFrom }));
  }, [ruleset.versions]);
  const [left, setLeft] = useState(all.length > 1 ? all[all.length - 2].key : all[0]?.key);
  const [right, setRight] = useState(all[all.length - 1]?.key);
  const a = all.find((v) => v.key === left);
  const b = all.find((v) => v.key === right);
  const options = all.map((v) => ({ value: v.key, label: `${v.label} · ${t(`enum.VersionStatus.${v.status}`)}${v.effectiveFrom ? ` · ${formatDate(v.effectiveFrom)}` : ""}` }));
  return (
    <Flex vertical gap={12}>
      <ul className="plain-list" aria-label={t("rulesets.versionList")}>
        {[...all].reverse().map((v) => (
          <li key={v.key}>
            <Space wrap>
              <Typography.Text strong>{v.label}</Typography.Text>
              <EnumTag type="VersionStatus" value={v.status} />
              {v.effectiveFrom && <Typography.Text type="secondary">{t("rulesets.effectiveFrom", { day: formatDate(v.effectiveFrom) })}</Typography.Text>}
            </Space>
          </li>
        ))}
      </ul>
      {all.length > 1 && (
        <>
          <Space wrap>
            <label htmlFor="diff-left">{t("rulesets.compare")}</label>
            <Select id="diff-left" aria-label={t("rulesets.compareFrom")} value={left} onChange={setLeft} options={options} style={{ minWidth: 200 }} />
            <span aria-hidden="true">→</span>
            <Select aria-label={t("rulesets.compareTo")} value={right} onChange={setRight} options={options} style={{ minWidth: 200 }} />
          </Space>
          {a && b && <YamlEditor key={`${a.key}-${b.key}`} label={t("rulesets.diffLabel", { from: a.label, to: b.label })} value={b.text} original={a.text} />}
        </>
      )}
    </Flex>
  );
}
