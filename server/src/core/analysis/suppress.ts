import type { Comment, PnsFile, Sample } from "../format/ast";

/**
 * Suppression comments:
 * - `@# pns-disable <code> [code…]` among the header comments: off for the whole file;
 * - `@# pns-disable-next-sample <code> [code…]` right above a `@positive`/`@negative`: off for it.
 * Without codes, every code is suppressed. Codes may be separated by spaces or commas.
 */
export type Suppressed = Set<string> | "all";

const FILE = /^pns-disable(?:\s+(.*))?$/;
const SAMPLE = /^pns-disable-next-sample(?:\s+(.*))?$/;

function collect(comments: readonly Comment[], pattern: RegExp): Suppressed | undefined {
  let codes: Set<string> | undefined;
  for (const c of comments) {
    const m = pattern.exec(c.text.trim());
    if (!m) continue;
    const list = (m[1] ?? "").split(/[\s,]+/).filter(Boolean);
    // A trailing `-- reason` is a note for humans, not a code.
    const dash = list.indexOf("--");
    const named = dash >= 0 ? list.slice(0, dash) : list;
    if (named.length === 0) return "all";
    codes ??= new Set();
    for (const code of named) codes.add(code);
  }
  return codes;
}

export function fileSuppressions(file: PnsFile): Suppressed | undefined {
  return collect(file.headerComments, FILE);
}

export function sampleSuppressions(sample: Sample): Suppressed | undefined {
  return collect(sample.leadingComments, SAMPLE);
}

export function isSuppressed(code: string, ...sets: (Suppressed | undefined)[]): boolean {
  return sets.some((s) => s === "all" || (s !== undefined && s.has(code)));
}
