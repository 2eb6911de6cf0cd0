// The ruleset's YAML in CodeMirror: syntax errors as the user types, the server's validator
// problems at their lines (marked in the gutter and underlined), and a read-only diff view.
import { yaml } from "@codemirror/lang-yaml";
import { unifiedMergeView } from "@codemirror/merge";
import { forceLinting, lintGutter, linter, type Diagnostic } from "@codemirror/lint";
import { EditorState, type Text } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import CodeMirror, { type ReactCodeMirrorRef } from "@uiw/react-codemirror";
import { useEffect, useMemo, useRef } from "react";
import { useTranslation } from "react-i18next";
import { parseDocument } from "yaml";

/** A validator problem as the API reports it: a line (0: the whole document) and a message. */
export type LineProblem = { line?: number | null; message: string };

/** Diagnostics for CodeMirror: each problem underlines its whole line (the first line when
 * it concerns the whole document); lines past the end go to the last one. */
export function problemDiagnostics(doc: Text, problems: readonly LineProblem[]): Diagnostic[] {
  return problems.map((p) => {
    const number = Math.min(Math.max(p.line ?? 1, 1), doc.lines);
    const line = doc.line(number);
    return { from: line.from, to: Math.max(line.to, line.from), severity: "error", message: p.message, source: "validator" };
  });
}

/** YAML syntax errors, with the parser's own positions. */
export function syntaxDiagnostics(text: string): Diagnostic[] {
  const parsed = parseDocument(text, { prettyErrors: false });
  return parsed.errors.map((e) => {
    const [from, to] = e.pos;
    return { from, to: Math.max(to, from + 1) > text.length ? text.length : Math.max(to, from + 1), severity: "error", message: e.message.split("\n")[0], source: "yaml" };
  });
}

type Props = {
  value: string;
  onChange?: (text: string) => void;
  /** The server's problems of the last save, at their lines until the next save. */
  problems?: readonly LineProblem[];
  label: string;
  /** Show the changes from `original` instead of an editor. */
  original?: string;
};

const NO_PROBLEMS: readonly LineProblem[] = [];

export function YamlEditor({ value, onChange, problems = NO_PROBLEMS, label, original }: Props) {
  const { t } = useTranslation();
  const ref = useRef<ReactCodeMirrorRef>(null);
  useEffect(() => {
    const view = ref.current?.view;
    if (view) forceLinting(view);
  }, [problems]);
  // A region that scrolls must be reachable by keyboard (WCAG 2.1.1), read-only diff included.
  useEffect(() => {
    const scroller = ref.current?.view?.scrollDOM;
    if (!scroller) return;
    scroller.setAttribute("tabindex", "0");
    scroller.setAttribute("role", "region");
    scroller.setAttribute("aria-label", label);
  });
  const extensions = useMemo(() => {
    // CodeMirror's own words, in the UI's language
    const phrases = EditorState.phrases.of({
      "$ unchanged lines": t("rulesets.editor.unchanged"),
      Diagnostics: t("rulesets.editor.diagnostics"),
      "No diagnostics": t("rulesets.editor.noDiagnostics"),
      close: t("rulesets.editor.close"),
    });
    const common = [yaml(), phrases, EditorView.lineWrapping, EditorView.contentAttributes.of({ "aria-label": label })];
    if (original !== undefined) {
      return [...common, EditorState.readOnly.of(true), EditorView.editable.of(false), unifiedMergeView({ original, mergeControls: false, highlightChanges: true, collapseUnchanged: { margin: 3, minSize: 6 } })];
    }
    return [
      ...common,
      lintGutter(),
      linter((view) => [...syntaxDiagnostics(view.state.doc.toString()), ...problemDiagnostics(view.state.doc, problems)], { delay: 300 }),
    ];
  }, [label, original, problems, t]);
  return (
    <div className="yaml-editor">
      <CodeMirror ref={ref} value={value} onChange={onChange} extensions={extensions} basicSetup={{ foldGutter: true, highlightActiveLine: original === undefined }} minHeight={original === undefined ? "24rem" : undefined} maxHeight="70vh" />
    </div>
  );
}
