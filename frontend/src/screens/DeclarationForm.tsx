import { useEffect, useRef, useState, type FormEvent } from "react";
import { ErrorList } from "../components";
import { errorsByField, gql, uploadEvidence, type FieldError } from "../graphql";
import { nodes, type Edges } from "../hooks";

export type SubjectOption = {
  id: string;
  name: string;
  homeUnit: { name: string } | null;
  hostUnit: { name: string } | null;
};
export type Item = {
  code: string;
  title: string;
  bucket: string;
  points: number | null;
  pointsRange: number[] | null;
  declaredBy: string[];
  evidenceRequired: boolean;
};
export type DeclarationDraft = {
  key: string;
  subject: string;
  item: string;
  occurredOn: string;
  note: string;
  evidence: string[];
};

/** What the form needs from the server; tests pass a fake. */
export type DeclarationApi = {
  searchSubjects(search: string): Promise<SubjectOption[]>;
  loadItems(subject: string, on: string): Promise<Item[]>;
  upload(file: File): Promise<string>;
  submit(input: DeclarationDraft): Promise<FieldError[]>;
};

const SUBJECT_OPTIONS = `query SubjectOptions($search: String) { subjects(search: $search, first: 30) {
  totalCount edges { node { id name homeUnit { name } hostUnit { name } } } } }`;
const ITEMS = `query Items($subject: ID!, $on: Date) { rulesetItems(subject: $subject, on: $on) {
  code title bucket points pointsRange declaredBy evidenceRequired } }`;
const SUBMIT = `mutation Declare($input: DeclarationInput!) { declarationSubmit(input: $input) {
  declaration { id status } errors { field code message } } }`;

export const serverApi: DeclarationApi = {
  async searchSubjects(search) {
    const data = await gql<{ subjects: Edges<SubjectOption> }>(SUBJECT_OPTIONS, { search: search || null });
    return nodes(data.subjects);
  },
  async loadItems(subject, on) {
    return (await gql<{ rulesetItems: Item[] }>(ITEMS, { subject, on })).rulesetItems;
  },
  upload: (file) => uploadEvidence(file),
  async submit(input) {
    const data = await gql<{ declarationSubmit: { errors: FieldError[] } }>(SUBMIT, { input });
    return data.declarationSubmit.errors;
  },
};

export function today(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function newKey(): string {
  return `web:${crypto.randomUUID()}`;
}

export function pointsText(item: Item): string {
  if (item.points != null) return `${item.points > 0 ? "+" : ""}${item.points} 分`;
  if (item.pointsRange) return `${item.pointsRange[0]}～${item.pointsRange[1]} 分`;
  return "分值按属性";
}

// Field names in `errors { field }` that have their own input; others are shown below.
const OWN_FIELDS = ["subject", "item", "occurredOn", "note"];

export function DeclarationForm({ api = serverApi, onSubmitted }: { api?: DeclarationApi; onSubmitted?: () => void }) {
  const [search, setSearch] = useState("");
  const [options, setOptions] = useState<SubjectOption[]>([]);
  const [subject, setSubject] = useState("");
  const [items, setItems] = useState<Item[] | null>(null);
  const [item, setItem] = useState("");
  const [occurredOn, setOccurredOn] = useState(today());
  const [note, setNote] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<(FieldError | string)[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const key = useRef(newKey());

  useEffect(() => {
    let live = true;
    api.searchSubjects(search).then(
      (found) => live && setOptions(found),
      (e: Error) => live && setErrors([e.message]),
    );
    return () => {
      live = false;
    };
  }, [api, search]);

  useEffect(() => {
    setItems(null);
    setItem("");
    if (!subject || !occurredOn) return;
    let live = true;
    api.loadItems(subject, occurredOn).then(
      (found) => live && setItems(found),
      (e: Error) => live && setErrors([e.message]),
    );
    return () => {
      live = false;
    };
  }, [api, subject, occurredOn]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setErrors([]);
    setDone(null);
    try {
      const evidence = file ? [await api.upload(file)] : [];
      const draft = { key: key.current, subject, item, occurredOn, note, evidence };
      const refused = await api.submit(draft);
      if (refused.length) {
        setErrors(refused);
      } else {
        const name = options.find((o) => o.id === subject)?.name ?? "";
        setDone(`已提交申报：${name} · ${items?.find((i) => i.code === item)?.title ?? item}，等待审核。`);
        key.current = newKey();
        setNote("");
        setFile(null);
        onSubmitted?.();
      }
    } catch (e) {
      setErrors([(e as Error).message]);
    } finally {
      setBusy(false);
    }
  }

  const typed = errors.filter((e): e is FieldError => typeof e !== "string");
  const byField = errorsByField(typed);
  const general = errors.filter((e) => typeof e === "string" || !OWN_FIELDS.includes(e.field ?? ""));
  const chosen = items?.find((i) => i.code === item);

  return (
    <form className="declaration-form" onSubmit={submit} aria-label="申报">
      <label>
        查找对象
        <input name="subjectSearch" value={search} placeholder="输入姓名筛选" onChange={(e) => setSearch(e.target.value)} />
      </label>
      <label>
        申报对象
        <select name="subject" value={subject} required onChange={(e) => setSubject(e.target.value)}
          aria-invalid={byField.has("subject")}>
          <option value="">请选择</option>
          {options.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}（{(o.hostUnit ?? o.homeUnit)?.name}）
            </option>
          ))}
        </select>
      </label>
      <ErrorList errors={byField.get("subject") ?? []} />
      <label>
        发生日期
        <input name="occurredOn" type="date" value={occurredOn} max={today()} required
          onChange={(e) => setOccurredOn(e.target.value)} />
      </label>
      <ErrorList errors={byField.get("occurredOn") ?? []} />
      <label>
        积分事项
        <select name="item" value={item} required disabled={!items?.length} onChange={(e) => setItem(e.target.value)}
          aria-invalid={byField.has("item")}>
          <option value="">{!subject ? "请先选择对象" : items === null ? "加载中…" : "请选择"}</option>
          {(items ?? []).map((i) => (
            <option key={i.code} value={i.code}>
              {i.title}（{pointsText(i)}）
            </option>
          ))}
        </select>
      </label>
      {items !== null && items.length === 0 && (
        <p className="muted">该对象在此日期没有生效的积分规则，暂不能申报。</p>
      )}
      {chosen?.evidenceRequired && <p className="muted">此事项需要上传佐证材料。</p>}
      <ErrorList errors={byField.get("item") ?? []} />
      <label>
        说明
        <textarea name="note" value={note} rows={2} onChange={(e) => setNote(e.target.value)} />
      </label>
      <ErrorList errors={byField.get("note") ?? []} />
      <label>
        佐证材料（可选，JPEG/PNG/PDF）
        <input name="evidence" type="file" accept="image/jpeg,image/png,image/webp,application/pdf"
          onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      </label>
      <ErrorList errors={general} id="declaration-errors" />
      {done && <p className="ok" role="status">{done}</p>}
      <button type="submit" disabled={busy || !subject || !item}>
        {busy ? "提交中…" : "提交申报"}
      </button>
    </form>
  );
}
