/**
 * The job config file (`pns run <job> --config <file>`, YAML) as both sides read it: `pns run`
 * validates it, the editor's task provider lists and checks it. A contract: one parser, so a
 * config's errors show at the same line and column in the editor and in the terminal.
 */
import { isMap, isScalar, LineCounter, parseDocument, type Pair } from "yaml";

/** A place in a config file, 1-based as editors print it. */
export interface Location {
  line: number;
  column: number;
}

/** One finding about a job config: `file:line:col: severity: message`. */
export interface ConfigIssue extends Location {
  file: string;
  severity: "error" | "warning";
  message: string;
}

/** A job config as read: plain values plus where each top-level key and value sits. */
export interface JobConfigFile {
  file: string;
  values: Record<string, unknown>;
  keys: Record<string, Location>;
  valueAt: Record<string, Location>;
  issues: ConfigIssue[];
}

export function formatIssue(issue: ConfigIssue): string {
  return `${issue.file}:${issue.line}:${issue.column}: ${issue.severity}: ${issue.message}`;
}

/**
 * Parses YAML job config text. Only a flat mapping is a valid config (TRL's parser reads one level
 * of keys); syntax errors and duplicate keys are reported at their positions.
 */
export function parseJobConfig(text: string, file: string): JobConfigFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number): Location => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  const result: JobConfigFile = { file, values: {}, keys: {}, valueAt: {}, issues: [] };
  for (const error of [...doc.errors, ...doc.warnings]) {
    result.issues.push({
      file,
      ...at(error.pos[0]),
      severity: doc.errors.includes(error) ? "error" : "warning",
      message: error.message.split("\n")[0] ?? error.message,
    });
  }
  if (doc.errors.length > 0) return result;
  if (doc.contents === null) {
    result.issues.push({ file, line: 1, column: 1, severity: "error", message: "the config is empty" });
    return result;
  }
  if (!isMap(doc.contents)) {
    const offset = doc.contents.range?.[0] ?? 0;
    result.issues.push({
      file,
      ...at(offset),
      severity: "error",
      message: "a job config is a mapping of keys to values",
    });
    return result;
  }
  for (const pair of doc.contents.items as Pair[]) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    const keyOffset = (pair.key as { range?: [number, number, number] } | null)?.range?.[0] ?? 0;
    if (key === undefined) {
      result.issues.push({ file, ...at(keyOffset), severity: "error", message: "keys must be plain names" });
      continue;
    }
    const valueNode = pair.value as { range?: [number, number, number]; toJSON?: () => unknown } | null;
    result.keys[key] = at(keyOffset);
    result.valueAt[key] = at(valueNode?.range?.[0] ?? keyOffset);
    result.values[key] = valueNode && typeof valueNode.toJSON === "function" ? valueNode.toJSON() : null;
  }
  return result;
}
