/**
 * Completion: directives at the start of a line, metadata keys on directive lines (the well-known
 * keys of docs/format.md, then keys used elsewhere in the file), and values for a key: the known
 * values, values already used for that key in the file, and problem ids for reference keys.
 */
import {
  CompletionItemKind,
  InsertTextFormat,
  type CompletionItem,
  type Position,
} from "vscode-languageserver";
import type { ServerContext } from "./context";
import type { PnsDocument } from "./document/pnsDocument";

interface Known {
  description: string;
  values?: string[];
}

const DIRECTIVES: { label: string; snippet: string; detail: string }[] = [
  { label: "@problem", snippet: "@problem ${1:id}", detail: "start a problem; the statement follows" },
  { label: "@answer", snippet: "@answer ${1:gold}", detail: "the gold answer (alone on its line: a block)" },
  { label: "@positive", snippet: "@positive", detail: "a correct response follows" },
  { label: "@negative", snippet: "@negative", detail: "a wrong response follows" },
  { label: "@#", snippet: "@# ", detail: "comment line" },
  { label: "@pns", snippet: "@pns 1", detail: "version header (first line)" },
];

const PROBLEM_KEYS: Record<string, Known> = {
  source: {
    description: "dataset the problem comes from",
    values: ["gsm8k", "math", "aime", "amc", "custom"],
  },
  split: { description: "dataset split", values: ["train", "test", "validation"] },
  level: { description: "difficulty level", values: ["1", "2", "3", "4", "5"] },
  type: {
    description: "problem type",
    values: [
      "algebra",
      "geometry",
      "counting_and_probability",
      "number_theory",
      "prealgebra",
      "precalculus",
      "intermediate_algebra",
    ],
  },
  dup_of: { description: "id of the problem this one duplicates" },
};

const SAMPLE_KEYS: Record<string, Known> = {
  id: { description: "stable sample id" },
  model: { description: "model that wrote the response" },
  temperature: { description: "sampling temperature" },
  seed: { description: "sampling seed" },
  step: { description: "training step of the generator" },
  checkpoint: { description: "checkpoint path or name" },
  kind: { description: "kind of negative", values: ["plausible", "implausible", "false-negative"] },
  status: { description: "review status", values: ["accepted", "rejected", "flagged"] },
  note: { description: "free-text reviewer note" },
  scores: { description: "scores recorded by a job (JSON)" },
};

/** Keys whose values name other problems (go to definition, rename, completion of ids). */
export const REFERENCE_KEYS = new Set(["dup_of", "duplicate_of", "same_as", "see", "ref", "parent"]);

const MAX_FILE_VALUES = 200;

function collectFileValues(document: PnsDocument, key: string): Set<string> {
  const values = new Set<string>();
  for (let i = 0; i < document.segments.length && values.size < MAX_FILE_VALUES; i++) {
    for (const problem of document.parsed(i).problems) {
      for (const m of problem.meta) if (m.key === key) values.add(m.value);
      for (const sample of problem.samples)
        for (const m of sample.meta) if (m.key === key) values.add(m.value);
    }
  }
  return values;
}

function collectIds(document: PnsDocument): string[] {
  const ids: string[] = [];
  for (let i = 0; i < document.segments.length && ids.length < 5000; i++) {
    for (const problem of document.parsed(i).problems) if (problem.id) ids.push(problem.id);
  }
  return ids;
}

export function complete(document: PnsDocument, position: Position): CompletionItem[] {
  const line = document.text.lineText(position.line);
  const before = line.slice(0, position.character);
  if (/^@?[a-z#]*$/.test(before) && !before.startsWith("@@")) {
    return DIRECTIVES.map((d, i) => ({
      label: d.label,
      kind: CompletionItemKind.Keyword,
      detail: d.detail,
      insertText: d.snippet,
      insertTextFormat: InsertTextFormat.Snippet,
      sortText: String(i),
      textEdit: {
        range: { start: { line: position.line, character: 0 }, end: position },
        newText: d.snippet,
      },
    }));
  }
  const directive = /^@(problem|positive|negative)\b/.exec(before)?.[1];
  if (!directive) return [];
  const known = directive === "problem" ? PROBLEM_KEYS : SAMPLE_KEYS;
  // After `@problem` the first word is the id: no key completion until it is written.
  if (directive === "problem" && /^@problem\s+\S*$/.test(before)) return [];
  const valueMatch = /(?:^|\s)([A-Za-z_][A-Za-z0-9_.-]*)=([^\s"]*)$/.exec(before);
  if (valueMatch) {
    const key = valueMatch[1];
    const seen = new Set<string>(known[key]?.values ?? []);
    for (const v of collectFileValues(document, key)) if (v !== "") seen.add(v);
    if (REFERENCE_KEYS.has(key)) for (const id of collectIds(document)) seen.add(id);
    const start = position.character - valueMatch[2].length;
    return [...seen].map((value) => ({
      label: value,
      kind: REFERENCE_KEYS.has(key) ? CompletionItemKind.Reference : CompletionItemKind.Value,
      textEdit: {
        range: { start: { line: position.line, character: start }, end: position },
        newText: /^[^\s"]+$/.test(value) ? value : JSON.stringify(value),
      },
    }));
  }
  if (!/\s[A-Za-z0-9_.-]*$/.test(before)) return [];
  const present = new Set([...line.matchAll(/(?:^|\s)([A-Za-z_][A-Za-z0-9_.-]*)=/g)].map((m) => m[1]));
  return Object.entries(known)
    .filter(([key]) => !present.has(key))
    .map(([key, info]) => ({
      label: key,
      kind: CompletionItemKind.Property,
      detail: info.description,
      insertText: `${key}=`,
      command:
        info.values || REFERENCE_KEYS.has(key)
          ? { title: "values", command: "editor.action.triggerSuggest" }
          : undefined,
    }));
}

export function registerCompletion(ctx: ServerContext): void {
  ctx.connection.onCompletion((params) => {
    const document = ctx.documents.get(params.textDocument.uri);
    return document ? complete(document, params.position) : null;
  });
}
