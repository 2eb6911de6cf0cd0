// Titles of a ruleset's items, buckets, grades and categories, read from the versions'
// YAML text (the API gives codes on entries, declarations and results; the ruleset says what
// they are called). A child ruleset (`extends`) inherits its parent's titles; a newer version's
// title wins. An unknown code stays a code: there is nothing better to show.
import { parse } from "yaml";

export type TitleKind = "items" | "buckets" | "grades" | "categories";
type Table = Record<TitleKind, Map<string, string>>;

/** How an item is scored: fixed points, or a range the reviewer may set. */
export type ItemSpec = { points: number | null; pointsRange: [number, number] | null };

export type RulesetText = {
  code: string;
  title: string;
  versions: { number: number; text: string }[];
};

function emptyTable(): Table {
  return { items: new Map(), buckets: new Map(), grades: new Map(), categories: new Map() };
}

type Coded = { code?: unknown; title?: unknown; grades?: unknown };

function collect(into: Map<string, string>, list: unknown): void {
  if (!Array.isArray(list)) return;
  for (const entry of list as Coded[]) {
    if (entry && typeof entry.code === "string" && typeof entry.title === "string" && !into.has(entry.code)) {
      into.set(entry.code, entry.title);
    }
  }
}

function collectSpecs(into: Map<string, Map<string, ItemSpec>>, ruleset: string, list: unknown): void {
  if (!Array.isArray(list)) return;
  const table = into.get(ruleset) ?? new Map<string, ItemSpec>();
  into.set(ruleset, table);
  for (const entry of list as { code?: unknown; points?: unknown; points_range?: unknown }[]) {
    if (!entry || typeof entry.code !== "string" || table.has(entry.code)) continue;
    const range = Array.isArray(entry.points_range) && entry.points_range.length === 2 ? (entry.points_range.map(Number) as [number, number]) : null;
    const points = typeof entry.points === "number" ? entry.points : null;
    if (points !== null || range) table.set(entry.code, { points, pointsRange: range });
  }
}

type Document = {
  extends?: unknown;
  items?: unknown;
  buckets?: unknown;
  subject?: { categories?: unknown };
  scoring?: { grades?: unknown };
};

function readDocument(text: string): Document | null {
  try {
    const doc = parse(text) as unknown;
    return doc && typeof doc === "object" ? (doc as Document) : null;
  } catch {
    return null;
  }
}

export class Titles {
  private readonly byRuleset = new Map<string, Table>();
  private readonly rulesetTitles = new Map<string, string>();
  private readonly parents = new Map<string, string>();
  private readonly anywhere = emptyTable();
  private readonly specs = new Map<string, Map<string, ItemSpec>>();

  constructor(rulesets: readonly RulesetText[]) {
    for (const ruleset of rulesets) {
      this.rulesetTitles.set(ruleset.code, ruleset.title);
      const table = emptyTable();
      for (const version of [...ruleset.versions].sort((a, b) => b.number - a.number)) {
        const doc = readDocument(version.text);
        if (!doc) continue;
        if (typeof doc.extends === "string" && !this.parents.has(ruleset.code)) this.parents.set(ruleset.code, doc.extends);
        collect(table.items, doc.items);
        collectSpecs(this.specs, ruleset.code, doc.items);
        collect(table.buckets, doc.buckets);
        collect(table.grades, doc.scoring?.grades);
        const categories = doc.subject?.categories;
        collect(table.categories, categories);
        if (Array.isArray(categories)) for (const c of categories as Coded[]) collect(table.grades, c?.grades);
      }
      this.byRuleset.set(ruleset.code, table);
      for (const kind of Object.keys(table) as TitleKind[]) {
        for (const [code, title] of table[kind]) if (!this.anywhere[kind].has(code)) this.anywhere[kind].set(code, title);
      }
    }
  }

  /** The title of `code`, from `ruleset` (or its parents) when given, else from any ruleset. */
  of(kind: TitleKind, code: string | null | undefined, ruleset?: string | null): string {
    if (!code) return "";
    const seen = new Set<string>();
    for (let r = ruleset ?? undefined; r && !seen.has(r); r = this.parents.get(r)) {
      seen.add(r);
      const found = this.byRuleset.get(r)?.[kind].get(code);
      if (found) return found;
    }
    return this.anywhere[kind].get(code) ?? code;
  }

  /** An item's points or range (null when unknown or scored by an attribute). */
  spec(code: string, ruleset?: string | null): ItemSpec | null {
    const seen = new Set<string>();
    for (let r = ruleset ?? undefined; r && !seen.has(r); r = this.parents.get(r)) {
      seen.add(r);
      const found = this.specs.get(r)?.get(code);
      if (found) return found;
    }
    for (const table of this.specs.values()) if (table.has(code)) return table.get(code)!;
    return null;
  }

  item(code: string | null | undefined, ruleset?: string | null): string {
    return this.of("items", code, ruleset);
  }
  bucket(code: string | null | undefined, ruleset?: string | null): string {
    return this.of("buckets", code, ruleset);
  }
  grade(code: string | null | undefined, ruleset?: string | null): string {
    return this.of("grades", code, ruleset);
  }
  category(code: string | null | undefined, ruleset?: string | null): string {
    return this.of("categories", code, ruleset);
  }

  /** Every code of a kind that some ruleset names, with its title (a form's choices). */
  all(kind: TitleKind): { code: string; title: string }[] {
    return [...this.anywhere[kind]].map(([code, title]) => ({ code, title }));
  }

  /** A ruleset's title; a version key (`tenant/code/v2/hash`) reads as "title v2". */
  ruleset(codeOrKey: string | null | undefined): string {
    if (!codeOrKey) return "";
    const direct = this.rulesetTitles.get(codeOrKey);
    if (direct) return direct;
    const parts = codeOrKey.split("/");
    const code = parts.find((p) => this.rulesetTitles.has(p));
    const version = parts.find((p) => /^v\d+$/.test(p));
    if (code) return version ? `${this.rulesetTitles.get(code)} ${version}` : this.rulesetTitles.get(code)!;
    return codeOrKey;
  }

  /** The ruleset code inside a version key, if it is one of ours. */
  rulesetCode(codeOrKey: string | null | undefined): string | null {
    if (!codeOrKey) return null;
    return codeOrKey.split("/").find((p) => this.rulesetTitles.has(p)) ?? null;
  }
}

export const NO_TITLES = new Titles([]);
