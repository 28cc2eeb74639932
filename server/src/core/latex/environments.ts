// Environments (`\begin{pmatrix} … \end{pmatrix}`) and their rows and cells: rows end at `\\`,
// cells at `&`, both only at brace depth 0, so `\frac{a}{b}` or a nested group never splits. A
// `\\` is one token whatever follows it (`4\\-1`, `4 \\ -1`, `\\[2pt]`).
import { matchBrace } from "./groups";

export interface LatexEnvironment {
  name: string;
  /** The optional column spec of `array` (`{cc}`), else "". */
  spec: string;
  /** Rows of cell texts, trimmed; empty trailing rows (a final `\\`) and `\hline` rows dropped. */
  rows: string[][];
}

const BEGIN = /^\s*\\begin\s*\{([a-zA-Z*]+)\}/;

/**
 * The environment that is the whole of `text` (spaces aside), or null. Used for matrices; the
 * content is split by {@link splitRows}.
 */
export function wholeEnvironment(text: string): LatexEnvironment | null {
  const m = BEGIN.exec(text);
  if (!m) return null;
  const name = m[1];
  const endTag = `\\end{${name}}`;
  const trimmed = text.trimEnd();
  if (!trimmed.endsWith(endTag)) return null;
  let bodyStart = m[0].length;
  let spec = "";
  if (name === "array" && text[bodyStart] === "{") {
    const close = matchBrace(text, bodyStart);
    if (close < 0) return null;
    spec = text.slice(bodyStart + 1, close);
    bodyStart = close + 1;
  }
  const body = trimmed.slice(bodyStart, trimmed.length - endTag.length);
  // A nested environment of the same name would make the end tag ambiguous: not a whole one.
  if (body.includes(`\\begin{${name}}`)) return null;
  return { name, spec, rows: splitRows(body) };
}

/** Splits an environment body into rows (at `\\`) of cells (at `&`), at brace depth 0. */
export function splitRows(body: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cellStart = 0;
  let depth = 0;
  const endCell = (end: number): void => {
    row.push(body.slice(cellStart, end).trim());
  };
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === "\\") {
      if (body[i + 1] === "\\" && depth === 0) {
        endCell(i);
        rows.push(row);
        row = [];
        i++;
        // `\\[2pt]`: an optional spacing argument belongs to the row break.
        const opt = /^\s*\[[^\]]{0,20}\]/.exec(body.slice(i + 1, i + 30));
        if (opt) i += opt[0].length;
        cellStart = i + 1;
        continue;
      }
      i++;
      continue;
    }
    if (c === "{") depth++;
    else if (c === "}") depth--;
    else if (c === "&" && depth === 0) {
      endCell(i);
      cellStart = i + 1;
    }
  }
  endCell(body.length);
  rows.push(row);
  return rows
    .map((r) => r.filter((cell, k) => !(k === 0 && r.length === 1 && /^(?:\\hline\s*)*$/.test(cell))))
    .map((r) =>
      r.length > 0 && /^\\hline\b/.test(r[0]) ? [r[0].replace(/^(?:\\hline\s*)+/, ""), ...r.slice(1)] : r,
    )
    .filter((r) => r.length > 0 && !(r.length === 1 && r[0] === ""));
}
